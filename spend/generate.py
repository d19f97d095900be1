"""Generated spend files in the transparency format, for the demo and the import benchmark.
Every supplier here is invented."""

import csv
import random
from datetime import date, timedelta
from decimal import Decimal

HEADINGS = [
    "Body",
    "Service Area",
    "Expense Type",
    "Payment Date",
    "Transaction Number",
    "Amount",
    "Supplier Name",
    "Supplier ID",
]

DEPARTMENTS = [
    "Adult Social Care",
    "Children and Families",
    "Housing, Neighbourhood and Building Services",
    "Regeneration",
    "Culture, Leisure and Regulatory Services",
    "Transport",
    "Finance and Resources",
    "Public Health",
]

EXPENSE_TYPES = [
    "Contracted services",
    "Catering",
    "Building repairs and maintenance",
    "IT software and licences",
    "Consultancy",
    "Grants to voluntary organisations",
    "Equipment and furniture",
    "Vehicle hire",
]

# (name, supplier id, local, SME, VCSE): invented firms the directory does not hold.
INVENTED_SUPPLIERS = [
    ("Solent Shoreline Catering Ltd", "V10001", True, True, False),
    ("Fratton Fabrication Limited", "V10002", True, True, False),
    ("Hilsea Hire & Co", "V10003", True, True, False),
    ("Tipner Tarmac Ltd", "V10004", True, True, False),
    ("Milton Meadows Landscapes", "V10005", True, True, False),
    ("Eastney Electrical Services Ltd", "V10006", True, True, False),
    ("Southsea Print Works", "V10007", True, True, False),
    ("Copnor Community Transport CIC", "V10008", True, True, True),
    ("Landport Lunch Club", "V10009", True, True, True),
    ("Harbourside Housing Maintenance PLC", "V10010", True, False, False),
    ("Northern Quarter Care Homes Ltd", "V10011", False, True, False),
    ("Wessex Office Supplies Ltd", "V10012", False, True, False),
    ("Meridian Software Solutions Ltd", "V10013", False, True, False),
    ("Albion Facilities Group PLC", "V20001", False, False, False),
    ("Greystone Construction PLC", "V20002", False, False, False),
    ("Pinnacle Energy Supply Ltd", "V20003", False, False, False),
    ("Nationwide Vehicle Leasing PLC", "V20004", False, False, False),
    ("Crestline Consulting LLP", "V20005", False, False, False),
    ("Beacon Agency Staffing Ltd", "V20006", False, False, False),
    ("Keystone Waste Management PLC", "V20007", False, False, False),
    ("Orbital Telecoms Ltd", "V20008", False, False, False),
    ("Unity Mutual Insurance PLC", "V20009", False, False, False),
    ("Highfield Fostering Partnership", "V20010", False, True, True),
    ("Cathedral Youth Trust", "V20011", False, True, True),
]
# Left for staff to classify in the review queue.
UNREVIEWED_SUPPLIERS = [
    ("Portsdown Plant Hire", "V30001"),
    ("Anchorage Cleaning Co", "V30002"),
    ("Blue Harbour Events Ltd", "V30003"),
]


def _amount(rng):
    value = Decimal(str(round(min(rng.lognormvariate(7.6, 1.1), 250000), 2)))
    return max(value, Decimal("500.00"))


def _format_amount(amount):
    text = f"£{abs(amount):,.2f}"
    return f"({text})" if amount < 0 else text


def spend_rows(count, start, end, suppliers, seed=2026, prefix="TX"):
    """`count` rows of payments between `start` and `end`, to (name, id) suppliers, weighted
    towards the first suppliers listed; about one in fifty is a credit note."""
    rng = random.Random(seed)
    days = (end - start).days
    weights = [1 / (index + 3) for index in range(len(suppliers))]
    for number in range(1, count + 1):
        name, reference = rng.choices(suppliers, weights)[0]
        amount = _amount(rng)
        if rng.random() < 0.02:
            amount = -amount
        yield [
            "Portsmouth City Council",
            rng.choice(DEPARTMENTS),
            rng.choice(EXPENSE_TYPES),
            (start + timedelta(days=rng.randint(0, days))).strftime("%d/%m/%Y"),
            f"{prefix}{number:07d}",
            _format_amount(amount),
            name,
            reference,
        ]


def write_spend_csv(
    path, count, start=date(2024, 4, 1), end=date(2026, 3, 31), suppliers=None, prefix="TX"
):
    suppliers = suppliers or [(name, reference) for name, reference, *_ in INVENTED_SUPPLIERS]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADINGS)
        writer.writerows(spend_rows(count, start, end, suppliers, prefix=prefix))
    return path
