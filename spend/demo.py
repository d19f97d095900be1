"""Demo spend: two financial years of generated payments and the public "Our local spend" page."""

import random
import tempfile
from datetime import date
from pathlib import Path

from directory.models import Organisation
from portal.demo_registry import demo_builder
from spend.generate import INVENTED_SUPPLIERS, UNREVIEWED_SUPPLIERS, write_spend_csv
from spend.models import SpendPage, SpendUpload, Supplier
from spend.parsing import normalise_name
from spend.services import classify_supplier, import_spend_file

DEMO_FILE = "demo-payments-over-500-2024-2026.csv"
PAYMENTS = 5000


def _suppliers():
    suppliers = [(name, reference) for name, reference, *_ in INVENTED_SUPPLIERS]
    for organisation in Organisation.objects.published().order_by("pk"):
        reference = organisation.companies_house_number or organisation.charity_number or ""
        suppliers.append((organisation.name, reference))
    suppliers += UNREVIEWED_SUPPLIERS
    random.Random(60).shuffle(suppliers)
    return suppliers


def _import_demo_file():
    if SpendUpload.objects.filter(original_name=DEMO_FILE).exists():
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / DEMO_FILE
        write_spend_csv(
            path, PAYMENTS, date(2024, 4, 1), date(2026, 3, 31), _suppliers(), prefix="DEMO-"
        )
        import_spend_file(path)
    # The council's finance team has already classified the invented suppliers.
    for name, _reference, is_local, is_sme, is_vcse in INVENTED_SUPPLIERS:
        supplier = Supplier.objects.filter(normalised_name=normalise_name(name)).first()
        if supplier and supplier.match_status == Supplier.MatchStatus.UNMATCHED:
            classify_supplier(
                supplier,
                None,
                is_local=is_local,
                is_sme=is_sme,
                is_vcse=is_vcse,
                postcode="PO1 2AL" if is_local else "",
            )


def _spend_page(home):
    if SpendPage.objects.exists():
        return
    page = SpendPage(
        title="Our local spend",
        slug="spend",
        period_label="April 2025 to March 2026",
        period_start=date(2025, 4, 1),
        period_end=date(2026, 3, 31),
        intro="<p>How much of the council's spending with suppliers stays in Portsmouth, "
        "and how much goes to small firms, charities and social enterprises.</p>",
    )
    home.add_child(instance=page)
    page.save_revision().publish()


@demo_builder(order=60)
def build_spend(context):
    _import_demo_file()
    _spend_page(context["home"])
