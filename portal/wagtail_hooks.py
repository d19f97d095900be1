"""Admin screens of the portal app itself."""

from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet


class TwoFactorDeviceViewSet(ModelViewSet):
    """Staff authenticator apps. Deleting one makes its owner set up a new app at their next
    sign-in (for a lost phone). Only superusers hold the permissions."""

    model = TOTPDevice
    menu_label = "Two-factor apps"
    icon = "key"
    add_to_settings_menu = True
    name = "two_factor_devices"
    list_display = ["user", "name", "confirmed", "last_used_at"]
    search_fields = ["user__email"]
    form_fields = ["name", "confirmed"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_two_factor_devices():
    return TwoFactorDeviceViewSet()
