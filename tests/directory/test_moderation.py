"""Every change goes to moderation; the published version stays live until approved."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from directory import services
from directory.models import Organisation, OrganisationHistory
from tests.directory.factories import SectorFactory


def values(organisation, **changes):
    return {**services.profile_values(organisation), **changes}


@pytest.mark.django_db
def test_new_profile_waits_for_moderation_and_its_creator_owns_it(user):
    organisation = services.create_organisation(
        {
            "name": "Tidewater Tutors",
            "legal_form": "cic",
            "size_band": "micro",
            "postcode": "PO5 1AA",
            "description": "Tutoring.",
            "sectors": [],
            "accreditations": [],
            "measures": [],
            "logo": None,
        },
        user,
    )
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.slug == "tidewater-tutors"
    assert organisation.is_vcse and organisation.is_local
    assert organisation.memberships.get().role == "owner"
    assert not Organisation.objects.published().filter(pk=organisation.pk).exists()
    assert organisation.history.get().action == OrganisationHistory.Action.CREATED


@pytest.mark.django_db
def test_published_profile_stays_live_until_change_is_approved(
    organisation, owner, moderator, django_capture_on_commit_callbacks
):
    sector = SectorFactory()
    services.submit_change(
        organisation,
        values(organisation, name="Harbour Lights Bakehouse", sectors=[sector.pk]),
        owner,
    )
    organisation.refresh_from_db()
    assert organisation.name == "Harbour Lights Bakery"
    assert organisation.status == Organisation.Status.PUBLISHED
    assert organisation.has_pending_change
    assert Organisation.objects.awaiting_moderation().filter(pk=organisation.pk).exists()
    submitted = organisation.history.get(action="submitted")
    assert submitted.user == owner
    assert submitted.changes["name"] == ["Harbour Lights Bakery", "Harbour Lights Bakehouse"]

    with django_capture_on_commit_callbacks(execute=True):
        services.approve(organisation, moderator)
    organisation.refresh_from_db()
    assert organisation.name == "Harbour Lights Bakehouse"
    assert list(organisation.sectors.all()) == [sector]
    assert not organisation.has_pending_change and organisation.pending_change is None
    assert organisation.details_checked_on is not None
    approved = organisation.history.get(action="approved")
    assert approved.user == moderator and "name" in approved.changes
    assert mail.outbox[-1].to == [owner.email]
    assert "now published" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_rejecting_a_change_keeps_the_live_profile_and_emails_the_reason(
    organisation, owner, moderator, django_capture_on_commit_callbacks
):
    services.submit_change(organisation, values(organisation, name="Rude name"), owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(organisation, moderator, "Names must match Companies House")
    organisation.refresh_from_db()
    assert organisation.name == "Harbour Lights Bakery"
    assert organisation.status == Organisation.Status.PUBLISHED
    assert not organisation.has_pending_change
    rejected = organisation.history.get(action="rejected")
    assert rejected.reason == "Names must match Companies House"
    assert rejected.changes["name"] == ["Harbour Lights Bakery", "Rude name"]
    assert "Names must match Companies House" in mail.outbox[-1].body


@pytest.mark.django_db
def test_rejecting_a_new_profile_marks_it_rejected_and_a_resubmission_waits_again(
    organisation, owner, moderator
):
    organisation.status = Organisation.Status.PENDING
    organisation.save()
    services.reject(organisation, moderator, "Add a description of your services")
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.REJECTED
    services.submit_change(organisation, values(organisation, description="Bread."), owner)
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING
    assert organisation.description == "Bread."


@pytest.mark.django_db
def test_suspended_profile_leaves_the_directory_and_cannot_be_changed(
    organisation, owner, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend(organisation, moderator, "Complaints about conduct")
    assert not Organisation.objects.published().filter(pk=organisation.pk).exists()
    assert "Complaints about conduct" in mail.outbox[-1].body
    with pytest.raises(PermissionDenied):
        services.submit_change(organisation, values(organisation, name="New"), owner)
    services.reinstate(organisation, moderator)
    assert Organisation.objects.published().filter(pk=organisation.pk).exists()
    assert list(organisation.history.values_list("action", flat=True)) == [
        "reinstated",
        "suspended",
    ]


@pytest.mark.django_db
def test_approval_refuses_a_number_taken_meanwhile(organisation, owner, moderator):
    from tests.directory.factories import OrganisationFactory

    services.submit_change(
        organisation, values(organisation, companies_house_number="01234567"), owner
    )
    OrganisationFactory(companies_house_number="01234567")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.approve(organisation, moderator)
    organisation.refresh_from_db()
    assert organisation.has_pending_change


@pytest.mark.django_db
def test_the_last_owner_cannot_be_removed(organisation, owner):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.remove_member(organisation.memberships.get(user=owner), owner)
