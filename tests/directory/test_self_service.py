"""Self-service at /accounts/organisations/: create, edit, invite, join; every role."""

import io
import os

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from directory.models import Invitation, JoinRequest, Organisation, OrganisationMembership
from tests.directory.factories import OrganisationFactory, SectorFactory

SLUG = "harbour-lights-bakery"


def form_data(**changes):
    return {
        "name": "Harbour Lights Bakery",
        "legal_form": "limited_company",
        "size_band": "micro",
        "postcode": "po1 2al",
        "description": "Bread and cakes for events.",
        "keywords": "bread, cakes",
        "website": "https://bakery.example.org",
        "email": "orders@bakery.example.org",
        **changes,
    }


def png(size=(40, 40), name="logo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/accounts/organisations/",
        "/accounts/organisations/new/",
        "/accounts/organisations/join/",
        f"/accounts/organisations/{SLUG}/",
        f"/accounts/organisations/{SLUG}/edit/",
    ],
)
def test_anonymous_people_are_sent_to_sign_in(client, organisation, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "edit/"])
def test_other_users_and_moderators_get_404_on_someone_elses_profile(
    client, organisation, other_user, moderator, suffix
):
    for viewer in (other_user, moderator):
        client.force_login(viewer)
        assert client.get(f"/accounts/organisations/{SLUG}/{suffix}").status_code == 404
        assert client.post(f"/accounts/organisations/{SLUG}/edit/", form_data()).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "edit/"])
def test_members_can_manage_and_edit(client, organisation, member, suffix):
    client.force_login(member)
    assert client.get(f"/accounts/organisations/{SLUG}/{suffix}").status_code == 200


@pytest.mark.django_db
def test_list_shows_my_organisations_only(client, organisation, member):
    OrganisationFactory(name="Not Mine Ltd")
    client.force_login(member)
    content = client.get("/accounts/organisations/").content
    assert b"Harbour Lights Bakery" in content
    assert b"Not Mine Ltd" not in content


@pytest.mark.django_db
def test_create_a_profile_sends_it_to_moderation(client, user):
    sector = SectorFactory()
    client.force_login(user)
    response = client.post(
        "/accounts/organisations/new/",
        form_data(
            name="Tidewater Tutors",
            legal_form="cic",
            sectors=[sector.pk],
            companies_house_number="1234567",
            logo=png(),
        ),
    )
    organisation = Organisation.objects.get(name="Tidewater Tutors")
    assert response["Location"] == f"/accounts/organisations/{organisation.slug}/"
    assert organisation.status == "pending"
    assert organisation.postcode == "PO1 2AL"
    assert organisation.companies_house_number == "01234567"
    assert organisation.is_local and organisation.is_vcse
    assert organisation.logo is not None
    assert list(organisation.sectors.all()) == [sector]
    assert organisation.memberships.get().user == user
    page = client.get(response["Location"])
    assert b"Awaiting moderation" in page.content
    assert b"Your profile has been sent for moderation" in page.content


@pytest.mark.django_db
def test_editing_a_published_profile_keeps_it_live(client, organisation, member):
    client.force_login(member)
    response = client.post(f"/accounts/organisations/{SLUG}/edit/", form_data(name="New Name"))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Harbour Lights Bakery"
    assert organisation.pending_change["name"] == "New Name"
    assert client.get("/directory/harbour-lights-bakery/").status_code == 200
    # The edit form shows the pending change, not the live name.
    form = client.get(f"/accounts/organisations/{SLUG}/edit/").context["form"]
    assert form["name"].value() == "New Name"


@pytest.mark.django_db
def test_suspended_profile_cannot_be_edited(client, organisation, member):
    Organisation.objects.filter(pk=organisation.pk).update(status="suspended")
    client.force_login(member)
    response = client.get(f"/accounts/organisations/{SLUG}/edit/")
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Enter your organisation's name"),
        ({"postcode": "PO99 ZZZZ"}, "postcode", "Enter a real UK postcode"),
        ({"postcode": "12345"}, "postcode", "Enter a real UK postcode"),
        ({"website": "javascript:alert(1)"}, "website", "starting with http:// or https://"),
        ({"website": "ftp://files.example.org"}, "website", "starting with http:// or https://"),
        ({"companies_house_number": "ABC"}, "companies_house_number", "8 characters"),
        ({"charity_number": "12"}, "charity_number", "6 or 7 digits"),
        ({"email": "not-an-email"}, "email", "right format"),
        ({"legal_form": "empire"}, "legal_form", "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message(client, organisation, member, changes, field, message):
    client.force_login(member)
    response = client.post(f"/accounts/organisations/{SLUG}/edit/", form_data(**changes))
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors[field])
    assert b"There is a problem" in response.content
    organisation.refresh_from_db()
    assert not organisation.has_pending_change


@pytest.mark.django_db
def test_duplicate_company_and_charity_numbers_are_refused(client, organisation, member):
    OrganisationFactory(companies_house_number="01234567", charity_number="1123456")
    client.force_login(member)
    response = client.post(
        f"/accounts/organisations/{SLUG}/edit/",
        form_data(companies_house_number="1234567", charity_number="1123456"),
    )
    errors = response.context["form"].errors
    assert (
        "Another organisation in the directory has this Companies House number"
        in errors["companies_house_number"]
    )
    assert (
        "Another organisation in the directory has this charity number" in errors["charity_number"]
    )


