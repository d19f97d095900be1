"""Procurement officers' screens: interest per opportunity and reserved-award shares."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from opportunities import services
from opportunities.models import Interest, OpportunityIndexPage
from tests.directory.factories import OrganisationFactory

from .factories import make_opportunity

INDEX = "/admin/opportunities/interest/"


@pytest.fixture
def officer(make_role_user):
    return make_role_user("Procurement officers")


def test_officer_sees_interest_per_opportunity(client, officer, opportunity, organisation, member):
    Interest.objects.create(opportunity=opportunity, organisation=organisation, user=member)
    client.force_login(officer)
    body = client.get(INDEX).content.decode()
    assert opportunity.title in body
    detail = client.get(f"{INDEX}{opportunity.pk}/")
    assert detail.status_code == 200
    assert organisation.name in detail.content.decode()
    assert member.email in detail.content.decode()
    assert client.get(f"{INDEX}999999/").status_code == 404


@pytest.mark.parametrize("roles", [(), ("Editors",), ("Brokers",)])
def test_other_people_cannot_see_interest(client, make_role_user, opportunity, roles):
    client.force_login(make_role_user(*roles))
    for url in (INDEX, f"{INDEX}{opportunity.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert opportunity.title not in response.content.decode()


def test_anonymous_is_sent_to_the_admin_sign_in(client, opportunity):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_superuser_sees_interest(client, superuser, opportunity):
    client.force_login(superuser)
    assert client.get(INDEX).status_code == 200


def test_officer_answers_questions_in_the_admin(client, officer, opportunity, organisation):
    from opportunities.models import Clarification

    clarification = Clarification.objects.create(
        opportunity=opportunity, organisation=organisation, question="Parking?"
    )
    client.force_login(officer)
    url = f"/admin/clarifications/edit/{clarification.pk}/"
    assert client.get(url).status_code == 200
    client.post(url, {"answer": "On site.", "is_published": "on"})
    clarification.refresh_from_db()
    assert clarification.is_published and clarification.answer == "On site."
    assert clarification.answered_at is not None


def test_new_opportunity_lists_give_officers_draft_rights_only(index):
    from wagtail.models import GroupPagePermission

    codenames = set(
        GroupPagePermission.objects.filter(
            page=index, group__name="Procurement officers"
        ).values_list("permission__codename", flat=True)
    )
    assert codenames == {"add_page", "change_page"}
    assert OpportunityIndexPage.objects.count() == 1


def test_reserved_award_shares(index):
    closed = timezone.now() - datetime.timedelta(days=5)
    local_sme = OrganisationFactory(size_band="small", is_local=True)
    vcse_elsewhere = OrganisationFactory(
        size_band="large", is_local=False, is_vcse=True, legal_form="charity"
    )
    make_opportunity(
        reserved_local=True, awarded_to=local_sme, awarded_value=Decimal("30000"), closing_at=closed
    )
    make_opportunity(
        reserved_vcse=True,
        awarded_to=vcse_elsewhere,
        awarded_value=Decimal("10000"),
        closing_at=closed,
    )
    # Unreserved awards are not counted.
    make_opportunity(awarded_to=local_sme, awarded_value=Decimal("500000"), closing_at=closed)
    shares = services.reserved_award_shares()
    assert shares["count"] == 2
    assert shares["total"] == Decimal("40000")
    rows = {row["label"]: row for row in shares["rows"]}
    assert rows["Local suppliers"]["share"] == Decimal("75.0")
    assert rows["SMEs"]["count"] == 1
    assert rows["VCSEs"]["share"] == Decimal("25.0")
