"""The barriers survey at /survey/, its channels, and a few hundred generated responses."""

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from directory.models import Organisation
from portal.demo_registry import demo_builder
from survey.models import Answer, Channel, Response, SurveyPage, new_reference
from survey.questionnaire import MULTIPLE, NUMBER, SCALE, SINGLE, TEXT

CHANNELS = [
    ("INTEND procurement portal", "intend"),
    ("Hive Portsmouth", "hive"),
    ("Local enterprise partnership", "lep"),
    ("Shaping Portsmouth", "shaping-portsmouth"),
    ("Council website and newsletter", "council"),
]

YES_NO_NOT_SURE = ["Yes", "No", "Not sure"]
YES_MAYBE_NO = ["Yes", "Maybe", "No"]


def _q(kind, question, help_text="", required=True, **extra):
    return (kind, {"question": question, "help_text": help_text, "required": required, **extra})


BARRIERS = [
    "Finding out about council opportunities is difficult",
    "Tender paperwork takes too long to complete",
    "The insurance and accreditations asked for are out of proportion to the work",
    "Contracts are too large for an organisation of our size",
    "The council's payment terms would cause us cash-flow problems",
    "We do not understand what the council means by social value or how it is scored",
    "We do not have the time or staff to write bids",
    "Past experience of bidding for public sector work puts us off",
]

SECTIONS = [
    (
        "About your organisation",
        "These answers let us compare the views of different kinds of organisation. "
        "We never publish figures for a group of fewer than 5.",
        [
            _q(
                SINGLE,
                "What type of organisation are you?",
                choices=[
                    "Sole trader or partnership",
                    "Limited company",
                    "Charity or charitable incorporated organisation",
                    "Community interest company or other social enterprise",
                    "Co-operative or community benefit society",
                    "Other",
                ],
                breakdown=True,
            ),
            _q(
                SINGLE,
                "How many people work for your organisation?",
                "Count staff and regular volunteers",
                choices=["Fewer than 10", "10 to 49", "50 to 249", "250 or more"],
            ),
            _q(
                SINGLE,
                "Which sector does your organisation mainly work in?",
                choices=[
                    "Construction, repairs and maintenance",
                    "Facilities, cleaning and grounds",
                    "Health, care and support services",
                    "Professional and business services",
                    "IT and digital",
                    "Transport and logistics",
                    "Food and catering",
                    "Community and voluntary services",
                    "Other",
                ],
            ),
            _q(
                SINGLE,
                "Is your organisation based in Portsmouth?",
                "Portsmouth means the PO1 to PO6 postcode districts",
                choices=["Based in Portsmouth", "Based outside Portsmouth"],
                breakdown=True,
            ),
        ],
    ),
    (
        "Council opportunities",
        "",
        [
            _q(
                SINGLE,
                "Did you know the council advertises contracts that organisations like yours can bid for?",
                choices=YES_NO_NOT_SURE,
            ),
            _q(
                SINGLE,
                "Is your organisation registered on the council's procurement portal (In-Tend)?",
                choices=["Yes", "No, but we have heard of it", "No, we had not heard of it"],
            ),
            _q(
                SINGLE,
                "Has your organisation bid for council work in the last 3 years?",
                choices=["Yes, and we won work", "Yes, but we did not win", "No"],
            ),
            _q(
                NUMBER,
                "How many public sector tenders did your organisation bid for in the last 12 months?",
                "Enter 0 if none",
                required=False,
                min_value=0,
                max_value=500,
            ),
        ],
    ),
    (
        "What makes bidding for council work hard",
        "How much do you agree with each statement?",
        [_q(SCALE, barrier) for barrier in BARRIERS],
    ),
    (
        "Workshops, partnerships and support",
        "The council will run workshops for current and future suppliers based on these answers.",
        [
            _q(
                SINGLE,
                "Would you come to a workshop explaining the council's social value policy?",
                choices=YES_MAYBE_NO,
            ),
            _q(
                SINGLE,
                "Would you come to a workshop where council buyers explain what they need to buy?",
                choices=YES_MAYBE_NO,
            ),
            _q(
                SINGLE,
                "Would your organisation bid as part of a consortium with other local organisations?",
                choices=YES_MAYBE_NO,
            ),
            _q(
                MULTIPLE,
                "Which kinds of support would help your organisation?",
                "Select all that apply",
                choices=[
                    "Early notice of upcoming contracts",
                    "Bid writing training",
                    "Simpler tender documents for small contracts",
                    "Meet-the-buyer events",
                    "Help to measure and report social value",
                    "Mentoring from a larger supplier",
                ],
            ),
            _q(
                TEXT,
                "What support would help your organisation most?",
                "Do not include names or anything that identifies a person",
                required=False,
            ),
        ],
    ),
]

