"""The staff views in the Wagtail admin: who may use each, uploads with column mapping and
progress, the review queue, the dashboard and its exports."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from portal import roles
from spend.models import Payment, SpendUpload, Supplier
from spend.services import STALLED_AFTER, queue_import
from tests.spend.conftest import WORKED_EXAMPLE
from tests.spend.factories import (
    OrganisationFactory,
    PaymentFactory,
    SupplierFactory,
    spend_measures,
)

pytestmark = pytest.mark.django_db

VIEWS = {
    "dashboard": ("spend_admin:dashboard", [], "spend.view_baseline"),
    "export_csv": ("spend_admin:export_csv", [], "spend.view_baseline"),
    "export_xlsx": ("spend_admin:export_xlsx", [], "spend.view_baseline"),
    "uploads": ("spend_admin:uploads", [], "spend.add_spendupload"),
    "upload": ("spend_admin:upload", ["upload"], "spend.add_spendupload"),
    "mapping": ("spend_admin:mapping", ["upload"], "spend.add_spendupload"),
    "review_queue": ("spend_admin:review_queue", [], "spend.review_supplier"),
    "supplier": ("spend_admin:supplier", ["supplier"], "spend.review_supplier"),
}


@pytest.fixture
def objects(db):
    upload = SpendUpload.objects.create(
        original_name="x.csv", status=SpendUpload.Status.NEEDS_MAPPING, headers=["A"]
    )
    return {"upload": upload.pk, "supplier": SupplierFactory().pk}


def url_of(name, objects):
    route, args, _permission = VIEWS[name]
    return reverse(route, args=[objects[arg] for arg in args])


@pytest.fixture
def analyst(make_role_user):
    roles.sync_role_permissions()
    return make_role_user(roles.ANALYSTS)


def role_user(make_role_user, role):
    user = make_role_user(role)
    roles.sync_role_permissions()
    return user


@pytest.mark.parametrize("name", VIEWS)
def test_anonymous_people_are_sent_to_sign_in(client, objects, name):
    response = client.get(url_of(name, objects))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("name", VIEWS)
def test_signed_in_people_without_a_role_are_kept_out(client, user, objects, name):
    client.force_login(user)
    response = client.get(url_of(name, objects))
    assert response.status_code == 302
    assert Payment.objects.count() == 0


@pytest.mark.parametrize(
    "role", [roles.MODERATORS, roles.JUDGES, roles.BROKERS, roles.AWARDS_ADMINISTRATORS]
)
@pytest.mark.parametrize("name", VIEWS)
def test_other_roles_are_refused(client, make_role_user, objects, role, name):
    client.force_login(role_user(make_role_user, role))
    response = client.get(url_of(name, objects))
    assert response.status_code == 302
    # Judges work on the public site, so the admin itself sends them to sign in.
    expected = (
        reverse("wagtailadmin_login") if role == roles.JUDGES else reverse("wagtailadmin_home")
    )
    assert response["Location"].split("?")[0] == expected


@pytest.mark.parametrize("name", ["upload", "mapping", "supplier"])
def test_people_without_the_permission_cannot_tell_missing_records_from_real_ones(
    client, make_role_user, objects, name
):
    client.force_login(role_user(make_role_user, roles.MODERATORS))
    real = client.get(url_of(name, objects))
    missing = client.get(url_of(name, {"upload": 999_999, "supplier": 999_999}))
    assert real.status_code == missing.status_code == 302
    assert real["Location"] == missing["Location"]


@pytest.mark.parametrize("name", VIEWS)
def test_editors_see_only_the_baseline(client, make_role_user, objects, name):
    client.force_login(role_user(make_role_user, roles.EDITORS))
    response = client.get(url_of(name, objects))
    if VIEWS[name][2] == "spend.view_baseline":
        assert response.status_code == 200
    else:
        assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("name", VIEWS)
def test_analysts_and_superusers_use_every_view(client, analyst, superuser, objects, name):
    for person in (analyst, superuser):
        client.force_login(person)
        response = client.get(url_of(name, objects), follow=True)
        assert response.status_code == 200


def test_the_menu_shows_local_spend_to_analysts_only(client, analyst, user, make_role_user):
    client.force_login(analyst)
    assert "Suppliers to review" in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(role_user(make_role_user, roles.MODERATORS))
    assert "Suppliers to review" not in client.get(reverse("wagtailadmin_home")).content.decode()


# Uploads


def post_and_follow(client, url, data):
    """POST, run the tasks it enqueued on commit (the import), then follow the redirect."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    if response.status_code != 302:
        return response
    followed = client.get(response["Location"], follow=True)
    followed.redirect_chain.insert(0, (response["Location"], 302))
    return followed


