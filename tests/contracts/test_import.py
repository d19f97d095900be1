"""The contract register import: all or nothing, errors by line, suppliers matched to the
directory as the spend baseline matches them, known references updated."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts.models import AuditEntry, Contract, MatchMethod
from contracts.services import import_register
from tests.contracts.factories import ContractFactory
from tests.directory.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

REGISTER = """Reference,Title,Supplier,Value,Start date,End date,Department,Companies House number
PCC-0101,School meals,HARBOUR LIGHTS CATERING LIMITED,"£1,000,000.00",01/04/2025,31/03/2027,Children and Families,
PCC-0102,Youth work,Pompey Youth Trust,250000,2025-06-01,2026-05-31,Communities,
PCC-0103,Facilities,Big National Facilities PLC,"5,500,000",01/01/2025,31/12/2029,Finance,09999999
PCC-0104,Stationery,Mystery Supplies,1600,01/07/2025,30/06/2026,Finance,
"""


@pytest.fixture
def directory_orgs(db):
    return {
        "catering": OrganisationFactory(name="Harbour Lights Catering Ltd"),
        "trust": OrganisationFactory(
            name="Pompey Youth Trust", legal_form="charity", charity_number="1123456"
        ),
        "national": OrganisationFactory(
            name="Something Else Entirely", companies_house_number="09999999"
        ),
    }


def test_import_matches_suppliers_and_records_it(directory_orgs, manager):
    result = import_register(REGISTER.encode(), user=manager)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.matched) == (4, 0, 3)
    meals = Contract.objects.get(reference="PCC-0101")
    assert meals.value == Decimal("1000000.00")
    assert meals.organisation == directory_orgs["catering"]
    assert meals.match_method == MatchMethod.NAME
    assert meals.department == "Children and Families"
    national = Contract.objects.get(reference="PCC-0103")
    assert national.organisation == directory_orgs["national"]
    assert national.match_method == MatchMethod.COMPANIES_HOUSE
    assert Contract.objects.get(reference="PCC-0104").organisation is None
    assert AuditEntry.objects.filter(action="imported", actor=manager).count() == 4


def test_import_again_updates_by_reference_and_keeps_staff_choices(directory_orgs):
    chosen = OrganisationFactory(name="Chosen By Staff")
    ContractFactory(reference="PCC-0102", organisation=chosen, match_method=MatchMethod.STAFF)
    result = import_register(REGISTER.encode())
    assert (result.created, result.updated) == (3, 1)
    youth = Contract.objects.get(reference="PCC-0102")
    assert youth.title == "Youth work"
    assert youth.organisation == chosen


def test_every_bad_line_is_reported_and_nothing_is_stored(db):
    text = (
        "reference,title,supplier,value,start_date,end_date,category\n"
        "PCC-1,Meals,A Supplier,abc,01/04/2025,31/03/2026,services\n"
        "PCC-1,Meals,A Supplier,100,31/02/2025,31/03/2026,food\n"
        ",,,-5,01/04/2026,01/04/2025,\n"
        "PCC-4,Good,Good Supplier,100,01/04/2025,31/03/2026,works\n"
    )
    result = import_register(text.encode())
    assert not result.ok
    messages = [(line, message) for line, message in result.errors]
    assert (2, "Value “abc” is not a sum of money in pounds and pence") in messages
    assert (3, "Start date “31/02/2025” is not a real date written day first") in messages
    assert (3, "Category “food” must be goods, services or works") in messages
    assert (3, "Reference PCC-1 is also on line 2") in messages
    assert (4, "Enter the contract reference") in messages
    assert (4, "The contract value must be more than £0") in messages
    assert (4, "The end date must be on or after the start date") in messages
    assert not Contract.objects.exists()


def test_missing_columns_are_named(db):
    result = import_register(b"reference,title\nPCC-1,Meals\n")
    assert [message for _line, message in result.errors] == [
        "The file has no column for supplier",
        "The file has no column for value",
        "The file has no column for start date",
        "The file has no column for end date",
    ]


def test_dry_run_checks_without_storing(directory_orgs):
    result = import_register(REGISTER.encode(), dry_run=True)
    assert result.ok and result.created == 4
    assert not Contract.objects.exists()


def test_admin_import_view(client, manager, directory_orgs):
    client.force_login(manager)
    url = reverse("contracts_admin:import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("register.csv", REGISTER.encode(), content_type="text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    assert Contract.objects.count() == 4


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("register.xlsx", b"PK\x03\x04", "The selected file must be a CSV file"),
        ("register.csv", b"", "The selected file is empty"),
        ("register.csv", b"reference\n\x00\x00", "The selected file must be a CSV file"),
    ],
)
def test_admin_import_refuses_bad_files(client, manager, name, content, message):
    client.force_login(manager)
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    response = client.post(reverse("contracts_admin:import"), {"file": upload})
    assert response.status_code == 422
    assert message in response.content.decode()


def test_admin_import_shows_line_errors(client, manager):
    client.force_login(manager)
    text = "reference,title,supplier,value,start date,end date\nPCC-1,<b>Meals</b>,S,x,1/1/2025,1/2/2025\n"
    upload = SimpleUploadedFile("register.csv", text.encode(), content_type="text/csv")
    response = client.post(reverse("contracts_admin:import"), {"file": upload})
    assert response.status_code == 422
    assert "Line 2: Value “x” is not a sum of money" in response.content.decode()
    assert not Contract.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "user", "analyst"])
def test_only_contract_managers_import(client, who, user, make_role_user):
    from portal import roles

    people = {"user": user, "analyst": make_role_user(roles.ANALYSTS)}
    roles.sync_role_permissions()
    if who in people:
        client.force_login(people[who])
    upload = SimpleUploadedFile("register.csv", REGISTER.encode(), content_type="text/csv")
    response = client.post(reverse("contracts_admin:import"), {"file": upload})
    assert response.status_code in (302, 403)
    assert not Contract.objects.exists()
