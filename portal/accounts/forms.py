from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model, password_validation

from portal.accounts.backends import awaiting_confirmation, normalise_email
from portal.forms import (
    AntiSpamMixin,
    GovukForm,
    GovukFormMixin,
    GovukModelForm,
    email_field,
)


class RegistrationForm(AntiSpamMixin, GovukModelForm):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter your first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter your last name"}
    )
    email = email_field(
        help_text="We will send a link to this address to check it is yours.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password1 = forms.CharField(
        label="Create a password",
        help_text="At least 10 characters. Avoid common words and your name.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Create a password"},
    )
    password2 = forms.CharField(
        label="Confirm your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Confirm your password"},
    )

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]

    def clean_email(self):
        # Whether an account already uses the address is never said here (that would let
        # anyone test addresses): the view emails that address's owner instead.
        return normalise_email(self.cleaned_data["email"])

    def validate_unique(self):
        """Not here: saying "already used" would reveal the account (see clean_email)."""

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The passwords do not match")
        elif password1:
            candidate = get_user_model()(
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        user.username = user.email
        # Active but unverified: sign-in waits for the emailed link (LoginForm), and only an
        # administrator ever sets is_active to False.
        user.is_active = True
        user.email_verified_at = None
        user.awaiting_confirmation = True
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class LoginForm(GovukFormMixin, auth_forms.AuthenticationForm):
    username = email_field(
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": False}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    error_messages = {
        "invalid_login": "The email address or password is not right. Check them and try again",
        "inactive": "Confirm your email address first: follow the link we sent you",
    }

    def clean_username(self):
        return normalise_email(self.cleaned_data.get("username"))

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            username, password = (
                self.cleaned_data.get("username"),
                self.cleaned_data.get("password"),
            )
            if error.code == "invalid_login" and awaiting_confirmation(username, password):
                raise forms.ValidationError(
                    self.error_messages["inactive"], code="inactive"
                ) from error
            raise


class ResendVerificationForm(GovukForm):
    email = email_field()


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    email = email_field(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class SetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    pass


class ProfileForm(GovukModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name"]
        error_messages = {
            "first_name": {"required": "Enter your first name"},
            "last_name": {"required": "Enter your last name"},
        }