def upload(client, content, name="spend.csv"):
    data = content.encode() if isinstance(content, str) else content
    return post_and_follow(
        client, reverse("spend_admin:uploads"), {"file": SimpleUploadedFile(name, data)}
    )


def test_an_analyst_uploads_a_file_and_sees_the_outcome(client, analyst, worked_example_directory):
    client.force_login(analyst)
    response = upload(client, WORKED_EXAMPLE)

    content = response.content.decode()
    assert "The file is imported" in content
    assert "6 payments imported" in content
    assert "Review 2 suppliers" in content
    upload_record = SpendUpload.objects.get()
    assert upload_record.uploaded_by == analyst
    assert upload_record.status == SpendUpload.Status.COMPLETE
    assert Payment.objects.count() == 6


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "spend.csv", "The selected file is empty"),
        (b"a,b\n1,2\n", "spend.xlsx", "The selected file must be a CSV file"),
        (b"PK\x03\x04\x00\x00", "spend.csv", "The selected file must be a CSV file"),
    ],
)
def test_unreadable_files_are_refused_on_the_form(client, analyst, content, name, message):
    client.force_login(analyst)
    response = upload(client, content, name)
    assert message in response.content.decode()
    assert SpendUpload.objects.count() == 0


def test_no_file_chosen_asks_for_one(client, analyst):
    client.force_login(analyst)
    response = client.post(reverse("spend_admin:uploads"), {})
    assert "Select a spend file" in response.content.decode()


