"""Survey results, counted by the database.

Every figure comes from a fixed set of GROUP BY queries whose number depends on the
questionnaire, never on how many responses there are. A group of fewer than
`MIN_GROUP_SIZE` respondents is suppressed, so that nobody can be picked out of a breakdown.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Avg, Count, Max, Min
from django.db.models.functions import TruncWeek

from survey.models import Answer, Response
from survey.questionnaire import MULTIPLE, NUMBER, SCALE, SINGLE, TEXT

MIN_GROUP_SIZE = 5
CACHE_SECONDS = 60 * 60 * 24
SUPPRESSED_REASON = (
    f"Fewer than {MIN_GROUP_SIZE} responses, so the figures are not shown: with so few, "
    "someone could work out who gave which answer."
)


@dataclass
class OptionCount:
    label: str
    count: int
    percentage: int


@dataclass
class Figures:
    label: str
    respondents: int
    options: list = field(default_factory=list)
    mean: float | None = None

    @property
    def suppressed(self):
        return self.respondents < MIN_GROUP_SIZE


@dataclass
class Breakdown:
    by: object
    groups: list


@dataclass
class QuestionResult:
    question: object
    overall: Figures
    breakdowns: list = field(default_factory=list)
    minimum: float | None = None
    maximum: float | None = None
    text_answers: list = field(default_factory=list)


def _percentage(count, base):
    return round(100 * count / base) if base else 0


def _figures(question, label, respondents, counts, mean=None):
    """counts: {stored value: count}; stored values are choices, or numbers for the scale."""
    options = [
        OptionCount(
            option_label, counts.get(value, 0), _percentage(counts.get(value, 0), respondents)
        )
        for value, option_label in question.options
    ]
    return Figures(label, respondents, options, mean)


def _value(question, choice, number):
    return int(number) if question.kind == SCALE else choice


class SurveyResults:
    def __init__(self, survey, text_sample=5):
        self.survey = survey
        self.questions = survey.all_questions
        by_kind = {}
        for question in self.questions:
            by_kind.setdefault(question.kind, []).append(question)
        self.charted = [q for q in self.questions if q.charted]
        self.breakdown_questions = [q for q in by_kind.get(SINGLE, []) if q.breakdown]
        self.responses = Response.objects.filter(survey=survey)
        self.answers = Answer.objects.filter(response__survey=survey)
        self.total = self.responses.count()
        self.anonymous = self.responses.anonymous().count()
        self.for_organisations = self.total - self.anonymous
        self.over_time = self._over_time()
        self.channels = list(
            self.responses.values("channel__name").annotate(count=Count("id")).order_by("-count")
        )
        self.results = self._question_results(text_sample)
        # Only the figures are kept (and cached): querysets would be run again if pickled.
        del self.responses, self.answers

    def _over_time(self):
        weeks = list(
            self.responses.annotate(week=TruncWeek("submitted_on"))
            .values("week")
            .annotate(count=Count("id"))
            .order_by("week")
        )
        peak = max((week["count"] for week in weeks), default=0)
        for week in weeks:
            week["percentage"] = _percentage(week["count"], peak)
        return weeks

    def _question_results(self, text_sample):
        respondents = dict(
            self.answers.values("question_id")
            .annotate(n=Count("response_id", distinct=True))
            .values_list("question_id", "n")
        )
        counts = {}  # {question id: {(choice, number): count}}
        for question_id, choice, number, n in (
            self.answers.filter(question_id__in=[q.id for q in self.charted])
            .values("question_id", "choice", "number")
            .annotate(n=Count("id"))
            .values_list("question_id", "choice", "number", "n")
        ):
            counts.setdefault(question_id, {})[(choice, number)] = n
        stats = {
            row["question_id"]: row
            for row in self.answers.filter(
                question_id__in=[q.id for q in self.questions if q.kind in (SCALE, NUMBER)]
            )
            .values("question_id")
            .annotate(mean=Avg("number"), low=Min("number"), high=Max("number"))
        }
        breakdowns = self._breakdown_counts()

        results = []
        for question in self.questions:
            stat = stats.get(question.id, {})
            mean = float(stat["mean"]) if stat.get("mean") is not None else None
            if question.charted:
                per_value = {
                    _value(question, choice, number): n
                    for (choice, number), n in counts.get(question.id, {}).items()
                }
                overall = _figures(
                    question, "All responses", respondents.get(question.id, 0), per_value, mean
                )
            else:
                overall = Figures("All responses", respondents.get(question.id, 0), [], mean)
            result = QuestionResult(question, overall)
            if question.kind == NUMBER and stat:
                result.minimum, result.maximum = stat["low"], stat["high"]
            if question.charted:
                for by in self.breakdown_questions:
                    if by.id != question.id:
                        result.breakdowns.append(self._breakdown(question, by, breakdowns))
            if question.kind == TEXT:
                result.text_answers = list(
                    self.answers.filter(question_id=question.id)
                    .order_by("-response__submitted_on", "-pk")
                    .values_list("text", flat=True)[:text_sample]
                )
            results.append(result)
        return results

    def _breakdown_counts(self):
        """Every breakdown in two grouped queries, whatever the number of breakdown questions.

        Each answer is joined to the same response's answer to each breakdown question (a
        plain join the database can hash or drive from the (response, question) index; a
        correlated subquery would run once per answer). Counts: {(breakdown question id,
        group value, question id): {(choice, number): count}}; respondents: {(breakdown question
        id, group value, question id): n}.
        """
        counts, respondents = {}, {}
        if not self.breakdown_questions or not self.charted:
            return counts, respondents
        grouped = self.answers.filter(
            question_id__in=[q.id for q in self.charted],
            response__answers__question_id__in=[b.id for b in self.breakdown_questions],
        )
        by, group = "response__answers__question_id", "response__answers__choice"
        for by_id, group_value, question_id, choice, number, n in (
            grouped.values(by, group, "question_id", "choice", "number")
            .annotate(n=Count("id"))
            .values_list(by, group, "question_id", "choice", "number", "n")
        ):
            key = (by_id, group_value, question_id)
            counts.setdefault(key, {})[(choice, number)] = n
            # One answer per respondent, except for multiple-choice questions (counted below).
            respondents[key] = respondents.get(key, 0) + n
        multiple = [q.id for q in self.charted if q.kind == MULTIPLE]
        if multiple:
            for by_id, group_value, question_id, n in (
                grouped.filter(question_id__in=multiple)
                .values(by, group, "question_id")
                .annotate(n=Count("response_id", distinct=True))
                .values_list(by, group, "question_id", "n")
            ):
                respondents[(by_id, group_value, question_id)] = n
        return counts, respondents

    def _breakdown(self, question, by, data):
        counts, respondents = data
        groups = []
        for group_value, group_label in by.options:
            key = (by.id, group_value, question.id)
            per_value = {
                _value(question, choice, number): n
                for (choice, number), n in counts.get(key, {}).items()
            }
            figures = _figures(question, group_label, respondents.get(key, 0), per_value)
            if figures.suppressed:
                figures.options = []
            groups.append(figures)
        return Breakdown(by, groups)

    def result_for(self, question_id):
        return next((r for r in self.results if r.question.id == question_id), None)


def cached_results(survey, text_sample=5):
    """SurveyResults for the survey, computed once per state of its answers.

    The key changes whenever a response is added or removed (count and newest id), whenever
    any answers are written (an organisation's change replaces its answers, so the newest
    answer id moves on; ids are never reused) or when the survey page is published again.
    A repeat view is then served from the cache and never shows out-of-date figures.
    """
    state = Response.objects.filter(survey=survey).aggregate(count=Count("id"), newest=Max("id"))
    newest_answer = Answer.objects.aggregate(newest=Max("id"))["newest"]
    published = survey.last_published_at.isoformat() if survey.last_published_at else ""
    key = (
        f"survey-results:{survey.pk}:{text_sample}:{state['count']}:{state['newest']}:"
        f"{newest_answer}:{published}"
    )
    results = cache.get(key)
    if results is None:
        results = SurveyResults(survey, text_sample=text_sample)
        # The dashboard caches its rendered figures under the same key.
        results.cache_key = key
        cache.set(key, results, CACHE_SECONDS)
    return results


def result_blocks(results):
    """The figures of every charted question, shaped for a "You said, we did" page: numbers
    only, and nothing from a suppressed question."""
    blocks = []
    for result in results.results:
        figures = result.overall
        if not result.question.charted or figures.suppressed:
            continue
        blocks.append(
            (
                "result",
                {
                    "question": result.question.label,
                    "respondents": figures.respondents,
                    "rows": [
                        {"label": o.label, "count": o.count, "percentage": o.percentage}
                        for o in figures.options
                    ],
                },
            )
        )
    return blocks
