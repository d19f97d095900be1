import re
from decimal import Decimal

import pytest
from django.core import mail

from opportunities.models import Interest
from tests.directory.factories import MembershipFactory, OrganisationFactory, SectorFactory
from tests.e2e.helpers import submit_with_errors
from tests.factories import UserFactory
from tests.opportunities.factories import index_page, make_opportunity

pytestmark = pytest.mark.django_db(transaction=True)


def test_alerts_publish_email_then_express_interest(page, axe, login, home_page):
    cleaning = SectorFactory(slug="window-cleaning-e2e", name="Window cleaning")
    supplier = UserFactory(first_name="Hana")
    organisation = OrganisationFactory(name="Harbourside Cleaning", size_band="small")
    MembershipFactory(user=supplier, organisation=organisation)
    large = UserFactory()
    MembershipFactory(
        user=large, organisation=OrganisationFactory(name="Big FM Ltd", size_band="large")
    )
    index = index_page()

    login(supplier)
    page.goto("/opportunity-alerts/")
    axe(page)
    summary = submit_with_errors(page, "Save alerts")
    assert "Select how often to email you" in summary.inner_text()
    axe(page)
    page.get_by_label("Window cleaning").check()
    page.get_by_label("As soon as an opportunity is published").check()
    page.get_by_role("button", name="Save alerts").click()
    page.wait_for_url("**/opportunity-alerts/")
    assert "Your opportunity alerts are saved" in page.content()

    # A moderator approves the officer's draft: Wagtail publishes it and the alert goes out.
    opportunity = make_opportunity(
        title="Cleaning of three community centres",
        sector=cleaning,
        estimated_value=Decimal("48000"),
        reserved_local=True,
        reserved_sme=True,
    )
    (alert,) = mail.outbox
    assert alert.to == [supplier.email]
    link = re.search(r"https?://\S+/opportunities/\S+/", alert.body).group(0)
    assert link.endswith(opportunity.url)

    page.goto(opportunity.url)
    axe(page)
    assert "Harbourside Cleaning can bid for this opportunity" in page.content()
    page.get_by_role("link", name="Register interest").click()
    axe(page)
    page.get_by_role("button", name="Register interest").click()
    page.wait_for_url(f"**{opportunity.url}")
    assert "recorded Harbourside Cleaning" in page.content()
    axe(page)
    page.get_by_role("link", name="Ask a question").click()
    submit_with_errors(page, "Send question")
    axe(page)
    page.get_by_label("Your question").fill("Are materials supplied?")
    page.get_by_role("button", name="Send question").click()
    page.wait_for_url(f"**{opportunity.url}")
    assert Interest.objects.filter(organisation=organisation).count() == 1

    page.goto(index.url)
    axe(page)
    page.get_by_label("Reservation").select_option("local")
    page.get_by_role("button", name="Apply filters").click()
    assert opportunity.title in page.content()
    axe(page)
    page.goto(index.url + "archive/")
    axe(page)
    page.get_by_role("button", name="Sign out").click()

    login(large)
    page.goto(opportunity.url)
    assert "Big FM Ltd cannot bid for this opportunity" in page.content()
    assert page.get_by_role("link", name="Register interest").count() == 0
    axe(page)

    unsubscribe = re.search(r"Stop these emails: https?://[^/]+(\S+)", alert.body).group(1)
    page.goto(unsubscribe)
    axe(page)
    page.get_by_role("button", name="Stop alerts").click()
    assert "Opportunity alerts stopped" in page.content()
    axe(page)


def test_opportunity_pages_fit_a_narrow_screen(page, home_page):
    opportunity = make_opportunity(reserved_vcse=True)
    page.set_viewport_size({"width": 320, "height": 800})
    for url in (index_page().url, opportunity.url):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