def _svg():
    return SimpleUploadedFile(
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/svg+xml",
    )


def _bomb():
    # A tiny PNG that claims to be 20000 x 20000 pixels when decoded.
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")
    return SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (lambda: SimpleUploadedFile("logo.png", b"not an image", "image/png"), "must be an image"),
        (_svg, "must be an image"),
        (lambda: png(name="logo.gif"), "does not match"),
        (_bomb, "too many pixels"),
    ],
)
def test_bad_logos_are_refused(client, organisation, member, make_file, message):
    client.force_login(member)
    response = client.post(f"/accounts/organisations/{SLUG}/edit/", form_data(logo=make_file()))
    assert message in " ".join(response.context["form"].errors["logo"])


@pytest.mark.django_db
def test_logo_over_5_mb_is_refused(client, organisation, member):
    noise = Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")
    assert buffer.tell() > 5 * 1024 * 1024
    big = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    client.force_login(member)
    response = client.post(f"/accounts/organisations/{SLUG}/edit/", form_data(logo=big))
    assert "must be smaller than" in " ".join(response.context["form"].errors["logo"])


@pytest.mark.django_db
def test_owner_invites_by_email_and_the_invitee_joins(
    client, organisation, owner, other_user, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/accounts/organisations/{SLUG}/invite/", {"email": other_user.email.upper()}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.token in mail.outbox[0].body
    link = f"/accounts/organisations/invitations/{invitation.token}/"
    client.force_login(other_user)
    assert client.get(link).status_code == 200
    client.post(link)
    assert organisation.memberships.get(user=other_user).role == "member"
    assert client.post(link).status_code == 404  # used once


@pytest.mark.django_db
def test_invitation_is_404_for_another_email(client, organisation, owner, user):
    invitation = Invitation.objects.create(organisation=organisation, email="x@example.org")
    client.force_login(user)
    assert client.get(f"/accounts/organisations/invitations/{invitation.token}/").status_code == 404


@pytest.mark.django_db
def test_members_and_strangers_cannot_invite(client, organisation, member, other_user):
    client.force_login(member)
    url = f"/accounts/organisations/{SLUG}/invite/"
    assert client.post(url, {"email": "x@example.org"}).status_code == 403
    client.force_login(other_user)
    assert client.post(url, {"email": "x@example.org"}).status_code == 404
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_invite_form_errors(client, organisation, owner, member):
    client.force_login(owner)
    response = client.post(f"/accounts/organisations/{SLUG}/invite/", {"email": member.email})
    assert b"already a member" in response.content
    response = client.post(f"/accounts/organisations/{SLUG}/invite/", {"email": ""})
    assert b"Enter the email address of the person to invite" in response.content


@pytest.mark.django_db
def test_owner_accepts_a_join_request(client, organisation, owner, other_user):
    request = JoinRequest.objects.create(organisation=organisation, user=other_user)
    client.force_login(owner)
    client.post(f"/accounts/organisations/{SLUG}/requests/{request.pk}/", {"decision": "accept"})
    assert organisation.memberships.filter(user=other_user).exists()
    assert not JoinRequest.objects.exists()
    assert organisation.history.filter(action="member_added").exists()


@pytest.mark.django_db
def test_member_cannot_answer_join_requests_or_remove_members(
    client, organisation, owner, member, other_user
):
    request = JoinRequest.objects.create(organisation=organisation, user=other_user)
    client.force_login(member)
    url = f"/accounts/organisations/{SLUG}/requests/{request.pk}/"
    assert client.post(url, {"decision": "accept"}).status_code == 403
    ownership = OrganisationMembership.objects.get(user=owner)
    remove = f"/accounts/organisations/{SLUG}/members/{ownership.pk}/remove/"
    assert client.post(remove).status_code == 403
    assert OrganisationMembership.objects.filter(user=owner).exists()


@pytest.mark.django_db
def test_owner_removes_a_member(client, organisation, owner, member):
    client.force_login(owner)
    membership = OrganisationMembership.objects.get(user=member)
    client.post(f"/accounts/organisations/{SLUG}/members/{membership.pk}/remove/")
    assert not OrganisationMembership.objects.filter(user=member).exists()


@pytest.mark.django_db
def test_find_to_join_lists_only_published(client, organisation, other_user):
    from wagtail.search.index import insert_or_update_object

    hidden = OrganisationFactory(name="Harbour Hidden", status="pending")
    insert_or_update_object(organisation)
    insert_or_update_object(hidden)
    client.force_login(other_user)
    content = client.get("/accounts/organisations/join/", {"q": "harbour"}).content
    assert b"Ask to join Harbour Lights Bakery" in content
    assert b"Harbour Hidden" not in content


@pytest.mark.django_db
def test_account_page_links_to_organisations(client, user):
    client.force_login(user)
    assert b"/accounts/organisations/" in client.get("/accounts/").content
