"""The baseline: the worked example's exact shares and benefit, periods, departments, and a
query count that does not grow with the number of payments."""

from datetime import date
from decimal import Decimal

import pytest

from guidance.models import Measure
from spend.baseline import compute_baseline, previous_period
from spend.models import Supplier
from spend.services import classify_supplier, confirm_match, reject_match
from tests.spend.conftest import WORKED_EXAMPLE
from tests.spend.factories import OrganisationFactory, PaymentFactory, SupplierFactory

pytestmark = pytest.mark.django_db

START, END = date(2025, 4, 1), date(2026, 3, 31)


@pytest.fixture
def worked_example(worked_example_directory, spend_file):
    from spend.services import import_spend_file

    import_spend_file(spend_file(WORKED_EXAMPLE))
    return worked_example_directory


def figures(baseline):
    return {group.key: (group.spend, group.share, group.suppliers) for group in baseline.groups}


def test_worked_example_gives_the_expected_shares_and_benefit(worked_example):
    baseline = compute_baseline(START, END)

    assert baseline.total == Decimal("10000.00")
    assert baseline.payments == 6
    assert baseline.suppliers == 4
    assert figures(baseline) == {
        # Harbour Bakery (1,000 + 500 - 100 credit note) and Pompey Youth Trust (2,000).
        "local": (Decimal("3400.00"), Decimal("34.0"), 2),
        "sme": (Decimal("3400.00"), Decimal("34.0"), 2),
        "vcse": (Decimal("2000.00"), Decimal("20.0"), 1),
        "local_sme": (Decimal("3400.00"), Decimal("34.0"), 2),
        "local_vcse": (Decimal("2000.00"), Decimal("20.0"), 1),
        # Mystery Supplies is in nobody's records: shown, never dropped.
        "unclassified": (Decimal("1600.00"), Decimal("16.0"), 1),
    }
    # 1,400 with a local SME that is not a VCSE at 9p, 2,000 with a VCSE at 12p.
    assert baseline.local_sme_benefit_spend == Decimal("1400.00")
    assert baseline.local_sme_benefit == Decimal("126.00")
    assert baseline.vcse_benefit == Decimal("240.00")
    assert baseline.benefit == Decimal("366.00")
    assert [row["supplier__name"] for row in baseline.top_suppliers] == [
        "Big National Facilities",
        "Pompey Youth Trust",
        "Mystery Supplies",
        "HARBOUR BAKERY LIMITED",
    ]
    assert baseline.top_suppliers[0]["share"] == Decimal("50.0")


def test_classifying_the_unmatched_supplier_moves_its_spend_out_of_unclassified(
    worked_example, user
):
    mystery = Supplier.objects.get(normalised_name="mystery supplies")
    classify_supplier(mystery, user, is_local=True, is_sme=True, is_vcse=False, postcode="po4 8aa")

    baseline = compute_baseline(START, END)
    assert figures(baseline)["local"] == (Decimal("5000.00"), Decimal("50.0"), 3)
    assert figures(baseline)["unclassified"] == (Decimal("0.00"), Decimal("0.0"), 0)
    assert baseline.benefit == Decimal("510.00")
    mystery.refresh_from_db()
    assert mystery.postcode == "PO4 8AA"


def test_rejecting_a_name_match_leaves_the_spend_unclassified(worked_example, user):
    national = Supplier.objects.get(normalised_name="big national facilities")
    reject_match(national, user)
    assert figures(compute_baseline(START, END))["unclassified"][0] == Decimal("6600.00")


def test_a_hand_classification_overrides_the_directory_profile(worked_example, user):
    national = Supplier.objects.get(normalised_name="big national facilities")
    confirm_match(national, user)
    assert national.match_status == Supplier.MatchStatus.CONFIRMED
    classify_supplier(national, user, is_local=True, is_sme=False, is_vcse=False)
    assert figures(compute_baseline(START, END))["local"][0] == Decimal("8400.00")


