"""Sign-in, registration and verification hold against someone probing them."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from portal.accounts import tokens
from portal.models import User
from tests.factories import PASSWORD, UserFactory
from tests.portal.test_accounts import registration

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = "/admin/login/"
REGISTER = reverse("accounts:register")
VARIANTS = [
    "TIMEBANK.FARID@EXAMPLE.ORG",
    "Timebank.farid@example.org",
    " timebank.farid@example.org",
    "timebank.farid@example.org ",
]


def lock_out(client, url, email):
    for _ in range(5):
        client.post(url, {"username": email, "password": "wrong-password"})
    response = client.post(url, {"username": email, "password": "wrong-password"})
    assert response.status_code == 429


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
@pytest.mark.parametrize("variant", VARIANTS)
def test_a_locked_account_stays_locked_for_every_case_and_space_variant_of_its_address(
    client, url, variant
):
    UserFactory(email="timebank.farid@example.org", is_staff=True, is_superuser=True)
    lock_out(client, url, "timebank.farid@example.org")
    response = client.post(url, {"username": variant, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_variants_of_an_address_share_one_count_of_wrong_passwords(client, url):
    UserFactory(email="timebank.farid@example.org", is_staff=True, is_superuser=True)
    for variant in VARIANTS + ["TimeBank.Farid@Example.org"]:
        client.post(url, {"username": variant, "password": "wrong-password"})
    # Five failures spread over five spellings lock the one account.
    response = client.post(url, {"username": "timebank.farid@example.org", "password": PASSWORD})
    assert response.status_code == 429


def test_registration_checks_the_captcha_before_saying_anything_about_the_address(client):
    UserFactory(email="taken@example.org")
    data = registration(email="taken@example.org", captcha_1="wrong")
    response = client.post(REGISTER, data)
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"captcha"}
    assert "already" not in response.content.decode()


def test_registration_answers_the_same_for_a_new_and_a_used_address(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="taken@example.org")
    answers = []
    for email in ["taken@example.org", "new@example.org"]:
        data = registration(email=email)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(REGISTER, data, follow=True)
        answers.append((response.status_code, response.content.decode().replace(email, "")))
    assert answers[0] == answers[1]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "new@example.org",
        "taken@example.org",
    ]


def test_registration_is_throttled_per_address(client, django_capture_on_commit_callbacks):
    statuses = []
    for number in range(7):
        data = registration(email=f"probe{number}@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            statuses.append(client.post(REGISTER, data).status_code)
    assert statuses == [302] * 5 + [429] * 2
    assert len(mail.outbox) == 5


def test_a_verification_link_does_not_reactivate_an_account_an_administrator_deactivated(client):
    user = UserFactory(email_verified_at=None)
    token = tokens.make_token(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse("accounts:verify", args=[token]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    assert user.email_verified_at is not None
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 422
    assert "_auth_user_id" not in client.session


def test_an_old_verification_link_changes_nothing_on_a_verified_deactivated_account(client):
    user = UserFactory(is_active=False)
    verified_at = user.email_verified_at
    client.get(reverse("accounts:verify", args=[tokens.make_token(user)]))
    user.refresh_from_db()
    assert not user.is_active and user.email_verified_at == verified_at


def test_an_unconfirmed_account_is_told_to_confirm_and_cannot_sign_in_anywhere(client):
    user = UserFactory(email_verified_at=None, is_staff=True, is_superuser=True)
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 422
    assert "Confirm your email address first" in response.content.decode()
    response = client.post(ADMIN_LOGIN, {"username": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_registration_then_verification_lets_the_person_sign_in(
    client, django_capture_on_commit_callbacks
):
    data = registration()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REGISTER, data)
    link = re.search(r"http://testserver(/accounts/verify/\S+/)", mail.outbox[0].body).group(1)
    client.get(link)
    response = client.post(LOGIN, {"username": "Grace@Example.org ", "password": data["password1"]})
    assert response.status_code == 302


def test_resending_verification_and_password_reset_are_throttled(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email_verified_at=None)
    for name, field in [
        ("accounts:resend_verification", "email"),
        ("accounts:password_reset", "email"),
    ]:
        statuses = []
        for _ in range(7):
            with django_capture_on_commit_callbacks(execute=True):
                statuses.append(client.post(reverse(name), {field: user.email}).status_code)
        assert statuses == [302] * 5 + [429] * 2, name


def test_accounts_made_by_staff_count_as_confirmed():
    user = User.objects.create_user("staff.made@example.org", "staff.made@example.org", "x" * 12)
    assert user.email_verified_at is not None
