"""The register in the Wagtail admin is the review of current contracts: value bands, social
value status, filters and a formula-safe export."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.models import AuditEntry, Contract, ReportLine, SocialValueStatus
from tests.contracts.factories import (
    CommitmentFactory,
    ContractFactory,
    ReportFactory,
    ReportLineFactory,
)
from tests.directory.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(volunteering):
    none = ContractFactory(reference="A-NONE", value=Decimal("50000"))
    committed = ContractFactory(reference="B-COMMITTED", value=Decimal("250000"))
    CommitmentFactory(contract=committed)
    reporting = ContractFactory(reference="C-REPORTING", value=Decimal("750000"))
    ReportLineFactory(report=ReportFactory(contract=reporting))
    verified = ContractFactory(reference="D-VERIFIED", value=Decimal("2000000"))
    ReportLineFactory(
        report=ReportFactory(contract=verified),
        quantity=Decimal("100"),
        status=ReportLine.Status.VERIFIED,
    )
    formula = ContractFactory(reference="E-FORMULA", title="=HYPERLINK(1)", value=Decimal("6e6"))
    return {
        "none": none,
        "committed": committed,
        "reporting": reporting,
        "verified": verified,
        "formula": formula,
    }


def test_status_and_figures(register):
    contracts = {c.reference: c for c in Contract.objects.with_figures()}
    assert contracts["A-NONE"].sv_status == SocialValueStatus.NONE
    assert contracts["B-COMMITTED"].sv_status == SocialValueStatus.COMMITTED
    assert contracts["C-REPORTING"].sv_status == SocialValueStatus.REPORTING
    verified = contracts["D-VERIFIED"]
    assert verified.sv_status == SocialValueStatus.VERIFIED
    assert verified.verified == Decimal("1607.00")
    assert verified.committed == Decimal("1607.00")
    assert verified.value_band == "£1m to £5m"
    assert contracts["A-NONE"].value_band == "Under £100k"
    assert contracts["E-FORMULA"].value_band == "£5m and over"


def test_index_lists_and_filters(client, manager, register):
    client.force_login(manager)
    url = reverse("contracts_contract:index")
    content = client.get(url).content.decode()
    for reference in ("A-NONE", "B-COMMITTED", "C-REPORTING", "D-VERIFIED"):
        assert reference in content
    filtered = client.get(url, {"sv_status": "verified"}).content.decode()
    assert "D-VERIFIED" in filtered and "B-COMMITTED" not in filtered
    band = client.get(url, {"band": "3"}).content.decode()  # £100k to £500k
    assert "B-COMMITTED" in band and "A-NONE" not in band


def test_export_is_formula_safe(client, manager, register):
    client.force_login(manager)
    response = client.get(reverse("contracts_contract:index"), {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Reference", "Title", "Supplier"]
    titles = {row[0]: row[1] for row in rows[1:]}
    assert titles["E-FORMULA"] == "'=HYPERLINK(1)"
    verified = next(row for row in rows if row[0] == "D-VERIFIED")
    assert verified[11] == "Verified"
    assert Decimal(verified[13]) == Decimal("1607.00")
    xlsx = client.get(reverse("contracts_contract:index"), {"export": "xlsx"})
    assert xlsx.status_code == 200


def test_staff_create_matches_and_audits(client, manager, db):
    organisation = OrganisationFactory(name="Solent Cleaning Ltd")
    client.force_login(manager)
    response = client.post(
        reverse("contracts_contract:add"),
        {
            "reference": "PCC-9",
            "title": "Cleaning",
            "department": "Housing",
            "supplier_name": "Solent Cleaning Limited",
            "organisation": "",
            "companies_house_number": "",
            "charity_number": "",
            "value": "120000",
            "start_date": "2025-04-01",
            "end_date": "2026-03-31",
            "category": "services",
            "social_value_applies": "on",
            "reporting_months": "3",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    contract = Contract.objects.get(reference="PCC-9")
    assert contract.organisation == organisation
    assert contract.start_date == date(2025, 4, 1)
    assert AuditEntry.objects.get(contract=contract).action == "created"


@pytest.mark.parametrize("who", ["anonymous", "user", "supplier"])
def test_register_is_for_staff(client, who, user, supplier_member, register):
    people = {"user": user, "supplier": supplier_member}
    if who in people:
        client.force_login(people[who])
    response = client.get(reverse("contracts_contract:index"))
    assert response.status_code in (302, 403)
    assert b"D-VERIFIED" not in response.content


def test_analyst_reads_but_cannot_add(client, make_role_user, register):
    from portal import roles

    analyst = make_role_user(roles.ANALYSTS)
    roles.sync_role_permissions()
    client.force_login(analyst)
    assert client.get(reverse("contracts_contract:index")).status_code == 200
    assert (
        client.get(reverse("contracts_admin:contract", args=[register["verified"].pk])).status_code
        == 200
    )
    assert client.get(reverse("contracts_contract:add")).status_code in (302, 403)
