"""Importing spend files and matching their suppliers to the directory.

`import_spend_file(path)` is the whole import in one call (the `import_spend` command and the
benchmark use it); the admin upload calls `create_upload`, then `set_column_mapping` if staff
must match the columns, and `queue_import`, whose task runs `import_upload`.
"""

import codecs
import csv
import io
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from directory import matching
from portal.tasks import enqueue_on_commit
from spend.models import Payment, SpendUpload, Supplier
from spend.parsing import (
    field_label,
    guess_mapping,
    identifiers_from_reference,
    missing_fields,
    normalise_charity_number,
    normalise_company_number,
    normalise_name,
    parse_amount,
    parse_date,
)
from spend.tasks import import_spend_upload

MAX_FILE_SIZE = 50 * 1024 * 1024
PROGRESS_EVERY = 5000
ERRORS_KEPT = 200
IN_CHUNK = 500
PAYMENT_COLUMNS = [
    "upload_id",
    "supplier_id",
    "transaction_number",
    "body",
    "department",
    "expense_type",
    "payment_date",
    "amount",
]


# A spend file needs a handful of columns; a council export has a few dozen at most.
MAX_COLUMNS = 200
MAX_HEADING_LENGTH = 200
SAVE_AS_CSV = "In Excel choose File, Save As, and the type “CSV UTF-8 (Comma delimited) (*.csv)”"


