"""Setting up and using an authenticator app: /accounts/two-factor/setup/ and .../verify/."""

from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.forms import GovukForm, render_form
from portal.twofactor import has_device


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6 numbers your app shows now, for example 123456",
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Enter the 6 numbers your authenticator app shows")
        return code


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("accounts:home")


def _check(request, form, device):
    """True when the form's code is right for the device; otherwise an error on the form."""
    if not form.is_valid():
        return False
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        form.add_error("code", "Too many wrong codes. Wait a few seconds, then try again")
        return False
    if device.verify_token(form.cleaned_data["code"]):
        return True
    form.add_error("code", "The code is not right. Enter the code your app shows now")
    return False


def _grouped(key):
    return " ".join(key[index : index + 4] for index in range(0, len(key), 4))


def _qr_svg(url):
    # The QR code is drawn here as SVG: the secret never leaves the portal.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, title="QR code to scan"))


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    if has_device(request.user):
        return redirect(f"{reverse('accounts:two_factor_verify')}?next={_next(request)}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by(
        "pk"
    ).first() or TOTPDevice.objects.create(
        user=request.user, name="Authenticator app", confirmed=False
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and _check(request, form, device):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        otp_login(request, device)
        messages.success(request, "Two-factor sign-in is set up.")
        return redirect(_next(request))
    return render_form(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": _next(request),
            "qr_code": _qr_svg(device.config_url),
            "secret": _grouped(b32encode(device.bin_key).decode()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect(f"{reverse('accounts:two_factor_setup')}?next={_next(request)}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and _check(request, form, device):
        otp_login(request, device)
        return redirect(_next(request))
    return render_form(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)}
    )