def test_staff_edited_proxy_values_flow_through(worked_example):
    Measure.objects.filter(code="PSV-LOCALSME").update(proxy_value=Decimal("0.50"))
    baseline = compute_baseline(START, END)
    assert baseline.local_sme_rate == Decimal("0.50")
    assert baseline.benefit == Decimal("700.00") + Decimal("240.00")


def test_an_inactive_measure_is_reported_missing(worked_example):
    Measure.objects.filter(code="PSV-VCSE").update(active=False)
    baseline = compute_baseline(START, END)
    assert baseline.measures_missing
    assert baseline.benefit == Decimal("126.00")


def test_previous_period_is_the_same_length_just_before():
    assert previous_period(date(2025, 4, 1), date(2026, 3, 31)) == (
        date(2024, 4, 1),
        date(2025, 3, 31),
    )
    assert previous_period(date(2025, 7, 1), date(2025, 7, 31)) == (
        date(2025, 5, 31),
        date(2025, 6, 30),
    )


def test_change_from_the_previous_period():
    local = SupplierFactory(is_local=True, is_sme=True, is_vcse=False)
    other = SupplierFactory(is_local=False, is_sme=False, is_vcse=False)
    PaymentFactory(supplier=local, payment_date=date(2024, 6, 1), amount=Decimal("100"))
    PaymentFactory(supplier=other, payment_date=date(2024, 6, 1), amount=Decimal("300"))
    PaymentFactory(supplier=local, payment_date=date(2025, 6, 1), amount=Decimal("600"))
    PaymentFactory(supplier=other, payment_date=date(2025, 6, 1), amount=Decimal("400"))

    baseline = compute_baseline(START, END)
    assert (baseline.total, baseline.previous_total) == (Decimal("1000.00"), Decimal("400.00"))
    assert baseline.total_change == Decimal("600.00")
    local_group = baseline.group("local")
    assert (local_group.share, local_group.previous_share) == (Decimal("60.0"), Decimal("25.0"))
    assert local_group.share_change == Decimal("35.0")
    assert local_group.change == Decimal("500.00")


def test_a_department_and_a_period_narrow_the_baseline():
    supplier = SupplierFactory(is_local=True, is_sme=True, is_vcse=False)
    PaymentFactory(supplier=supplier, department="Housing", amount=Decimal("100"))
    PaymentFactory(supplier=supplier, department="Transport", amount=Decimal("250"))
    PaymentFactory(supplier=supplier, payment_date=date(2026, 4, 1), amount=Decimal("999"))

    assert compute_baseline(START, END, "Transport").total == Decimal("250.00")
    assert compute_baseline(START, END).total == Decimal("350.00")
    assert compute_baseline(START, date(2026, 4, 1)).total == Decimal("1349.00")


def test_an_empty_period_has_no_shares():
    baseline = compute_baseline(START, END)
    assert baseline.total == Decimal("0.00")
    assert all(group.share is None for group in baseline.groups)
    assert baseline.top_suppliers == []


def test_an_organisations_profile_change_flows_into_the_baseline():
    organisation = OrganisationFactory(is_local=False, size_band="large")
    supplier = SupplierFactory(organisation=organisation, match_status="matched")
    PaymentFactory(supplier=supplier)
    assert figures(compute_baseline(START, END))["local"][0] == Decimal("0.00")
    organisation.is_local = True
    organisation.save()
    assert figures(compute_baseline(START, END))["local"][0] == Decimal("1000.00")


def _payments(count):
    organisations = [OrganisationFactory(is_vcse=index % 2 == 0) for index in range(5)]
    suppliers = [
        SupplierFactory(organisation=organisations[index % 5] if index % 3 else None)
        for index in range(count // 2 + 1)
    ]
    PaymentFactory.create_batch(count, supplier=factory_cycle(suppliers))


def factory_cycle(items):
    import factory

    return factory.Iterator(items)


@pytest.mark.parametrize("count", [5, 300])
def test_the_baseline_takes_the_same_queries_whatever_the_number_of_payments(
    count, django_assert_num_queries
):
    _payments(count)
    with django_assert_num_queries(4):
        baseline = compute_baseline(START, END)
        assert baseline.payments == count
