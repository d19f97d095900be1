"""Monthly figures for brokers and the council: hours, exchanges, active members, and the
social value of the hours at the volunteering proxy value (guidance measure PSV-VOL)."""

import calendar
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth

from guidance.models import Measure

from .models import Movement, Transfer

VOLUNTEERING_MEASURE = "PSV-VOL"


def volunteering_proxy():
    """The current £ value of one hour, as staff keep it in the TOMs measures."""
    measure = Measure.objects.active().filter(code=VOLUNTEERING_MEASURE).first()
    return measure.proxy_value if measure else None


def _exchange_movements(year):
    # Hours that stand: exchange transfers in the year that no broker has reversed.
    return Movement.objects.filter(
        transfer__kind=Transfer.Kind.EXCHANGE,
        transfer__reversed_by__isnull=True,
        transfer__exchange__date__year=year,
    ).order_by()


@dataclass
class MonthRow:
    month: int
    minutes: int = 0
    exchanges: int = 0
    active_members: int = 0
    value: Decimal | None = None

    @property
    def name(self):
        return calendar.month_name[self.month]

    @property
    def hours(self):
        return Decimal(self.minutes) / 60


@dataclass
class Report:
    year: int
    proxy: Decimal | None
    months: list = field(default_factory=list)
    by_category: list = field(default_factory=list)
    by_neighbourhood: list = field(default_factory=list)

    @property
    def total_minutes(self):
        return sum(row.minutes for row in self.months)

    @property
    def total_hours(self):
        return Decimal(self.total_minutes) / 60

    @property
    def total_exchanges(self):
        return sum(row.exchanges for row in self.months)

    @property
    def total_value(self):
        return (
            None
            if self.proxy is None
            else (self.total_hours * self.proxy).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        )

    @property
    def chart(self):
        """Bars for an SVG chart of hours per month, scaled to 200 units high."""
        top = max((row.minutes for row in self.months), default=0) or 1
        return [
            {
                "x": 40 + index * 50,
                "height": round(row.minutes * 200 / top),
                "y": 220 - round(row.minutes * 200 / top),
                "label": row.name[:3],
                "hours": row.hours,
            }
            for index, row in enumerate(self.months)
        ]


def _value(minutes, proxy):
    if proxy is None:
        return None
    return (Decimal(minutes) / 60 * proxy).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def monthly_report(year):
    proxy = volunteering_proxy()
    credits = _exchange_movements(year).filter(minutes__gt=0)
    per_month = {
        row["month"]: row
        for row in credits.annotate(month=ExtractMonth("transfer__exchange__date"))
        .values("month")
        .annotate(minutes=Sum("minutes"), exchanges=Count("transfer__exchange", distinct=True))
    }
    active = {
        row["month"]: row["members"]
        for row in _exchange_movements(year)
        .annotate(month=ExtractMonth("transfer__exchange__date"))
        .values("month")
        .annotate(members=Count("account", distinct=True))
    }
    report = Report(year=year, proxy=proxy)
    for month in range(1, 13):
        data = per_month.get(month, {})
        minutes = data.get("minutes") or 0
        report.months.append(
            MonthRow(
                month=month,
                minutes=minutes,
                exchanges=data.get("exchanges") or 0,
                active_members=active.get(month, 0),
                value=_value(minutes, proxy),
            )
        )
    for key, attribute in (
        ("transfer__exchange__category__name", "by_category"),
        ("account__neighbourhood", "by_neighbourhood"),
    ):
        rows = (
            credits.values(key)
            .annotate(minutes=Sum("minutes"), exchanges=Count("transfer__exchange", distinct=True))
            .order_by("-minutes", key)
        )
        getattr(report, attribute).extend(
            {
                "name": row[key] or "Not given",
                "minutes": row["minutes"],
                "hours": Decimal(row["minutes"]) / 60,
                "exchanges": row["exchanges"],
                "value": _value(row["minutes"], proxy),
            }
            for row in rows
        )
    return report