def test_a_file_over_50_mb_is_refused_on_the_form(client, analyst, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100 * 1024 * 1024
    client.force_login(analyst)
    response = upload(client, b"a" * (50 * 1024 * 1024 + 1))
    assert "The selected file must be smaller than 50 MB" in response.content.decode()
    assert SpendUpload.objects.count() == 0


def test_a_file_with_bad_rows_shows_each_problem_and_imports_nothing(client, analyst):
    client.force_login(analyst)
    text = (
        "Payment Date,Transaction Number,Amount,Supplier Name\n"
        "01/08/2025,T1,£5.00,Alpha\n"
        "01/08/2025,T2,five,Alpha\n"
    )
    content = upload(client, text).content.decode()
    assert "The file was not imported" in content
    assert "Amount “five” is not a sum of money in pounds and pence" in content
    assert "<td>3</td>" in content
    assert Payment.objects.count() == 0


def test_different_headings_go_through_the_column_mapping_step(client, analyst):
    client.force_login(analyst)
    text = "When,Ref,Net Value,Who\n01/08/2025,A1,£10,Alpha Ltd\n"
    response = upload(client, text)
    upload_record = SpendUpload.objects.get()
    assert response.redirect_chain[-1][0] == reverse("spend_admin:mapping", args=[upload_record.pk])
    assert upload_record.status == SpendUpload.Status.NEEDS_MAPPING
    assert Payment.objects.count() == 0

    mapping_url = reverse("spend_admin:mapping", args=[upload_record.pk])
    refused = client.post(mapping_url, {"payment_date": "When", "amount": "When"})
    content = refused.content.decode()
    assert "Select the column that holds the transaction number" in content
    assert "“When” is already chosen for payment date" in content

    done = post_and_follow(
        client,
        mapping_url,
        {
            "payment_date": "When",
            "transaction_number": "Ref",
            "amount": "Net Value",
            "supplier_name": "Who",
        },
    )
    assert "The file is imported" in done.content.decode()
    assert Payment.objects.get().amount == Decimal("10.00")
    # A finished upload cannot be mapped again.
    assert client.get(mapping_url)["Location"] == reverse(
        "spend_admin:upload", args=[upload_record.pk]
    )


def test_a_running_import_shows_its_progress(client, analyst):
    running = SpendUpload.objects.create(
        original_name="big.csv",
        status=SpendUpload.Status.RUNNING,
        total_rows=100_000,
        processed_rows=25_000,
    )
    client.force_login(analyst)
    content = client.get(reverse("spend_admin:upload", args=[running.pk])).content.decode()
    assert "Checked 25000 of about 100000 rows (25%)" in content
    assert "spend/refresh.js" in content


def test_an_import_that_stops_unexpectedly_says_so_instead_of_waiting_for_ever(
    client, analyst, django_capture_on_commit_callbacks
):
    queued = SpendUpload.objects.create(
        original_name="august.csv", status=SpendUpload.Status.QUEUED, column_mapping={}
    )
    # The stored file is gone (a storage outage, say): reading it fails in the worker.
    queued.file.name = "private/spend/gone.csv"
    queued.save()
    with django_capture_on_commit_callbacks(execute=True):
        queue_import(queued)
    queued.refresh_from_db()
    assert queued.status == SpendUpload.Status.FAILED
    assert queued.finished_at is not None
    client.force_login(analyst)
    content = client.get(reverse("spend_admin:upload", args=[queued.pk])).content.decode()
    assert "The file was not imported" in content
    assert "the import stopped before it finished" in content
    assert Payment.objects.count() == 0


def test_an_import_whose_worker_was_killed_is_marked_failed_by_the_scheduler(client, analyst):
    now = timezone.now()

    def running(**fields):
        return SpendUpload.objects.create(
            original_name="august.csv", status=SpendUpload.Status.RUNNING, **fields
        )

    killed = running(progress_at=now - STALLED_AFTER - timedelta(minutes=1))
    moving = running(progress_at=now - timedelta(minutes=5))
    done = SpendUpload.objects.create(
        original_name="july.csv",
        status=SpendUpload.Status.COMPLETE,
        progress_at=now - timedelta(days=1),
    )
    out = io.StringIO()
    call_command("fail_stalled_spend_imports", stdout=out)
    assert out.getvalue().strip() == "1 stalled spend import marked failed."

    statuses = dict(SpendUpload.objects.values_list("pk", "status"))
    assert statuses == {
        killed.pk: SpendUpload.Status.FAILED,
        moving.pk: SpendUpload.Status.RUNNING,
        done.pk: SpendUpload.Status.COMPLETE,
    }
    client.force_login(analyst)
    content = client.get(reverse("spend_admin:upload", args=[killed.pk])).content.decode()
    assert "The file was not imported" in content
    assert "the import stopped before it finished" in content
    assert "spend/refresh.js" not in content


# Review queue


def test_the_queue_lists_suppliers_to_review_with_their_spend(client, analyst):
    suggested = SupplierFactory(
        name="Alpha", organisation=OrganisationFactory(), match_status="suggested"
    )
    unmatched = SupplierFactory(name="Beta")
    decided = SupplierFactory(name="Gamma", match_status="classified", is_local=True)
    PaymentFactory(supplier=unmatched, amount=Decimal("1234.50"))
    client.force_login(analyst)
    content = client.get(reverse("spend_admin:review_queue")).content.decode()
    assert suggested.name in content and unmatched.name in content
    assert decided.name not in content
    assert "£1,234.50" in content
    decided_list = client.get(
        reverse("spend_admin:review_queue"), {"show": "decided"}
    ).content.decode()
    assert decided.name in decided_list and unmatched.name not in decided_list


def test_confirming_a_suggested_match(client, analyst):
    organisation = OrganisationFactory()
    supplier = SupplierFactory(
        organisation=organisation, match_status="suggested", match_method="name"
    )
    client.force_login(analyst)
    client.post(reverse("spend_admin:supplier", args=[supplier.pk]), {"action": "confirm"})
    supplier.refresh_from_db()
    assert supplier.match_status == Supplier.MatchStatus.CONFIRMED
    assert supplier.reviewed_by == analyst


def test_rejecting_then_linking_another_organisation(client, analyst):
    wrong, right = OrganisationFactory(), OrganisationFactory()
    supplier = SupplierFactory(organisation=wrong, match_status="suggested", match_method="name")
    client.force_login(analyst)
    url = reverse("spend_admin:supplier", args=[supplier.pk])
    client.post(url, {"action": "reject"})
    supplier.refresh_from_db()
    assert (supplier.organisation, supplier.rejected_organisation) == (None, wrong)

    refused = client.post(url, {"action": "link"})
    assert "Select the directory organisation" in refused.content.decode()
    client.post(url, {"action": "link", "organisation": right.pk})
    supplier.refresh_from_db()
    assert supplier.organisation == right
    assert supplier.match_status == Supplier.MatchStatus.CONFIRMED


def test_classifying_by_hand(client, analyst):
    supplier = SupplierFactory()
    client.force_login(analyst)
    url = reverse("spend_admin:supplier", args=[supplier.pk])
    refused = client.post(url, {"action": "classify", "is_local": "yes"})
    assert "Select whether the supplier is an sme" in refused.content.decode()
    client.post(
        url,
        {
            "action": "classify",
            "is_local": "yes",
            "is_sme": "no",
            "is_vcse": "unknown",
            "postcode": "po1 2al",
        },
    )
    supplier.refresh_from_db()
    assert (supplier.is_local, supplier.is_sme, supplier.is_vcse) == (True, False, None)
    assert supplier.postcode == "PO1 2AL"
    assert supplier.match_status == Supplier.MatchStatus.CLASSIFIED


# Dashboard and exports


@pytest.fixture
def imported(worked_example_directory, spend_file):
    from spend.services import import_spend_file

    import_spend_file(spend_file(WORKED_EXAMPLE))


def test_the_dashboard_shows_the_baseline_for_the_latest_year(client, analyst, imported):
    client.force_login(analyst)
    content = client.get(reverse("spend_admin:dashboard")).content.decode()
    assert "1 April 2025 to 31 March 2026" in content
    assert "£10,000.00" in content
    assert "<td>34.0%</td>" in content
    assert "Not yet classified" in content
    assert "£366.00" in content
    assert "<svg" in content
    assert "2 suppliers still to review" in content


def test_the_dashboard_filters_by_department_and_period(client, analyst, imported):
    client.force_login(analyst)
    content = client.get(
        reverse("spend_admin:dashboard"),
        {"start": "2025-06-01", "end": "2025-06-30", "department": "Children and Families"},
    ).content.decode()
    assert "1 June 2025 to 30 June 2025, Children and Families" in content
    assert "£2,000.00" in content


def test_a_period_that_ends_before_it_starts_is_refused(client, analyst, imported):
    client.force_login(analyst)
    response = client.get(
        reverse("spend_admin:dashboard"), {"start": "2025-06-30", "end": "2025-06-01"}
    )
    assert "The last day must be on or after the first day" in response.content.decode()
    assert response.context["baseline"] is None
    export = client.get(
        reverse("spend_admin:export_csv"), {"start": "2025-06-30", "end": "2025-06-01"}
    )
    assert export.status_code == 302


def test_csv_export_matches_the_dashboard_and_is_formula_safe(
    client, analyst, spend_measures_and_formula_supplier
):
    client.force_login(analyst)
    response = client.get(
        reverse("spend_admin:export_csv"), {"start": "2025-04-01", "end": "2026-03-31"}
    )
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="local-spend-20250401-20260331.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Local suppliers", "500.00", "100.0", "1", "0.00", "", "500.00"] in rows
    names = [row[0] for row in rows if row]
    assert '\'=HYPERLINK("http://example.com")' in names
    assert not any(name.startswith("=") for name in names)


