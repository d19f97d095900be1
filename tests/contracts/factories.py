"""Factories for the contract tests: contracts, commitments, reports and their lines."""

from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from contracts.models import Commitment, Contract, Report, ReportLine
from guidance.models import Measure, Theme

MEASURES = {
    # code: (theme code, theme name, unit, proxy value) as the guidance data migration seeds them
    "PSV-VOL": ("social", "Social", "hour", "16.07"),
    "PSV-APPRENTICE": ("jobs", "Jobs", "week", "207.40"),
}


def measure(code="PSV-VOL"):
    """A roadmap measure (transactional tests flush the migration's rows, so make it here)."""
    theme_code, theme_name, unit, proxy = MEASURES[code]
    theme, _ = Theme.objects.get_or_create(code=theme_code, defaults={"name": theme_name})
    found, _ = Measure.objects.update_or_create(
        code=code,
        defaults={
            "title": code,
            "theme": theme,
            "unit": unit,
            "proxy_value": Decimal(proxy),
            "edition": "Portsmouth 2021",
            "year": 2021,
            "source": "Social value roadmap",
            "active": True,
        },
    )
    return found


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    reference = factory.Sequence(lambda n: f"PCC-{n:05d}")
    title = factory.Sequence(lambda n: f"Invented contract {n}")
    department = "Housing"
    supplier_name = factory.Sequence(lambda n: f"Invented Supplier {n}")
    value = Decimal("1000000.00")
    start_date = date(2025, 4, 1)
    end_date = date(2026, 3, 31)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    contract = factory.SubFactory(ContractFactory)
    measure = factory.LazyFunction(measure)
    target_quantity = Decimal("100")
    period_start = factory.SelfAttribute("contract.start_date")
    period_end = factory.SelfAttribute("contract.end_date")
    status = Commitment.Status.ACCEPTED


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    contract = factory.SubFactory(ContractFactory)
    kind = Report.Kind.PROGRESS
    period_start = date(2025, 4, 1)
    period_end = date(2025, 6, 30)
    due_on = date(2025, 7, 30)
    submitted_at = factory.LazyFunction(timezone.now)


class ReportLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportLine

    report = factory.SubFactory(ReportFactory)
    commitment = factory.SubFactory(
        CommitmentFactory, contract=factory.SelfAttribute("..report.contract")
    )
    quantity = Decimal("25")
    value = factory.LazyAttribute(lambda line: line.commitment.value_of(line.quantity))
