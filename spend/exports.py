"""The baseline as a table for CSV and Excel, safe to open in a spreadsheet."""

from openpyxl import Workbook

from portal.exports import safe_cell


def baseline_rows(baseline):
    department = baseline.department or "All departments"
    yield ["Local spend baseline"]
    yield ["Period", baseline.start.isoformat(), baseline.end.isoformat()]
    yield ["Department", department]
    yield [
        "Previous period",
        baseline.previous_start.isoformat(),
        baseline.previous_end.isoformat(),
    ]
    yield []
    yield [
        "Group",
        "Spend (£)",
        "Share of total (%)",
        "Suppliers",
        "Previous period spend (£)",
        "Previous period share (%)",
        "Change in spend (£)",
    ]
    yield [
        "All suppliers",
        baseline.total,
        100 if baseline.total > 0 else None,
        baseline.suppliers,
        baseline.previous_total,
        100 if baseline.previous_total > 0 else None,
        baseline.total_change,
    ]
    for group in baseline.groups:
        yield [
            group.label,
            group.spend,
            group.share,
            group.suppliers,
            group.previous_spend,
            group.previous_share,
            group.change,
        ]
    yield []
    yield ["Additional local economic benefit", "Spend counted (£)", "£ per £1", "Benefit (£)"]
    yield [
        "Local SMEs (PSV-LOCALSME)",
        baseline.local_sme_benefit_spend,
        baseline.local_sme_rate,
        baseline.local_sme_benefit,
    ]
    yield [
        "VCSEs (PSV-VCSE)",
        baseline.vcse_benefit_spend,
        baseline.vcse_rate,
        baseline.vcse_benefit,
    ]
    yield ["Total", None, None, baseline.benefit]
    yield []
    yield ["Top suppliers", "Spend (£)", "Share of total (%)", "Payments"]
    for row in baseline.top_suppliers:
        yield [row["supplier__name"], row["spend"], row["share"], row["payments"]]


def baseline_xlsx(baseline):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Baseline"
    for row in baseline_rows(baseline):
        sheet.append([safe_cell(value) for value in row])
    sheet.column_dimensions["A"].width = 52
    return workbook
