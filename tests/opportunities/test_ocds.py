"""Each opportunity's OCDS release validates against the OCDS 1.1.5 release schema."""

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
from django.utils import timezone

from tests.directory.factories import OrganisationFactory

from .factories import make_opportunity

SCHEMA = json.loads((Path(__file__).parent / "schema" / "release-schema-1.1.5.json").read_text())


def validate(release):
    validator = jsonschema.Draft4Validator(
        SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(release), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors]


def test_tender_release_is_valid_ocds(client, index):
    opportunity = make_opportunity(reserved_local=True, reserved_sme=True, cpv_code="90910000-9")
    response = client.get(opportunity.url + "ocds/")
    assert response.status_code == 200
    release = response.json()
    validate(release)
    assert release["ocid"] == opportunity.ocid
    assert release["tag"] == ["tender"]
    assert release["tender"]["value"] == {"amount": 50000.0, "currency": "GBP"}
    assert release["tender"]["items"][0]["classification"] == {"scheme": "CPV", "id": "90910000"}
    assert "suppliers in the Portsmouth area and SMEs" in release["tender"]["eligibilityCriteria"]


def test_awarded_release_is_valid_ocds(client, index):
    winner = OrganisationFactory(name="Winning Firm")
    opportunity = make_opportunity(
        reserved_local=True,
        awarded_to=winner,
        awarded_value=Decimal("45000"),
        awarded_on=timezone.localdate(),
        closing_at=timezone.now() - timezone.timedelta(days=3),
    )
    release = client.get(opportunity.url + "ocds/").json()
    validate(release)
    assert release["tag"] == ["tender", "award"]
    assert release["tender"]["status"] == "complete"
    assert release["awards"][0]["suppliers"][0]["name"] == "Winning Firm"
    assert {
        "id": release["awards"][0]["suppliers"][0]["id"],
        "name": "Winning Firm",
        "roles": ["supplier"],
    } in release["parties"]


def test_the_schema_check_catches_a_bad_release():
    import pytest

    with pytest.raises(AssertionError):
        validate(
            {
                "ocid": "x",
                "id": "1",
                "date": "2026-01-01T00:00:00Z",
                "tag": ["nonsense"],
                "initiationType": "tender",
            }
        )
