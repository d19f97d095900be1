"""Survey factories: `make_survey(home)` publishes a two-page survey with one of each question."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from directory.models import OrganisationMembership
from survey.models import Answer, Channel, Response, SurveyPage
from tests.directory.factories import OrganisationFactory

TYPES = ["Limited company", "Charity", "Social enterprise"]
LOCAL = ["Based in Portsmouth", "Based outside Portsmouth"]
SUPPORT = ["Bid writing training", "Early notice", "Meet-the-buyer events"]


def questionnaire():
    return [
        (
            "section",
            {
                "title": "About your organisation",
                "intro": "",
                "questions": [
                    (
                        "single_choice",
                        {
                            "question": "What type of organisation are you?",
                            "help_text": "",
                            "required": True,
                            "choices": TYPES,
                            "breakdown": True,
                        },
                    ),
                    (
                        "single_choice",
                        {
                            "question": "Is your organisation based in Portsmouth?",
                            "help_text": "",
                            "required": True,
                            "choices": LOCAL,
                            "breakdown": True,
                        },
                    ),
                    (
                        "agreement_scale",
                        {
                            "question": "Tender paperwork takes too long",
                            "help_text": "",
                            "required": True,
                        },
                    ),
                ],
            },
        ),
        (
            "section",
            {
                "title": "Support",
                "intro": "",
                "questions": [
                    (
                        "multiple_choice",
                        {
                            "question": "Which kinds of support would help?",
                            "help_text": "Select all that apply",
                            "required": True,
                            "choices": SUPPORT,
                        },
                    ),
                    (
                        "number",
                        {
                            "question": "How many tenders did you bid for last year?",
                            "help_text": "",
                            "required": False,
                            "min_value": 0,
                            "max_value": 500,
                        },
                    ),
                    (
                        "free_text",
                        {
                            "question": "What support would help most?",
                            "help_text": "",
                            "required": False,
                        },
                    ),
                ],
            },
        ),
    ]


def make_survey(home, slug="survey", **kwargs):
    now = timezone.now()
    fields = {
        "title": "Barriers survey",
        "slug": slug,
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        "privacy_notice": "<p>We keep no IP address.</p>",
        "questions": questionnaire(),
        **kwargs,
    }
    survey = SurveyPage(**fields)
    home.add_child(instance=survey)
    survey.save_revision().publish()
    survey.refresh_from_db()
    return survey


def questions_by_label(survey):
    return {question.label: question for question in survey.all_questions}


def make_member(user, organisation=None):
    organisation = organisation or OrganisationFactory()
    OrganisationMembership.objects.create(organisation=organisation, user=user)
    return organisation


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("slug",)

    name = "INTEND procurement portal"
    slug = "intend"


def response_objects(survey, count, *, org_type=TYPES[0], local=LOCAL[0], rating=4, start=0):
    """Unsaved responses and their answers, for bulk_create."""
    questions = questions_by_label(survey)
    responses, answers = [], []
    for index in range(count):
        response = Response(survey=survey, reference=f"BS-T{start + index:07d}")
        responses.append(response)
        answers.append(
            [
                Answer(
                    question_id=questions["What type of organisation are you?"].id, choice=org_type
                ),
                Answer(
                    question_id=questions["Is your organisation based in Portsmouth?"].id,
                    choice=local,
                ),
                Answer(
                    question_id=questions["Tender paperwork takes too long"].id,
                    number=Decimal(rating),
                ),
                Answer(
                    question_id=questions["Which kinds of support would help?"].id,
                    choice=SUPPORT[index % 3],
                ),
                Answer(
                    question_id=questions["What support would help most?"].id,
                    text=f"Answer number {start + index}",
                ),
            ]
        )
    return responses, answers


def add_responses(survey, count, **kwargs):
    responses, answers = response_objects(survey, count, **kwargs)
    Response.objects.bulk_create(responses, batch_size=5000)
    rows = []
    for response, answer_set in zip(responses, answers, strict=True):
        for answer in answer_set:
            answer.response = response
            rows.append(answer)
    Answer.objects.bulk_create(rows, batch_size=5000)
    return responses
