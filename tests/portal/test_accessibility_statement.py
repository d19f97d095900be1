"""The accessibility statement has the sections the accessibility regulations require, and its
testing figures are the browser tests' own."""

import html
import io

import pytest
from django.core.management import call_command
from wagtail.models import Revision

from portal import accessibility_statement
from portal.models import StandardPage
from tests.e2e import test_reflow
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The GOV.UK model statement's sections, in its order.
SECTIONS = [
    "How accessible this portal is",
    "Feedback and contact information",
    "Reporting accessibility problems with this portal",
    "Enforcement procedure",
    "Technical information about this portal's accessibility",
    "Compliance status",
    "Non-accessible content",
    "Disproportionate burden",
    "What we are doing to improve accessibility",
    "Preparation of this accessibility statement",
]


@pytest.fixture
def statement(client):
    call_command("seed_demo", "--only", "portal.demo", stdout=io.StringIO())
    response = client.get("/accessibility/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_statement_has_every_required_section_in_order(statement):
    positions = [statement.index(f">{section}</h2>") for section in SECTIONS]
    assert positions == sorted(positions)


def test_it_says_how_compliant_the_portal_is_and_what_is_not_accessible(statement):
    assert "partially compliant with the" in statement
    assert "Web Content Accessibility Guidelines version 2.2</a> AA standard" in statement
    assert "rich text box" in statement and "minimap" in statement
    for criterion in accessibility_statement.WAGTAIL_EDITOR_RULES.values():
        assert f"success criterion {criterion}" in statement
    assert "not claiming that fixing any accessibility problem" in statement


def test_it_names_the_enforcement_bodies_and_how_to_reach_the_council(statement):
    assert 'href="https://www.equalityhumanrights.com/"' in statement
    assert 'href="https://www.equalityadvisoryservice.com/"' in statement
    assert "Equality Advisory and Support Service (EASS)" in statement
    assert "socialvalue@portsmouthcc.gov.uk" in statement
    assert "within 5 working days" in statement


def test_its_testing_figures_are_the_browser_tests_own(statement):
    with_demo_pages = len(test_reflow.PUBLIC_PAGES) + 3  # test_reflow.demo_pages()
    assert with_demo_pages == accessibility_statement.PUBLIC_PAGES_TESTED
    assert len(test_reflow.ERROR_STATES) == accessibility_statement.ERROR_STATES_TESTED
    assert test_reflow.PHONE["width"] == accessibility_statement.REFLOW_WIDTH_PX
    assert f"every public page ({with_demo_pages} pages)" in statement
    assert f"({len(test_reflow.ERROR_STATES)} forms)" in statement
    assert "on a phone 320 pixels wide" in statement
    prepared = accessibility_statement.PREPARED
    assert f"This statement was prepared on {prepared}" in statement


def test_seeding_again_updates_the_demo_statement_but_keeps_an_editors_changes(client):
    call_command("seed_demo", "--only", "portal.demo", stdout=io.StringIO())
    page = StandardPage.objects.get(slug="accessibility")
    page.body = [("paragraph", "<p>An older demo statement.</p>")]
    page.save_revision().publish()
    call_command("seed_demo", "--only", "portal.demo", stdout=io.StringIO())
    assert "Compliance status" in client.get("/accessibility/").content.decode()

    page.refresh_from_db()
    page.body = [("paragraph", "<p>The council's own statement.</p>")]
    page.save_revision(user=UserFactory()).publish()
    call_command("seed_demo", "--only", "portal.demo", stdout=io.StringIO())
    assert "The council's own statement." in client.get("/accessibility/").content.decode()
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 4
