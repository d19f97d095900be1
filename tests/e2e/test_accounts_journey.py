import re

import pytest
from django.core import mail

from portal.models import User
from tests.e2e.helpers import register, submit_with_errors

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_is_accessible(page, axe, home_page):
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Social value in Portsmouth"
    axe(page)


def test_search_results_are_accessible(page, axe, home_page):
    page.goto("/search/")
    page.get_by_label("Search guidance, the directory and more").fill("home")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=home"))
    assert "result" in page.get_by_role("status").inner_text()
    axe(page)


def test_register_verify_sign_in_and_out(page, axe, home_page):
    page.goto("/accounts/register/")
    axe(page)

    # Submitting an empty form shows the error summary, focused, and every field's error.
    summary = submit_with_errors(page, "Create account")
    assert "Enter your email address" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    axe(page)

    register(page, "Ada", "Lovelace", "Ada@Example.org", "analytical-engine-1843")
    assert "ada@example.org" in page.content()

    # Not verified yet: signing in is refused with a reason.
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("Password").fill("analytical-engine-1843")
    page.get_by_role("button", name="Sign in").click()
    assert "Confirm your email address first" in page.locator(".govuk-error-summary").inner_text()
    axe(page)

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/verify/\S+/", message.body).group(0)
    page.goto(link)
    page.wait_for_url("**/accounts/login/")
    assert "Your email address is confirmed" in page.content()

    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("Password").fill("analytical-engine-1843")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/")
    assert page.get_by_role("heading", name="Your account").is_visible()
    axe(page)
    assert User.objects.get(email="ada@example.org").email_verified_at is not None

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    assert "You have signed out" in page.content()
    assert page.get_by_role("link", name="Sign in").is_visible()


def test_keyboard_user_can_reach_sign_in_form(page, home_page):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    for _ in range(4):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_username":
            break
    assert page.evaluate("document.activeElement.id") == "id_username"
