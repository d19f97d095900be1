"""Two-factor sign-in for staff: set up with a QR code, a code on every new sign-in to the
admin and the broker pages, when PORTAL_STAFF_TWO_FACTOR is on (always in production)."""

import subprocess
import sys

import pytest
from django.urls import reverse
from django.utils.html import escape
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import roles
from portal.roles import BROKERS, MODERATORS
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


@pytest.fixture
def two_factor_on(settings):
    settings.PORTAL_STAFF_TWO_FACTOR = True


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, user, url="/admin/login/"):
    response = client.post(url, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_staff_set_up_an_authenticator_app_before_reaching_the_admin(
    client, two_factor_on, settings, home_page
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code straight after a wrong one
    admin = UserFactory(is_staff=True, is_superuser=True)
    sign_in(client, admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    wrong = client.post(SETUP, {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 422
    assert "The code is not right" in wrong.content.decode()
    done = client.post(SETUP, {"code": code_for(device), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.parametrize("login_url", ["/admin/login/", reverse("accounts:login")])
def test_a_new_sign_in_asks_for_a_code_before_the_admin(
    client, two_factor_on, login_url, make_role_user, home_page
):
    roles.sync_role_permissions()
    moderator = make_role_user(MODERATORS)
    device = TOTPDevice.objects.create(user=moderator, name="App", confirmed=True)
    sign_in(client, moderator, login_url)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": "12ab", "next": "/admin/"}).status_code == 422
    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_broker_pages_need_the_second_factor_too(client, two_factor_on):
    broker = UserFactory(roles=[BROKERS])
    TOTPDevice.objects.create(user=broker, name="App", confirmed=True)
    sign_in(client, broker, reverse("accounts:login"))
    response = client.get(reverse("timebank:broker"))
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_repeated_wrong_codes_are_slowed_down(client, two_factor_on):
    admin = UserFactory(is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=admin, name="App", confirmed=True)
    sign_in(client, admin)
    for _ in range(3):
        client.post(VERIFY, {"code": "000000"})
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 422
    assert "Too many wrong codes" in response.content.decode()


def test_a_code_from_another_persons_app_does_not_work(client, two_factor_on):
    admin = UserFactory(is_staff=True, is_superuser=True)
    TOTPDevice.objects.create(user=admin, name="App", confirmed=True)
    other = TOTPDevice.objects.create(user=UserFactory(), name="App", confirmed=True)
    sign_in(client, admin)
    assert client.post(VERIFY, {"code": code_for(other)}).status_code == 422


def test_people_without_a_staff_role_are_not_asked(client, two_factor_on):
    resident = UserFactory()
    sign_in(client, resident, reverse("accounts:login"))
    assert client.get(reverse("accounts:home")).status_code == 200
    response = client.get("/admin/")
    assert not response.get("Location", "").startswith((SETUP, VERIFY))


def test_the_next_address_cannot_leave_the_portal(client, two_factor_on):
    admin = UserFactory(is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=admin, name="App", confirmed=True)
    sign_in(client, admin)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("accounts:home")


def test_the_pages_need_sign_in(client):
    for url in (SETUP, VERIFY):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_with_the_setting_off_staff_reach_the_admin_with_a_password(client, home_page):
    admin = UserFactory(is_staff=True, is_superuser=True)
    sign_in(client, admin)
    assert client.get("/admin/").status_code == 200


def test_production_settings_always_require_it():
    code = "import portal.settings.production as s; print(s.PORTAL_STAFF_TWO_FACTOR)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": ".",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "portal.example",
            "DATABASE_URL": "postgres://user:password@db.example:5432/portal",
            "PORTAL_STAFF_TWO_FACTOR": "false",
        },
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "True", result.stderr


def test_a_superuser_removes_a_lost_app_so_its_owner_sets_up_a_new_one(client):
    moderator = UserFactory(roles=[MODERATORS])
    device = TOTPDevice.objects.create(user=moderator, name="App", confirmed=True)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get("/admin/two_factor_devices/")
    # Escaped as the page writes it: a name such as O'Brien is O&#x27;Brien in the HTML.
    assert listing.status_code == 200 and escape(str(moderator)) in listing.content.decode()
    client.post(f"/admin/two_factor_devices/delete/{device.pk}/")
    assert not TOTPDevice.objects.filter(user=moderator).exists()


def test_moderators_cannot_see_other_peoples_apps(client):
    client.force_login(UserFactory(roles=[MODERATORS]))
    response = client.get("/admin/two_factor_devices/")
    assert response.status_code in (302, 403)
