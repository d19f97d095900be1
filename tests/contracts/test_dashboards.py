"""Dashboards: committed v delivered v verified, value v cost ratio, breakeven, the public
summary without commercial details, and a constant number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.dashboards import contract_figures, council_figures
from contracts.models import Commitment, ContractsSummaryPage, Report, ReportLine
from tests.contracts.factories import (
    CommitmentFactory,
    ContractFactory,
    ReportFactory,
    ReportLineFactory,
    measure,
)

pytestmark = pytest.mark.django_db


def make_contract(department="Housing", value=Decimal("1000000"), verified=True, **kwargs):
    contract = ContractFactory(department=department, value=value, **kwargs)
    commitment = CommitmentFactory(contract=contract, measure=measure("PSV-VOL"))
    CommitmentFactory(
        contract=contract, measure=measure("PSV-VOL"), status=Commitment.Status.PROPOSED
    )
    report = ReportFactory(contract=contract)
    ReportLineFactory(
        report=report,
        commitment=commitment,
        quantity=Decimal("100"),
        status=ReportLine.Status.VERIFIED if verified else ReportLine.Status.SUBMITTED,
    )
    baseline = ReportFactory(
        contract=contract,
        kind=Report.Kind.BASELINE,
        period_start=contract.start_date.replace(day=2),
    )
    ReportLineFactory(report=baseline, commitment=commitment, status=ReportLine.Status.VERIFIED)
    return contract


def test_contract_figures(volunteering):
    contract = make_contract()
    figures = contract_figures(contract)
    # Only accepted commitments count; a baseline line is a starting point, not delivery.
    assert figures.total.committed == Decimal("1607.00")
    assert figures.total.delivered == Decimal("1607.00")
    assert figures.total.verified == Decimal("1607.00")
    assert figures.total.ratio == Decimal("0.0016")
    assert [row.label for row in figures.by_theme] == ["Social"]
    assert len(figures.over_time) == 1


def test_council_ratio_and_breakeven(volunteering, settings):
    settings.CONTRACTS_MANAGEMENT_COST = "2500"
    make_contract("Housing")
    make_contract("Finance", verified=False)
    make_contract("Finance", social_value_applies=False)
    figures = council_figures()
    assert figures.total.contracts == 2
    assert figures.total.value == Decimal("2000000.00")
    assert figures.total.committed == Decimal("3214.00")
    assert figures.total.delivered == Decimal("3214.00")
    assert figures.total.verified == Decimal("1607.00")
    # 1,607 / 2,000,000 = 0.0008 per £1; 2,500 / 0.0008 = £3,125,000
    assert figures.ratio == Decimal("0.0008")
    assert figures.breakeven == Decimal("3125000")
    housing = next(row for row in figures.by_department if row.label == "Housing")
    assert housing.ratio == Decimal("0.0016")
    assert figures.by_status == {"verified": 1, "reporting": 1}


def test_no_breakeven_before_anything_is_verified(volunteering):
    make_contract(verified=False)
    assert council_figures().breakeven is None


def test_dashboard_queries_do_not_grow_with_data(
    client, manager, volunteering, django_assert_max_num_queries
):
    client.force_login(manager)
    url = reverse("contracts_admin:dashboard")
    make_contract()
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for department in ("Housing", "Finance", "Children", "Adults", "Transport"):
        make_contract(department)
        make_contract(department, verified=False)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert "Transport" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "user", "supplier"])
def test_dashboard_is_for_staff(client, who, user, supplier_member):
    people = {"user": user, "supplier": supplier_member}
    if who in people:
        client.force_login(people[who])
    response = client.get(reverse("contracts_admin:dashboard"))
    assert response.status_code in (302, 403)


def test_analyst_and_superuser_see_the_dashboard(client, make_role_user, superuser):
    from portal import roles

    analyst = make_role_user(roles.ANALYSTS)
    roles.sync_role_permissions()
    for person in (analyst, superuser):
        client.force_login(person)
        assert client.get(reverse("contracts_admin:dashboard")).status_code == 200


def test_public_summary_has_no_commercial_details(client, home_page, volunteering):
    make_contract(
        "Housing",
        reference="SECRET-REF",
        supplier_name="Secret Supplier Ltd",
        value=Decimal("1234567"),
    )
    page = ContractsSummaryPage(
        title="Social value in our contracts", slug="contracts-social-value"
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    response = client.get(page.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "£1,607" in content
    assert "Housing" in content and "Social" in content
    for secret in ("SECRET-REF", "Secret Supplier", "1,234,567", "per £1"):
        assert secret not in content


def test_with_the_page_cache_on_the_dashboard_reads_the_figures_once_until_a_line_is_decided(
    client, manager, volunteering, settings, django_capture_on_commit_callbacks
):
    """The figures read every report line (240,000 in the benchmark: 0.4 s on PostgreSQL), so
    each worker keeps them until content changes; deciding a line records an audit entry,
    which starts a new generation once it commits."""
    from contracts import services

    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    client.force_login(manager)
    url = reverse("contracts_admin:dashboard")
    contract = make_contract("Housing", verified=False)
    line = ReportLine.objects.get(report__contract=contract, status=ReportLine.Status.SUBMITTED)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        assert "<dt>Verified</dt><dd>£0.00" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    figure_queries = [q for q in first.captured_queries if "contracts_reportline" in q["sql"]]
    assert figure_queries
    assert not [q for q in again.captured_queries if "contracts_reportline" in q["sql"]]

    with django_capture_on_commit_callbacks(execute=True):
        assert services.decide_line(line, manager, ReportLine.Status.VERIFIED)
    assert "<dt>Verified</dt><dd>£1,607.00" in client.get(url).content.decode()
