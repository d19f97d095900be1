"""Survey results, counted by the database.

Every figure comes from a fixed set of GROUP BY queries whose number depends on the
questionnaire, never on how many responses there are. A group of fewer than
`MIN_GROUP_SIZE` respondents is suppressed, so that nobody can be picked out of a breakdown.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max, Min
from django.db.models.functions import TruncWeek

from survey.models import Answer, Response
from survey.questionnaire import NUMBER, SCALE, SINGLE, TEXT

MIN_GROUP_SIZE = 5
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
        counts = {}
        for question_id, choice, number, n in (
            self.answers.filter(question_id__in=[q.id for q in self.charted])
            .values("question_id", "choice", "number")
            .annotate(n=Count("id"))
            .values_list("question_id", "choice", "number", "n")
        ):
            counts[(question_id, choice, number)] = n
        stats = {
            row["question_id"]: row
            for row in self.answers.filter(
                question_id__in=[q.id for q in self.questions if q.kind in (SCALE, NUMBER)]
            )
            .values("question_id")
            .annotate(mean=Avg("number"), low=Min("number"), high=Max("number"))
        }
        breakdowns = {b.id: self._breakdown_counts(b) for b in self.breakdown_questions}

        results = []
        for question in self.questions:
            stat = stats.get(question.id, {})
            mean = float(stat["mean"]) if stat.get("mean") is not None else None
            if question.charted:
                per_value = {
                    _value(question, choice, number): n
                    for (qid, choice, number), n in counts.items()
                    if qid == question.id
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
                        result.breakdowns.append(self._breakdown(question, by, breakdowns[by.id]))
            if question.kind == TEXT:
                result.text_answers = list(
                    self.answers.filter(question_id=question.id)
                    .order_by("-response__submitted_on", "-pk")
                    .values_list("text", flat=True)[:text_sample]
                )
            results.append(result)
        return results

    def _breakdown_counts(self, by):
        # Join each answer to the same response's answer to the breakdown question: a plain
        # join lets PostgreSQL hash it, where a correlated subquery runs once per answer.
        grouped = self.answers.filter(
            question_id__in=[q.id for q in self.charted], response__answers__question_id=by.id
        )
        group = "response__answers__choice"
        counts = {
            (group_value, question_id, choice, number): n
            for group_value, question_id, choice, number, n in grouped.values(
                group, "question_id", "choice", "number"
            )
            .annotate(n=Count("id"))
            .values_list(group, "question_id", "choice", "number", "n")
        }
        respondents = {
            (group_value, question_id): n
            for group_value, question_id, n in grouped.values(group, "question_id")
            .annotate(n=Count("response_id", distinct=True))
            .values_list(group, "question_id", "n")
        }
        return counts, respondents

    def _breakdown(self, question, by, data):
        counts, respondents = data
        groups = []
        for group_value, group_label in by.options:
            per_value = {
                _value(question, choice, number): n
                for (g, qid, choice, number), n in counts.items()
                if g == group_value and qid == question.id
            }
            figures = _figures(
                question, group_label, respondents.get((group_value, question.id), 0), per_value
            )
            if figures.suppressed:
                figures.options = []
            groups.append(figures)
        return Breakdown(by, groups)

    def result_for(self, question_id):
        return next((r for r in self.results if r.question.id == question_id), None)


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