class SpendFileError(ValueError):
    """The file cannot be read as a spend file at all; the message says why."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.code = code


def check_file(name, size):
    """The checks made before reading a file: its name and its size."""
    if not name.lower().endswith(".csv"):
        raise SpendFileError("The selected file must be a CSV file")
    if size == 0:
        raise SpendFileError("The selected file is empty")
    if size > MAX_FILE_SIZE:
        raise SpendFileError("The selected file must be smaller than 50 MB", code="file_too_large")


def _utf16(data):
    """The UTF-16 codec of data saved as UTF-16 (Excel's "Unicode" files), or None."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4:
        return "utf-16-be"
    return None


def decode(data):
    """Text of a CSV file saved as UTF-8 (with or without a BOM), UTF-16 or Windows-1252."""
    if not data.strip(b" \t\r\n\x00\xff\xfe"):
        raise SpendFileError("The selected file is empty")
    codec = _utf16(data)
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError as error:
            raise SpendFileError(
                f"The selected file could not be read as text. {SAVE_AS_CSV}"
            ) from error
    if b"\x00" in data[:65536]:
        raise SpendFileError(f"The selected file must be a CSV file. {SAVE_AS_CSV}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise SpendFileError("The selected file must be a CSV file") from error


def read_headers(text):
    try:
        headers = next(csv.reader(io.StringIO(text[:65536])), [])
    except csv.Error as error:
        raise SpendFileError("The selected file must be a CSV file") from error
    headers = [heading.strip() for heading in headers]
    if not any(headers):
        raise SpendFileError("The first line of the file must name the columns")
    if len(headers) == 1 and "\t" in headers[0]:
        raise SpendFileError(
            f"The columns in the selected file are separated by tabs, not commas. {SAVE_AS_CSV}"
        )
    if len(headers) > MAX_COLUMNS:
        raise SpendFileError(
            f"The selected file has {len(headers):,} or more columns; a spend file can have "
            f"at most {MAX_COLUMNS}. Delete the columns you do not need and upload it again"
        )
    if any(len(heading) > MAX_HEADING_LENGTH for heading in headers):
        raise SpendFileError(
            f"A column name in the first line is longer than {MAX_HEADING_LENGTH} characters. "
            "Check that the first line names the columns"
        )
    return headers


def create_upload(uploaded_file, user=None):
    """Store an uploaded file as a SpendUpload; its columns are matched if they can be."""
    check_file(uploaded_file.name, uploaded_file.size)
    data = uploaded_file.read()
    headers = read_headers(decode(data))
    mapping = guess_mapping(headers)
    upload = SpendUpload(
        original_name=Path(uploaded_file.name).name[:255],
        uploaded_by=user,
        headers=headers,
        column_mapping=mapping,
        status=(
            SpendUpload.Status.NEEDS_MAPPING
            if missing_fields(mapping)
            else SpendUpload.Status.QUEUED
        ),
    )
    upload.file.save(Path(uploaded_file.name).name, ContentFile(data), save=False)
    upload.save()
    return upload


def queue_import(upload):
    """Import the upload in the background once the current transaction commits."""
    enqueue_on_commit(import_spend_upload, upload.pk)


def set_column_mapping(upload, mapping):
    """Staff matched the columns: store their mapping and queue the import. False when the
    upload no longer waits for a mapping (it was sent already, from another tab)."""
    updated = SpendUpload.objects.filter(
        pk=upload.pk, status=SpendUpload.Status.NEEDS_MAPPING
    ).update(column_mapping=mapping, status=SpendUpload.Status.QUEUED)
    if updated:
        queue_import(upload)
    return bool(updated)


def import_spend_file(path, user=None, mapping=None, progress=None):
    """Import a spend CSV from disk in one call; returns the finished SpendUpload."""
    path = Path(path)
    check_file(path.name, path.stat().st_size)
    text = decode(path.read_bytes())
    headers = read_headers(text)
    upload = SpendUpload.objects.create(
        original_name=path.name[:255],
        uploaded_by=user,
        headers=headers,
        column_mapping=mapping or guess_mapping(headers),
    )
    return import_upload(upload, text=text, progress=progress)


@dataclass
class _Row:
    line: int
    transaction_number: str
    body: str
    department: str
    expense_type: str
    payment_date: object
    amount: object
    supplier_key: str


@dataclass
class _SupplierSeen:
    name: str
    reference: str
    companies_house_number: str
    charity_number: str


def _fail(upload, errors, error_count=None):
    upload.status = SpendUpload.Status.FAILED
    upload.errors = errors[:ERRORS_KEPT]
    upload.error_count = error_count if error_count is not None else len(errors)
    upload.finished_at = timezone.now()
    upload.save()
    return upload


# What an upload says when its import failed for a reason of the machine, not of the file.
IMPORT_STOPPED = (
    "The file may be fine: the import stopped before it finished. Upload it again; if it "
    "stops again, ask for the error in the task worker's log."
)
STOPPED_ERRORS = [{"line": None, "message": IMPORT_STOPPED}]


def run_queued_import(upload_id):
    """The background import of a queued upload. If it fails unexpectedly (its stored file
    gone, the database out of reach), the upload says so rather than showing as queued or
    running for ever; the error is raised again for the worker's log. Nothing is stored,
    as payments are stored in one transaction."""
    upload = SpendUpload.objects.filter(pk=upload_id, status=SpendUpload.Status.QUEUED).first()
    if upload is None:
        return
    try:
        import_upload(upload)
    except Exception:
        _fail(upload, STOPPED_ERRORS)
        raise


# A running import shows progress every PROGRESS_EVERY rows (a fraction of a second) and
# stores a file's payments in one transaction (seconds for 100,000): one that has not moved
# on for this long has stopped.
STALLED_AFTER = timedelta(minutes=30)


def fail_stalled_imports(now=None):
    """Marks failed the imports that stopped without an error (their worker was killed, by a
    deployment or for lack of memory, say), which would otherwise show as running for ever.
    Returns how many. Nothing of theirs was stored: payments are stored in one transaction."""
    now = now or timezone.now()
    since = now - STALLED_AFTER
    stalled = SpendUpload.objects.filter(
        Q(progress_at__lt=since) | Q(progress_at__isnull=True, created_at__lt=since),
        status=SpendUpload.Status.RUNNING,
    )
    return stalled.update(
        status=SpendUpload.Status.FAILED,
        errors=STOPPED_ERRORS,
        error_count=len(STOPPED_ERRORS),
        finished_at=now,
    )


def import_upload(upload, text=None, progress=None):
    """Check every row, then store all of it in one transaction or none of it.

    `progress(done, total)` is called every few thousand rows; the upload's own counters are
    updated at the same time, so the progress page can show them.
    """
    try:
        if text is None:
            with upload.file.open("rb") as handle:
                text = decode(handle.read())
        headers = read_headers(text)
    except SpendFileError as error:
        return _fail(upload, [{"line": None, "message": str(error)}])

    mapping = upload.column_mapping or guess_mapping(headers)
    problems = [
        {"line": 1, "message": f"The file has no column for {field_label(field).lower()}"}
        for field in missing_fields(mapping)
    ]
    problems += [
        {"line": 1, "message": f"There is no column called “{heading}”"}
        for heading in mapping.values()
        if heading and heading not in headers
    ]
    if problems:
        return _fail(upload, problems)

    upload.status = SpendUpload.Status.RUNNING
    upload.total_rows = max(text.count("\n") - 1, 0) or 1
    upload.processed_rows = 0
    upload.progress_at = timezone.now()
    upload.save(update_fields=["status", "total_rows", "processed_rows", "progress_at"])

    rows, suppliers, errors, error_count = _check_rows(text, headers, mapping, upload, progress)
    if error_count:
        return _fail(upload, errors, error_count)
    if not rows:
        return _fail(upload, [{"line": None, "message": "The file has no payments in it"}])

    try:
        with transaction.atomic():
            _store(upload, rows, suppliers)
    except IntegrityError:
        return _fail(
            upload,
            [
                {
                    "line": None,
                    "message": "Another upload stored some of the same payments at the same "
                    "time. Nothing was imported: upload the file again.",
                }
            ],
        )
    return upload


def _check_rows(text, headers, mapping, upload, progress):
    reader = csv.reader(io.StringIO(text))
    next(reader)
    column = {field: headers.index(heading) for field, heading in mapping.items() if heading}
    width = len(headers)
    rows, suppliers, errors = [], {}, []
    error_count = 0
    first_line_of = {}
    line = 2

    def problem(message):
        nonlocal error_count
        error_count += 1
        if len(errors) < ERRORS_KEPT:
            errors.append({"line": line, "message": message})

    def cell(record, field):
        index = column.get(field)
        if index is None or index >= len(record):
            return ""
        return record[index].strip()

    count = 0
    next_line = 2
    while True:
        line = next_line
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problem(f"The line cannot be read as CSV ({error})")
            break
        next_line = reader.line_num + 1
        if not any(value.strip() for value in record):
            continue
        count += 1
        if len(record) != width:
            problem(f"The line has {len(record)} columns but the headings have {width}")
        transaction_number = cell(record, "transaction_number")
        if not transaction_number:
            problem("Enter a transaction number")
        elif len(transaction_number) > 100:
            problem("The transaction number must be 100 characters or fewer")
        elif transaction_number in first_line_of:
            problem(
                f"Transaction number {transaction_number} is also on line "
                f"{first_line_of[transaction_number]}"
            )
        else:
            first_line_of[transaction_number] = line
        try:
            amount = parse_amount(cell(record, "amount"))
        except ValueError as error:
            amount = None
            problem(str(error))
        try:
            payment_date = parse_date(cell(record, "payment_date"))
        except ValueError as error:
            payment_date = None
            problem(str(error))
        name = cell(record, "supplier_name")
        key = normalise_name(name)
        if not key:
            problem("Enter the supplier name")
        if not error_count:
            if key not in suppliers:
                reference = cell(record, "supplier_id")
                company, charity = identifiers_from_reference(reference)
                suppliers[key] = _SupplierSeen(
                    name=name[:255],
                    reference=reference[:100],
                    companies_house_number=normalise_company_number(
                        cell(record, "companies_house_number")
                    )
                    or company,
                    charity_number=normalise_charity_number(cell(record, "charity_number"))
                    or charity,
                )
            rows.append(
                _Row(
                    line=line,
                    transaction_number=transaction_number,
                    body=cell(record, "body")[:255],
                    department=cell(record, "department")[:255],
                    expense_type=cell(record, "expense_type")[:255],
                    payment_date=payment_date,
                    amount=amount,
                    supplier_key=key[:255],
                )
            )
        if count % PROGRESS_EVERY == 0:
            SpendUpload.objects.filter(pk=upload.pk).update(
                processed_rows=count, progress_at=timezone.now()
            )
            if progress:
                progress(count, upload.total_rows)
    if count % PROGRESS_EVERY and progress:
        progress(count, count)
    upload.total_rows = count
    return rows, suppliers, errors, error_count


def _chunks(items, size=IN_CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _store(upload, rows, seen):
    suppliers = {}
    for chunk in _chunks(seen):
        for supplier in Supplier.objects.filter(normalised_name__in=chunk):
            suppliers[supplier.normalised_name] = supplier
    index = OrganisationIndex()
    new = []
    for key, details in seen.items():
        supplier = suppliers.get(key)
        if supplier is None:
            supplier = Supplier(
                name=details.name,
                normalised_name=key,
                supplier_reference=details.reference,
                companies_house_number=details.companies_house_number,
                charity_number=details.charity_number,
            )
            index.match(supplier)
            new.append(supplier)
        elif supplier.match_status == Supplier.MatchStatus.UNMATCHED:
            # Not decided by staff yet: the directory may know the supplier by now.
            supplier.companies_house_number = (
                supplier.companies_house_number or details.companies_house_number
            )
            supplier.charity_number = supplier.charity_number or details.charity_number
            if index.match(supplier):
                supplier.save()
    Supplier.objects.bulk_create(new, batch_size=1000)
    if any(supplier.pk is None for supplier in new):
        for chunk in _chunks(supplier.normalised_name for supplier in new):
            for supplier in Supplier.objects.filter(normalised_name__in=chunk):
                suppliers[supplier.normalised_name] = supplier
    else:
        suppliers.update({supplier.normalised_name: supplier for supplier in new})

    stored = set()
    for chunk in _chunks(row.transaction_number for row in rows):
        stored.update(
            Payment.objects.filter(transaction_number__in=chunk).values_list(
                "transaction_number", flat=True
            )
        )
    payments = [
        (
            upload.pk,
            suppliers[row.supplier_key].pk,
            row.transaction_number,
            row.body,
            row.department,
            row.expense_type,
            row.payment_date,
            row.amount,
        )
        for row in rows
        if row.transaction_number not in stored
    ]
    # A plain executemany: a model instance per row would make large files several times slower.
    quote = connection.ops.quote_name
    insert = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - constant names only
        quote(Payment._meta.db_table),
        ", ".join(quote(column) for column in PAYMENT_COLUMNS),
        ", ".join(["%s"] * len(PAYMENT_COLUMNS)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(payments), PROGRESS_EVERY):
            cursor.executemany(insert, payments[start : start + PROGRESS_EVERY])
    upload.status = SpendUpload.Status.COMPLETE
    upload.processed_rows = upload.total_rows
    upload.imported_count = len(payments)
    upload.duplicate_count = len(rows) - len(payments)
    upload.new_supplier_count = len(new)
    upload.errors = []
    upload.error_count = 0
    upload.finished_at = timezone.now()
    upload.save()


class OrganisationIndex(matching.OrganisationIndex):
    def match(self, supplier):
        """Link the supplier to an organisation if one fits; True if it changed."""
        found = self.find(
            supplier.normalised_name,
            supplier.companies_house_number,
            supplier.charity_number,
            rejected_id=supplier.rejected_organisation_id,
        )
        if not found:
            return False
        organisation, method = found
        supplier.organisation = organisation
        supplier.match_method = method
        supplier.match_status = (
            Supplier.MatchStatus.SUGGESTED
            if method == Supplier.MatchMethod.NAME
            else Supplier.MatchStatus.MATCHED
        )
        return True


# Staff decisions in the review queue. Each is remembered on the Supplier, so later uploads
# that name the same supplier use it.


def _decided(supplier, user, status, method=Supplier.MatchMethod.STAFF):
    supplier.match_status = status
    supplier.match_method = method
    supplier.reviewed_by = user
    supplier.reviewed_at = timezone.now()
    supplier.save()
    return supplier


def confirm_match(supplier, user, organisation=None):
    """Confirm the suggested organisation, or link the one staff chose."""
    if organisation is not None:
        supplier.organisation = organisation
        method = Supplier.MatchMethod.STAFF
    else:
        if supplier.organisation_id is None:
            raise ValueError("There is no suggested organisation to confirm")
        method = supplier.match_method or Supplier.MatchMethod.STAFF
    supplier.is_local = supplier.is_sme = supplier.is_vcse = None
    return _decided(supplier, user, Supplier.MatchStatus.CONFIRMED, method)


def reject_match(supplier, user):
    """Not this organisation: forget the link and never suggest it again."""
    supplier.rejected_organisation = supplier.organisation
    supplier.organisation = None
    supplier.match_method = ""
    supplier.match_status = Supplier.MatchStatus.UNMATCHED
    supplier.reviewed_by = user
    supplier.reviewed_at = timezone.now()
    supplier.save()
    return supplier


def classify_supplier(supplier, user, *, is_local, is_sme, is_vcse, postcode=""):
    """Record by hand what the supplier is, for suppliers the directory does not hold."""
    supplier.organisation = None
    supplier.is_local = is_local
    supplier.is_sme = is_sme
    supplier.is_vcse = is_vcse
    supplier.postcode = postcode.strip().upper()[:8]
    return _decided(supplier, user, Supplier.MatchStatus.CLASSIFIED)
