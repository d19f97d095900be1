"""An owner adds a service to their profile; a moderator approves it; the public profile
shows it. axe checks the service form (with errors), the account page and the profile."""

import pytest

from directory.models import Service
from portal import roles
from tests.directory.factories import MembershipFactory, OrganisationFactory
from tests.e2e.helpers import expect_error_title

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

    page.get_by_label("Name of the service").fill("Sourdough classes")
    page.get_by_label("What the service is").fill("Learn to bake bread at home.")
    page.get_by_label("Who can use it").fill("Anyone aged 16 or over")
    page.get_by_label("What it costs").fill("£20 a class")
    page.get_by_label("How to get it").fill("Book on our website")
    page.get_by_label("Contact email address").fill("classes-and-bookings@spinnaker.example.org")
    page.get_by_label("Phone number").fill("023 9283 4092")
    page.get_by_label("Where it is offered").fill("Portsmouth")
    page.get_by_role("button", name="Send for moderation").click()
    page.wait_for_url("**/accounts/organisations/spinnaker-sourdough/")
    assert "Sourdough classes" in page.locator("table").first.inner_text()
    axe(page)  # the account page listing services

    moderator = make_role_user(roles.MODERATORS, is_staff=False)
    roles.sync_role_permissions()
    page.context.clear_cookies()
    login(moderator)
    page.goto("/admin/directory-moderation/")
    page.get_by_role("link", name="Sourdough classes").click()
    page.get_by_role("button", name="Approve and publish").click()
    page.wait_for_url("**/admin/directory-moderation/")
    assert Service.objects.published().filter(name="Sourdough classes").exists()

    page.context.clear_cookies()
    page.goto("/directory/spinnaker-sourdough/")
    assert page.get_by_role("heading", name="Sourdough classes").is_visible()
    axe(page)  # profile with a service
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
