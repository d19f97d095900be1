"""Two-factor sign-in (TOTP, django-otp) for staff.

Staff are superusers, `is_staff` accounts and people in a role that works in the Wagtail
admin (Editors, Moderators, Analysts, Awards administrators, Brokers). When
PORTAL_STAFF_TWO_FACTOR is on (always in production settings), a staff member reaching
PORTAL_TWO_FACTOR_PATHS (the Wagtail admin and the broker pages) after signing in with a
password is sent to enter a code from their authenticator app, or to set one up first
(/accounts/two-factor/). The code is checked by django-otp, which also slows down repeated
wrong codes; a verified sign-in lasts as long as the session.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from portal.roles import ADMIN_ROLES

# Pages of the admin that must stay reachable before the second factor.
OPEN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/password_reset/")


def is_staff_account(user):
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return user.groups.filter(name__in=ADMIN_ROLES).exists()


def has_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required():
    return getattr(settings, "PORTAL_STAFF_TWO_FACTOR", False)


def protected(path):
    paths = getattr(settings, "PORTAL_TWO_FACTOR_PATHS", ("/admin/",))
    return path.startswith(tuple(paths)) and not path.startswith(OPEN_PATHS)


class StaffTwoFactorMiddleware:
    """Sends staff who signed in with a password only to the second step (after
    django_otp's OTPMiddleware, which marks a verified session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            required()
            and user is not None
            and protected(request.path)
            and user.is_authenticated
            and not user.is_verified()
            and is_staff_account(user)
        ):
            name = "accounts:two_factor_verify" if has_device(user) else "accounts:two_factor_setup"
            return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
