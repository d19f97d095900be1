"""PPN 11/20 reservation: who may bid for a reserved opportunity, and why not."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from opportunities import services
from opportunities.models import threshold_for
from tests.directory.factories import MembershipFactory, OrganisationFactory

from .factories import make_opportunity

LOCAL = {"postcode": "PO1 2AL", "is_local": True}
NOT_LOCAL = {
    "postcode": "SO14 3JA",
    "is_local": False,
    "locality_reason": "Postcode district SO14 is outside the Portsmouth local area",
}
SME = {"size_band": "small"}
LARGE = {"size_band": "large"}
VCSE = {"legal_form": "charity", "is_vcse": True}
NOT_VCSE = {"legal_form": "limited_company", "is_vcse": False}


def org(*traits, **extra):
    values = {}
    for trait in traits:
        values.update(trait)
    values.update(extra)
    return OrganisationFactory(**values)


@pytest.mark.parametrize(
    ("reservation", "traits", "eligible"),
    [
        ({}, (NOT_LOCAL, LARGE, NOT_VCSE), True),
        ({"reserved_local": True}, (LOCAL, LARGE, NOT_VCSE), True),
        ({"reserved_local": True}, (NOT_LOCAL, SME, VCSE), False),
        ({"reserved_sme": True}, (NOT_LOCAL, SME, NOT_VCSE), True),
        ({"reserved_sme": True}, (LOCAL, LARGE, VCSE), False),
        ({"reserved_vcse": True}, (NOT_LOCAL, LARGE, VCSE), True),
        ({"reserved_vcse": True}, (LOCAL, SME, NOT_VCSE), False),
        ({"reserved_sme": True, "reserved_vcse": True}, (NOT_LOCAL, LARGE, VCSE), True),
        ({"reserved_sme": True, "reserved_vcse": True}, (NOT_LOCAL, SME, NOT_VCSE), True),
        ({"reserved_sme": True, "reserved_vcse": True}, (LOCAL, LARGE, NOT_VCSE), False),
        ({"reserved_local": True, "reserved_sme": True}, (LOCAL, SME, NOT_VCSE), True),
        ({"reserved_local": True, "reserved_sme": True}, (NOT_LOCAL, SME, NOT_VCSE), False),
        ({"reserved_local": True, "reserved_sme": True}, (LOCAL, LARGE, NOT_VCSE), False),
    ],
)
def test_reservation_decides_who_may_bid(index, reservation, traits, eligible):
    opportunity = make_opportunity(**reservation)
    result = services.eligibility(opportunity, org(*traits))
    assert result.eligible is eligible
    assert bool(result.reasons) is not eligible


def test_every_reason_is_given_with_the_directory_locality_rule(index):
    opportunity = make_opportunity(reserved_local=True, reserved_sme=True)
    result = services.eligibility(opportunity, org(NOT_LOCAL, LARGE, NOT_VCSE, name="Big Co"))
    assert len(result.reasons) == 2
    assert "Postcode district SO14 is outside the Portsmouth local area" in result.reasons[0]
    assert "Big Co is a large organisation" in result.reasons[1]


def test_an_unpublished_profile_cannot_bid(index):
    opportunity = make_opportunity()
    result = services.eligibility(opportunity, org(LOCAL, SME, status="pending"))
    assert not result.eligible
    assert "not published" in result.reasons[0]


def test_thresholds_are_the_current_sub_central_figures(settings):
    # Procurement Act 2023 Schedule 1 from 1 January 2026 (SI 2025/1200), VAT included.
    assert threshold_for("services") == Decimal("207720")
    assert threshold_for("goods") == Decimal("207720")
    assert threshold_for("works") == Decimal("5193000")
    assert threshold_for("light_touch") == Decimal("663540")
    settings.PROCUREMENT_THRESHOLDS = {**settings.PROCUREMENT_THRESHOLDS, "services": 100}
    assert threshold_for("services") == Decimal("100")


def test_only_below_threshold_opportunities_can_be_reserved(index):
    opportunity = make_opportunity(reserved_local=True)
    opportunity.estimated_value = Decimal("207720")
    with pytest.raises(ValidationError) as problem:
        opportunity.full_clean()
    assert "Only opportunities below the £207,720 threshold" in str(problem.value)
    opportunity.estimated_value = Decimal("207719.99")
    opportunity.full_clean()
    works = make_opportunity(
        contract_type="works", estimated_value=Decimal("4000000"), reserved_sme=True
    )
    works.full_clean()


def test_an_unreserved_opportunity_may_be_over_threshold(index):
    make_opportunity(estimated_value=Decimal("950000")).full_clean()


def test_express_interest_refuses_an_ineligible_organisation(index, user):
    opportunity = make_opportunity(reserved_vcse=True)
    organisation = org(LOCAL, SME, NOT_VCSE)
    MembershipFactory(user=user, organisation=organisation)
    with pytest.raises(services.NotEligible):
        services.express_interest(opportunity, organisation, user)
    assert not opportunity.interests.exists()


def test_express_interest_needs_membership(index, user):
    opportunity = make_opportunity()
    with pytest.raises(services.NotEligible):
        services.express_interest(opportunity, org(LOCAL, SME), user)
