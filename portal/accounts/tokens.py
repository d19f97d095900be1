"""Signed, time-limited email verification links. The signature covers the user's id and
email, so a link stops working if either changes, and a tampered link fails verification."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing

SALT = "portal.accounts.verify-email"


class VerificationError(Exception):
    def __init__(self, message, expired=False):
        super().__init__(message)
        self.expired = expired


def make_token(user):
    return signing.dumps({"u": user.pk, "e": user.email}, salt=SALT, compress=True)


def read_token(token):
    """Return the user a token verifies, or raise VerificationError saying why not."""
    max_age = settings.ACCOUNT_VERIFICATION_MAX_AGE
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise VerificationError("This verification link has expired.", expired=True) from None
    except signing.BadSignature:
        raise VerificationError("This verification link is not valid.") from None
    User = get_user_model()
    user = User.objects.filter(pk=data.get("u"), email=data.get("e")).first()
    if user is None:
        raise VerificationError("This verification link is not valid.")
    return user
