"""The local spend baseline for a period and department, aggregated in the database.

A fixed number of queries whatever the number of payments: one aggregate for the period,
one for the previous period of the same length, one for the top suppliers, one for the
measures' proxy values.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum

from spend.models import LOCAL, SME, UNCLASSIFIED, VCSE, Payment

LOCAL_SME_MEASURE = "PSV-LOCALSME"
VCSE_MEASURE = "PSV-VCSE"
TOP_SUPPLIERS = 10
PENNY = Decimal("0.01")

# (key, label, short label for charts, condition); the order of every table and chart.
GROUPS = [
    ("local", "Local suppliers", "Local", LOCAL),
    ("sme", "Small and medium-sized enterprises (SMEs)", "SMEs", SME),
    ("vcse", "Voluntary, community and social enterprises (VCSEs)", "VCSEs", VCSE),
    ("local_sme", "Local SMEs", "Local SMEs", LOCAL & SME),
    ("local_vcse", "Local VCSEs", "Local VCSEs", LOCAL & VCSE),
    ("unclassified", "Not yet classified", "Not yet classified", UNCLASSIFIED),
]


@dataclass
class Group:
    key: str
    label: str
    short_label: str
    spend: Decimal
    suppliers: int
    share: Decimal | None
    previous_spend: Decimal
    previous_share: Decimal | None

    @property
    def change(self):
        return self.spend - self.previous_spend

    @property
    def share_change(self):
        if self.share is None or self.previous_share is None:
            return None
        return self.share - self.previous_share


@dataclass
class Baseline:
    start: date
    end: date
    department: str | None
    previous_start: date
    previous_end: date
    total: Decimal
    payments: int
    suppliers: int
    previous_total: Decimal
    groups: list = field(default_factory=list)
    top_suppliers: list = field(default_factory=list)
    local_sme_rate: Decimal | None = None
    vcse_rate: Decimal | None = None
    local_sme_benefit_spend: Decimal = Decimal("0")
    vcse_benefit_spend: Decimal = Decimal("0")

    @property
    def total_change(self):
        return self.total - self.previous_total

    def group(self, key):
        return next(group for group in self.groups if group.key == key)

    @property
    def local_sme_benefit(self):
        return _money(self.local_sme_benefit_spend * (self.local_sme_rate or 0))

    @property
    def vcse_benefit(self):
        return _money(self.vcse_benefit_spend * (self.vcse_rate or 0))

    @property
    def benefit(self):
        """Additional local economic benefit: local SME spend (not VCSE) at the PSV-LOCALSME
        rate plus VCSE spend at the PSV-VCSE rate; a local SME that is a VCSE counts once."""
        return self.local_sme_benefit + self.vcse_benefit

    @property
    def measures_missing(self):
        return self.local_sme_rate is None or self.vcse_rate is None


def _money(value):
    return Decimal(value or 0).quantize(PENNY, rounding=ROUND_HALF_UP)


def share(part, whole):
    """Percentage to one decimal place, or None when there is no positive total."""
    if not whole or whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def previous_period(start, end):
    length = (end - start).days + 1
    previous_end = start - timedelta(days=1)
    return previous_end - timedelta(days=length - 1), previous_end


def _aggregate(queryset):
    aggregates = {
        "total": Sum("amount"),
        "payments": Count("pk"),
        "suppliers": Count("supplier", distinct=True),
        "benefit_local_sme": Sum("amount", filter=LOCAL & SME & ~VCSE),
        "benefit_vcse": Sum("amount", filter=VCSE),
    }
    for key, _label, _short_label, condition in GROUPS:
        aggregates[f"{key}_spend"] = Sum("amount", filter=condition)
        aggregates[f"{key}_suppliers"] = Count("supplier", distinct=True, filter=condition)
    result = queryset.aggregate(**aggregates)
    return {
        key: (value if value is not None else (0 if "suppliers" in key else Decimal("0")))
        for key, value in result.items()
    }


def payments_in(start, end, department=None):
    queryset = Payment.objects.filter(payment_date__gte=start, payment_date__lte=end)
    if department:
        queryset = queryset.filter(department=department)
    return queryset


def compute_baseline(start, end, department=None, top=TOP_SUPPLIERS):
    from guidance.models import Measure

    previous_start, previous_end = previous_period(start, end)
    current = _aggregate(payments_in(start, end, department))
    previous = _aggregate(payments_in(previous_start, previous_end, department))
    baseline = Baseline(
        start=start,
        end=end,
        department=department,
        previous_start=previous_start,
        previous_end=previous_end,
        total=_money(current["total"]),
        payments=current["payments"],
        suppliers=current["suppliers"],
        previous_total=_money(previous["total"]),
        local_sme_benefit_spend=_money(current["benefit_local_sme"]),
        vcse_benefit_spend=_money(current["benefit_vcse"]),
    )
    for key, label, short_label, _condition in GROUPS:
        spend = _money(current[f"{key}_spend"])
        previous_spend = _money(previous[f"{key}_spend"])
        baseline.groups.append(
            Group(
                key=key,
                label=label,
                short_label=short_label,
                spend=spend,
                suppliers=current[f"{key}_suppliers"],
                share=share(spend, baseline.total),
                previous_spend=previous_spend,
                previous_share=share(previous_spend, baseline.previous_total),
            )
        )
    baseline.top_suppliers = list(
        payments_in(start, end, department)
        .values("supplier_id", "supplier__name")
        .annotate(
            spend=Sum("amount"),
            payments=Count("pk"),
            local=Count("pk", filter=LOCAL),
            sme=Count("pk", filter=SME),
            vcse=Count("pk", filter=VCSE),
            unclassified=Count("pk", filter=UNCLASSIFIED),
        )
        .order_by("-spend", "supplier__name")[:top]
    )
    for row in baseline.top_suppliers:
        row["share"] = share(row["spend"], baseline.total)
    rates = dict(
        Measure.objects.filter(code__in=[LOCAL_SME_MEASURE, VCSE_MEASURE], active=True).values_list(
            "code", "proxy_value"
        )
    )
    baseline.local_sme_rate = rates.get(LOCAL_SME_MEASURE)
    baseline.vcse_rate = rates.get(VCSE_MEASURE)
    return baseline


def departments():
    return list(
        Payment.objects.exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


def spend_years():
    """Financial years (1 April to 31 March) that have payments, newest first."""
    dates = Payment.objects.order_by("payment_date").values_list("payment_date", flat=True)
    first, last = dates.first(), dates.last()
    if first is None:
        return []
    start_year = first.year if first.month >= 4 else first.year - 1
    end_year = last.year if last.month >= 4 else last.year - 1
    return list(range(end_year, start_year - 1, -1))


def financial_year(year):
    return date(year, 4, 1), date(year + 1, 3, 31)
