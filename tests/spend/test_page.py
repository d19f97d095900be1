"""The public "Our local spend" page and the demo content."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from portal.models import HomePage
from spend.demo import build_spend
from spend.models import Payment, SpendPage, SpendUpload, Supplier
from tests.spend.conftest import WORKED_EXAMPLE
from tests.spend.factories import (
    OrganisationFactory,
    PaymentFactory,
    SupplierFactory,
    spend_measures,
    spend_page,
)

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_headline_figures_for_its_period(
    client, home_page, worked_example_directory, spend_file
):
    from spend.services import import_spend_file

    import_spend_file(spend_file(WORKED_EXAMPLE))
    spend_page(home_page)

    response = client.get("/spend/")
    content = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Our local spend</h1>' in content
    assert "£10,000" in content
    assert "34.0%" in content  # local share
    assert "£366" in content  # benefit
    assert "Not yet classified" in content
    assert "<svg" in content and "govuk-table" in content
    # Staff-only detail stays in the admin.
    assert "Mystery Supplies" not in content


def test_a_department_page_reports_that_department_only(client, home_page):
    spend_measures()
    supplier = SupplierFactory(is_local=True, is_sme=True, is_vcse=False)
    PaymentFactory(supplier=supplier, department="Transport", amount=Decimal("700"))
    PaymentFactory(supplier=supplier, department="Housing", amount=Decimal("300"))
    spend_page(home_page, department="Transport")
    content = client.get("/spend/").content.decode()
    assert "by Transport" in content
    assert "£700" in content and "£1,000" not in content


def test_the_period_must_end_after_it_starts(home_page):
    page = SpendPage(
        title="Spend",
        slug="spend",
        period_label="Backwards",
        period_start=date(2026, 3, 31),
        period_end=date(2025, 4, 1),
    )
    with pytest.raises(ValidationError, match="after its start"):
        page.full_clean()


def test_editors_can_create_the_page_under_the_home_page_only(home_page):
    assert SpendPage.can_create_at(home_page)
    assert not SpendPage.can_create_at(SpendPage.get_first_root_node())
    spend_page(home_page)
    # One "Our local spend" page per site.
    assert not SpendPage.can_create_at(HomePage.objects.get())


@pytest.mark.parametrize("count", [5, 200])
def test_the_page_query_count_does_not_grow_with_payments(
    client, home_page, count, django_assert_max_num_queries
):
    spend_measures()
    suppliers = [SupplierFactory(is_local=True) for _ in range(5)]
    for index in range(count):
        PaymentFactory(supplier=suppliers[index % 5])
    spend_page(home_page)
    client.get("/spend/")
    with django_assert_max_num_queries(14):
        assert client.get("/spend/").status_code == 200


def test_the_demo_loads_two_years_of_spend_once(home_page):
    spend_measures()
    OrganisationFactory(name="Demo Bakery Ltd", companies_house_number="01234567")
    OrganisationFactory(name="Demo Youth Trust", charity_number="1123456", is_vcse=True)

    build_spend({"home": home_page})
    counts = (Payment.objects.count(), Supplier.objects.count(), SpendUpload.objects.count())
    build_spend({"home": home_page})

    assert counts == (5000, Supplier.objects.count(), 1)
    assert (Payment.objects.count(), SpendUpload.objects.count()) == (5000, 1)
    assert SpendPage.objects.get().url_path.endswith("/spend/")
    dates = Payment.objects.order_by("payment_date").values_list("payment_date", flat=True)
    assert dates.first() >= date(2024, 4, 1) and dates.last() <= date(2026, 3, 31)
    # Directory organisations are matched by their numbers; a few are left for review.
    assert Supplier.objects.filter(match_status="matched").count() == 2
    assert Supplier.objects.filter(match_status="unmatched").count() == 3
    assert Payment.objects.filter(amount__lt=0).exists()
