"""Which reports a contract expects, and when each is due.

The three data points the roadmap asks for are report types: a baseline at engagement, the
outcomes at completion, and an impact follow-up a year after completion. Between them the
supplier reports progress every reporting period (quarterly by default); the last period is
the outcomes report. Each report is due CONTRACTS_REPORT_DUE_DAYS after its period ends (the
baseline that many days after the start).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from contracts.models import Report


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    # The same day of the month, or the month's last day.
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


@dataclass
class DueReport:
    kind: str
    period_start: date
    period_end: date
    due_on: date
    report: Report | None = None

    @property
    def label(self):
        return Report.Kind(self.kind).label

    def is_late(self, today):
        if self.report is not None:
            return self.report.late
        return today > self.due_on

    @property
    def key(self):
        return (self.kind, self.period_start)


def expected_reports(contract, reports=None):
    """Every report the contract expects, in order, each with its report once sent.

    `reports` may be the contract's reports already read (to save a query)."""
    due_days = timedelta(days=settings.CONTRACTS_REPORT_DUE_DAYS)
    start, end = contract.start_date, contract.end_date
    expected = [DueReport(Report.Kind.BASELINE, start, start, start + due_days)]
    period_start = start
    while period_start <= end:
        next_start = add_months(period_start, contract.reporting_months)
        period_end = min(next_start - timedelta(days=1), end)
        kind = Report.Kind.OUTCOME if period_end == end else Report.Kind.PROGRESS
        expected.append(DueReport(kind, period_start, period_end, period_end + due_days))
        period_start = next_start
    after = end + timedelta(days=1)
    follow_up_end = add_months(after, 12) - timedelta(days=1)
    expected.append(DueReport(Report.Kind.IMPACT, after, follow_up_end, follow_up_end + due_days))
    if reports is None:
        reports = contract.reports.all()
    sent = {(report.kind, report.period_start): report for report in reports}
    for item in expected:
        item.report = sent.get(item.key)
    return expected


def find_expected(contract, kind, period_start):
    for item in expected_reports(contract):
        if item.key == (kind, period_start):
            return item
    return None
