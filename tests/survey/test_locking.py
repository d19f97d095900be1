"""Once a survey has responses its questions cannot change in ways that mislabel answers."""

import copy

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text

from survey.models import Response, SurveyPage

pytestmark = pytest.mark.django_db


def edited(survey, change):
    page = SurveyPage.objects.get(pk=survey.pk)
    data = copy.deepcopy(page.questions.get_prep_value())
    change(data)
    page.questions = data
    return page


def rename_choice(data):
    data[0]["value"]["questions"][0]["value"]["choices"][0]["value"] = "Public limited company"


def reword_question(data):
    data[0]["value"]["questions"][2]["value"]["question"] = "Tender paperwork is fine"


def remove_question(data):
    del data[1]["value"]["questions"][2]


def change_type(data):
    data[0]["value"]["questions"][2]["type"] = "number"


def add_question(data):
    question = copy.deepcopy(data[1]["value"]["questions"][2])
    question["id"] = "a-brand-new-question"
    question["value"]["question"] = "Anything else?"
    data[1]["value"]["questions"].append(question)


@pytest.mark.parametrize(
    "change", [rename_choice, reword_question, remove_question, change_type, add_question]
)
def test_questions_are_locked_once_there_is_a_response(survey, change):
    Response.objects.create(survey=survey)
    with pytest.raises(ValidationError) as error:
        edited(survey, change).full_clean()
    assert "already has responses" in str(error.value.message_dict["questions"])


@pytest.mark.parametrize("change", [rename_choice, remove_question, add_question])
def test_questions_can_change_freely_before_any_response(survey, change):
    edited(survey, change).full_clean()


def test_help_text_section_titles_and_order_can_change_after_responses(survey):
    Response.objects.create(survey=survey)

    def harmless(data):
        data[0]["value"]["title"] = "Your organisation"
        data[0]["value"]["questions"][0]["value"]["help_text"] = "Choose the closest"
        data[0]["value"]["questions"].reverse()

    edited(survey, harmless).full_clean()


def _list_form(items):
    data = {
        str(i): {"value": item["value"], "id": item["id"], "deleted": "", "order": str(i)}
        for i, item in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def _question_form(value):
    data = {}
    for key, item in value.items():
        if key == "choices":
            data[key] = _list_form(item)
        elif item is True:
            data[key] = "on"
        elif item not in (False, None):
            data[key] = str(item)
    return data


def _stream_form(items, value_form):
    data = {
        str(i): {
            "type": item["type"],
            "id": item["id"],
            "deleted": "",
            "order": str(i),
            "value": value_form(item["value"]),
        }
        for i, item in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def _section_form(value):
    return {
        "title": value["title"],
        "intro": value["intro"] or "",
        "questions": _stream_form(value["questions"], _question_form),
    }


def admin_post_data(page):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text("<p>Intro</p>"),
            "opens_at": "",
            "closes_at": "",
            "privacy_notice": rich_text("<p>Privacy</p>"),
            "consent_statement": page.consent_statement,
            "questions": _stream_form(page.questions.get_prep_value(), _section_form),
            "confirmation_text": rich_text(""),
            "offer_email_receipt": "on",
        }
    )


def test_admin_editor_is_told_the_questions_are_locked(client, survey, superuser):
    client.force_login(superuser)
    url = f"/admin/pages/{survey.pk}/edit/"
    unchanged = admin_post_data(edited(survey, lambda data: None))
    assert client.post(url, unchanged).status_code == 302

    Response.objects.create(survey=survey)
    response = client.post(url, admin_post_data(edited(survey, rename_choice)))
    assert response.status_code == 200
    assert "already has responses" in response.content.decode()
    saved = SurveyPage.objects.get(pk=survey.pk).get_latest_revision_as_object()
    assert saved.all_questions[0].choices[0] == "Limited company"


def test_survey_with_responses_cannot_be_deleted_in_the_admin(client, survey, superuser):
    Response.objects.create(survey=survey)
    client.force_login(superuser)
    response = client.post(f"/admin/pages/{survey.pk}/delete/", follow=True)
    assert "has responses, so it cannot be deleted" in response.content.decode()
    assert SurveyPage.objects.filter(pk=survey.pk).exists()
