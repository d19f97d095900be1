import re

import pytest
from django.core import mail, signing
from django.urls import reverse

from portal.accounts import tokens
from portal.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("accounts:register")
LOGIN = reverse("accounts:login")


def registration(**overrides):
    data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.org",
        "password1": "compiler-pioneer-1952",
        "password2": "compiler-pioneer-1952",
        "captcha_0": "key",
        "captcha_1": "PASSED",
    }
    data.update(overrides)
    return data


def test_registration_creates_an_unconfirmed_user_and_emails_a_verification_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REGISTER, registration())
    assert response.status_code == 302
    user = User.objects.get(email="grace@example.org")
    assert user.email_verified_at is None
    (message,) = mail.outbox
    assert message.to == ["grace@example.org"]
    link = re.search(r"http://testserver(/accounts/verify/\S+/)", message.body).group(1)
    response = client.get(link)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.email_verified_at is not None


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"email": "not-an-email"}, "email", "Enter an email address in the correct format"),
        ({"password2": "something-else-entirely"}, "password2", "The passwords do not match"),
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        ({"password1": "password123", "password2": "password123"}, "password1", "too common"),
        ({"first_name": ""}, "first_name", "Enter your first name"),
        ({"captcha_1": "wrong"}, "captcha", "do not match the picture"),
    ],
)
def test_registration_errors_are_specific_and_keep_the_answers(client, overrides, field, message):
    response = client.post(REGISTER, registration(**overrides))
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors[field])
    assert "There is a problem" in response.content.decode()
    assert response.content.decode().count('value="Hopper"') == 1
    assert not User.objects.exists()


def test_registration_with_an_email_already_used_answers_as_usual_and_tells_the_owner(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="grace@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REGISTER, registration(email="Grace@Example.org"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:register_done")
    assert User.objects.count() == 1
    (message,) = mail.outbox
    assert message.to == ["grace@example.org"]
    assert "you already have one" in message.body


def test_a_bot_filling_the_honeypot_is_silently_discarded(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REGISTER, registration(website_address="http://spam.example"))
    assert response.status_code == 302
    assert not User.objects.exists()
    assert not mail.outbox


def test_tampered_verification_link_is_a_400(client):
    user = UserFactory(email_verified_at=None)
    token = tokens.make_token(user)
    response = client.get(reverse("accounts:verify", args=[token[:-3] + "abc"]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_expired_verification_link_is_a_400_offering_a_new_one(client, settings):
    user = UserFactory(email_verified_at=None)
    token = tokens.make_token(user)
    settings.ACCOUNT_VERIFICATION_MAX_AGE = -1
    response = client.get(reverse("accounts:verify", args=[token]))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert reverse("accounts:resend_verification") in response.content.decode()


def test_verification_link_stops_working_when_the_email_changes(client):
    user = UserFactory(email_verified_at=None)
    token = tokens.make_token(user)
    user.email = "new@example.org"
    user.save()
    assert client.get(reverse("accounts:verify", args=[token])).status_code == 400


def test_verification_token_for_another_purpose_is_refused(client):
    user = UserFactory(email_verified_at=None)
    forged = signing.dumps({"u": user.pk, "e": user.email}, salt="something-else")
    assert client.get(reverse("accounts:verify", args=[forged])).status_code == 400


def test_sign_in_with_email_in_any_case(client):
    user = UserFactory(email="mixed@example.org")
    response = client.post(LOGIN, {"username": "MIXED@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).context["user"] == user


def test_open_redirect_in_next_is_ignored(client):
    user = UserFactory()
    response = client.post(
        f"{LOGIN}?next=https://evil.example/phish",
        {"username": user.email, "password": PASSWORD, "next": "https://evil.example/phish"},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:home")


def test_safe_next_is_followed(client):
    user = UserFactory()
    response = client.post(
        LOGIN, {"username": user.email, "password": PASSWORD, "next": "/search/?q=x"}
    )
    assert response.url == "/search/?q=x"


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client):
    user = UserFactory()
    for _ in range(4):
        response = client.post(LOGIN, {"username": user.email, "password": "wrong-password"})
        assert response.status_code == 422
        assert "not right" in response.content.decode()
    response = client.post(LOGIN, {"username": user.email, "password": "wrong-password"})
    assert response.status_code == 429
    # Even the right password is refused while locked.
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_deactivated_user_cannot_sign_in(client):
    user = UserFactory(is_active=False)
    response = client.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 422
    assert "not right" in response.content.decode()


def test_sign_out_needs_post(client, user):
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 302


def test_account_pages_need_sign_in(client):
    for name in ["accounts:home", "accounts:profile", "accounts:password_change"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)


def test_password_reset_sends_a_working_link(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    (message,) = mail.outbox
    path = re.search(r"http://testserver(/accounts/password-reset/\S+/)", message.body).group(1)
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert response.status_code == 302
    assert "Your password has been reset" in client.get(response.url).content.decode()
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")


def test_changing_the_password_says_so(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
        follow=True,
    )
    assert "Your password has been changed" in response.content.decode()


def test_password_reset_does_not_reveal_whether_an_account_exists(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert not mail.outbox


def test_profile_change(client, user):
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"first_name": "New", "last_name": "Name"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.get_full_name() == "New Name"
