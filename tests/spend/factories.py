"""Factories for the spend tests: directory organisations, suppliers, payments and the two
guidance measures the baseline reads."""

from datetime import date
from decimal import Decimal

import factory
from django.utils.text import slugify

from directory.models import Organisation, SizeBand
from guidance.models import Measure, Theme
from spend.models import Payment, SpendPage, SpendUpload, Supplier
from spend.parsing import normalise_name


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Invented Supplier {n} Ltd")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    status = Organisation.Status.PUBLISHED
    legal_form = "limited_company"
    size_band = SizeBand.SMALL
    is_local = True
    postcode = "PO1 2AL"


class SpendUploadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpendUpload

    original_name = factory.Sequence(lambda n: f"spend-{n}.csv")
    status = SpendUpload.Status.COMPLETE


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Payee {n} Ltd")
    normalised_name = factory.LazyAttribute(lambda o: normalise_name(o.name))


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    upload = factory.SubFactory(SpendUploadFactory)
    supplier = factory.SubFactory(SupplierFactory)
    transaction_number = factory.Sequence(lambda n: f"T{n:07d}")
    department = "Housing"
    payment_date = date(2025, 6, 1)
    amount = Decimal("1000.00")


def spend_measures(local_sme="0.09", vcse="0.12"):
    """The two measures as the guidance data migration seeds them (transactional tests
    flush that data), with proxy values that a test may change."""
    theme, _ = Theme.objects.get_or_create(code="growth", defaults={"name": "Growth"})
    for code, value in (("PSV-LOCALSME", local_sme), ("PSV-VCSE", vcse)):
        Measure.objects.update_or_create(
            code=code,
            defaults={
                "title": code,
                "theme": theme,
                "unit": "£1 spent",
                "proxy_value": Decimal(value),
                "edition": "Portsmouth 2021",
                "year": 2021,
                "source": "Social value roadmap",
                "active": True,
            },
        )


def spend_page(home, **kwargs):
    """The published "Our local spend" page for 2025 to 2026, under `home`."""
    page = SpendPage(
        title="Our local spend",
        slug="spend",
        period_label="2025 to 2026",
        period_start=date(2025, 4, 1),
        period_end=date(2026, 3, 31),
        **kwargs,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
