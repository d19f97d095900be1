import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.helpers import submit_with_errors
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_staff_set_up_and_use_two_factor_sign_in(page, axe, login, home_page, settings):
    settings.PORTAL_STAFF_TWO_FACTOR = True
    admin = UserFactory(is_staff=True, is_superuser=True)
    login(admin)
    page.goto("/admin/")
    page.wait_for_url("**/accounts/two-factor/setup/**")
    assert page.locator("svg").first.is_visible()
    axe(page)

    summary = submit_with_errors(page, "Finish setting up")
    assert "Enter the code" in summary.inner_text()
    axe(page)

    device = TOTPDevice.objects.get(user=admin)
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Finish setting up").click()
    page.wait_for_url("**/admin/")

    # A new sign-in asks for the code.
    page.context.clear_cookies()
    login(admin)
    page.goto("/admin/")
    page.wait_for_url("**/accounts/two-factor/verify/**")
    axe(page)
    page.get_by_label("Code from your authenticator app").fill("000000")
    submit_with_errors(page, "Continue")
    axe(page)


def test_the_two_factor_pages_fit_a_narrow_screen(page, login, home_page, settings):
    settings.PORTAL_STAFF_TWO_FACTOR = True
    admin = UserFactory(is_staff=True, is_superuser=True)
    page.set_viewport_size({"width": 320, "height": 640})
    login(admin)
    page.goto("/accounts/two-factor/setup/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
