from datetime import date
from decimal import Decimal

import pytest

from spend.parsing import (
    guess_mapping,
    identifiers_from_reference,
    missing_fields,
    normalise_name,
    parse_amount,
    parse_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1000", "1000"),
        ("£1,234.50", "1234.50"),
        (" £ 12,345,678.9 ", "12345678.9"),
        ("(250.00)", "-250.00"),
        ("(£1,250.00)", "-1250.00"),
        ("-£75.10", "-75.10"),
        ("£-75.10", "-75.10"),
        ("250.00 CR", "-250.00"),
        ("GBP 99.99", "99.99"),
        (".50", "0.50"),
    ],
)
def test_amounts_in_the_forms_councils_publish(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "12.345", "£1.2.3", "1e5", "--5", "999999999999999"])
def test_amounts_that_are_not_money_are_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize(
    "text",
    [
        "01/05/2025",
        "1/5/2025",
        "01/05/25",
        "2025-05-01",
        "01-05-2025",
        "01.05.2025",
        "1 May 2025",
        "01 May 2025",
        "1-May-2025",
        "01-May-25",
        "2025-05-01T00:00:00",
        "01/05/2025 13:45",
        "2025/05/01",
    ],
)
def test_dates_are_read_day_first(text):
    assert parse_date(text) == date(2025, 5, 1)


@pytest.mark.parametrize("text", ["", "31/02/2025", "13/13/2025", "next Tuesday", "01/05/1066"])
def test_dates_that_are_not_real_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    "name",
    [
        "Harbour Bakery Ltd",
        "HARBOUR BAKERY LIMITED",
        "The Harbour Bakery Ltd.",
        "Harbour Bakery PLC",
        "harbour bakery llp",
        "Harbour Bakery C.I.C.",
        "Harbour Bakery & Co",
        "Harbour  Bakery (UK) Ltd",
    ],
)
def test_names_normalise_away_case_punctuation_and_suffixes(name):
    assert normalise_name(name) == "harbour bakery"


def test_a_name_that_is_only_a_suffix_keeps_its_words():
    assert normalise_name("Company Ltd") == "company"
    assert normalise_name("Smith & Sons") == "smith and sons"


def test_supplier_identifiers_are_told_apart():
    assert identifiers_from_reference("01234567") == ("01234567", "")
    assert identifiers_from_reference("sc123456") == ("SC123456", "")
    assert identifiers_from_reference("1123456") == ("", "1123456")
    assert identifiers_from_reference("V10001") == ("", "")


def test_headings_are_recognised_in_other_spellings():
    mapping = guess_mapping(
        [
            "Organisation",
            "Directorate",
            "Expenses Type",
            "Date Paid",
            "Transaction No.",
            "Net Amount",
            "Payee",
            "Vendor ID",
        ]
    )
    assert mapping == {
        "body": "Organisation",
        "department": "Directorate",
        "expense_type": "Expenses Type",
        "payment_date": "Date Paid",
        "transaction_number": "Transaction No.",
        "amount": "Net Amount",
        "supplier_name": "Payee",
        "supplier_id": "Vendor ID",
    }
    assert missing_fields(mapping) == []
    assert missing_fields(guess_mapping(["When", "Ref", "Value", "Who"])) == [
        "payment_date",
        "transaction_number",
        "supplier_name",
    ]
