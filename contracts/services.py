"""Operations that change contract social value: importing the register, setting and
accepting commitments, submitting reports with evidence, and verifying report lines. Each
records who did what in the contract's audit history."""

import csv
import io
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contracts.models import (
    AuditEntry,
    Category,
    Commitment,
    Contract,
    Evidence,
    MatchMethod,
    Report,
    ReportLine,
)
from directory import matching
from directory.models import normalise_charity_number, normalise_company_number
from portal.emails import send_templated_email
from portal.uploads import FILE_TYPES
from spend.parsing import parse_amount, parse_date

# The contract register export


class RegisterFileError(ValueError):
    """The file cannot be read as a contract register at all; the message says why."""


MAX_REGISTER_SIZE = 10 * 1024 * 1024
COLUMNS = {
    "reference": ("Reference", ["reference", "contract reference", "contract ref", "ref"]),
    "title": ("Title", ["title", "contract title", "description"]),
    "supplier": ("Supplier", ["supplier", "supplier name"]),
    "value": ("Value", ["value", "contract value", "total value"]),
    "start_date": ("Start date", ["start date", "start", "start_date"]),
    "end_date": ("End date", ["end date", "end", "end_date"]),
    "department": ("Department", ["department", "buyer department", "directorate"]),
    "category": ("Category", ["category", "type"]),
    "companies_house_number": ("Companies House number", ["companies house number"]),
    "charity_number": ("Charity number", ["charity number"]),
    "social_value": ("Social value applies", ["social value", "social value applies"]),
}
REQUIRED_COLUMNS = ["reference", "title", "supplier", "value", "start_date", "end_date"]
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    matched: int = 0
    errors: list = None  # [(line or None, message)]

    @property
    def ok(self):
        return not self.errors


def _heading(text):
    return " ".join(text.strip().lower().replace("_", " ").split())


