"""The barriers survey in a real browser: every page, its error state and the confirmation
page pass axe, anonymously and for an organisation."""

import re

import pytest

from survey.models import Answer, Response
from tests.e2e.helpers import submit_with_errors
from tests.factories import UserFactory
from tests.survey.factories import ChannelFactory, make_member, make_survey

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def survey(home_page):
    ChannelFactory(name="Hive Portsmouth", slug="hive")
    return make_survey(home_page)


def answer_first_page(page, axe):
    assert page.get_by_text("page 1 of 2").is_visible()
    axe(page)
    # Leave the rating out: the error summary appears and the answers given stay selected.
    page.get_by_label("Charity").check()
    page.get_by_label("Based in Portsmouth", exact=True).check()
    summary = submit_with_errors(page, "Save and continue")
    assert "Select how much you agree" in summary.inner_text()
    assert page.get_by_label("Charity").is_checked()
    axe(page)
    page.get_by_label("Agree", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/section/2/")


def answer_second_page(page, axe):
    assert page.get_by_text("page 2 of 2").is_visible()
    axe(page)
    page.get_by_label("How many tenders did you bid for last year?").fill("-4")
    page.get_by_role("button", name="Check your answers").click()
    assert "Select at least one answer" in page.locator(".govuk-error-summary").inner_text()
    assert "Enter a number of at least 0" in page.locator(".govuk-error-summary").inner_text()
    axe(page)
    page.get_by_label("Bid writing training").check()
    page.get_by_label("Meet-the-buyer events").check()
    page.get_by_label("How many tenders did you bid for last year?").fill("2")
    page.get_by_label("What support would help most?").fill("Earlier notice of small contracts")
    page.get_by_role("button", name="Check your answers").click()
    page.wait_for_url("**/check/")


def test_anonymous_respondent_answers_the_whole_survey(page, axe, survey):
    page.goto("/survey/?source=hive")
    assert page.get_by_role("heading", level=1).inner_text() == "Barriers survey"
    axe(page)
    page.get_by_role("button", name="Start now").click()
    answer_first_page(page, axe)
    answer_second_page(page, axe)

    assert "Bid writing training; Meet-the-buyer events" in page.content()
    axe(page)
    page.get_by_role("button", name="Send your answers").click()
    summary = page.locator(".govuk-error-summary")
    assert "Confirm that you have read the privacy notice" in summary.inner_text()
    assert "Type the characters you see in the picture" in summary.inner_text()
    axe(page)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_label("Type the characters you see in the picture").fill("PASSED")
    page.get_by_role("button", name="Send your answers").click()
    page.wait_for_url("**/sent/")
    axe(page)

    response = Response.objects.get()
    # Anonymous: no reference is shown (nothing would link it to the respondent).
    assert response.reference not in page.locator(".govuk-panel").inner_text()
    assert "Anonymously" in page.locator(".govuk-panel").inner_text()
    assert response.organisation is None and response.submitted_by is None
    assert response.channel.slug == "hive"
    assert Answer.objects.filter(response=response).count() == 7


def test_member_answers_for_their_organisation_and_changes_the_answer(page, axe, login, survey):
    member = UserFactory()
    organisation = make_member(member)
    login(member)
    page.goto("/survey/")
    assert organisation.name in page.locator(".govuk-inset-text").inner_text()
    axe(page)
    page.get_by_role("button", name="Start now").click()
    answer_first_page(page, axe)
    answer_second_page(page, axe)
    # Signed-in members are not asked for a captcha.
    assert page.get_by_label("Type the characters you see in the picture").count() == 0
    submit_with_errors(page, "Send your answers")
    axe(page)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Send your answers").click()
    page.wait_for_url("**/sent/")
    axe(page)
    first = Response.objects.get()
    assert first.organisation == organisation and first.submitted_by == member

    page.goto("/survey/")
    assert first.reference in page.content()
    page.get_by_role("button", name="Change your answers").click()
    assert page.get_by_label("Charity").is_checked()
    page.get_by_label("Limited company").check()
    page.get_by_role("button", name="Save and continue").click()
    # Every page already has an answer, so saving one goes straight back to the check page.
    page.wait_for_url("**/check/")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Send your answers").click()
    page.wait_for_url("**/sent/")
    assert re.search("Your changed answers have been sent", page.content())
    assert Response.objects.count() == 1
    assert Answer.objects.filter(choice="Limited company").exists()


def test_you_said_we_did_page_is_accessible(page, axe, survey):
    from survey.admin_views import build_you_said_we_did
    from tests.survey.factories import add_responses

    add_responses(survey, 6)
    summary = build_you_said_we_did(survey)
    summary.body.append(
        ("we_did", {"you_said": "Tender paperwork takes too long.", "we_did": "<p>We cut it.</p>"})
    )
    summary.body.append(("quote", {"quote": "Earlier notice, please.", "attribution": "A charity"}))
    summary.save_revision().publish()
    page.goto(summary.url)
    assert page.get_by_role("heading", level=1).inner_text() == summary.title
    assert page.get_by_role("table").first.is_visible()
    axe(page)
