"""The rough edges found trying every journey on a phone, each checked in a real browser with
axe on every page visited: the time-bank exchange form without JavaScript, the calculator
without a contract value, and the GOV.UK date input."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.e2e.helpers import fill_date, submit_with_errors
from tests.timebank.factories import AccountFactory, ListingFactory
from timebank.models import Exchange

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def no_script_phone(browser, live_server):
    """A 375 px phone on which no script file loads, as for someone without JavaScript.
    (Turning JavaScript off in the browser would stop axe from running too.)"""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.route(re.compile(r"\.m?js(\?.*)?$"), lambda route: route.abort())
    yield page
    context.close()


def sign_in(page, user):
    from tests.factories import PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def fits(page):
    width, viewport = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return width <= viewport


def test_recording_an_exchange_from_a_listing_without_javascript(no_script_phone, axe, home_page):
    page = no_script_phone
    me = AccountFactory(display_name="Cal Member")
    owner = AccountFactory(display_name="Dot Gardener")
    AccountFactory(display_name="Dora Baker")
    listing = ListingFactory(account=owner, kind="offer", title="Pruning roses")
    sign_in(page, me.user)

    page.goto(f"/timebank/listings/{listing.pk}/")
    page.get_by_role("link", name="Record an exchange").click()
    page.wait_for_url(re.compile(r"listing="))
    # Someone else's offer: I received the help, from its owner, on this listing.
    assert page.get_by_label("I received the help").is_checked()
    assert page.get_by_label("Dot Gardener").is_checked()
    assert page.get_by_label(re.compile("^Listing")).input_value() == str(listing.pk)
    assert "1h30" in page.get_by_text(re.compile("steps of a quarter")).inner_text()
    assert fits(page)
    axe(page)

    # Searching adds members to choose from and keeps what was typed.
    page.get_by_label("Hours").fill("1h30")
    page.get_by_label("What was done").fill("Pruned the roses")
    page.get_by_label("Find the other member").fill("do")
    page.get_by_role("button", name="Find members").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text().startswith("1 member found")
    assert page.get_by_label("Dora Baker").is_visible()
    assert page.get_by_label("Dot Gardener").is_checked()
    assert page.get_by_label("Hours").input_value() == "1h30"
    assert page.get_by_label("What was done").input_value() == "Pruned the roses"
    assert fits(page)
    axe(page)

    # An error state: a date with no month.
    group = page.get_by_role("group", name="Date of the exchange")
    group.get_by_label("Day").fill("2")
    group.get_by_label("Year").fill(str(timezone.localdate().year))
    summary = submit_with_errors(page, "Record exchange")
    assert "Date must include a month" in summary.inner_text()
    assert summary.get_by_role("link").get_attribute("href") == "#id_date_month"
    assert "govuk-input--error" in group.get_by_label("Month").get_attribute("class")
    assert "govuk-input--error" not in group.get_by_label("Day").get_attribute("class")
    assert fits(page)
    axe(page)

    fill_date(page, "Date of the exchange", timezone.localdate() - datetime.timedelta(days=1))
    page.get_by_role("button", name="Record exchange").click()
    page.wait_for_url("**/timebank/exchanges/*/")
    axe(page)
    exchange = Exchange.objects.get()
    assert exchange.minutes == 90
    assert exchange.listing == listing
    assert {party.account for party in exchange.parties.all()} >= {me, owner}


def test_the_calculator_values_commitments_without_a_contract_value_on_a_phone(
    no_script_phone, axe, home_page
):
    from guidance.demo import build_guidance
    from tests.guidance.factories import roadmap_measures

    roadmap_measures()
    build_guidance({"home": home_page})
    page = no_script_phone
    page.goto("/guidance/calculator/")
    page.locator("#id_measure_0").select_option("PSV-VOL")
    page.locator("#id_quantity_0").fill("100")
    page.locator("#id_measure_1").select_option("PSV-LOCALSME")
    page.locator("#id_quantity_1").fill("400000")
    page.get_by_role("button", name="Calculate social value").click()
    page.wait_for_url(re.compile(r"quantity_0=100"))
    results = page.locator("#results")
    assert "100 hours" in results.inner_text()
    assert "£400,000 spent" in results.inner_text()
    assert "per £1" not in results.inner_text()
    assert "Contract value" not in results.inner_text()
    # The table reflows: each value shows its column's name on a phone.
    cell = results.locator("td[data-label='Social value']").first
    assert cell.evaluate("el => getComputedStyle(el, '::before').content") == '"Social value"'
    assert cell.evaluate("el => el.getBoundingClientRect().width") <= PHONE["width"]
    assert fits(page)
    axe(page)
