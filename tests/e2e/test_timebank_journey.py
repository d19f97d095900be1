import datetime

import pytest
from django.utils import timezone

from portal.roles import BROKERS
from tests.e2e.helpers import expect_error_title, fill_date, submit_with_errors
from tests.factories import UserFactory
from tests.timebank.factories import AccountFactory, CategoryFactory, ListingFactory
from timebank.models import Account, Exchange
from timebank.services import exchanges, ledger

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_join_approve_exchange_confirm_and_both_statements(
    page, axe, login, home_page, make_role_user
):
    CategoryFactory(slug="diy")
    broker = make_role_user(BROKERS)
    bea = AccountFactory(display_name="Bea K")
    applicant = UserFactory(first_name="Ada")

    login(applicant)
    page.goto("/timebank/")
    axe(page)
    page.get_by_role("link", name="Apply to join").click()
    page.wait_for_url("**/timebank/join/")
    axe(page)
    summary = submit_with_errors(page, "Send application")
    assert "Enter the name other members will see" in summary.inner_text()
    assert "Agree to the member terms to join" in summary.inner_text()
    axe(page)
    page.get_by_label("Name other members will see").fill("Ada L")
    page.get_by_label("Your postcode district").fill("PO4")
    page.get_by_label("Help you can offer").fill("Fixing bikes")
    page.get_by_label("I agree to the time bank member terms").check()
    page.get_by_role("button", name="Send application").click()
    page.wait_for_url("**/timebank/")
    assert "A broker is checking your application" in page.content()
    axe(page)
    sign_out(page)

    login(broker)
    page.goto("/timebank/broker/applications/")
    axe(page)
    page.get_by_role("link", name="Ada L").click()
    page.get_by_role("button", name="Save decision").click()
    assert "Select approve or decline" in page.locator(".govuk-error-summary").inner_text()
    axe(page)
    page.get_by_label("Approve").check()
    page.get_by_label("References have been checked").check()
    page.get_by_role("button", name="Save decision").click()
    page.wait_for_url("**/timebank/broker/applications/")
    assert "Ada L is now a member" in page.content()
    sign_out(page)

    login(applicant)
    page.goto("/timebank/")
    assert page.locator("#balance").inner_text() == "2:00"
    axe(page)
    page.get_by_role("link", name="Record an exchange").click()
    axe(page)
    page.get_by_label("I gave the help").check()
    page.get_by_label("Find the other member").fill("bea")
    page.get_by_role("button", name="Find members").click()
    page.get_by_label("Bea K").check()
    page.get_by_label("Hours").fill("0.1")
    fill_date(page, "Date of the exchange", timezone.localdate())
    page.get_by_label("What was done").fill("Fixed a bike chain")
    page.get_by_role("button", name="Record exchange").click()
    assert (
        "Enter hours in steps of a quarter of an hour"
        in page.locator(".govuk-error-summary").inner_text()
    )
    axe(page)
    page.get_by_label("Hours").fill("1.5")
    page.get_by_role("button", name="Record exchange").click()
    page.wait_for_url("**/timebank/exchanges/*/")
    assert "The exchange is recorded" in page.content()
    axe(page)
    assert Exchange.objects.get().status == Exchange.Status.AWAITING_CONFIRMATION
    sign_out(page)

    login(bea.user)
    page.goto("/timebank/")
    page.get_by_role("link", name="Fixed a bike chain").click()
    axe(page)
    page.get_by_role("button", name="Send answer").click()
    assert "Select yes or no" in page.locator(".govuk-error-summary").inner_text()
    axe(page)
    page.get_by_label("Yes, this is right").check()
    page.get_by_role("button", name="Send answer").click()
    page.wait_for_load_state()
    assert "You have confirmed the exchange" in page.content()
    page.goto("/timebank/statement/")
    row = page.get_by_role("row", name="Fixed a bike chain")
    assert "-1:30" in row.inner_text()
    axe(page)
    sign_out(page)

    login(applicant)
    page.goto("/timebank/statement/")
    row = page.get_by_role("row", name="Fixed a bike chain")
    assert "1:30" in row.inner_text() and "3:30" in row.inner_text()
    axe(page)
    assert Account.objects.get(user=applicant).balance == 210


def test_every_time_bank_page_is_accessible_with_its_errors(
    page, axe, login, home_page, make_role_user
):
    gardening = CategoryFactory(slug="gardening")
    member = AccountFactory(display_name="Cal M")
    owner = AccountFactory(display_name="Dot P")
    listing = ListingFactory(account=owner, category=gardening, title="Pruning roses")
    ledger.post_transfer(ledger.get_pot(), member, 120, kind="gift", reason="Welcome")
    exchange = exchanges.record_exchange(
        owner,
        providers=[owner],
        recipients=[member],
        minutes=60,
        date=timezone.localdate() - datetime.timedelta(days=1),
        description="Pruned the roses",
        listing=listing,
    ).exchange
    exchanges.respond_to_exchange(member, exchange, confirm=False, reason="Only half done")

    page.goto("/timebank/listings/")
    axe(page)
    page.get_by_label("Postcode district").fill("Southsea!")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**neighbourhood=*")
    expect_error_title(page)
    axe(page)

    login(member.user)
    page.goto(f"/timebank/listings/?category={gardening.pk}")
    page.get_by_role("link", name="Pruning roses").click()
    axe(page)
    page.get_by_role("link", name="Send a message to Dot P").click()
    page.get_by_role("button", name="Send message").click()
    assert "Enter your message" in page.locator(".govuk-error-summary").inner_text()
    axe(page)
    page.get_by_label("Your message").fill("Could you do the back garden too?")
    page.get_by_role("button", name="Send message").click()
    page.wait_for_url("**/timebank/messages/")
    axe(page)

    for url, button, message in [
        ("/timebank/listings/new/", "Save listing", "Select offer or request"),
        ("/timebank/donate/", "Give hours", "Enter the hours to give"),
        ("/timebank/close/", "Close my account", "Confirm that you want to close your account"),
    ]:
        page.goto(url)
        axe(page)
        page.get_by_role("button", name=button).click()
        assert message in page.locator(".govuk-error-summary").inner_text()
        axe(page)
    sign_out(page)

    login(owner.user)
    page.goto("/timebank/messages/")
    assert "Could you do the back garden too?" in page.content()
    assert member.user.email not in page.content()
    sign_out(page)

    login(make_role_user(BROKERS))
    for url in [
        "/timebank/broker/",
        "/timebank/broker/accounts/",
        "/timebank/broker/transfers/",
        "/timebank/broker/exchanges/",
        "/timebank/broker/reports/",
    ]:
        page.goto(url)
        axe(page)
    for url, button, message in [
        (f"/timebank/broker/exchanges/{exchange.pk}/", "Save decision", "Select approve or void"),
        (f"/timebank/broker/accounts/{member.pk}/limit/", "Save limit", "Enter the limit"),
        (
            f"/timebank/broker/transfers/{member.movements.get().transfer_id}/reverse/",
            "Reverse transfer",
            "Enter the reason",
        ),
    ]:
        page.goto(url)
        if "limit" in url:
            page.get_by_label("Lowest balance allowed, in hours").fill("")
        page.get_by_role("button", name=button).click()
        assert message in page.locator(".govuk-error-summary").inner_text()
        axe(page)
    page.goto("/timebank/broker/reports/?year=soon")
    expect_error_title(page)
    axe(page)
