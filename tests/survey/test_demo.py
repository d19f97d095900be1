import pytest

from survey.demo import BARRIERS, build_survey
from survey.models import Channel, Response, SurveyPage
from survey.results import SurveyResults

pytestmark = pytest.mark.django_db


def test_seed_demo_publishes_the_barriers_survey_once_with_responses(client, home_page):
    context = {"home": home_page}
    build_survey(context)
    build_survey(context)
    survey = SurveyPage.objects.get()
    assert survey.live and survey.url == "/survey/"
    assert Response.objects.filter(survey=survey).count() == 300
    assert Channel.objects.filter(slug__in=["intend", "hive"]).count() == 2

    labels = [q.label for q in survey.all_questions]
    assert all(barrier in labels for barrier in BARRIERS)
    assert "What type of organisation are you?" in labels
    assert (
        "Would your organisation bid as part of a consortium with other local organisations?"
        in labels
    )
    assert [q.label for q in survey.all_questions if q.breakdown] == [
        "What type of organisation are you?",
        "Is your organisation based in Portsmouth?",
    ]
    results = SurveyResults(survey)
    assert results.total == 300
    assert all(not r.overall.suppressed for r in results.results if r.question.required)

    page = client.get("/survey/?source=hive")
    assert page.status_code == 200
    assert "Start now" in page.content.decode()