def _decode(data):
    if not data.strip():
        raise RegisterFileError("The selected file is empty")
    if b"\x00" in data[:65536]:
        raise RegisterFileError("The selected file must be a CSV file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def check_register_file(name, size):
    if not name.lower().endswith(".csv"):
        raise RegisterFileError("The selected file must be a CSV file")
    if size == 0:
        raise RegisterFileError("The selected file is empty")
    if size > MAX_REGISTER_SIZE:
        raise RegisterFileError("The selected file must be smaller than 10 MB")


def import_register(data, user=None, dry_run=False):
    """Read the contract register export (bytes) and store every row, or none of them.

    Rows are matched by reference: a new reference adds a contract, a known one updates it.
    Suppliers are matched to the directory as the spend baseline matches them, unless staff
    chose the organisation by hand.
    """
    text = _decode(data)
    reader = csv.reader(io.StringIO(text))
    try:
        headers = [_heading(cell) for cell in next(reader, [])]
    except csv.Error as error:
        raise RegisterFileError("The selected file must be a CSV file") from error
    column = {}
    for field, (_label, names) in COLUMNS.items():
        for index, heading in enumerate(headers):
            if heading in names:
                column[field] = index
                break
    errors = [
        (1, f"The file has no column for {COLUMNS[field][0].lower()}")
        for field in REQUIRED_COLUMNS
        if field not in column
    ]
    if errors:
        return ImportResult(errors=errors)

    rows, seen = [], {}
    line = 1
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            row, problems = _read_row(record, column)
            if row.get("reference") in seen:
                problems.append(
                    f"Reference {row['reference']} is also on line {seen[row['reference']]}"
                )
            elif row.get("reference"):
                seen[row["reference"]] = line
            errors += [(line, message) for message in problems]
            rows.append(row)
    except csv.Error as error:
        errors.append((line + 1, f"The line cannot be read as CSV ({error})"))
    if not errors and not rows:
        errors.append((None, "The file has no contracts in it"))
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult(errors=[])
    try:
        with transaction.atomic():
            _store(rows, user, result)
            if dry_run:
                transaction.set_rollback(True)
    except IntegrityError:
        result = ImportResult(
            errors=[
                (
                    None,
                    "Another import changed the same contracts at the same time. Nothing "
                    "was imported: import the file again.",
                )
            ]
        )
    return result


def _read_row(record, column):
    def cell(field):
        index = column.get(field)
        return record[index].strip() if index is not None and index < len(record) else ""

    problems, row = [], {}
    row["reference"] = cell("reference")
    if not row["reference"]:
        problems.append("Enter the contract reference")
    elif len(row["reference"]) > 50:
        problems.append("The contract reference must be 50 characters or fewer")
    row["title"] = cell("title")
    if not row["title"]:
        problems.append("Enter the contract title")
    row["supplier_name"] = cell("supplier")
    if not row["supplier_name"]:
        problems.append("Enter the supplier")
    try:
        row["value"] = parse_amount(cell("value"))
        if row["value"] <= 0:
            problems.append("The contract value must be more than £0")
    except ValueError:
        problems.append(f"Value “{cell('value')}” is not a sum of money in pounds and pence")
    for field, label in (("start_date", "Start date"), ("end_date", "End date")):
        try:
            row[field] = parse_date(cell(field))
        except ValueError:
            problems.append(f"{label} “{cell(field)}” is not a real date written day first")
    if row.get("start_date") and row.get("end_date") and row["end_date"] < row["start_date"]:
        problems.append("The end date must be on or after the start date")
    row["department"] = cell("department")[:255]
    category = cell("category").lower()
    if category and category not in Category.values:
        problems.append(f"Category “{cell('category')}” must be goods, services or works")
    row["category"] = category or Category.SERVICES
    applies = cell("social_value").lower()
    if applies and applies not in YES | NO:
        problems.append(f"Social value applies “{cell('social_value')}” must be yes or no")
    row["social_value_applies"] = applies not in NO
    for field, normalise in (
        ("companies_house_number", normalise_company_number),
        ("charity_number", normalise_charity_number),
    ):
        row[field] = ""
        if cell(field):
            try:
                row[field] = normalise(cell(field))
            except ValidationError as error:
                problems.append(error.messages[0])
    row["title"] = row["title"][:255]
    row["supplier_name"] = row["supplier_name"][:255]
    return row, problems


def _store(rows, user, result):
    index = matching.OrganisationIndex()
    existing = {
        c.reference: c
        for c in Contract.objects.filter(reference__in=[r["reference"] for r in rows])
    }
    for row in rows:
        contract = existing.get(row["reference"]) or Contract(reference=row["reference"])
        created = contract.pk is None
        for field, value in row.items():
            setattr(contract, field, value)
        if contract.match_method != MatchMethod.STAFF:
            found = index.find(
                contract.supplier_name, contract.companies_house_number, contract.charity_number
            )
            contract.organisation, contract.match_method = found if found else (None, "")
        contract.save()
        result.matched += contract.organisation_id is not None
        if created:
            result.created += 1
        else:
            result.updated += 1
        record(contract, user, "imported" if created else "updated by import", describe(contract))


def match_supplier(contract):
    """Link a contract staff created by hand to its directory organisation if one fits."""
    if contract.organisation_id or contract.match_method == MatchMethod.STAFF:
        return contract
    found = matching.OrganisationIndex().find(
        contract.supplier_name, contract.companies_house_number, contract.charity_number
    )
    if found:
        contract.organisation, contract.match_method = found
        contract.save(update_fields=["organisation", "match_method"])
    return contract


# Audit history


def describe(contract):
    return (
        f"{contract.supplier_name}, £{contract.value:,.2f}, "
        f"{contract.start_date:%d %b %Y} to {contract.end_date:%d %b %Y}"
    )


def record(contract, user, action, detail="", line=None):
    return AuditEntry.objects.create(
        contract=contract,
        actor=user if user is not None and user.is_authenticated else None,
        action=action,
        detail=detail,
        line=line,
    )


# Commitments


def _describe(commitment):
    return (
        f"{commitment.target_quantity:,} {commitment.measure.unit} of {commitment.measure.code}, "
        f"{commitment.period_start:%d %b %Y} to {commitment.period_end:%d %b %Y}, "
        f"valued at £{commitment.committed_value:,.2f}"
    )


def add_commitment(commitment, user, proposed=False):
    """Save a new commitment: accepted when staff set it, proposed when the supplier does."""
    if proposed:
        commitment.status = Commitment.Status.PROPOSED
        commitment.proposed_by = user
    else:
        commitment.status = Commitment.Status.ACCEPTED
        commitment.decided_by = user
        commitment.decided_at = timezone.now()
    commitment.save()
    record(
        commitment.contract,
        user,
        "commitment proposed" if proposed else "commitment set",
        _describe(commitment),
    )
    return commitment


def decide_commitment(commitment, user, accept):
    """Staff accept or decline a commitment the supplier proposed; a repeat does nothing."""
    if commitment.status != Commitment.Status.PROPOSED:
        return commitment
    commitment.status = Commitment.Status.ACCEPTED if accept else Commitment.Status.DECLINED
    commitment.decided_by = user
    commitment.decided_at = timezone.now()
    commitment.save(update_fields=["status", "decided_by", "decided_at"])
    record(
        commitment.contract,
        user,
        "commitment accepted" if accept else "commitment declined",
        _describe(commitment),
    )
    return commitment


def remove_commitment(commitment, user):
    """Remove a commitment nobody has reported against; False if reports refer to it."""
    if commitment.lines.exists():
        return False
    description = _describe(commitment)
    contract = commitment.contract
    commitment.delete()
    record(contract, user, "commitment removed", description)
    return True


# Delivery reports


class AlreadySent(Exception):
    """The report for this period has been sent already (a double submit)."""


def commitments_for(contract, due):
    """The accepted commitments a report covers: every one for a baseline or an impact
    follow-up, those whose period overlaps the report's for progress and outcomes."""
    commitments = contract.commitments.filter(status=Commitment.Status.ACCEPTED).select_related(
        "measure__theme", "contract"
    )
    if due.kind in (Report.Kind.PROGRESS, Report.Kind.OUTCOME):
        commitments = commitments.filter(
            period_start__lte=due.period_end, period_end__gte=due.period_start
        )
    return list(commitments)


def submit_report(contract, due, user, quantities, note="", files=()):
    """Store a report with a line per commitment and its evidence, all or nothing."""
    now = timezone.now()
    try:
        with transaction.atomic():
            report = Report.objects.create(
                contract=contract,
                kind=due.kind,
                period_start=due.period_start,
                period_end=due.period_end,
                due_on=due.due_on,
                note=note,
                submitted_by=user,
                submitted_at=now,
                late=timezone.localdate(now) > due.due_on,
            )
            ReportLine.objects.bulk_create(
                ReportLine(
                    report=report,
                    commitment=commitment,
                    quantity=quantity,
                    value=commitment.value_of(quantity),
                )
                for commitment, quantity in quantities
            )
            for upload in files:
                add_evidence(report, upload, user)
            total = sum(commitment.value_of(quantity) for commitment, quantity in quantities)
            record(
                contract,
                user,
                "report sent",
                f"{report}: {len(quantities)} line{'s' if len(quantities) != 1 else ''} worth "
                f"£{total:,.2f}, {len(files)} evidence file{'s' if len(files) != 1 else ''}"
                + (" (late)" if report.late else ""),
            )
    except IntegrityError as error:
        raise AlreadySent from error
    return report


def add_evidence(report, upload, user):
    name = PurePath(upload.name).name[:255]
    evidence = Evidence(
        report=report,
        original_name=name,
        # From the checked extension, never from what the browser said.
        content_type=FILE_TYPES[PurePath(name).suffix.lower()][2],
        size=upload.size,
        uploaded_by=user,
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    return evidence


# Verification


def _line_detail(line, extra=""):
    commitment = line.commitment
    text = (
        f"{line.report}: {line.quantity:,} {commitment.measure.unit} of "
        f"{commitment.measure.code} (£{line.value:,.2f})"
    )
    return f"{text}. {extra}" if extra else text


def decide_line(line, user, status, message=""):
    """Verify, query or reject a report line. Only a line waiting for a decision changes, so
    a repeated submit does nothing; a query emails the supplier's members."""
    if status not in (
        ReportLine.Status.VERIFIED,
        ReportLine.Status.QUERIED,
        ReportLine.Status.REJECTED,
    ):
        raise ValueError(status)
    updated = ReportLine.objects.filter(pk=line.pk, status=ReportLine.Status.SUBMITTED).update(
        status=status, message=message, decided_by=user, decided_at=timezone.now()
    )
    if not updated:
        return False
    line.refresh_from_db()
    contract = line.report.contract
    record(
        contract,
        user,
        {"verified": "line verified", "queried": "line queried", "rejected": "line rejected"}[
            status
        ],
        _line_detail(line, message),
        line=line,
    )
    if status != ReportLine.Status.VERIFIED and contract.organisation_id:
        send_templated_email(
            contract.organisation.members_emails(),
            "contracts/email/line_decided",
            {"contract": contract, "line": line, "status": line.get_status_display()},
        )
    return True


def answer_query(line, user, quantity, reply):
    """The supplier answers a query: a corrected quantity and a reply; back to be verified."""
    commitment = line.commitment
    value = commitment.value_of(quantity)
    updated = ReportLine.objects.filter(pk=line.pk, status=ReportLine.Status.QUERIED).update(
        status=ReportLine.Status.SUBMITTED, quantity=quantity, value=value, reply=reply
    )
    if not updated:
        return False
    line.refresh_from_db()
    record(line.report.contract, user, "query answered", _line_detail(line, reply), line=line)
    return True
