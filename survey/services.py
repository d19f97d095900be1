"""Answering a survey: the answers kept between pages, and sending them as a response."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from directory.models import Organisation
from survey.models import AnonymousParticipation, Answer, Channel, Response
from survey.questionnaire import MULTIPLE, NUMBER, SCALE, SINGLE, TEXT


class SurveyClosed(Exception):
    pass


class AlreadyAnswered(Exception):
    pass


class Draft:
    """The answers a respondent has given so far, kept in their session until they send them."""

    def __init__(self, request, survey):
        self.session = request.session
        self.key = f"survey:{survey.pk}"
        self.data = self.session.get(self.key) or {}
        self.data.setdefault("answers", {})
        self.data.setdefault("done", [])

    def save(self):
        self.session[self.key] = self.data
        self.session.modified = True

    def clear(self):
        self.session.pop(self.key, None)

    @property
    def answers(self):
        return self.data["answers"]

    @property
    def done(self):
        return set(self.data["done"])

    def complete_section(self, number, answers, section):
        for question in section.questions:
            self.answers.pop(question.id, None)
        self.answers.update(answers)
        self.data["done"] = sorted(self.done | {number})
        self.save()

    def first_incomplete(self, sections):
        """The first section not yet answered in full, or None when all are."""
        for section in sections:
            missing = any(
                question.required and question.id not in self.answers
                for question in section.questions
            )
            if section.number not in self.done or missing:
                return section.number
        return None

    @property
    def channel(self):
        return self.data.get("channel")

    def set_channel(self, slug):
        if slug and Channel.objects.filter(slug=slug).exists():
            self.data["channel"] = slug
            self.save()

    @property
    def organisation_id(self):
        return self.data.get("organisation")

    def start_for(self, organisation, survey):
        """Answer for an organisation; an earlier response's answers become the starting point."""
        if self.organisation_id == organisation.pk:
            return
        self.data.update(organisation=organisation.pk, answers={}, done=[])
        existing = Response.objects.filter(survey=survey, organisation=organisation).first()
        if existing:
            self.data["answers"] = answers_of(existing, survey)
            self.data["done"] = [section.number for section in survey.sections]
        self.save()


def organisations_for(user):
    return Organisation.objects.for_user(user).order_by("name")


def answers_of(response, survey):
    """A stored response's answers in the session's form."""
    kinds = {question.id: question.kind for question in survey.all_questions}
    answers = {}
    for answer in response.answers.all():
        kind = kinds.get(answer.question_id)
        if kind == MULTIPLE:
            answers.setdefault(answer.question_id, []).append(answer.choice)
        elif kind == SINGLE:
            answers[answer.question_id] = answer.choice
        elif kind in (SCALE, NUMBER):
            answers[answer.question_id] = int(answer.number)
        elif kind == TEXT:
            answers[answer.question_id] = answer.text
    return answers


def _answer_rows(survey, answers):
    rows = []
    for question in survey.all_questions:
        value = answers.get(question.id)
        if value in (None, "", []):
            continue
        allowed = {option for option, _ in question.options}
        if question.kind == SINGLE and value in allowed:
            rows.append(Answer(question_id=question.id, choice=value))
        elif question.kind == MULTIPLE:
            rows += [Answer(question_id=question.id, choice=c) for c in value if c in allowed]
        elif (question.kind == SCALE and int(value) in allowed) or question.kind == NUMBER:
            rows.append(Answer(question_id=question.id, number=Decimal(int(value))))
        elif question.kind == TEXT:
            rows.append(Answer(question_id=question.id, text=str(value)))
    return rows


class AlreadyAnsweredAnonymously(Exception):
    """This person (or browser session) has already sent an anonymous response."""


def submit_response(
    survey, answers, *, organisation=None, user=None, channel_slug=None, participant=None
):
    """Store the answers. An organisation's second send replaces its first, until closing.

    `participant` is the signed-in person sending an anonymous response: they may send one,
    recorded as an AnonymousParticipation that cannot be matched to the response."""
    if not survey.is_open():
        raise SurveyClosed
    channel = Channel.objects.filter(slug=channel_slug).first() if channel_slug else None
    rows = _answer_rows(survey, answers)
    today = timezone.localdate()
    try:
        with transaction.atomic():
            if organisation is None and participant is not None:
                _, created = AnonymousParticipation.objects.get_or_create(
                    key=AnonymousParticipation.key_for(survey, participant),
                    defaults={"survey": survey},
                )
                if not created:
                    raise AlreadyAnsweredAnonymously
            response = None
            if organisation is not None:
                response = (
                    Response.objects.select_for_update()
                    .filter(survey=survey, organisation=organisation)
                    .first()
                )
            if response is None:
                response = Response.objects.create(
                    survey=survey,
                    organisation=organisation,
                    submitted_by=user if organisation is not None else None,
                    channel=channel,
                    submitted_on=today,
                )
            else:
                response.answers.all().delete()
                response.submitted_by = user
                response.changed_on = today
                response.save(update_fields=["submitted_by", "changed_on"])
            for row in rows:
                row.response = response
            Answer.objects.bulk_create(rows)
    except IntegrityError as error:
        if organisation is None:  # the same person sending twice at the same moment
            raise AlreadyAnsweredAnonymously from error
        raise AlreadyAnswered from error
    return response
