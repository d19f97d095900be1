"""The leaderboard: weighted scores normalised to 100 per judge, averaged over the judges who
scored, with spread, disagreement and the stated tie-break; ranked from the stored total of each score sheet in one query."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from awards import services
from awards.models import Score, ScoreSheet

from .factories import NominationFactory, administrator, category_with_criteria, judge

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


def category_judged_by_three():
    """Criteria weighted 50, 30 and 20, three judges, disagreement at 20 points."""
    judges = judge(), judge(), judge()
    category = category_with_criteria(weights=(50, 30, 20), judges=judges)
    category.cycle.disagreement_threshold = 20
    category.cycle.save()
    return category, judges


def test_worked_leaderboard_three_judges_one_conflicted():
    category, (ada, ben, cat) = category_judged_by_three()
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


def scored_category(size, judges):
    """A category of `size` nominations, each scored on every criterion by every judge."""
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
    services.store_weighted_totals(ScoreSheet.objects.filter(nomination__category=category))
    return category, nominations


def test_leaderboard_query_count_does_not_grow(django_assert_num_queries):
    judges = [judge(), judge()]
    counts = {}
    for size in (5, 500):
        category, nominations = scored_category(size, judges)
        with django_assert_num_queries(1) as captured:
            rows = list(services.leaderboard(category))
            assert len(rows) == size
            assert all(row.judge_count == 2 for row in rows)
        counts[size] = len(captured.captured_queries)
    assert counts[5] == counts[500] == 1


def _leaderboard_page(client, category):
    response = client.get(reverse("awards_office:leaderboard", args=[category.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _computations(captured):
    return sum("weighted_total" in query["sql"] for query in captured.captured_queries)


def test_leaderboard_page_makes_the_same_queries_for_5_or_200_nominations(
    client, django_assert_max_num_queries
):
    client.force_login(administrator())
    judges = [judge(), judge()]
    counts = {}
    for size in (5, 200):
        category, nominations = scored_category(size, judges)
        _leaderboard_page(client, category)  # warm the site and settings caches
        with django_assert_max_num_queries(30) as captured:
            content = _leaderboard_page(client, category)
        links = [reverse("awards_office:nomination", args=[n.pk]) for n in nominations]
        assert all(f'href="{link}"' in content for link in links)
        # The ranking is one aggregate query over the stored totals of the score sheets.
        assert _computations(captured) == 1
        counts[size] = len(captured.captured_queries)
    assert counts[5] == counts[200]


def test_leaderboard_page_shows_every_change_at_once(client):
    """The page is never out of date: scores, reopened scores, conflicts,
    eligibility, shortlist and winner, criterion weights and the disagreement threshold."""
    cache.clear()
    admin = administrator()
    client.force_login(admin)
    category, (ada, ben, cat) = category_judged_by_three()
    food_bank = NominationFactory(category=category, organisation__name="Southsea Food Bank")
    bikes = NominationFactory(category=category, organisation__name="Fratton Bike Works")
    declare_no_conflict([ada, ben], [food_bank, bikes])

    page = _leaderboard_page(client, category)
    assert "Southsea Food Bank" in page and page.count("Not scored") == 2

    score(food_bank, ada, [5, 4, 3])  # 86
    page = _leaderboard_page(client, category)
    assert "86.00" in page and page.count("Not scored") == 1

    score(food_bank, ben, [4, 4, 4])  # 80 -> mean 83, spread 6
    page = _leaderboard_page(client, category)
    assert "83.00" in page and "6.00" in page and "Judges disagree" not in page

    # A draft does not count, submitting it does.
    score(bikes, ada, [5, 5, 5], submit=False)
    assert _leaderboard_page(client, category).count("Not scored") == 1
    score(bikes, ada, [5, 5, 5], submit=True)
    page = _leaderboard_page(client, category)
    assert "100.00" in page and "Not scored" not in page

    # Reopening takes the judge's scores out until they are submitted again.
    sheet = ScoreSheet.objects.get(nomination=bikes, judge=ada)
    services.reopen_sheet(sheet, admin, "Scored against the wrong criteria")
    assert _leaderboard_page(client, category).count("Not scored") == 1
    score(bikes, ada, [1, 5, 5], submit=True)  # 10 + 30 + 20 = 60
    page = _leaderboard_page(client, category)
    assert "60.00" in page and page.index("Southsea Food Bank") < page.index("Fratton Bike")

    services.declare_conflict(bikes, cat, True, "I volunteer there")
    services.declare_conflict(food_bank, cat, False)
    score(food_bank, cat, [0, 0, 0])  # 0: the spread is now 86 and the judges disagree
    page = _leaderboard_page(client, category)
    assert "55.33" in page and "86.00" in page and "Judges disagree" in page

    # The disagreement threshold.
    category.cycle.disagreement_threshold = 90
    category.cycle.save()
    assert "Judges disagree" not in _leaderboard_page(client, category)

    # Criterion weights: the food bank's scores weighted 100/0/0 are 100, 80 and 0.
    first, second, third = category.criteria.all()
    first.weight, second.weight, third.weight = 100, 0, 0
    for criterion in (first, second, third):
        criterion.save()
    page = _leaderboard_page(client, category)
    assert "55.33" not in page and "20.00" in page  # bikes 20 (1/5 x 100); food bank 60

    # Shortlist and winner.
    services.set_shortlisted(food_bank, admin)
    assert "<td>Shortlisted</td>" in _leaderboard_page(client, category)
    services.set_winner(food_bank, admin)
    assert "<td>Winner</td>" in _leaderboard_page(client, category)
    services.set_winner(food_bank, admin, on=False)
    services.set_shortlisted(food_bank, admin, on=False)
    page = _leaderboard_page(client, category)
    assert "<td>Winner</td>" not in page and "<td>Shortlisted</td>" not in page

    # Eligibility: a nomination found not eligible leaves the leaderboard.
    services.screen(bikes, admin, accept=False, reason="Not based in Portsmouth")
    page = _leaderboard_page(client, category)
    assert "Fratton Bike Works" not in page and "Southsea Food Bank" in page


def test_leaderboard_rows_show_each_figure_and_escape_names(client):
    client.force_login(administrator())
    category, (ada, ben, _) = category_judged_by_three()
    hostile = NominationFactory(
        category=category, organisation__name='Fish & Chips <script>alert("x")</script>'
    )
    unscored = NominationFactory(category=category, organisation__name="Eastney Swimmers")
    declare_no_conflict([ada, ben], [hostile, unscored])
    score(hostile, ada, [5, 4, 3])  # 86
    score(hostile, ben, [1, 1, 1])  # 20: spread 66, the judges disagree

    page = _leaderboard_page(client, category)
    link = reverse("awards_office:nomination", args=[hostile.pk])
    assert (
        f'<tr><td>1</td><td><a href="{link}">Fish &amp; Chips &lt;script&gt;alert(&quot;x&quot;)'
        f"&lt;/script&gt;</a> ({hostile.reference})</td><td>53.00</td><td>2</td><td>20.00</td>"
        '<td>86.00</td><td>66.00 <strong class="status-tag primary">Judges disagree</strong>'
        "</td><td></td></tr>"
    ) in page
    assert "<script>alert" not in page
    link = reverse("awards_office:nomination", args=[unscored.pk])
    assert (
        f'<tr><td>2</td><td><a href="{link}">Eastney Swimmers</a> ({unscored.reference})</td>'
        "<td>Not scored</td><td>0</td><td></td><td></td><td></td><td></td></tr>"
    ) in page


def test_an_empty_category_says_so(client):
    client.force_login(administrator())
    category, _ = category_judged_by_three()
    assert "No eligible nominations in this category." in _leaderboard_page(client, category)
