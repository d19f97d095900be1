"""Moderators work in the Wagtail admin: the queue, decisions, snippets, history."""

import pytest
from django.core import mail

from directory import services
from directory.models import Organisation
from tests.directory.factories import OrganisationFactory

QUEUE = "/admin/directory-moderation/"


@pytest.fixture
def pending_change(organisation, owner):
    values = {**services.profile_values(organisation), "name": "Harbour Lights Bakehouse"}
    return services.submit_change(organisation, values, owner)


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_admin_sign_in(client, pending_change):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "other", "editor"])
def test_non_moderators_cannot_moderate(
    client, pending_change, member, other_user, make_role_user, who
):
    client.force_login(
        {"member": member, "other": other_user}.get(who) or make_role_user("Editors")
    )
    organisation = pending_change
    for url in (QUEUE, f"{QUEUE}{organisation.pk}/"):
        assert client.get(url).status_code in (302, 403)
    client.post(f"{QUEUE}{organisation.pk}/approve/")
    organisation.refresh_from_db()
    assert organisation.has_pending_change and organisation.name == "Harbour Lights Bakery"


@pytest.mark.django_db
def test_moderator_sees_the_queue_and_the_proposed_change(client, pending_change, moderator):
    client.force_login(moderator)
    queue = client.get(QUEUE)
    assert queue.status_code == 200
    assert b"Harbour Lights Bakery" in queue.content
    assert b"Change to a published profile" in queue.content
    review = client.get(f"{QUEUE}{pending_change.pk}/")
    assert b"Harbour Lights Bakehouse" in review.content
    assert b"(changed)" in review.content


@pytest.mark.django_db
def test_moderator_approves(client, pending_change, moderator):
    client.force_login(moderator)
    response = client.post(f"{QUEUE}{pending_change.pk}/approve/")
    assert response.status_code == 302
    pending_change.refresh_from_db()
    assert pending_change.name == "Harbour Lights Bakehouse"
    assert pending_change.history.filter(action="approved", user=moderator).exists()


@pytest.mark.django_db
def test_moderator_rejects_with_a_reason_that_is_emailed(
    client, pending_change, moderator, owner, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    url = f"{QUEUE}{pending_change.pk}/reject/"
    client.post(url, {"reject-reason": ""})
    pending_change.refresh_from_db()
    assert pending_change.has_pending_change  # a reason is required
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reject-reason": "Use your registered name"})
    pending_change.refresh_from_db()
    assert not pending_change.has_pending_change
    assert pending_change.name == "Harbour Lights Bakery"
    assert mail.outbox[-1].to == [owner.email]
    assert "Use your registered name" in mail.outbox[-1].body


@pytest.mark.django_db
def test_moderator_suspends_and_reinstates(client, organisation, owner, moderator):
    client.force_login(moderator)
    client.post(f"{QUEUE}{organisation.pk}/suspend/", {"suspend-reason": "Fake reviews"})
    organisation.refresh_from_db()
    assert organisation.status == "suspended"
    assert client.get("/directory/harbour-lights-bakery/").status_code == 200  # moderator
    client.logout()
    assert client.get("/directory/harbour-lights-bakery/").status_code == 410
    client.force_login(moderator)
    client.post(f"{QUEUE}{organisation.pk}/reinstate/")
    organisation.refresh_from_db()
    assert organisation.status == "published"


@pytest.mark.django_db
def test_unknown_decision_is_refused(client, organisation, moderator):
    client.force_login(moderator)
    response = client.post(f"{QUEUE}{organisation.pk}/delete-everything/")
    assert response["Location"] == "/admin/"  # Wagtail's answer to PermissionDenied
    assert Organisation.objects.get(pk=organisation.pk).status == "published"


@pytest.mark.django_db
def test_moderator_edits_in_the_snippet_admin_and_history_records_it(
    client, organisation, moderator
):
    client.force_login(moderator)
    assert client.get("/admin/snippets/directory/organisation/").status_code == 200
    edit = f"/admin/snippets/directory/organisation/edit/{organisation.pk}/"
    assert client.get(edit).status_code == 200
    form = client.get(edit).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(
        {
            "name": "Harbour Lights Bakery",
            "legal_form": "limited_company",
            "size_band": "micro",
            "is_vcse": "on",
            "flags_overridden": "on",
            "postcode": "PO9 1AA",
            "sectors": [],
            "accreditations": [],
            "measures": [],
        }
    )
    data.pop("logo", None)
    data.pop("details_checked_on", None)
    response = client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    organisation.refresh_from_db()
    assert organisation.is_vcse  # moderator override kept
    assert not organisation.is_local  # PO9 is outside the local districts
    edited = organisation.history.get(action="edited")
    assert edited.user == moderator
    assert edited.changes["postcode"] == ["PO1 2AL", "PO9 1AA"]


@pytest.mark.django_db
def test_moderators_edit_the_sector_and_accreditation_lists(client, moderator):
    client.force_login(moderator)
    assert client.get("/admin/snippets/directory/sector/").status_code == 200
    response = client.post(
        "/admin/snippets/directory/sector/add/", {"name": "Aerospace", "slug": "aerospace"}
    )
    assert response.status_code == 302
    assert client.get("/admin/snippets/directory/accreditation/").status_code == 200


@pytest.mark.django_db
def test_plain_users_cannot_reach_the_snippet_admin(client, other_user):
    OrganisationFactory()
    client.force_login(other_user)
    assert client.get("/admin/snippets/directory/organisation/").status_code == 302
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_moderation_screens_show_labels_and_names_not_codes(client, moderator, user):
    from tests.directory.factories import SectorFactory

    user.first_name, user.last_name = "Nia", "Founder"
    user.save()
    sector = SectorFactory(name="Food and drink")
    values = {
        **services.profile_values(OrganisationFactory.build()),
        "name": "Southsea Soup CIC",
        "legal_form": "cic",
        "size_band": "micro",
        "sectors": [sector.pk],
    }
    organisation = services.create_organisation(values, user)
    client.force_login(moderator)

    queue = client.get(QUEUE).content.decode()
    assert "<title>Directory moderation" in queue
    assert "Nia Founder" in queue

    review = client.get(f"{QUEUE}{organisation.pk}/").content.decode()
    assert "<title>Review Southsea Soup CIC" in review
    assert "Community interest company (CIC)" in review
    assert "Micro (fewer than 10 staff)" in review
    assert "Published now" not in review
    history = review.split("History")[-1]
    assert "Sectors: — → Food and drink" in history
    assert "Legal form: — → Community interest company (CIC)" in history
    assert "[" not in history and "legal_form" not in history
    assert "Nia Founder" in history

    client.force_login(user)
    manage = client.get(f"/accounts/organisations/{organisation.slug}/").content.decode()
    assert "Legal form" in manage and "Size band" in manage
    assert "legal_form" not in manage and "size_band" not in manage


@pytest.mark.django_db
def test_the_review_reads_a_bounded_number_of_queries(
    client, moderator, organisation, owner, django_assert_max_num_queries
):
    from tests.directory.factories import SectorFactory

    for _ in range(12):
        sector = SectorFactory()
        values = {**services.profile_values(organisation), "sectors": [sector.pk]}
        services.submit_change(organisation, values, owner)
    client.force_login(moderator)
    with django_assert_max_num_queries(30):
        assert client.get(f"{QUEUE}{organisation.pk}/").status_code == 200