PRIVACY_NOTICE = (
    "<p>Portsmouth City Council is the data controller for your answers. We use them to "
    "understand what stops local organisations winning council work and to plan supplier "
    "workshops, as part of our public task.</p>"
    "<ul><li>If you answer without signing in, we keep only your answers, the date and how "
    "you found the survey: no name, email address, IP address or exact time.</li>"
    "<li>If you answer for an organisation, we record the organisation and who sent the "
    "answers, so that each organisation answers once.</li>"
    "<li>We publish only totals, and never for a group of fewer than 5 responses.</li>"
    "<li>We delete the answers 2 years after the survey closes.</li></ul>"
    '<p>Read the portal\'s <a href="/privacy/">privacy notice</a> for your rights.</p>'
)

SUPPORT_ANSWERS = [
    "Earlier notice of small contracts, so we can plan staff time.",
    "A plain English guide to what social value means for a small firm like ours.",
    "Lower insurance requirements for low-risk work.",
    "Feedback when we lose a bid, so we know what to improve.",
    "Being paid within 14 days instead of 30.",
    "Someone at the council we can phone with questions before we bid.",
    "Splitting big contracts into lots that a local firm could deliver.",
    "Help finding partners for a consortium bid.",
    "A simpler questionnaire for contracts under £25,000.",
    "Workshops in the evening, when we are not on site.",
    "Examples of social value commitments that won contracts.",
    "Templates for method statements and policies.",
]


def _answer_rows(rng, questions):
    answers = []
    local = rng.random() < 0.7
    for question in questions:
        if question.kind == SINGLE:
            choices = list(question.choices)
            if question.label.startswith("Is your organisation based"):
                answers.append(Answer(question_id=question.id, choice=choices[0 if local else 1]))
                continue
            weights = [len(choices) - index for index in range(len(choices))]
            answers.append(
                Answer(question_id=question.id, choice=rng.choices(choices, weights=weights)[0])
            )
        elif question.kind == MULTIPLE:
            picked = rng.sample(list(question.choices), rng.randint(1, 3))
            answers += [Answer(question_id=question.id, choice=choice) for choice in picked]
        elif question.kind == SCALE:
            value = min(5, max(1, round(rng.gauss(3.6 if local else 3.1, 1.0))))
            answers.append(Answer(question_id=question.id, number=Decimal(value)))
        elif question.kind == NUMBER and rng.random() < 0.8:
            answers.append(Answer(question_id=question.id, number=Decimal(rng.randint(0, 12))))
        elif question.kind == TEXT and rng.random() < 0.4:
            answers.append(Answer(question_id=question.id, text=rng.choice(SUPPORT_ANSWERS)))
    return answers


def _generate_responses(survey, count=300):
    rng = random.Random(2026)
    channels = list(Channel.objects.all())
    questions = survey.all_questions
    today = timezone.localdate()
    organisations = list(Organisation.objects.order_by("pk")[:20])
    responses = []
    answer_sets = []
    for index in range(count):
        organisation = organisations[index] if index < len(organisations) else None
        responses.append(
            Response(
                survey=survey,
                reference=new_reference(),
                organisation=organisation,
                channel=rng.choice(channels + [None]),
                submitted_on=today - timedelta(days=int(rng.triangular(0, 56, 50))),
            )
        )
        answer_sets.append(_answer_rows(rng, questions))
    Response.objects.bulk_create(responses)
    # SQLite and PostgreSQL both return primary keys from bulk_create.
    rows = []
    for response, answers in zip(responses, answer_sets, strict=True):
        for answer in answers:
            answer.response = response
            rows.append(answer)
    Answer.objects.bulk_create(rows, batch_size=2000)


@demo_builder(order=30)
def build_survey(context):
    for name, slug in CHANNELS:
        Channel.objects.get_or_create(slug=slug, defaults={"name": name})
    home = context["home"]
    survey = SurveyPage.objects.filter(slug="survey").first()
    if survey is None:
        now = timezone.now()
        survey = SurveyPage(
            title="Barriers to working with the council",
            slug="survey",
            intro=(
                "<p>Tell us what makes it hard for your organisation to win council contracts "
                "and to deliver social value. Your answers will shape the workshops we run "
                "for current and future suppliers.</p><p>It takes about 10 minutes.</p>"
            ),
            opens_at=now - timedelta(days=60),
            closes_at=now + timedelta(days=90),
            privacy_notice=PRIVACY_NOTICE,
            questions=[
                ("section", {"title": title, "intro": intro, "questions": questions})
                for title, intro, questions in SECTIONS
            ],
            confirmation_text=(
                "<p>Thank you. We will publish what you told us, and what we did about it, "
                "on this page after the survey closes.</p>"
            ),
        )
        home.add_child(instance=survey)
        survey.save_revision().publish()
        survey.refresh_from_db()
    if not Response.objects.filter(survey=survey).exists():
        _generate_responses(survey)
    context["survey"] = survey
