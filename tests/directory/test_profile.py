"""The public profile page and its enquiry form, for every role."""

import pytest
from django.core import mail

from directory.models import Organisation
from tests.directory.factories import MembershipFactory, OrganisationFactory

URL = "/directory/harbour-lights-bakery/"
CONTACT_URL = "/directory/harbour-lights-bakery/contact/"


def enquiry(**extra):
    return {
        "name": "Rosa Buyer",
        "email": "rosa@buyer.example.org",
        "message": "Can you supply 200 sandwiches?",
        "captcha_0": "x",
        "captcha_1": "PASSED",
        **extra,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "member", "other", "moderator"])
def test_everyone_sees_a_published_profile_without_its_email(
    client, organisation, member, other_user, moderator, role
):
    viewer = {"member": member, "other": other_user, "moderator": moderator}.get(role)
    if viewer:
        client.force_login(viewer)
    response = client.get(URL)
    assert response.status_code == 200
    assert b"Harbour Lights Bakery" in response.content
    assert organisation.email.encode() not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status_code"),
    [("anonymous", 404), ("member", 200), ("other", 404), ("moderator", 200)],
)
@pytest.mark.parametrize("state", ["draft", "pending", "rejected"])
def test_unpublished_profile_only_for_members_and_moderators(
    client, organisation, member, other_user, moderator, role, status_code, state
):
    Organisation.objects.filter(pk=organisation.pk).update(status=state)
    viewer = {"member": member, "other": other_user, "moderator": moderator}.get(role)
    if viewer:
        client.force_login(viewer)
    response = client.get(URL)
    assert response.status_code == status_code
    if status_code == 200:
        assert b"This profile is not public" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status_code"),
    [("anonymous", 410), ("member", 410), ("other", 410), ("moderator", 200)],
)
def test_suspended_profile_is_gone(
    client, organisation, member, other_user, moderator, role, status_code
):
    Organisation.objects.filter(pk=organisation.pk).update(status="suspended")
    viewer = {"member": member, "other": other_user, "moderator": moderator}.get(role)
    if viewer:
        client.force_login(viewer)
    assert client.get(URL).status_code == status_code


@pytest.mark.django_db
def test_unknown_profile_is_404(client):
    assert client.get("/directory/no-such-firm/").status_code == 404


@pytest.mark.django_db
def test_html_in_text_fields_is_shown_escaped(client):
    OrganisationFactory(
        slug="escaped",
        name="<script>alert(1)</script> Ltd",
        description="<img src=x onerror=alert(1)>",
        keywords="<b>bold</b>",
    )
    content = client.get("/directory/escaped/").content
    assert b"<script>alert(1)</script>" not in content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; Ltd" in content
    assert b"<img src=x" not in content
    assert b"&lt;b&gt;bold&lt;/b&gt;" in content


@pytest.mark.django_db
def test_anonymous_enquiry_emails_the_organisation_with_reply_to(
    client, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONTACT_URL, enquiry())
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [organisation.email]
    assert message.reply_to == ["rosa@buyer.example.org"]
    assert "200 sandwiches" in message.body
    page = client.get(response["Location"])
    assert b"Your message has been sent" in page.content
    assert organisation.email.encode() not in page.content


@pytest.mark.django_db
def test_enquiry_without_organisation_email_goes_to_its_members(
    client, organisation, owner, django_capture_on_commit_callbacks
):
    Organisation.objects.filter(pk=organisation.pk).update(email="")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONTACT_URL, enquiry())
    assert mail.outbox[0].to == [owner.email]


@pytest.mark.django_db
def test_anonymous_enquiry_needs_the_captcha(
    client, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONTACT_URL, enquiry(captcha_1=""))
    assert response.status_code == 422
    assert b"Type the characters you see in the picture" in response.content
    assert response.context["form"].errors
    assert not mail.outbox


@pytest.mark.django_db
def test_signed_in_enquiry_has_no_captcha(
    client, organisation, other_user, django_capture_on_commit_callbacks
):
    client.force_login(other_user)
    assert "captcha" not in client.get(CONTACT_URL).context["form"].fields
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CONTACT_URL, enquiry(captcha_1=""))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_honeypot_discards_silently(client, organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONTACT_URL, enquiry(website_address="http://spam.example"))
    assert response.status_code == 302
    assert not mail.outbox


@pytest.mark.django_db
def test_enquiry_errors_are_listed(client, organisation):
    response = client.post(CONTACT_URL, {"captcha_0": "x", "captcha_1": "PASSED"})
    assert b"There is a problem" in response.content
    assert b"Enter your name" in response.content
    assert b"Enter your message" in response.content
    assert response.content.count(b"<title>Error: ") == 1


@pytest.mark.django_db
def test_enquiries_are_rate_limited(client, organisation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            response = client.post(CONTACT_URL, enquiry(message=f"Question {number}"))
            assert response.status_code == 302
        assert client.post(CONTACT_URL, enquiry(message="Question 6")).status_code == 429
    assert len(mail.outbox) == 5


@pytest.mark.django_db
def test_no_enquiry_to_an_unpublished_profile(
    client, organisation, member, django_capture_on_commit_callbacks
):
    Organisation.objects.filter(pk=organisation.pk).update(status="pending")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(CONTACT_URL, enquiry()).status_code == 404
    assert not mail.outbox


@pytest.mark.django_db
def test_signed_in_non_member_can_ask_to_join(
    client, organisation, owner, other_user, django_capture_on_commit_callbacks
):
    client.force_login(other_user)
    assert b"Ask to join this organisation" in client.get(URL).content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL + "join/", {"message": "I run the shop floor"})
    assert response.status_code == 302
    assert organisation.join_requests.get().user == other_user
    assert mail.outbox[0].to == [owner.email]
    assert "I run the shop floor" in mail.outbox[0].body


@pytest.mark.django_db
def test_join_page_needs_sign_in_and_a_published_profile(client, organisation, other_user):
    assert client.get(URL + "join/").status_code == 302
    Organisation.objects.filter(pk=organisation.pk).update(status="pending")
    client.force_login(other_user)
    assert client.get(URL + "join/").status_code == 404


@pytest.mark.django_db
def test_member_sees_a_link_to_manage(client, organisation):
    user = MembershipFactory(organisation=organisation).user
    client.force_login(user)
    assert b"Manage this profile" in client.get(URL).content


@pytest.mark.django_db
def test_profile_sets_no_cookie_and_links_to_the_contact_page(client, organisation):
    response = client.get(URL, {"back": "sector=bakery"})
    assert response.status_code == 200
    assert not response.cookies  # the anonymous page cache may serve it
    assert b"<form" not in response.content
    link = "/directory/harbour-lights-bakery/contact/?back=sector%3Dbakery"
    assert f'href="{link}">Contact this organisation</a>'.encode() in response.content
    contact = client.get(link)
    assert contact.status_code == 200
    assert "captcha" in contact.context["form"].fields
    assert contact.context["back_link"] == "/directory/harbour-lights-bakery/?back=sector%3Dbakery"


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "pending", "rejected", "suspended"])
def test_no_contact_page_for_an_unpublished_profile(client, organisation, moderator, state):
    Organisation.objects.filter(pk=organisation.pk).update(status=state)
    client.force_login(moderator)
    assert client.get(CONTACT_URL).status_code == 404
