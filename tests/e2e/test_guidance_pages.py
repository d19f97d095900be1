"""Guidance in a real browser: axe on the guidance pages, the TOMs list and the calculator,
and the calculator used with and without JavaScript."""

import re

import pytest

from guidance.demo import build_guidance
from tests.e2e.helpers import submit_with_errors
from tests.guidance.factories import roadmap_measures

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def guidance(home_page):
    roadmap_measures()
    context = {"home": home_page}
    build_guidance(context)
    return context["guidance"]


def test_guidance_index_pages_and_toms_list_are_accessible(page, axe, guidance):
    page.goto("/guidance/")
    assert page.get_by_role("heading", level=1).inner_text() == "Social value guidance"
    axe(page)

    page.get_by_role("link", name="The Portsmouth social value roadmap").click()
    page.wait_for_url("**/guidance/roadmap/")
    assert (
        page.get_by_role("navigation", name="Breadcrumb")
        .get_by_role("link", name="Social value guidance")
        .is_visible()
    )
    page.get_by_role("button", name=re.compile("Align and pilot")).click()
    assert page.get_by_text("Agree a shared definition").is_visible()
    axe(page)

    page.get_by_role("link", name=re.compile("Next page")).click()
    page.wait_for_url("**/guidance/toms-explained/")
    assert page.get_by_role("navigation", name="Contents").is_visible()
    assert page.get_by_text("£16.07 per hour").is_visible()
    axe(page)

    page.goto("/guidance/procurement-policy-notes/")
    assert page.get_by_role("region", name="Important").is_visible()
    axe(page)

    page.goto("/guidance/toms/")
    page.get_by_label("Theme").select_option("jobs")
    page.get_by_role("button", name="Show measures").click()
    page.wait_for_url(re.compile(r"theme=jobs"))
    assert page.get_by_role("status").inner_text().startswith("2 measures in the Jobs theme")
    axe(page)


def test_calculator_without_javascript(page, axe, guidance):
    # No script files load, as in a browser without JavaScript; axe still runs on the page.
    page.route(re.compile(r"\.m?js$"), lambda route: route.abort())
    page.goto("/guidance/calculator/")
    axe(page)

    # The error state: nothing filled in.
    summary = submit_with_errors(page, "Calculate social value")
    assert "Enter the contract value" not in summary.inner_text()
    assert "Add at least one measure and quantity" in summary.inner_text()
    axe(page)

    page.get_by_label("Contract value (£)").fill("1000000")
    page.locator("#id_measure_0").select_option("PSV-LOCALSME")
    page.locator("#id_quantity_0").fill("400000")
    page.get_by_role("button", name="Calculate social value").click()
    page.wait_for_url(re.compile(r"contract_value=1000000"))
    results = page.locator("#results")
    assert "£36,000.00" in results.inner_text()
    assert "3.6%" in results.inner_text()
    assert "£0.036 per £1" in results.inner_text()
    share_url = page.get_by_label("Link to this calculation").input_value()
    assert "measure_0=PSV-LOCALSME" in share_url
    axe(page)

    page.get_by_label("Round 1: income (£)").fill("100")
    page.get_by_label("Round 2: spent locally (£)").fill("60")
    page.get_by_label("Round 3: re-spent locally (£)").fill("30")
    page.get_by_role("button", name="Work out LM3").click()
    assert "LM3 multiplier: 1.90" in page.locator("#lm3-result").inner_text()
    assert page.locator("[data-live-total]").is_hidden()


def test_calculator_with_javascript_shows_a_live_total(page, axe, guidance):
    page.goto("/guidance/calculator/")
    page.get_by_label("Contract value (£)").fill("1000000")
    page.locator("#id_measure_0").select_option("PSV-VOL")
    page.locator("#id_quantity_0").fill("100")
    live = page.locator("[data-live-total]")
    live.get_by_text("£1,607.00").wait_for()
    assert "0.16% of the contract value" in live.inner_text()
    axe(page)

    page.get_by_text("Adjust for deadweight").click()
    page.get_by_label("Deadweight (%)").fill("25")
    live.get_by_text("£1,205.25").wait_for()
    page.get_by_role("button", name="Calculate social value").click()
    page.wait_for_url(re.compile(r"deadweight=25"))
    assert "£1,205.25" in page.locator("#results").inner_text()
