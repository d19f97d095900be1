"""Survey results, counted by the database.

Every figure comes from a fixed set of GROUP BY queries whose number depends on the
questionnaire, never on how many responses there are. A group of fewer than
`MIN_GROUP_SIZE` respondents is suppressed, so that nobody can be picked out of a breakdown.
"""

import threading
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Q

from survey.models import Answer, Response, StoredTallies
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


@dataclass
class Tallies:
    """What the answers of a set of responses add up to, by breakdown group.

    Tallies of two sets of responses with no response in common add up to the tallies of
    both, so new responses are counted on their own and added to the figures already counted.
    counts: {(groups, question id, choice, number): answers}, groups being the response's
    answer to each breakdown question in turn (None when not answered), for charted
    questions; multiple: {(groups, question id): respondents} for multiple-choice questions;
    numbers: {question id: [answers, sum, lowest, highest]} for number and free-text ones.
    """

    counts: dict = field(default_factory=dict)
    multiple: dict = field(default_factory=dict)
    numbers: dict = field(default_factory=dict)

    def add(self, other):
        for key, n in other.counts.items():
            self.counts[key] = self.counts.get(key, 0) + n
        for key, n in other.multiple.items():
            self.multiple[key] = self.multiple.get(key, 0) + n
        for question_id, (n, total, low, high) in other.numbers.items():
            mine = self.numbers.get(question_id)
            if mine is None:
                self.numbers[question_id] = [n, total, low, high]
                continue
            mine[0] += n
            mine[1] = _plus(mine[1], total)
            mine[2] = low if mine[2] is None else mine[2] if low is None else min(mine[2], low)
            mine[3] = high if mine[3] is None else mine[3] if high is None else max(mine[3], high)

    def to_json(self):
        """The tallies as JSON values (lists, strings and numbers), for StoredTallies."""
        return {
            "counts": [
                [list(groups), question_id, choice, _text(number), n]
                for (groups, question_id, choice, number), n in self.counts.items()
            ],
            "multiple": [
                [list(groups), question_id, n] for (groups, question_id), n in self.multiple.items()
            ],
            "numbers": {
                question_id: [n] + [_text(figure) for figure in figures]
                for question_id, (n, *figures) in self.numbers.items()
            },
        }

    @classmethod
    def from_json(cls, data):
        return cls(
            counts={
                (tuple(groups), question_id, choice, _decimal(number)): n
                for groups, question_id, choice, number, n in data["counts"]
            },
            multiple={
                (tuple(groups), question_id): n for groups, question_id, n in data["multiple"]
            },
            numbers={
                question_id: [n] + [_decimal(figure) for figure in figures]
                for question_id, (n, *figures) in data["numbers"].items()
            },
        )


def _plus(a, b):
    return b if a is None else a if b is None else a + b


def _decimal(value):
    # PostgreSQL returns numeric columns as Decimal, SQLite as int or float.
    return None if value is None else Decimal(str(value))


def _text(number):
    return None if number is None else str(number)