def test_excel_export_is_formula_safe(client, analyst, spend_measures_and_formula_supplier):
    client.force_login(analyst)
    response = client.get(
        reverse("spend_admin:export_xlsx"), {"start": "2025-04-01", "end": "2026-03-31"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://example.com")' in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert next(
        row for row in sheet.iter_rows(values_only=True) if row[0] == "Local suppliers"
    ) == ("Local suppliers", 500, 100, 1, 0, None, 500)


@pytest.fixture
def spend_measures_and_formula_supplier(db):
    spend_measures()
    supplier = SupplierFactory(
        name='=HYPERLINK("http://example.com")', is_local=True, is_sme=True, is_vcse=False
    )
    PaymentFactory(supplier=supplier, amount=Decimal("500"), payment_date=date(2025, 5, 1))


def test_the_dashboard_takes_the_same_queries_whatever_the_number_of_payments(
    client, analyst, django_assert_max_num_queries
):
    spend_measures()
    client.force_login(analyst)
    suppliers = [SupplierFactory(is_local=index % 2 == 0) for index in range(40)]

    def queries_for_dashboard():
        with django_assert_max_num_queries(20) as captured:
            response = client.get(reverse("spend_admin:dashboard"))
        assert response.status_code == 200
        return len(captured)

    PaymentFactory.create_batch(5, supplier=suppliers[0])
    with_5 = queries_for_dashboard()
    for index in range(300):
        PaymentFactory(supplier=suppliers[index % 40], department=f"Department {index % 7}")
    assert queries_for_dashboard() == with_5
