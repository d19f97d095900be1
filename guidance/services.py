"""Operations on TOMs data shared by the calculator page, the API and the admin import."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from guidance.calculator import InvalidCalculation, calculate, to_decimal
from guidance.models import Measure, Outcome, Theme
from portal import cache as page_cache
from portal.exports import safe_cell

CSV_COLUMNS = [
    "code",
    "theme",
    "outcome",
    "title",
    "unit",
    "proxy_value",
    "edition",
    "year",
    "source",
]
MAX_PROXY_VALUE = Decimal("9999999999")  # what Measure.proxy_value (14 digits, 4 places) holds


def _all_measures():
    return {measure.code: measure for measure in Measure.objects.select_related("theme")}


def measures_by_code(codes):
    """{code: Measure with its theme} for those of `codes` that exist, active or not.

    Every measure is kept in the worker per page-cache generation, so the calculator and its
    API price a request without a query; saving, adding or deleting a measure or a theme (the
    admin, the CSV import) starts a new generation, so a changed proxy value is used from the
    next request on.
    """
    table = page_cache.kept("toms-measures", None, _all_measures)
    return {code: table[code] for code in codes if code in table}


def calculate_from_codes(contract_value, lines, **options):
    """`calculate()` for (measure code, quantity) pairs, as the page and the API receive them.

    Raises InvalidCalculation with every problem, including unknown or inactive codes
    (keyed "lines.<n>.measure").
    """
    lines = list(lines)
    codes = {str(code).strip() for code, _ in lines if code}
    found = measures_by_code(codes)
    errors = {}
    resolved = []
    for index, (code, quantity) in enumerate(lines):
        code = str(code or "").strip()
        measure = found.get(code)
        if code and measure is None:
            errors[f"lines.{index}.measure"] = f"There is no measure with the code {code}"
        elif measure is not None and not measure.active:
            errors[f"lines.{index}.measure"] = f"Measure {code} is no longer in use"
            measure = None
        resolved.append((measure, quantity))
    try:
        result = calculate(contract_value, resolved, **options)
    except InvalidCalculation as invalid:
        raise InvalidCalculation({**invalid.errors, **errors}) from None
    return result


def calculation_rows(result):
    """The calculation as spreadsheet rows: one per line, then the totals and assumptions."""
    yield [
        "measure code",
        "measure",
        "theme",
        "unit",
        "proxy value (£ per unit)",
        "quantity",
        "gross value (£)",
        "social value (£)",
    ]
    for line in result.lines:
        yield [
            line.measure.code,
            line.measure.title,
            line.measure.theme,
            line.measure.unit,
            line.measure.proxy_value.normalize(),
            line.quantity,
            line.gross,
            line.value,
        ]
    yield []
    for label, value in [
        ("contract value (£)", result.contract_value),
        ("total social value (£)", result.total),
        ("social value as % of contract value", result.percent_of_contract),
        ("social value per £1 of contract value (£)", result.value_per_pound),
        ("deadweight (%)", result.deadweight),
        ("displacement (%)", result.displacement),
        ("attribution (%)", result.attribution),
        ("years", result.years),
        ("drop-off each later year (%)", result.drop_off),
        ("discount rate (%)", result.discount_rate),
    ]:
        yield [label, "" if value is None else value]
    for theme in result.themes:
        yield [f"value for theme {safe_cell(theme.theme)} (£)", theme.value]


class MeasureImportError(Exception):
    """The file cannot be imported; `errors` lists (line number or None, reason)."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"line {line}: {reason}" for line, reason in errors))


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int


def _read_rows(data):
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MeasureImportError([(None, "The file must be CSV saved as UTF-8")]) from None
    reader = csv.DictReader(io.StringIO(data))
    headers = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    if not headers:
        raise MeasureImportError([(None, "The file is empty")])
    missing = [column for column in CSV_COLUMNS if column not in headers]
    if missing:
        raise MeasureImportError(
            [(1, f"The header row is missing the column {column}") for column in missing]
        )
    reader.fieldnames = headers
    return reader


def import_measures(data):
    """Create or update measures from a National TOMs CSV (columns CSV_COLUMNS).

    Every row is checked first; if any row is bad nothing is written and MeasureImportError
    lists each bad row by its line number in the file (the header is line 1). Measures are
    matched on code; a theme is matched on its code or name; a missing outcome is created.
    """
    reader = _read_rows(data)
    themes = {}
    for theme in Theme.objects.all():
        themes[theme.code.lower()] = theme
        themes[theme.name.lower()] = theme
    errors = []
    rows = []
    seen = {}
    for row in reader:
        line = reader.line_num
        values = {column: (row.get(column) or "").strip() for column in CSV_COLUMNS}
        if not any(values.values()):
            continue
        problems = []
        code = values["code"]
        if not code:
            problems.append("enter a code")
        elif len(code) > 30:
            problems.append("the code must be 30 characters or fewer")
        elif code.lower() in seen:
            problems.append(f"the code {code} is also on line {seen[code.lower()]}")
        else:
            seen[code.lower()] = line
        theme = themes.get(values["theme"].lower())
        if theme is None:
            problems.append(f"there is no theme called {values['theme'] or '(blank)'}")
        for column, limit in [("title", 255), ("unit", 60), ("edition", 60), ("source", 255)]:
            if not values[column]:
                problems.append(f"enter the {column}")
            elif len(values[column]) > limit:
                problems.append(f"the {column} must be {limit} characters or fewer")
        if len(values["outcome"]) > 255:
            problems.append("the outcome must be 255 characters or fewer")
        proxy_value = to_decimal(values["proxy_value"])
        if proxy_value is None:
            problems.append(f"the proxy value {values['proxy_value'] or '(blank)'} is not a number")
        elif not Decimal("0") <= proxy_value <= MAX_PROXY_VALUE:
            problems.append("the proxy value must be between 0 and 9,999,999,999")
        elif proxy_value != proxy_value.quantize(Decimal("0.0001")):
            problems.append("the proxy value can have at most 4 decimal places")
        year = values["year"]
        if not (year.isdigit() and 1990 <= int(year) <= 2100):
            problems.append(f"the year {year or '(blank)'} must be a year such as 2024")
        if problems:
            message = "; ".join(problems)
            errors.append((line, message[0].upper() + message[1:]))
        else:
            rows.append((values, theme, proxy_value))
    if not rows and not errors:
        errors.append((None, "The file has no measures in it"))
    if errors:
        raise MeasureImportError(errors)

    created = updated = 0
    with transaction.atomic():
        for values, theme, proxy_value in rows:
            outcome = None
            if values["outcome"]:
                outcome, _ = Outcome.objects.get_or_create(theme=theme, title=values["outcome"])
            _, was_created = Measure.objects.update_or_create(
                code=values["code"],
                defaults={
                    "theme": theme,
                    "outcome": outcome,
                    "title": values["title"],
                    "unit": values["unit"],
                    "proxy_value": proxy_value,
                    "edition": values["edition"],
                    "year": int(values["year"]),
                    "source": values["source"],
                    "active": True,
                },
            )
            created += was_created
            updated += not was_created
    return ImportSummary(created, updated)
