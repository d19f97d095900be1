"""Reading the values councils put in "payments over £500" files: amounts, dates, column
headings and supplier names."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from directory.matching import normalise_name  # noqa: F401  (spend imports it from here)

AMOUNT_LIMIT = Decimal("999999999999.99")

# The fields a payment needs, the heading variants that mean each, and which are required.
FIELDS = {
    "body": ("Body", ["body", "bodyname", "organisation", "council", "authority"]),
    "department": (
        "Department or service area",
        [
            "department",
            "servicearea",
            "service",
            "directorate",
            "servicedivision",
            "serviceareacategorisation",
            "departmentfamily",
        ],
    ),
    "expense_type": (
        "Expense type",
        ["expensetype", "expensestype", "expensearea", "expensecategory", "category", "purpose"],
    ),
    "payment_date": (
        "Payment date",
        ["paymentdate", "date", "transactiondate", "dateofpayment", "datepaid", "paiddate"],
    ),
    "transaction_number": (
        "Transaction number",
        [
            "transactionnumber",
            "transactionno",
            "transactionid",
            "transactionref",
            "transactionreference",
            "paymentreference",
            "paymentnumber",
            "reference",
            "documentnumber",
        ],
    ),
    "amount": (
        "Amount",
        [
            "amount",
            "amountgbp",
            "netamount",
            "net",
            "value",
            "amountpaid",
            "paymentamount",
            "total",
        ],
    ),
    "supplier_name": (
        "Supplier name",
        ["suppliername", "supplier", "payee", "payeename", "vendor", "vendorname", "beneficiary"],
    ),
    "supplier_id": (
        "Supplier identifier",
        ["supplierid", "supplieridentifier", "suppliernumber", "supplierref", "vendorid"],
    ),
    "companies_house_number": (
        "Companies House number",
        ["companieshousenumber", "companynumber", "companyregistrationnumber", "crn"],
    ),
    "charity_number": (
        "Charity number",
        ["charitynumber", "registeredcharitynumber", "charityregistrationnumber"],
    ),
}
REQUIRED_FIELDS = ["payment_date", "transaction_number", "amount", "supplier_name"]


def _heading_key(heading):
    return re.sub(r"[^a-z0-9]", "", heading.lower())


def guess_mapping(headers):
    """{field: heading} for every field whose heading is recognised."""
    by_key = {}
    for heading in headers:
        by_key.setdefault(_heading_key(heading), heading)
    mapping = {}
    for field, (_label, variants) in FIELDS.items():
        for variant in variants:
            if variant in by_key and by_key[variant] not in mapping.values():
                mapping[field] = by_key[variant]
                break
    return mapping


def missing_fields(mapping):
    return [field for field in REQUIRED_FIELDS if not mapping.get(field)]


def field_label(field):
    return FIELDS[field][0]


def parse_amount(text):
    """'£1,234.50' -> 1234.50; '(250.00)', '-250', '250.00 CR' -> -250.00. ValueError if not."""
    value = (text or "").strip()
    if not value:
        raise ValueError("Enter an amount")
    credit = False
    if value.startswith("(") and value.endswith(")"):
        credit, value = True, value[1:-1].strip()
    elif value.upper().endswith("CR"):
        credit, value = True, value[:-2].strip()
    value = value.replace("£", "").replace("GBP", "").replace(",", "").replace(" ", "")
    pattern = r"(\d+(\.\d{1,2})?|\.\d{1,2})" if credit else r"-?(\d+(\.\d{1,2})?|\.\d{1,2})"
    if not re.fullmatch(pattern, value):
        raise ValueError(f"Amount “{text.strip()}” is not a sum of money in pounds and pence")
    negative = credit or value.startswith("-")
    value = value.lstrip("-")
    try:
        amount = Decimal(value)
    except InvalidOperation as error:  # pragma: no cover - the pattern above rules it out
        raise ValueError(f"Amount “{text.strip()}” is not a number") from error
    if amount > AMOUNT_LIMIT:
        raise ValueError(f"Amount “{text.strip()}” is too large")
    return -amount if negative else amount


DATE_FORMATS = [
    "%d/%m/%Y",
    "%d/%m/%y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d %b %y",
    "%Y/%m/%d",
]
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


@lru_cache(maxsize=8192)
def parse_date(text):
    """Day-first dates as UK councils write them, with or without a time. ValueError if not."""
    value = (text or "").strip()
    if not value:
        raise ValueError("Enter a payment date")
    value = _TIME_SUFFIX.sub("", value).strip()
    for fmt in DATE_FORMATS:
        try:
            parsed = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if parsed.year < 1990 or parsed > date(2100, 1, 1):
            break
        return parsed
    raise ValueError(f"Payment date “{text.strip()}” is not a real date written day first")


_COMPANY_NUMBER = re.compile(r"^(?:[A-Z]{2}\d{6}|\d{8})$")
_CHARITY_NUMBER = re.compile(r"^\d{6,7}$")


def normalise_company_number(value):
    value = re.sub(r"\s", "", (value or "")).upper()
    if re.fullmatch(r"\d{1,7}", value):
        value = value.zfill(8)
    return value if _COMPANY_NUMBER.match(value) else ""


def normalise_charity_number(value):
    value = re.sub(r"\s", "", (value or ""))
    return value if _CHARITY_NUMBER.match(value) else ""


def identifiers_from_reference(reference):
    """A supplier identifier column may hold a company or charity number: tell which."""
    value = re.sub(r"\s", "", (reference or "")).upper()
    if _COMPANY_NUMBER.match(value):
        return value, ""
    if _CHARITY_NUMBER.match(value):
        return "", value
    return "", ""
