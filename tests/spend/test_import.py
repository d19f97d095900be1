"""Importing spend files: the worked example, every kind of bad input, de-duplication and
the supplier matching the import does."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone

from spend.models import Payment, SpendUpload, Supplier
from spend.services import SpendFileError, import_spend_file, reject_match
from tests.spend.conftest import WORKED_EXAMPLE
from tests.spend.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = "Body,Service Area,Expense Type,Payment Date,Transaction Number,Amount,Supplier Name,Supplier ID\n"


def problems(upload):
    return [(problem["line"], problem["message"]) for problem in upload.errors]


def test_worked_example_imports_every_payment(worked_example_directory, spend_file):
    upload = import_spend_file(spend_file(WORKED_EXAMPLE))

    assert upload.status == SpendUpload.Status.COMPLETE
    assert (upload.total_rows, upload.imported_count, upload.duplicate_count) == (6, 6, 0)
    assert upload.new_supplier_count == 4
    # The credit note reduces the bakery's spend rather than being lost.
    assert Payment.objects.get(transaction_number="TX003").amount == Decimal("-100.00")
    assert Payment.objects.aggregate(total=Sum("amount"))["total"] == Decimal("10000.00")
    bakery = Supplier.objects.get(normalised_name="harbour bakery")
    assert bakery.organisation == worked_example_directory["bakery"]
    assert bakery.match_method == Supplier.MatchMethod.COMPANIES_HOUSE
    assert bakery.match_status == Supplier.MatchStatus.MATCHED
    trust = Supplier.objects.get(normalised_name="pompey youth trust")
    assert trust.match_method == Supplier.MatchMethod.CHARITY
    national = Supplier.objects.get(normalised_name="big national facilities")
    assert national.organisation == worked_example_directory["national"]
    assert national.match_status == Supplier.MatchStatus.SUGGESTED
    mystery = Supplier.objects.get(normalised_name="mystery supplies")
    assert mystery.organisation is None
    assert mystery.match_status == Supplier.MatchStatus.UNMATCHED


def test_dates_in_several_formats_are_stored_as_dates(worked_example_directory, spend_file):
    import_spend_file(spend_file(WORKED_EXAMPLE))
    dates = dict(Payment.objects.values_list("transaction_number", "payment_date"))
    assert [dates[f"TX00{n}"].isoformat() for n in range(1, 7)] == [
        "2025-05-01",
        "2025-05-20",
        "2025-06-03",
        "2025-06-15",
        "2025-06-30",
        "2025-07-01",
    ]


def test_uploading_the_same_file_again_adds_nothing(worked_example_directory, spend_file):
    import_spend_file(spend_file(WORKED_EXAMPLE))
    again = import_spend_file(spend_file(WORKED_EXAMPLE, name="again.csv"))

    assert again.status == SpendUpload.Status.COMPLETE
    assert (again.imported_count, again.duplicate_count, again.new_supplier_count) == (0, 6, 0)
    assert Payment.objects.count() == 6


def test_an_overlapping_file_adds_only_the_new_payments(worked_example_directory, spend_file):
    import_spend_file(spend_file(WORKED_EXAMPLE))
    overlap = HEADER + (
        "PCC,Housing,Catering,01/08/2025,TX006,£1600,Mystery Supplies,V999\n"
        "PCC,Housing,Catering,02/08/2025,TX007,£300,Mystery Supplies,V999\n"
    )
    upload = import_spend_file(spend_file(overlap, name="overlap.csv"))
    assert (upload.imported_count, upload.duplicate_count) == (1, 1)
    assert Payment.objects.count() == 7


def test_a_transaction_number_twice_in_one_file_is_refused_with_both_lines(spend_file):
    text = HEADER + (
        "PCC,Housing,Catering,01/08/2025,TX1,100,Alpha,\n"
        "PCC,Housing,Catering,01/08/2025,TX2,100,Alpha,\n"
        "PCC,Housing,Catering,01/08/2025,TX1,100,Alpha,\n"
    )
    upload = import_spend_file(spend_file(text))
    assert upload.status == SpendUpload.Status.FAILED
    assert problems(upload) == [(4, "Transaction number TX1 is also on line 2")]
    assert Payment.objects.count() == 0


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(spend_file):
    text = HEADER + (
        "PCC,Housing,Catering,01/08/2025,TX1,100,Alpha Ltd,\n"
        "PCC,Housing,Catering,31/02/2025,TX2,100,Alpha Ltd,\n"
        "PCC,Housing,Catering,01/08/2025,TX3,ten pounds,Alpha Ltd,\n"
        "PCC,Housing,Catering,01/08/2025,,100,,\n"
        "\n"
        "PCC,Housing,Catering,01/08/2025,TX5,100,Alpha Ltd\n"
    )
    upload = import_spend_file(spend_file(text))

    assert upload.status == SpendUpload.Status.FAILED
    assert problems(upload) == [
        (3, "Payment date “31/02/2025” is not a real date written day first"),
        (4, "Amount “ten pounds” is not a sum of money in pounds and pence"),
        (5, "Enter a transaction number"),
        (5, "Enter the supplier name"),
        (7, "The line has 7 columns but the headings have 8"),
    ]
    assert upload.error_count == 5
    assert Payment.objects.count() == 0
    assert Supplier.objects.count() == 0


def test_line_numbers_count_lines_inside_quoted_cells(spend_file):
    text = HEADER + (
        'PCC,Housing,"Catering\nand events",01/08/2025,TX1,100,Alpha,\n'
        "PCC,Housing,Catering,01/08/2025,TX2,lots,Alpha,\n"
    )
    upload = import_spend_file(spend_file(text))
    assert problems(upload) == [(4, "Amount “lots” is not a sum of money in pounds and pence")]


def test_missing_columns_are_named(spend_file):
    upload = import_spend_file(spend_file("Date,Supplier,Description\n01/08/2025,Alpha,Food\n"))
    assert upload.status == SpendUpload.Status.FAILED
    assert problems(upload) == [
        (1, "The file has no column for transaction number"),
        (1, "The file has no column for amount"),
    ]


def test_a_mapping_to_a_heading_not_in_the_file_is_refused(spend_file):
    path = spend_file(HEADER + "PCC,Housing,Catering,01/08/2025,TX1,100,Alpha,\n")
    mapping = {
        "payment_date": "Payment Date",
        "transaction_number": "Transaction Number",
        "amount": "Net Value",
        "supplier_name": "Supplier Name",
    }
    upload = import_spend_file(path, mapping=mapping)
    assert problems(upload) == [(1, "There is no column called “Net Value”")]


def test_a_column_mapping_reads_differently_named_columns(spend_file):
    text = "When,Ref,Net Value,Who\n01/08/2025,A1,£10,Alpha Ltd\n02/08/2025,A2,(£4),Alpha Ltd\n"
    mapping = {
        "payment_date": "When",
        "transaction_number": "Ref",
        "amount": "Net Value",
        "supplier_name": "Who",
    }
    upload = import_spend_file(spend_file(text), mapping=mapping)
    assert upload.status == SpendUpload.Status.COMPLETE
    assert Payment.objects.aggregate(total=Sum("amount"))["total"] == Decimal("6.00")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "spend.csv", "The selected file is empty"),
        (b"   \n\n", "spend.csv", "The selected file is empty"),
        (b"%PDF-1.4 not a spreadsheet", "spend.pdf", "The selected file must be a CSV file"),
        (b"PK\x03\x04\x00\x00binary", "spend.csv", "The selected file must be a CSV file"),
    ],
)
def test_files_that_are_not_spend_files_are_refused(spend_file, content, name, message):
    with pytest.raises(SpendFileError, match=message):
        import_spend_file(spend_file(content, name=name))
    assert SpendUpload.objects.count() == 0


def test_a_file_with_only_headings_has_no_payments(spend_file):
    upload = import_spend_file(spend_file(HEADER))
    assert upload.status == SpendUpload.Status.FAILED
    assert problems(upload) == [(None, "The file has no payments in it")]


def test_a_file_over_50_mb_is_refused_before_it_is_read(spend_file):
    path = spend_file(HEADER)
    with path.open("ab") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(SpendFileError, match="smaller than 50 MB"):
        import_spend_file(path)


def test_windows_1252_files_with_pound_signs_import(spend_file):
    text = HEADER + "PCC,Housing,Catering,01/08/2025,TX1,£1.50,Café Solent,\n"
    upload = import_spend_file(spend_file(text, encoding="cp1252"))
    assert upload.status == SpendUpload.Status.COMPLETE
    assert Supplier.objects.get().name == "Café Solent"


def test_a_rejected_name_match_is_not_suggested_again(spend_file, user):
    organisation = OrganisationFactory(name="Alpha Ltd")
    import_spend_file(spend_file(HEADER + "PCC,H,C,01/08/2025,TX1,10,ALPHA LIMITED,\n"))
    supplier = Supplier.objects.get()
    assert supplier.organisation == organisation
    reject_match(supplier, user)

    import_spend_file(spend_file(HEADER + "PCC,H,C,02/08/2025,TX2,10,Alpha Ltd,\n", "b.csv"))
    supplier.refresh_from_db()
    assert supplier.organisation is None
    assert supplier.rejected_organisation == organisation
    assert supplier.match_status == Supplier.MatchStatus.UNMATCHED


def test_an_unmatched_supplier_is_matched_once_the_directory_has_it(spend_file):
    import_spend_file(spend_file(HEADER + "PCC,H,C,01/08/2025,TX1,10,Beta Ltd,01112222\n"))
    assert Supplier.objects.get().organisation is None
    beta = OrganisationFactory(name="Beta Trading", companies_house_number="01112222")
    import_spend_file(spend_file(HEADER + "PCC,H,C,02/08/2025,TX2,10,Beta Ltd,\n", "b.csv"))
    supplier = Supplier.objects.get()
    assert supplier.organisation == beta
    assert supplier.match_status == Supplier.MatchStatus.MATCHED


def test_unpublished_organisations_are_not_matched(spend_file):
    OrganisationFactory(name="Gamma Ltd", status="draft", companies_house_number="02223333")
    import_spend_file(spend_file(HEADER + "PCC,H,C,01/08/2025,TX1,10,Gamma Ltd,02223333\n"))
    assert Supplier.objects.get().organisation is None


def test_the_command_imports_a_file_and_reports_the_rate(
    worked_example_directory, spend_file, capsys
):
    call_command("import_spend", str(spend_file(WORKED_EXAMPLE)))
    output = capsys.readouterr().out
    assert "6 of 6 rows checked" in output
    assert "Imported 6 payments from 6 rows" in output
    assert "rows per second" in output


def test_the_command_reports_problems_and_fails(spend_file, capsys):
    text = HEADER + "PCC,H,C,01/08/2025,TX1,ten,Alpha,\n"
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_spend", str(spend_file(text)))
    assert "Line 2: Amount “ten”" in capsys.readouterr().err


def test_the_command_takes_a_column_mapping(spend_file):
    text = "When,Ref,Net Value,Who\n01/08/2025,A1,£10,Alpha Ltd\n"
    call_command(
        "import_spend",
        str(spend_file(text)),
        "--column=payment_date=When",
        "--column=transaction_number=Ref",
        "--column=amount=Net Value",
        "--column=supplier_name=Who",
    )
    assert Payment.objects.get().amount == Decimal("10.00")


def test_the_command_refuses_a_file_that_is_not_csv(spend_file):
    with pytest.raises(CommandError, match="must be a CSV file"):
        call_command("import_spend", str(spend_file(b"hello", name="spend.txt")))


def test_a_large_file_imports_with_progress(spend_file, tmp_path):
    from spend.generate import write_spend_csv

    path = write_spend_csv(tmp_path / "large.csv", 12_000)
    seen, moved = [], []

    def progress(done, total):
        seen.append(done)
        moved.append(SpendUpload.objects.get().progress_at)

    upload = import_spend_file(path, progress=progress)
    assert upload.status == SpendUpload.Status.COMPLETE
    assert Payment.objects.count() == 12_000
    assert seen == [5000, 10000, 12000]
    # The progress page and the check for stalled imports read when it last moved on.
    assert moved[0] < moved[1] and timezone.now() - moved[1] < timedelta(minutes=1)
