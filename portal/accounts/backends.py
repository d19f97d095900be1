from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Sign in with the email address, whatever its case."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip().lower()
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
        # An unconfirmed account is returned so that the sign-in form can say what to do
        # (confirm_login_allowed refuses it); a deactivated one is not.
        if self.user_can_authenticate(user) or user.email_verified_at is None:
            return user
        return None