def count_answers(survey, after=None, upto=None):
    """Tallies of the survey's responses with after < id <= upto, in one pass over their answers.

    Each response's answers to the breakdown, multiple-choice, number and free-text questions
    are read once, into one row per response, and every charted answer is joined to that row:
    one hash join the database plans the same way with or without statistics (no nested loop
    per answer and breakdown question), and no DISTINCT count over the answers.
    """
    questions = survey.all_questions
    breakdown = [q.id for q in questions if q.kind == SINGLE and q.breakdown]
    charted = [q.id for q in questions if q.charted]
    multiple = [q.id for q in questions if q.kind == MULTIPLE]
    numbers = [q.id for q in questions if q.kind in (NUMBER, TEXT)]
    tallies = Tallies()
    if not charted:
        return tallies
    quote = connection.ops.quote_name
    answer, response = quote(Answer._meta.db_table), quote(Response._meta.db_table)

    def placeholders(values):
        return ", ".join(["%s"] * len(values))

    # g: one row per response, with its answer to each breakdown question (by0, by1, ...),
    # whether it answered each multiple-choice question (m0, ...) and its number for each
    # number question (n0, ...; 0 for a free-text answer, which is only counted).
    columns = [("by", "b.choice", question_id) for question_id in breakdown]
    columns += [("m", "1", question_id) for question_id in multiple]
    columns += [("n", "COALESCE(b.number, 0)", question_id) for question_id in numbers]
    seen = {"by": 0, "m": 0, "n": 0}
    names = []
    for prefix, value, _question_id in columns:
        names.append((f"{prefix}{seen[prefix]}", value))
        seen[prefix] += 1
    responses = "SELECT r.id" + "".join(
        f", MAX(CASE WHEN b.question_id = %s THEN {value} END) AS {name}" for name, value in names
    )
    params = [question_id for _prefix, _value, question_id in columns]
    responses += f" FROM {response} r"
    if columns:
        responses += (
            f" LEFT JOIN {answer} b ON b.response_id = r.id"
            f" AND b.question_id IN ({placeholders(columns)})"
        )
        params += [question_id for _prefix, _value, question_id in columns]
    responses += " WHERE r.survey_id = %s"
    params.append(survey.pk)
    if after is not None:
        responses += " AND r.id > %s"
        params.append(after)
    if upto is not None:
        responses += " AND r.id <= %s"
        params.append(upto)
    responses += " GROUP BY r.id"
    groups = [f"g.by{index}" for index in range(len(breakdown))]
    by = "".join(f"{group}, " for group in groups)
    group_by = f" GROUP BY {', '.join(groups)}" if groups else ""
    # One statement, three kinds of row: counts of each answer by group, respondents to each
    # multiple-choice question by group, and each number question's totals.
    # The first part's columns set the types, so its empty columns say which type they are.
    no_number = "CAST(NULL AS NUMERIC)"
    if after is None:
        # Every response: one pass over the answers, each looking up its response's row
        # (SQLite takes CROSS JOIN as that order; PostgreSQL plans the same hash join).
        joined, newer = f"{answer} a CROSS JOIN g WHERE a.response_id = g.id AND", ""
    else:
        # New responses only: their answers are found through the response index, not a scan.
        joined = f"g INNER JOIN {answer} a ON a.response_id = g.id WHERE"
        newer = " AND a.response_id > %s"
    parts = [
        f"SELECT 'c', {by}a.question_id, a.choice, a.number, COUNT(*), {no_number},"  # noqa: S608
        f" {no_number} FROM {joined}"
        f" a.question_id IN ({placeholders(charted)}){newer}"
        f" GROUP BY {by}a.question_id, a.choice, a.number"
    ]
    params += charted
    if after is not None:
        params.append(after)
    for index, question_id in enumerate(multiple):
        parts.append(
            f"SELECT 'm', {by}%s, NULL, NULL, COUNT(g.m{index}), NULL, NULL FROM g{group_by}"  # noqa: S608
        )
        params.append(question_id)
    nulls = "NULL, " * len(breakdown)
    for index, question_id in enumerate(numbers):
        parts.append(
            f"SELECT 'n', {nulls}%s, NULL, SUM(g.n{index}), COUNT(g.n{index}), MIN(g.n{index}),"  # noqa: S608
            f" MAX(g.n{index}) FROM g"
        )
        params.append(question_id)
    # Names come from the models and the questionnaire's length; values go as parameters.
    sql = f"WITH g AS ({responses}) " + " UNION ALL ".join(parts)  # noqa: S608
    width = len(breakdown)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            kind, values = row[0], row[1 + width :]
            key = tuple(row[1 : 1 + width])
            question_id, choice, number, n, low, high = values
            if kind == "c":
                tallies.counts[(key, question_id, choice, _decimal(number))] = n
            elif kind == "m":
                tallies.multiple[(key, question_id)] = n
            else:
                # The sum comes in the number column and the count in the next.
                tallies.numbers[question_id] = [n, _decimal(number), _decimal(low), _decimal(high)]
    return tallies


