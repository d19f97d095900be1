"""The Wagtail page editor with axe: the portal's own fields, labels and help text pass; the
only violations are Wagtail's own, as the accessibility statement records them, so a new one
the portal causes fails here."""

import io

import pytest
from django.core.management import call_command

from guidance.models import GuidancePage
from portal.accessibility_statement import WAGTAIL_EDITOR_RULES
from portal.models import HomePage, StandardPage
from tests.e2e.accessibility import WCAG_22_AA, _axe
from tests.events.factories import make_event
from tests.survey.factories import add_responses, make_survey

pytestmark = pytest.mark.django_db(transaction=True)

# Where each recorded rule may fail: Wagtail's own widgets only.
WAGTAIL_ELEMENTS = {
    "aria-input-field-name": "public-DraftEditor-content",
    "scrollable-region-focusable": "w-minimap__list",
}


def violations(page):
    """Every axe violation on the editor, as (rule, element) pairs."""
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}}
    results = _axe.run(page, options=options).response["violations"]
    return [(found["id"], node["html"]) for found in results for node in found["nodes"]]


def not_wagtails(found):
    return [
        f"{rule}: {html[:160]}"
        for rule, html in found
        if rule not in WAGTAIL_EDITOR_RULES or WAGTAIL_ELEMENTS[rule] not in html
    ]


@pytest.fixture
def editors_pages(home_page):
    call_command("seed_demo", "--only", "portal.demo", "guidance", stdout=io.StringIO())
    survey = make_survey(HomePage.objects.get())
    add_responses(survey, 6)
    from survey.admin_views import build_you_said_we_did

    return [
        StandardPage.objects.get(slug="accessibility"),
        HomePage.objects.get(),
        GuidancePage.objects.live().order_by("pk").first(),
        survey,
        build_you_said_we_did(survey),
        make_event(),
    ]


def test_the_editor_fails_axe_only_where_wagtail_does(page, login, make_role_user, editors_pages):
    login(make_role_user(is_superuser=True))
    problems, recorded = [], set()
    for edited in editors_pages:
        page.goto(f"/admin/pages/{edited.pk}/edit/")
        page.locator("body.ready").wait_for()
        page.wait_for_load_state("networkidle")
        found = violations(page)
        recorded |= {rule for rule, _html in found}
        problems += [f"{edited.title}: {problem}" for problem in not_wagtails(found)]
    assert not problems, "\n".join(problems)
    # The statement records what Wagtail still fails; when Wagtail fixes one, it goes.
    assert recorded == set(WAGTAIL_EDITOR_RULES)
