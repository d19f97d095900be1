"""Staff report pages in a real browser: the survey results dashboard (its links big enough to
tap, WCAG 2.5.8) and the awards leaderboard pass axe on a desktop and on a phone, where they fit
the screen, and lead back to the rest of the admin."""

import io

import pytest
from django.core.management import call_command

from portal import roles
from tests.awards.factories import NominationFactory, administrator, category_with_criteria
from tests.survey.factories import add_responses, make_survey

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}
# The page's own content; Wagtail's flash messages fade in, so they are left out.
STAFF_CONTENT = {"include": [["main"]], "exclude": [[".messages"]]}
# Elements wider than the admin's content area, which hides what overflows it.
WIDER_THAN_MAIN = """() => {
    const right = document.querySelector("main").getBoundingClientRect().right;
    return [...document.querySelectorAll("main .nice-padding *")]
        .filter((el) => el.getBoundingClientRect().right > right + 1
            && !el.closest("[data-scroll-container], .spend-scroll"))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
}"""


def check_on_desktop_and_phone(page, axe):
    axe(page)
    page.set_viewport_size(PHONE)
    page.reload()
    width, viewport = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= viewport
    axe(page)


@pytest.fixture
def analyst(make_role_user):
    user = make_role_user(roles.ANALYSTS)
    roles.sync_role_permissions()
    return user


def test_survey_results_dashboard_is_accessible_on_a_desktop_and_a_phone(
    page, login, axe, analyst, home_page
):
    survey = make_survey(home_page)
    add_responses(survey, 12)
    login(analyst)
    page.goto(f"/admin/survey-results/{survey.pk}/")
    assert page.get_by_role("heading", name="Responses over time").is_visible()
    check_on_desktop_and_phone(page, axe)


def test_awards_leaderboard_is_accessible_and_leads_back_to_the_admin(page, login, axe, home_page):
    category = category_with_criteria()
    NominationFactory(category=category, organisation__name="Harbour Lights Bakery")
    NominationFactory(category=category)
    login(administrator())
    page.goto(f"/admin/awards/office/categories/{category.pk}/leaderboard/")
    assert page.get_by_role("link", name="Harbour Lights Bakery").is_visible()
    check_on_desktop_and_phone(page, axe)
    page.get_by_role("button", name="Toggle breadcrumbs").click()
    page.get_by_role("link", name="Awards office").click()
    page.wait_for_url("**/admin/awards/office/")


def test_spend_baseline_fits_a_phone(page, login, axe, make_role_user, home_page):
    call_command("seed_demo", "--only", "portal.demo", "directory", "spend", stdout=io.StringIO())
    login(make_role_user(roles.ANALYSTS))
    page.goto("/admin/spend/")
    assert page.get_by_role("button", name="Show the baseline").is_visible()
    page.set_viewport_size(PHONE)
    page.reload()
    wide = page.evaluate(WIDER_THAN_MAIN)
    assert not wide, wide
    axe(page, context=STAFF_CONTENT)
