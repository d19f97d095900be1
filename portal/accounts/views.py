from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from portal import ratelimit
from portal.accounts import tokens
from portal.accounts.forms import (
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    RegistrationForm,
    ResendVerificationForm,
    SetPasswordForm,
)
from portal.emails import send_templated_email
from portal.forms import InvalidFormStatusMixin, render_form


def send_verification_email(request, user):
    link = request.build_absolute_uri(reverse("accounts:verify", args=[tokens.make_token(user)]))
    days = settings.ACCOUNT_VERIFICATION_MAX_AGE.days
    send_templated_email(
        user.email, "accounts/email/verify", {"user": user, "link": link, "days": days}
    )


# Registrations, verification emails and password resets from one address (or for one email
# address) in an hour; beyond it the answer is 429 and no email is sent.
EMAIL_LIMIT = 5
EMAIL_WINDOW = 60 * 60


def too_many_emails(request, scope, email):
    if ratelimit.allow(request, scope, EMAIL_LIMIT, EMAIL_WINDOW, email):
        return None
    return render_form(
        request,
        "portal/too_many_requests.html",
        {"minutes": EMAIL_WINDOW // 60},
        status=429,
    )


@require_http_methods(["GET", "POST"])
def register(request):
    """The answer is the same whether or not the address already has an account: the owner
    of an address already registered gets an email saying so instead of a new account."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = RegistrationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if form.is_spam():
            return redirect("accounts:register_done")
        email = form.cleaned_data["email"]
        limited = too_many_emails(request, "register", email)
        if limited:
            return limited
        existing = get_user_model().objects.filter(email__iexact=email).first()
        if existing is None:
            try:
                with transaction.atomic():
                    user = form.save()
            except IntegrityError:  # the same address registered at the same moment
                existing = get_user_model().objects.filter(email__iexact=email).first()
            else:
                send_verification_email(request, user)
        if existing is not None:
            send_templated_email(
                existing.email,
                "accounts/email/already_registered",
                {
                    "user": existing,
                    "login": request.build_absolute_uri(reverse("accounts:login")),
                    "reset": request.build_absolute_uri(reverse("accounts:password_reset")),
                },
            )
        request.session["registered_email"] = email
        return redirect("accounts:register_done")
    return render_form(request, "accounts/register.html", {"form": form})


def register_done(request):
    email = request.session.get("registered_email")
    return render_form(request, "accounts/register_done.html", {"email": email})


def verify(request, token):
    try:
        user = tokens.read_token(token)
    except tokens.VerificationError as error:
        return render_form(
            request,
            "accounts/verify_failed.html",
            {"reason": str(error), "expired": error.expired},
            status=400,
        )
    # Only the verified time: whether the account may sign in is an administrator's decision
    # (is_active), which a link from an old email must not undo.
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    messages.success(request, "Your email address is confirmed. You can now sign in.")
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def resend_verification(request):
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        limited = too_many_emails(request, "resend-verification", form.cleaned_data["email"])
        if limited:
            return limited
        user = (
            get_user_model()
            .objects.filter(
                email__iexact=form.cleaned_data["email"],
                email_verified_at__isnull=True,
                is_active=True,
            )
            .first()
        )
        if user is not None:
            send_verification_email(request, user)
        # The same answer whether or not the address has an account, so it reveals nothing.
        messages.success(
            request,
            "If that address has an account waiting for confirmation, we have sent a new link.",
        )
        return redirect("accounts:login")
    return render_form(request, "accounts/resend_verification.html", {"form": form})


class LoginView(InvalidFormStatusMixin, auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


@login_required
def account_home(request):
    from portal.accounts.sections import account_sections

    return render_form(request, "accounts/home.html", {"sections": account_sections(request)})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your details have been saved.")
        return redirect("accounts:home")
    return render_form(
        request, "accounts/profile.html", {"form": form, "back_link": reverse("accounts:home")}
    )


class PasswordChangeView(
    SuccessMessageMixin, InvalidFormStatusMixin, auth_views.PasswordChangeView
):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:home")
    success_message = "Your password has been changed."


class PasswordResetView(InvalidFormStatusMixin, auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        limited = too_many_emails(self.request, "password-reset", form.cleaned_data["email"])
        return limited or super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(
    SuccessMessageMixin, InvalidFormStatusMixin, auth_views.PasswordResetConfirmView
):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")
    success_message = "Your password has been reset. You can now sign in."
