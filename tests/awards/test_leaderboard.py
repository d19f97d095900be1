"""The leaderboard: weighted scores normalised to 100 per judge, averaged over the judges who
scored, with spread, disagreement and the stated tie-break; computed in one query."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from awards import services
from awards.models import Score, ScoreSheet

from .factories import NominationFactory, category_with_criteria, judge

pytestmark = pytest.mark.django_db


def score(nomination, who, values, submit=True):
    criteria = list(nomination.category.criteria.all())
    return services.save_scores(
        nomination,
        who,
        {criterion: (value, "") for criterion, value in zip(criteria, values, strict=True)},
        submit=submit,
    )


def declare_no_conflict(judges, nominations):
    for person in judges:
        for nomination in nominations:
            if not services.declaration_for(person, nomination):
                services.declare_conflict(nomination, person, False)


def test_worked_leaderboard_three_judges_one_conflicted():
    ada, ben, cat = judge(), judge(), judge()
    category = category_with_criteria(weights=(50, 30, 20), judges=[ada, ben, cat])
    category.cycle.disagreement_threshold = 20
    category.cycle.save()
    first = NominationFactory(category=category, organisation__name="Southsea Food Bank")
    second = NominationFactory(category=category, organisation__name="Fratton Bike Works")
    third = NominationFactory(category=category, organisation__name="Hilsea Green Gardens")
    unscored = NominationFactory(category=category, organisation__name="Cosham Youth Club")

    # Cat declares a conflict with the food bank and so cannot score it.
    services.declare_conflict(first, cat, True, "My sister runs the food bank")
    declare_no_conflict([ada, ben], [first, second, third, unscored])
    declare_no_conflict([cat], [second, third])
    with pytest.raises(PermissionDenied):
        score(first, cat, [0, 0, 0])

    # Scores out of 5; a judge's score = sum(value / 5 x weight) / 100 x 100.
    score(first, ada, [5, 4, 3])  # 50 + 24 + 12 = 86
    score(first, ben, [4, 4, 4])  # 40 + 24 + 16 = 80 -> mean 83, spread 6
    score(second, ada, [3, 5, 5])  # 30 + 30 + 20 = 80
    score(second, ben, [5, 5, 5])  # 100
    score(second, cat, [4, 5, 5])  # 90 -> mean 90, spread 20 (flagged at 20)
    score(third, ada, [5, 3, 4])  # 50 + 18 + 16 = 84
    score(third, ben, [5, 4, 2])  # 50 + 24 + 8 = 82 -> mean 83, spread 2
    score(third, cat, [5, 5, 5], submit=False)  # a draft does not count

    rows = list(services.leaderboard(category))

    assert [row.pk for row in rows] == [second.pk, third.pk, first.pk, unscored.pk]
    summary = [(row.mean, row.judge_count, row.low, row.high, row.spread) for row in rows[:3]]
    assert summary == [
        (Decimal("90.00"), 3, Decimal("80.00"), Decimal("100.00"), Decimal("20.00")),
        (Decimal("83.00"), 2, Decimal("82.00"), Decimal("84.00"), Decimal("2.00")),
        (Decimal("83.00"), 2, Decimal("80.00"), Decimal("86.00"), Decimal("6.00")),
    ]
    # The tie at 83 goes to the nomination the judges agree on more.
    assert "smaller spread" in services.TIE_BREAK_RULE
    assert [row.disagree for row in rows[:3]] == [True, False, False]
    assert rows[3].mean is None and rows[3].judge_count == 0


def test_leaderboard_query_count_does_not_grow(django_assert_num_queries):
    judges = [judge(), judge()]
    counts = {}
    for size in (5, 500):
        category = category_with_criteria(judges=judges)
        criteria = list(category.criteria.all())
        nominations = NominationFactory.create_batch(size, category=category)
        sheets = ScoreSheet.objects.bulk_create(
            ScoreSheet(nomination=n, judge=j, status=ScoreSheet.Status.SUBMITTED)
            for n in nominations
            for j in judges
        )
        Score.objects.bulk_create(
            Score(sheet=sheet, criterion=criterion, value=(sheet.pk + criterion.pk) % 6)
            for sheet in sheets
            for criterion in criteria
        )
        with django_assert_num_queries(1) as captured:
            rows = list(services.leaderboard(category))
            assert len(rows) == size
            assert all(row.judge_count == 2 for row in rows)
        counts[size] = len(captured.captured_queries)
    assert counts[5] == counts[500] == 1
