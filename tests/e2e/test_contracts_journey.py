"""Browser journey for contract social value: staff import the register and set a
commitment; the supplier reports with evidence; the manager queries, the supplier answers,
the manager verifies; the dashboards, the public summary and the directory profile show the
verified £. Every public page, and the staff pages' own content, pass axe."""

import pytest
from django.core import mail

from contracts.models import Commitment, Contract, ContractsSummaryPage, ReportLine
from portal import roles
from tests.contracts.factories import measure
from tests.directory.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)

REGISTER = (
    "Reference,Title,Supplier,Value,Start date,End date,Department\n"
    'PCC-7001,School meals,HARBOUR LIGHTS CATERING LIMITED,"£1,000,000",01/04/2025,31/03/2026,'
    "Children and Families\n"
    "PCC-7002,Grounds maintenance,Green Spaces Ltd,250000,01/04/2025,31/03/2027,Housing\n"
)
# The staff pages' own content; Wagtail's flash messages fade in, so they are left out.
STAFF_CONTENT = {"include": [["main"]], "exclude": [[".messages"]]}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_out(page):
    page.context.clear_cookies()


def test_contract_social_value_journey(page, login, axe, make_role_user, home_page, tmp_path):
    volunteering = measure("PSV-VOL")
    organisation = OrganisationFactory(
        name="Harbour Lights Catering Ltd", slug="harbour-lights-catering"
    )
    supplier = MembershipFactory(organisation=organisation).user
    manager = make_role_user(roles.CONTRACT_MANAGERS)
    roles.sync_role_permissions()
    summary = ContractsSummaryPage(title="Social value in our contracts", slug="contract-value")
    home_page.add_child(instance=summary)
    summary.save_revision().publish()
    register = tmp_path / "register.csv"
    register.write_text(REGISTER)
    evidence = tmp_path / "timesheets.pdf"
    evidence.write_bytes(PDF)

    # Staff import the register and set a commitment.
    login(manager)
    page.goto("/admin/contracts/import/")
    axe(page, context=STAFF_CONTENT)
    page.get_by_label("Contract register file").set_input_files(register)
    page.get_by_role("button", name="Import contracts").click()
    page.wait_for_load_state()
    assert "2 new contracts and 0 updated; 1 matched" in page.content()
    contract = Contract.objects.get(reference="PCC-7001")
    assert contract.organisation == organisation

    page.goto(f"/admin/contracts/{contract.pk}/")
    page.get_by_label("Target quantity").fill("0")
    page.get_by_role("button", name="Set commitment").click()
    page.wait_for_load_state()
    assert "The target quantity must be more than 0" in page.content()
    axe(page, context=STAFF_CONTENT)
    page.get_by_label("Measure").select_option(value=str(volunteering.pk))
    page.get_by_label("Target quantity").fill("100")
    page.get_by_role("button", name="Set commitment").click()
    page.wait_for_load_state()
    assert "valued at £1,607.00" in page.content()
    assert Commitment.objects.get(contract=contract).committed_value == 1607
    axe(page, context=STAFF_CONTENT)
    sign_out(page)

    # The supplier sends the first quarter's report with evidence.
    login(supplier)
    page.goto("/contracts/")
    axe(page)
    page.get_by_role("link", name="PCC-7001: School meals").click()
    page.wait_for_load_state()
    axe(page)
    page.goto(f"/contracts/{contract.pk}/reports/progress/2025-04-01/")
    page.get_by_label("PSV-VOL PSV-VOL").fill("many")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    axe(page)
    page.get_by_label("PSV-VOL PSV-VOL").fill("100")
    page.get_by_label("Evidence").set_input_files(evidence)
    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state()
    assert "has been sent to the contract manager" in page.content()
    line = ReportLine.objects.get(report__contract=contract)
    sign_out(page)

    # The manager queries the line; the supplier answers; the manager verifies it.
    login(manager)
    page.goto("/admin/contracts/to-verify/")
    axe(page, context=STAFF_CONTENT)
    page.goto(f"/admin/contracts/{contract.pk}/#line-{line.pk}")
    row = page.locator(f"#line-{line.pk}")
    row.get_by_label("Query (ask the supplier)").check()
    row.get_by_label("Message to the supplier").fill("Please send the volunteers' timesheets.")
    row.get_by_role("button", name="Save decision").click()
    page.wait_for_load_state()
    line.refresh_from_db()
    assert line.status == ReportLine.Status.QUERIED
    assert any("timesheets" in message.body for message in mail.outbox)
    sign_out(page)

    login(supplier)
    page.goto(f"/contracts/{contract.pk}/")
    page.get_by_role("link", name="Answer the query").click()
    page.wait_for_load_state()
    axe(page)
    page.get_by_label("Your answer").fill("Timesheets are attached to the report.")
    page.get_by_role("button", name="Send answer").click()
    page.wait_for_load_state()
    sign_out(page)

    login(manager)
    page.goto(f"/admin/contracts/{contract.pk}/")
    row = page.locator(f"#line-{line.pk}")
    row.get_by_label("Verify").check()
    row.get_by_role("button", name="Save decision").click()
    page.wait_for_load_state()
    line.refresh_from_db()
    assert line.status == ReportLine.Status.VERIFIED
    assert "Line verified" in page.content()
    axe(page, context=STAFF_CONTENT)
    page.goto("/admin/contracts/dashboard/")
    content = page.content()
    assert "£1,607.00" in content and "0.0013" in content  # 1,607 / 1,250,000
    axe(page, context=STAFF_CONTENT)
    sign_out(page)

    # The public summary and the supplier's directory profile show the verified £.
    page.goto(summary.url)
    assert "£1,607" in page.content()
    axe(page)
    page.goto("/directory/harbour-lights-catering/")
    assert "£1,607.00" in page.locator("main").inner_text()
    axe(page)
    page.set_viewport_size({"width": 320, "height": 800})
    for url in (summary.url, "/directory/harbour-lights-catering/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
