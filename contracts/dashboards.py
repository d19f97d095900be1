"""The figures the dashboards show: committed, delivered and verified £ per contract and across
the council, by department, by theme and over time; the value v cost ratio and the breakeven.

Each figure is one grouped query over the whole table, so a dashboard costs the same number of
queries whatever the number of contracts, commitments and reports.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum

from contracts.models import ZERO, Commitment, Contract, ReportLine, per_pound
from portal.cache import kept

VERIFIED = Q(status=ReportLine.Status.VERIFIED)


@dataclass
class Row:
    label: str
    committed: Decimal = ZERO
    delivered: Decimal = ZERO
    verified: Decimal = ZERO
    contracts: int = 0
    value: Decimal = ZERO  # contract value: staff dashboards only

    @property
    def ratio(self):
        return per_pound(self.verified, self.value)

    @property
    def committed_per_pound(self):
        return per_pound(self.committed, self.value)


@dataclass
class Figures:
    total: Row
    by_department: list = field(default_factory=list)
    by_theme: list = field(default_factory=list)
    over_time: list = field(default_factory=list)
    by_status: dict = field(default_factory=dict)
    management_cost: Decimal = ZERO

    @property
    def ratio(self):
        return self.total.ratio

    @property
    def breakeven(self):
        """The contract value at which verified social value equals the cost of managing it:
        management cost / (verified £ per £1 of contract value)."""
        ratio = self.total.ratio
        if not ratio:
            return None
        return (self.management_cost / ratio).quantize(Decimal("1"), rounding=ROUND_HALF_UP)

    @property
    def theme_chart(self):
        return chart(self.by_theme)

    @property
    def department_chart(self):
        return chart(self.by_department)

    @property
    def time_chart(self):
        return chart(self.over_time, series=("delivered", "verified"))


SERIES = {"committed": "Committed", "delivered": "Delivered", "verified": "Verified"}


def chart(rows, series=tuple(SERIES)):
    """An SVG bar chart's geometry (viewBox 100 wide): per row a label, then one bar per
    series, all on one scale so bars compare across rows."""
    top = max([getattr(row, name) for row in rows for name in series] or [ZERO]) or Decimal(1)
    items, y = [], 0.0
    for row in rows:
        items.append({"kind": "label", "y": round(y + 3.2, 1), "text": row.label})
        y += 4.5
        for name in series:
            amount = getattr(row, name)
            width = round(float(amount / top) * 96, 2)
            items.append(
                {
                    "kind": "bar",
                    "y": round(y, 1),
                    "width": max(width, 0.3),
                    "series": name,
                    "text": f"{SERIES[name]}: £{amount:,.2f}",
                }
            )
            y += 3.5
        y += 2
    return {
        "height": round(y, 1),
        "items": items,
        "series": [(name, SERIES[name]) for name in series],
    }


def _merge(rows, key, values, **fields):
    for item in values:
        label = item[key] or "Not given"
        row = rows.setdefault(label, Row(label))
        for name, source in fields.items():
            setattr(row, name, item[source] or getattr(row, name))


def _committed(commitments):
    return commitments.filter(status=Commitment.Status.ACCEPTED).order_by()


def _lines(lines):
    return lines.counted().exclude(status=ReportLine.Status.REJECTED).order_by()


def _line_sums():
    return {"delivered": Sum("value"), "verified": Sum("value", filter=VERIFIED)}


def _themes(commitments, lines):
    themes = {}
    _merge(
        themes,
        "measure__theme__name",
        _committed(commitments)
        .values("measure__theme__name", "measure__theme__sort_order")
        .annotate(committed=Sum("committed_value")),
        committed="committed",
    )
    _merge(
        themes,
        "commitment__measure__theme__name",
        _lines(lines).values("commitment__measure__theme__name").annotate(**_line_sums()),
        delivered="delivered",
        verified="verified",
    )
    return sorted(themes.values(), key=lambda row: row.label)


def council_figures(public=False):
    """Figures across every contract. `public` leaves out what is commercial: contract values,
    the ratio and the breakeven are for staff."""
    contracts = Contract.objects.filter(social_value_applies=True)
    commitments = Commitment.objects.filter(contract__social_value_applies=True)
    lines = ReportLine.objects.filter(report__contract__social_value_applies=True)

    departments = {}
    _merge(
        departments,
        "department",
        contracts.order_by().values("department").annotate(count=Count("pk"), total=Sum("value")),
        contracts="count",
        value="total",
    )
    _merge(
        departments,
        "contract__department",
        _committed(commitments)
        .values("contract__department")
        .annotate(committed=Sum("committed_value")),
        committed="committed",
    )
    _merge(
        departments,
        "report__contract__department",
        _lines(lines).values("report__contract__department").annotate(**_line_sums()),
        delivered="delivered",
        verified="verified",
    )
    by_department = sorted(departments.values(), key=lambda row: row.label)
    total = Row("All contracts")
    for row in by_department:
        for name in ("committed", "delivered", "verified", "contracts", "value"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    by_status = {}
    if not public:
        for item in (
            Contract.objects.filter(social_value_applies=True)
            .with_figures()
            .order_by()
            .values("sv_status")
            .annotate(count=Count("pk"))
        ):
            by_status[item["sv_status"]] = item["count"]
    if public:
        total.value = ZERO
        for row in by_department:
            row.value = ZERO
    return Figures(
        total=total,
        by_department=by_department,
        by_theme=_themes(commitments, lines),
        by_status=by_status,
        management_cost=Decimal(str(settings.CONTRACTS_MANAGEMENT_COST)),
    )


def kept_council_figures(public=False):
    """council_figures(), computed once by each worker until content is saved again (see
    portal.cache.kept): they read every contract, commitment and report line (0.4 s for
    240,000 lines on PostgreSQL) and change only when one of those is saved, each change
    recording an audit entry. Not while the page cache is off (development, tests)."""
    return kept("contracts-council-figures", public, lambda: council_figures(public))


def contract_figures(contract):
    """One contract: committed v delivered v verified, by theme and by reporting period."""
    commitments = contract.commitments.all()
    lines = ReportLine.objects.filter(report__contract=contract)
    by_theme = _themes(commitments, lines)
    total = Row(
        "This contract",
        committed=sum((row.committed for row in by_theme), ZERO),
        delivered=sum((row.delivered for row in by_theme), ZERO),
        verified=sum((row.verified for row in by_theme), ZERO),
        contracts=1,
        value=contract.value,
    )
    over_time = []
    for item in (
        _lines(lines)
        .values("report__period_start", "report__period_end")
        .annotate(**_line_sums())
        .order_by("report__period_start")
    ):
        over_time.append(
            Row(
                f"{item['report__period_start']:%-d %b %Y} to {item['report__period_end']:%-d %b %Y}",
                delivered=item["delivered"] or ZERO,
                verified=item["verified"] or ZERO,
            )
        )
    return Figures(total=total, by_theme=by_theme, over_time=over_time)
