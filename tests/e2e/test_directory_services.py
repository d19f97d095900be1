"""An owner adds a service to their profile; a moderator approves it; the public profile
shows it. axe checks the service form (with errors), the account page and the profile."""

import pytest

from directory.models import Service
from tests.directory.factories import MembershipFactory, OrganisationFactory
from tests.e2e.helpers import approve_in_moderation, expect_error_title, fill_in, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_owner_adds_a_service_a_moderator_approves_it(page, axe, login, home_page, make_role_user):
    organisation = OrganisationFactory(name="Spinnaker Sourdough", slug="spinnaker-sourdough")
    owner = MembershipFactory(organisation=organisation).user
    login(owner)
    page.goto("/accounts/organisations/spinnaker-sourdough/")
    page.get_by_role("link", name="Add a service").click()
    page.get_by_role("button", name="Send for moderation").click()
    page.locator(".govuk-error-summary").wait_for()
    expect_error_title(page)
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the name of the service" in summary and "Describe the service" in summary
    axe(page)  # the service form with errors

    fill_in(
        page,
        {
            "Name of the service": "Sourdough classes",
            "What the service is": "Learn to bake bread at home.",
            "Who can use it": "Anyone aged 16 or over",
            "What it costs": "£20 a class",
            "How to get it": "Book on our website",
            "Contact email address": "classes-and-bookings@spinnaker.example.org",
            "Phone number": "023 9283 4092",
            "Where it is offered": "Portsmouth",
        },
    )
    submit(page, "Send for moderation", "**/accounts/organisations/spinnaker-sourdough/")
    assert "Sourdough classes" in page.locator("table").first.inner_text()
    axe(page)  # the account page listing services

    approve_in_moderation(page, login, make_role_user, "Sourdough classes")
    assert Service.objects.published().filter(name="Sourdough classes").exists()

    page.context.clear_cookies()
    page.goto("/directory/spinnaker-sourdough/")
    assert page.get_by_role("heading", name="Sourdough classes").is_visible()
    axe(page)  # profile with a service
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