class SurveyResults:
    def __init__(self, survey, text_sample=5, tallies=None):
        self.survey = survey
        self.questions = survey.all_questions
        self.charted = [q for q in self.questions if q.charted]
        self.breakdown_questions = [q for q in self.questions if q.kind == SINGLE and q.breakdown]
        responses = Response.objects.filter(survey=survey)
        summary = responses.aggregate(
            total=Count("id"), anonymous=Count("id", filter=Q(organisation__isnull=True))
        )
        self.total, self.anonymous = summary["total"], summary["anonymous"]
        self.for_organisations = self.total - self.anonymous
        self.over_time = self._over_time(responses)
        self.channels = list(
            responses.values("channel__name").annotate(count=Count("id")).order_by("-count")
        )
        tallies = count_answers(survey) if tallies is None else tallies
        self.results = self._question_results(tallies, text_sample)

    def _over_time(self, responses):
        # Counted per day by the database (a few hundred rows from the survey and date
        # index), then per week (from Monday) here: truncating each of 50,000 dates to its
        # week in SQL is a Python call per row on SQLite.
        weeks = {}
        for day, count in (
            responses.values("submitted_on")
            .annotate(count=Count("id"))
            .order_by()
            .values_list("submitted_on", "count")
        ):
            week = day - timedelta(days=day.weekday())
            weeks[week] = weeks.get(week, 0) + count
        peak = max(weeks.values(), default=0)
        return [
            {"week": week, "count": count, "percentage": _percentage(count, peak)}
            for week, count in sorted(weeks.items())
        ]

    def _question_results(self, tallies, text_sample):
        questions = {q.id: q for q in self.questions}
        positions = list(enumerate(self.breakdown_questions))

        def keys(question_id, groups):
            """The question overall, then the question by each other breakdown question."""
            return [question_id] + [
                (by.id, groups[index], question_id)
                for index, by in positions
                if by.id != question_id
            ]

        # {question id or (breakdown question id, group, question id): {value: answers}}
        counts, respondents = {}, {}
        for (groups, question_id, choice, number), n in tallies.counts.items():
            question = questions.get(question_id)
            if question is None:
                continue
            value = _value(question, choice, number)
            for key in keys(question_id, groups):
                per_value = counts.setdefault(key, {})
                per_value[value] = per_value.get(value, 0) + n
                # One answer per respondent, except for multiple-choice questions (counted below).
                if question.kind != MULTIPLE:
                    respondents[key] = respondents.get(key, 0) + n
        for (groups, question_id), n in tallies.multiple.items():
            for key in keys(question_id, groups):
                respondents[key] = respondents.get(key, 0) + n

        results = []
        for question in self.questions:
            if question.charted:
                per_value = counts.get(question.id, {})
                mean = None
                if question.kind == SCALE and per_value:
                    answered = sum(per_value.values())
                    mean = sum(value * n for value, n in per_value.items()) / answered
                figures = _figures(
                    question, "All responses", respondents.get(question.id, 0), per_value, mean
                )
                result = QuestionResult(question, figures)
                for by in self.breakdown_questions:
                    if by.id != question.id:
                        result.breakdowns.append(self._breakdown(question, by, counts, respondents))
            else:
                n, total, low, high = tallies.numbers.get(question.id, (0, None, None, None))
                mean = float(total) / n if question.kind == NUMBER and n else None
                result = QuestionResult(question, Figures("All responses", n, [], mean))
                if question.kind == NUMBER and n:
                    result.minimum, result.maximum = low, high
            if question.kind == TEXT and text_sample:
                result.text_answers = list(
                    Answer.objects.filter(response__survey=self.survey, question_id=question.id)
                    .order_by("-response__submitted_on", "-pk")
                    .values_list("text", flat=True)[:text_sample]
                )
            results.append(result)
        return results

    def _breakdown(self, question, by, counts, respondents):
        groups = []
        for group_value, group_label in by.options:
            key = (by.id, group_value, question.id)
            figures = _figures(question, group_label, respondents.get(key, 0), counts.get(key, {}))
            if figures.suppressed:
                figures.options = []
            groups.append(figures)
        return Breakdown(by, groups)

    def result_for(self, question_id):
        return next((r for r in self.results if r.question.id == question_id), None)


