"""A firm registers, creates its profile, waits for moderation; a moderator approves it in
the Wagtail admin; a buyer finds it with filters applied. axe checks every public screen."""

import re

import pytest
from django.core import mail

from directory.models import Organisation
from tests.directory.factories import OrganisationFactory, SectorFactory
from tests.e2e.helpers import (
    approve_in_moderation,
    expect_error_title,
    fill_in,
    register,
    submit,
)

pytestmark = pytest.mark.django_db(transaction=True)


def register_and_sign_in(page, email):
    page.goto("/accounts/register/")
    register(page, "Nia", "Baker", email, "seaside-sourdough-2026")
    link = re.search(r"https?://\S+/accounts/verify/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.wait_for_url("**/accounts/login/")
    fill_in(page, {"Email address": email, "Password": "seaside-sourdough-2026"})
    submit(page, "Sign in", "**/accounts/")


def test_register_create_profile_moderate_and_find_it(page, axe, login, home_page, make_role_user):
    SectorFactory(name="Bakery and food", slug="bakery")
    OrganisationFactory(name="Existing Ironworks", slug="ironworks")
    register_and_sign_in(page, "nia@bakery.example.org")

    page.get_by_role("link", name="Manage your organisation profiles").click()
    page.get_by_role("link", name="Create an organisation profile").click()
    page.get_by_role("button", name="Send for moderation").click()
    page.locator(".govuk-error-summary").wait_for()
    expect_error_title(page)
    assert "Enter your organisation's name" in page.locator(".govuk-error-summary").inner_text()
    axe(page)  # the edit form with errors

    page.get_by_label("Organisation name").fill("Spinnaker Sourdough")
    page.get_by_label("Community interest company (CIC)").check()
    page.get_by_label("Micro (fewer than 10 staff)").check()
    page.get_by_label("Postcode").fill("po4 0ab")
    page.get_by_label("What your organisation does").fill("Sourdough for cafés and events.")
    page.get_by_label("Goods and services").fill("bread, pastries, event catering")
    page.get_by_label("Bakery and food").check()
    page.get_by_label("We are open to partnerships and consortium bids").check()
    page.get_by_role("button", name="Send for moderation").click()
    page.wait_for_url("**/accounts/organisations/spinnaker-sourdough/")
    assert page.locator("#profile-status").inner_text() == "Awaiting moderation"
    axe(page)

    # Not in the public directory while it waits.
    page.goto("/directory/?q=sourdough")
    assert "0 organisations found" in page.get_by_role("status").inner_text()

    approve_in_moderation(page, login, make_role_user, "Spinnaker Sourdough")
    assert Organisation.objects.get(slug="spinnaker-sourdough").status == "published"
    assert "now published" in mail.outbox[-1].subject

    page.context.clear_cookies()
    page.goto("/directory/")
    page.get_by_label("Bakery and food").check()
    page.get_by_label("Local to Portsmouth only").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"sector=bakery"))
    assert "1 organisation found" in page.get_by_role("status").inner_text()
    assert page.get_by_role("link", name="Spinnaker Sourdough").is_visible()
    assert not page.get_by_role("link", name="Existing Ironworks").is_visible()
    axe(page)  # directory with filters applied

    page.get_by_role("link", name="Spinnaker Sourdough").click()
    page.wait_for_url("**/directory/spinnaker-sourdough/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Spinnaker Sourdough"
    axe(page)  # profile
    page.get_by_role("link", name="Contact this organisation").click()
    page.wait_for_url("**/directory/spinnaker-sourdough/contact/**")
    page.get_by_role("button", name="Send message").click()
    page.locator(".govuk-error-summary").wait_for()
    expect_error_title(page)
    axe(page)  # enquiry form with errors
    page.get_by_role("link", name="Back", exact=True).click()
    page.wait_for_url("**/directory/spinnaker-sourdough/?**")
    page.get_by_role("link", name="Back to results").click()
    page.wait_for_url(re.compile(r"/directory/\?.*sector=bakery"))
    assert page.get_by_label("Bakery and food").is_checked()


def test_empty_state_is_accessible(page, axe, home_page):
    OrganisationFactory(name="Existing Ironworks", slug="ironworks")
    page.goto("/directory/")
    page.get_by_label("Search the directory").fill("submarines")
    page.get_by_label("Search the directory").press("Enter")
    page.wait_for_url(re.compile(r"q=submarines"))
    assert "No organisations match your search" in page.content()
    axe(page)


def test_filters_work_without_javascript(browser, live_server, home_page):
    SectorFactory(name="Bakery and food", slug="bakery")
    OrganisationFactory(name="Existing Ironworks", slug="ironworks", is_local=False)
    OrganisationFactory(name="Local Loaves", slug="loaves")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/directory/")
        page.get_by_label("Local to Portsmouth only").check()
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(re.compile(r"local=yes"))
        assert "1 organisation found" in page.get_by_role("status").inner_text()
    finally:
        context.close()
