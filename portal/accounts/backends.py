from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def normalise_email(value):
    """How every sign-in path reads an email address: surrounding space and case ignored."""
    return str(value or "").strip().lower()


def axes_username(request, credentials):
    """The username django-axes counts failures against: the same normalised address the
    backend signs in with, so no variant of an address gets guesses of its own."""
    if credentials:
        value = credentials.get("username") or credentials.get("email")
    else:
        data = getattr(request, "data", None) or request.POST
        value = data.get("username") or data.get("email")
    return normalise_email(value)


class EmailBackend(ModelBackend):
    """Sign in with the email address, whatever its case."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = normalise_email(username or kwargs.get("email"))
        if not email or password is None:
            return None
        User = get_user_model()
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            # Run the hasher anyway so that timing does not reveal which emails exist.
            User().set_password(password)
            return None
        if not user.check_password(password):
            return None
        # Neither a deactivated account nor one whose email address is not yet confirmed
        # signs in, on any sign-in page (LoginForm says what to do about the second).
        if self.user_can_authenticate(user) and user.email_verified_at is not None:
            return user
        return None


def awaiting_confirmation(email, password):
    """True when the address and password are right but the address is not yet confirmed."""
    user = (
        get_user_model()
        .objects.filter(email=normalise_email(email), is_active=True, email_verified_at=None)
        .first()
    )
    return user is not None and user.check_password(password)
