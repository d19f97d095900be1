"""The validation and derivation rules for an organisation's details."""

import pytest
from django.core.exceptions import ValidationError

from directory.models import (
    Organisation,
    locality_for,
    normalise_charity_number,
    normalise_company_number,
    normalise_postcode,
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("po1 2al", "PO1 2AL"),
        ("PO12AL", "PO1 2AL"),
        (" so14  7dw ", "SO14 7DW"),
        ("w1a1aa", "W1A 1AA"),
    ],
)
def test_postcodes_are_normalised(typed, stored):
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize("typed", ["", "PO1", "12345", "PO1 2ALX", "<script>", "PO! 2AL"])
def test_invalid_postcodes_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_postcode(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1234567", "01234567"), ("sc123456", "SC123456"), ("01234567", "01234567")],
)
def test_company_numbers_are_normalised(typed, stored):
    assert normalise_company_number(typed) == stored


@pytest.mark.parametrize("typed", ["123456789", "ABC12345", "12-34567", "S1234567"])
def test_invalid_company_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_company_number(typed)


@pytest.mark.parametrize("typed", ["1234", "12345678", "XX123456"])
def test_invalid_charity_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_charity_number(typed)


def test_charity_numbers_of_england_and_scotland_are_accepted():
    assert normalise_charity_number("1 123 456") == "1123456"
    assert normalise_charity_number("sc012345") == "SC012345"


def test_locality_follows_the_configured_postcode_districts(settings):
    settings.PORTAL_LOCAL_POSTCODES = ["PO1", "PO4"]
    assert locality_for("PO4 9RT") == (
        True,
        "Postcode district PO4 is in the Portsmouth local area",
    )
    local, reason = locality_for("PO7 7DX")
    assert not local and "PO7 is outside" in reason


@pytest.mark.parametrize(
    ("legal_form", "vcse", "social_enterprise"),
    [("cic", True, True), ("charity", True, False), ("limited_company", False, False)],
)
def test_vcse_and_social_enterprise_follow_legal_form(legal_form, vcse, social_enterprise):
    organisation = Organisation(legal_form=legal_form)
    organisation.derive_flags()
    assert (organisation.is_vcse, organisation.is_social_enterprise) == (vcse, social_enterprise)


def test_moderator_override_keeps_the_flags():
    organisation = Organisation(legal_form="limited_company", is_vcse=True, flags_overridden=True)
    organisation.derive_flags()
    assert organisation.is_vcse


def test_sme_is_under_250_staff():
    assert Organisation(size_band="medium").is_sme
    assert not Organisation(size_band="large").is_sme
