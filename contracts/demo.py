"""Demo contracts: an invented register, commitments, reports with verified, queried and
waiting lines, a contract manager and the public summary page. Idempotent."""

from decimal import Decimal

from django.utils import timezone

from contracts import services
from contracts.models import Commitment, Contract, ContractsSummaryPage, ReportLine
from contracts.reporting import expected_reports
from guidance.models import Measure
from portal.demo_registry import demo_builder, demo_user
from portal.roles import CONTRACT_MANAGERS

MANAGER = "contracts.manager@example.org"

REGISTER = """Reference,Title,Supplier,Value,Start date,End date,Department,Category
DEMO-C-001,Civic offices cleaning,Harbourside Cleaning Co-operative,"£1,000,000",01/04/2025,31/03/2027,Property,services
DEMO-C-002,School meals in the north of the city,Spinnaker View Catering CIC,640000,01/09/2025,31/08/2026,Children and Families,services
DEMO-C-003,Highways resurfacing,Invented Roads Group PLC,"4,800,000",01/04/2025,31/03/2028,Transport,works
DEMO-C-004,Library book supply,Invented Books Ltd,85000,01/01/2026,31/12/2026,Culture,goods
"""

# (reference, measure code, quantity, deadweight %)
COMMITMENTS = [
    ("DEMO-C-001", "PSV-VOL", "100", "0"),
    ("DEMO-C-001", "PSV-APPRENTICE", "52", "10"),
    ("DEMO-C-002", "PSV-VOL", "60", "0"),
    ("DEMO-C-002", "PSV-CARELEAVER", "1", "25"),
    ("DEMO-C-003", "PSV-APPRENTICE", "208", "0"),
]


def _manager():
    return demo_user(MANAGER, "Connie", "Tract", role=CONTRACT_MANAGERS)


def _summary_page(home):
    if home is None or ContractsSummaryPage.objects.exists():
        return
    page = ContractsSummaryPage(
        title="Social value in our contracts",
        slug="contract-social-value",
        intro="<p>What the council's suppliers have committed to deliver for Portsmouth, "
        "what they report and what the council has checked.</p>",
        method_note="<p>Each commitment and each report is valued with the Portsmouth TOMs "
        "measures and the social value calculator. Only figures a contract manager has "
        "verified count as verified.</p>",
    )
    home.add_child(instance=page)
    page.save_revision().publish()


@demo_builder(order=70)
def build_contracts(context):
    manager = _manager()
    _summary_page(context.get("home"))
    if Contract.objects.filter(reference="DEMO-C-001").exists():
        return
    services.import_register(REGISTER.encode(), user=manager)
    measures = {m.code: m for m in Measure.objects.filter(code__in={c[1] for c in COMMITMENTS})}
    contracts = {c.reference: c for c in Contract.objects.filter(reference__startswith="DEMO-C-")}
    for reference, code, quantity, deadweight in COMMITMENTS:
        if code not in measures:
            continue
        contract = contracts[reference]
        services.add_commitment(
            Commitment(
                contract=contract,
                measure=measures[code],
                target_quantity=Decimal(quantity),
                deadweight=Decimal(deadweight),
                period_start=contract.start_date,
                period_end=contract.end_date,
            ),
            manager,
        )
    today = timezone.localdate()
    cleaning = contracts["DEMO-C-001"]
    if cleaning.organisation is None:
        return
    supplier = cleaning.organisation.memberships.first()
    supplier = supplier.user if supplier else None
    # The cleaning co-operative reported its baseline and first two quarters.
    sent = [due for due in expected_reports(cleaning) if due.due_on < today][:3]
    for number, due in enumerate(sent):
        commitments = services.commitments_for(cleaning, due)
        quantities = [(c, c.target_quantity / 8 + number) for c in commitments]
        report = services.submit_report(
            cleaning, due, supplier, quantities, note="Hours from our volunteering log."
        )
        for line in report.lines.select_related("commitment__measure", "report__contract"):
            if number < 2:
                services.decide_line(line, manager, ReportLine.Status.VERIFIED)
            elif line.commitment.measure.code == "PSV-APPRENTICE":
                services.decide_line(
                    line,
                    manager,
                    ReportLine.Status.QUERIED,
                    "Please send the apprentices' start dates.",
                )
