"""Spreadsheet-safe cells for every CSV and Excel download the portal offers.

Excel, LibreOffice and Google Sheets run a cell that starts with one of FORMULA_PREFIXES as a
formula, so text that people typed (an organisation's name, a survey answer, an exchange
description) could otherwise open as `=HYPERLINK(...)` on a member of staff's machine. Text
cells that start so get a leading apostrophe, which spreadsheets show as text. Numbers and
dates stay numbers and dates: a negative amount is data, not a formula.
"""

import csv
import datetime
import io
import itertools
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

# "=", "+", "-", "@" start formulas; tab, carriage return and newline let one through after
# a cell is trimmed; the full-width forms are folded to the plain ones by some spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

_VALUES = (bool, int, float, Decimal, datetime.date, datetime.time)


def safe_cell(value):
    """The value to write to a spreadsheet cell: None and numbers and dates as they are, any
    other value as text that cannot run as a formula."""
    if value is None or isinstance(value, _VALUES):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    """A file for csv.writer that hands each written line back instead of keeping it."""

    def write(self, line):
        return line


def csv_response(filename, rows, *, stream=False):
    """A CSV download named `filename` of `rows` (lists of cells, the header row first), every
    cell through safe_cell.

    With `stream` the rows are sent as they are made, for exports that grow with the data,
    after a byte order mark so that Excel reads the file as UTF-8.
    """
    writer = csv.writer(_Echo())
    lines = (writer.writerow([safe_cell(value) for value in row]) for row in rows)
    if stream:
        response = StreamingHttpResponse(
            itertools.chain(["\ufeff"], lines), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename, workbook):
    """An Excel download named `filename` of an openpyxl workbook (its cells written through
    safe_cell by the caller)."""
    output = io.BytesIO()
    workbook.save(output)
    return _attachment(HttpResponse(output.getvalue(), content_type=XLSX_CONTENT_TYPE), filename)


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class FormulaSafeExportMixin:
    """For Wagtail index and report views with `list_export`: Wagtail's CSV download writes
    cells as they are (its Excel download already stores formulas as text)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return safe_cell(value) if export_format == self.FORMAT_CSV else value


def formula_safe(view_class):
    """`view_class` with FormulaSafeExportMixin, for a ViewSet's `index_view_class`."""
    return type(view_class.__name__, (FormulaSafeExportMixin, view_class), {})