@dataclass(frozen=True)
class State:
    """What the figures were counted from: any response added, removed or answered again, or
    the survey published again, gives a new state."""

    survey: int
    responses: int
    newest_response: int | None
    newest_answer: int | None
    published: str

    @classmethod
    def of(cls, survey):
        responses = Response.objects.filter(survey=survey)
        return cls(
            survey.pk,
            # Apart, each reads the survey's index alone: as one aggregate, counting and taking
            # the newest id read every entry's id (on SQLite at 50,000 responses, 6.8 ms
            # against 2.0 ms for the count and 0.01 ms for the newest).
            responses.count(),
            responses.aggregate(newest=Max("id"))["newest"],
            Answer.objects.aggregate(newest=Max("id"))["newest"],
            survey.last_published_at.isoformat() if survey.last_published_at else "",
        )

    @property
    def key(self):
        return (
            f"survey-results:{self.survey}:{self.responses}:{self.newest_response}:"
            f"{self.newest_answer}:{self.published}"
        )


# A lock per survey, for current_tallies (dict.setdefault is atomic).
_counting = {}


def current_tallies(survey, state):
    """The survey's tallies at `state`, counting only what is new since they were last counted.

    When every change since then is a new response (the usual case: respondents sending the
    survey), only the new responses' answers are counted and added. An answer changed or a
    response removed (or answers added to an old response) means counting everything again.
    The state is read before the answers, so a response sent meanwhile is either counted and
    not in the state, or in neither: both make the next state disagree and count again.

    The tallies last counted are kept in the database (StoredTallies) as well as the cache,
    so a worker whose cache is empty (another worker counted them, or the portal has just
    been deployed) starts from them instead of counting every answer again: at 50,000
    responses, about 4 s of database time on SQLite.

    One count at a time per survey in each worker: a viewer who arrives while the answers are
    being counted waits for that count and uses it.
    """
    key = f"survey-tallies:{survey.pk}"
    cached = cache.get(key)
    if cached is not None and cached[0] == state:
        return cached[1]
    with _counting.setdefault(survey.pk, threading.Lock()):
        cached = cache.get(key)  # counted by another viewer while this one waited
        if cached is not None and cached[0] == state:
            return cached[1]
        stored = _stored(survey)
        if stored is not None and stored[0] == state:
            tallies = stored[1]
        else:
            tallies = _tallies_since(survey, state, stored or cached)
            _store(survey, state, tallies)
        cache.set(key, (state, tallies), CACHE_SECONDS)
        return tallies


def _stored(survey):
    """(state, tallies) from StoredTallies, or None (also for a row an earlier release kept in
    another shape: the answers are then counted again and the row replaced)."""
    row = StoredTallies.objects.filter(survey=survey).values_list("state", "tallies").first()
    if row is None:
        return None
    try:
        return State(**row[0]), Tallies.from_json(row[1])
    except (TypeError, KeyError, ValueError):
        return None


def _store(survey, state, tallies):
    # One upsert statement: update_or_create's locked read, then write, took 4.9-6.3 ms a
    # count at benchmark scale against 2.0 ms, and needs no retry when two workers race.
    StoredTallies.objects.bulk_create(
        [StoredTallies(survey=survey, state=asdict(state), tallies=tallies.to_json())],
        update_conflicts=True,
        unique_fields=["survey"],
        update_fields=["state", "tallies", "counted_at"],
    )


def _tallies_since(survey, state, stored):
    """The tallies at `state`: `stored` (the state and tallies counted last, or None) with the
    new responses added when that is all that changed, otherwise counted afresh."""
    tallies = None
    if stored is not None:
        then, tallies = stored
        added = (
            Response.objects.filter(survey=survey, pk__gt=then.newest_response or 0)
            .filter(pk__lte=state.newest_response or 0)
            .count()
        )
        # In id order, so the database reads only the answers written since, by the key.
        answered_again = (
            then.newest_answer is not None
            and Answer.objects.filter(
                pk__gt=then.newest_answer,
                response__survey=survey,
                response_id__lte=then.newest_response or 0,
            )
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
            is not None
        )
        if (
            then.published != state.published
            or then.responses + added != state.responses
            or answered_again
        ):
            tallies = None
        else:
            tallies.add(
                count_answers(survey, after=then.newest_response, upto=state.newest_response)
            )
    if tallies is None:
        tallies = count_answers(survey)
    return tallies


def cached_results(survey, text_sample=5, state=None):
    """SurveyResults for the survey as it is now, its answers counted once (see
    current_tallies); the other figures are a few queries on the responses alone."""
    state = state or State.of(survey)
    return SurveyResults(survey, text_sample, tallies=current_tallies(survey, state))


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
