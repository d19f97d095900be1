"""Delivery reports: the schedule, the supplier's report with evidence, verification with
its audit history, answers to queries, the profile total and the reminders."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contracts.models import AuditEntry, Commitment, Evidence, Report, ReportLine
from contracts.reminders import send_reminders
from contracts.reporting import expected_reports
from contracts.services import decide_line
from tests.contracts.factories import (
    CommitmentFactory,
    ContractFactory,
    ReportFactory,
    ReportLineFactory,
)
from tests.directory.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def commitment(contract):
    return CommitmentFactory(contract=contract, target_quantity=Decimal("100"))


def report_url(contract, kind="progress", start="2025-04-01"):
    return reverse("contracts:send_report", args=[contract.pk, kind, start])


def test_schedule_is_quarterly_with_the_three_data_points(contract, settings):
    settings.CONTRACTS_REPORT_DUE_DAYS = 30
    expected = expected_reports(contract)
    assert [(item.kind, item.period_start, item.period_end, item.due_on) for item in expected] == [
        ("baseline", date(2025, 4, 1), date(2025, 4, 1), date(2025, 5, 1)),
        ("progress", date(2025, 4, 1), date(2025, 6, 30), date(2025, 7, 30)),
        ("progress", date(2025, 7, 1), date(2025, 9, 30), date(2025, 10, 30)),
        ("progress", date(2025, 10, 1), date(2025, 12, 31), date(2026, 1, 30)),
        ("outcome", date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 30)),
        ("impact", date(2026, 4, 1), date(2027, 3, 31), date(2027, 4, 30)),
    ]


def test_supplier_sends_a_report_with_evidence(
    client, supplier_member, manager, contract, commitment
):
    client.force_login(supplier_member)
    assert client.get(report_url(contract)).status_code == 200
    evidence = SimpleUploadedFile("timesheets.pdf", PDF, content_type="text/html")
    response = client.post(
        report_url(contract),
        {f"quantity_{commitment.pk}": "25", "note": "<script>x</script>", "evidence": [evidence]},
    )
    assert response.status_code == 302
    report = Report.objects.get(contract=contract)
    assert (report.kind, report.period_end, report.submitted_by) == (
        "progress",
        date(2025, 6, 30),
        supplier_member,
    )
    line = report.lines.get()
    assert line.quantity == Decimal("25") and line.value == Decimal("401.75")
    assert line.status == ReportLine.Status.SUBMITTED
    stored = Evidence.objects.get(report=report)
    assert stored.original_name == "timesheets.pdf"
    assert stored.content_type == "application/pdf"  # from the checked file, not the browser
    assert "timesheets" not in stored.file.name
    assert AuditEntry.objects.filter(contract=contract, action="report sent").exists()
    detail = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    assert "£401.75" in detail

    client.force_login(manager)
    staff_page = client.get(reverse("contracts_admin:contract", args=[contract.pk]))
    assert "&lt;script&gt;x&lt;/script&gt;" in staff_page.content.decode()
    assert "<script>x</script>" not in staff_page.content.decode()

    # A second submit of the same report stores nothing more.
    client.force_login(supplier_member)
    again = client.post(report_url(contract), {f"quantity_{commitment.pk}": "25"})
    assert again.status_code == 302
    assert Report.objects.filter(contract=contract).count() == 1


@pytest.mark.parametrize(
    ("data", "files", "message"),
    [
        ({"q": "lots"}, [], "as a number, like 25"),
        ({"q": "-3"}, [], "must be 0 or more"),
        ({"q": ""}, [], "Enter the quantity delivered"),
        ({"q": "5"}, [("evil.exe", b"MZ")], "evil.exe must be a PDF, JPEG or PNG"),
        ({"q": "5"}, [("fake.pdf", b"not a pdf")], "fake.pdf is not a real PDF file"),
        ({"q": "5"}, [("big.pdf", PDF + b"0" * (5 * 1024 * 1024))], "big.pdf must be smaller than"),
        ({"q": "5"}, [(f"f{n}.pdf", PDF) for n in range(6)], "Select 5 files or fewer"),
    ],
)
def test_bad_reports_are_refused(
    client, supplier_member, contract, commitment, data, files, message
):
    client.force_login(supplier_member)
    post = {f"quantity_{commitment.pk}": data["q"]}
    post["evidence"] = [SimpleUploadedFile(name, content) for name, content in files]
    response = client.post(report_url(contract), post)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert "Error: " in response.content.decode()
    assert not Report.objects.exists()


def test_unknown_period_or_kind_is_404(client, supplier_member, contract, commitment):
    client.force_login(supplier_member)
    assert client.get(report_url(contract, start="2025-04-02")).status_code == 404
    assert client.get(report_url(contract, start="not-a-date")).status_code == 404
    assert client.get(report_url(contract, kind="bogus")).status_code == 404


@pytest.mark.parametrize("name", ["mine", "detail", "report", "propose"])
def test_other_people_cannot_see_a_suppliers_contract(
    client, other_user, contract, commitment, name
):
    urls = {
        "mine": reverse("contracts:mine"),
        "detail": reverse("contracts:detail", args=[contract.pk]),
        "report": report_url(contract),
        "propose": reverse("contracts:propose", args=[contract.pk]),
    }
    anonymous = client.get(urls[name])
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(other_user)
    response = client.get(urls[name])
    if name == "mine":
        assert contract.reference not in response.content.decode()
    else:
        assert response.status_code == 404


def test_supplier_sees_their_contracts_and_what_is_due(
    client, supplier_member, contract, commitment
):
    client.force_login(supplier_member)
    content = client.get(reverse("contracts:mine")).content.decode()
    assert "PCC-0001: School meals" in content
    assert "Late" in content  # the 2025 reports are past due
    assert client.get(reverse("contracts:detail", args=[contract.pk])).status_code == 200


def test_evidence_download_permissions(
    client, supplier_member, other_user, manager, contract, commitment
):
    report = ReportFactory(contract=contract)
    from contracts.services import add_evidence

    evidence = add_evidence(report, SimpleUploadedFile("proof.pdf", PDF), supplier_member)
    url = reverse("contracts:evidence", args=[evidence.pk])
    assert client.get(url).status_code == 302
    client.force_login(other_user)
    assert client.get(url).status_code == 404
    for person in (supplier_member, manager):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]


def test_manager_queries_then_verifies(
    client, manager, supplier_member, contract, commitment, django_capture_on_commit_callbacks
):
    line = ReportLineFactory(report=ReportFactory(contract=contract), commitment=commitment)
    client.force_login(manager)
    url = reverse("contracts_admin:decide_line", args=[contract.pk, line.pk])
    prefix = f"line-{line.pk}"
    # A query needs a message.
    response = client.post(url, {f"{prefix}-status": "queried", f"{prefix}-message": ""})
    assert response.status_code == 422
    assert "Tell the supplier why" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {f"{prefix}-status": "queried", f"{prefix}-message": "Send timesheets"})
    line.refresh_from_db()
    assert line.status == ReportLine.Status.QUERIED and line.decided_by == manager
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [supplier_member.email]
    assert "Send timesheets" in mail.outbox[0].body

    # The supplier answers with a corrected quantity.
    client.force_login(supplier_member)
    answer_url = reverse("contracts:answer", args=[contract.pk, line.pk])
    assert client.post(answer_url, {"quantity": "x", "reply": ""}).status_code == 422
    client.post(answer_url, {"quantity": "30", "reply": "Timesheets attached"})
    line.refresh_from_db()
    assert (line.status, line.quantity, line.value) == (
        "submitted",
        Decimal("30"),
        Decimal("482.10"),
    )

    client.force_login(manager)
    client.post(url, {f"{prefix}-status": "verified", f"{prefix}-message": ""})
    client.post(url, {f"{prefix}-status": "rejected", f"{prefix}-message": "late change"})
    line.refresh_from_db()
    assert line.status == ReportLine.Status.VERIFIED
    actions = list(
        AuditEntry.objects.filter(line=line).order_by("pk").values_list("action", "actor")
    )
    assert actions == [
        ("line queried", manager.pk),
        ("query answered", supplier_member.pk),
        ("line verified", manager.pk),
    ]
    page = client.get(reverse("contracts_admin:contract", args=[contract.pk])).content.decode()
    assert "Line verified" in page and "£482.10" in page


@pytest.mark.parametrize("who", ["anonymous", "supplier", "analyst"])
def test_only_contract_managers_verify(
    client, who, supplier_member, make_role_user, contract, commitment
):
    from portal import roles

    line = ReportLineFactory(report=ReportFactory(contract=contract), commitment=commitment)
    people = {"supplier": supplier_member, "analyst": make_role_user(roles.ANALYSTS)}
    roles.sync_role_permissions()
    if who in people:
        client.force_login(people[who])
    prefix = f"line-{line.pk}"
    client.post(
        reverse("contracts_admin:decide_line", args=[contract.pk, line.pk]),
        {f"{prefix}-status": "verified"},
    )
    line.refresh_from_db()
    assert line.status == ReportLine.Status.SUBMITTED


def test_line_of_another_contract_is_404(client, manager, contract):
    other = ReportLineFactory()
    client.force_login(manager)
    response = client.post(
        reverse("contracts_admin:decide_line", args=[contract.pk, other.pk]),
        {f"line-{other.pk}-status": "verified"},
    )
    assert response.status_code == 404


def test_profile_shows_verified_social_value(client, contract, commitment, supplier_org, manager):
    line = ReportLineFactory(
        report=ReportFactory(contract=contract), commitment=commitment, quantity=Decimal("100")
    )
    profile = reverse("directory:profile", args=[supplier_org.slug])
    assert "Social value for Portsmouth" not in client.get(profile).content.decode()
    decide_line(line, manager, ReportLine.Status.VERIFIED)
    content = client.get(profile).content.decode()
    assert "Social value for Portsmouth" in content
    assert "£1,607.00" in content


def test_supplier_proposes_a_commitment(client, supplier_member, contract, volunteering):
    client.force_login(supplier_member)
    url = reverse("contracts:propose", args=[contract.pk])
    assert client.get(url).status_code == 200
    data = {
        "measure": volunteering.pk,
        "target_quantity": "50",
        "period_start_day": "1",
        "period_start_month": "4",
        "period_start_year": "2025",
        "period_end_day": "31",
        "period_end_month": "3",
        "period_end_year": "2026",
        "deadweight": "0",
        "displacement": "0",
        "attribution": "0",
        "years": "1",
        "drop_off": "0",
        "note": "We can add a volunteering day",
    }
    bad = client.post(url, {**data, "period_end_month": "13"})
    assert bad.status_code == 422
    assert "Last day must be a real date" in bad.content.decode()
    assert client.post(url, data).status_code == 302
    proposal = Commitment.objects.get(contract=contract)
    assert proposal.status == Commitment.Status.PROPOSED
    assert proposal.committed_value == Decimal("803.50")
    assert proposal.proposed_by == supplier_member


def test_reminders_are_sent_once_before_and_once_when_late(
    contract, commitment, supplier_member, django_capture_on_commit_callbacks
):
    MembershipFactory(organisation=contract.organisation, role="member")
    ContractFactory()  # no organisation: nobody to remind
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today=date(2025, 4, 26)) == 1  # baseline due 1 May
    assert len(mail.outbox) == 1
    assert len(mail.outbox[0].to) == 2
    assert "Baseline at engagement" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today=date(2025, 4, 27)) == 0
        assert send_reminders(today=date(2025, 5, 2)) == 1  # now late
    assert "(LATE)" in mail.outbox[1].body


def test_reminders_command(contract, commitment, supplier_member):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("contracts_reminders", stdout=out)
    assert "reminder email" in out.getvalue()


def test_late_report_is_flagged(client, supplier_member, contract, commitment):
    client.force_login(supplier_member)
    client.post(report_url(contract), {f"quantity_{commitment.pk}": "10"})
    assert Report.objects.get().late is (timezone.localdate() > date(2025, 7, 30))
