import datetime
import json
from decimal import Decimal

import factory
import wagtail_factories

from guidance.models import CalculatorPage, GuidanceIndexPage, GuidancePage, Measure, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Theme {n}")
    sort_order = factory.Sequence(lambda n: n + 10)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TEST-{n}")
    title = factory.Sequence(lambda n: f"Test measure {n}")
    theme = factory.SubFactory(ThemeFactory)
    unit = "hour"
    proxy_value = Decimal("10.00")
    edition = "Test edition"
    year = 2024
    source = "Test source"


def roadmap_measures():
    """The roadmap's themes and measures (transactional tests lose the migration's rows)."""
    from guidance.roadmap import seed

    seed(Theme, Measure)
    return {measure.code: measure for measure in Measure.objects.select_related("theme")}


class GuidanceIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GuidanceIndexPage

    title = "Social value guidance"
    slug = "guidance"
    intro = "<p>How the council measures social value.</p>"


def body(*blocks):
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


class GuidancePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GuidancePage

    title = factory.Sequence(lambda n: f"Guidance page {n}")
    summary = "A short summary of the page."
    body = factory.LazyFunction(
        lambda: body(
            ("heading", "First section"),
            ("rich_text", "<p>Some words about social value.</p>"),
        )
    )
    last_reviewed = datetime.date(2026, 1, 1)
    review_due = datetime.date(2030, 1, 1)


class CalculatorPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CalculatorPage

    title = "Social value calculator"
    slug = "calculator"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def guidance_tree(home):
    """/guidance/ with two guidance pages and the calculator, all published."""
    index = GuidanceIndexPage.objects.child_of(home).filter(slug="guidance").first()
    if index is None:
        index = publish(GuidanceIndexPageFactory(parent=home))
    first = publish(GuidancePageFactory(parent=index, slug="first", title="What social value is"))
    second = publish(GuidancePageFactory(parent=index, slug="second", title="Measuring it"))
    calculator = publish(CalculatorPageFactory(parent=index))
    return index, first, second, calculator
