"""The leaderboard: each judge's weighted total out of 100, and the ranking by their mean."""

import decimal
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Max, Min, Prefetch, Q

from ..models import Nomination, Score, ScoreSheet

TIE_BREAK_RULE = (
    "Equal mean scores are ranked by the smaller spread (judges agree more), then by the "
    "larger number of judges who scored, then by the earlier nomination."
)


_CENTS = decimal.Decimal("0.01")
_TOTAL_PLACES = decimal.Decimal("0.0001")


def weighted_total(scores):
    """A judge's score out of 100 from [(value, weight, max_score)]: the sum of value /
    highest score x weight over the total weight, to 4 places (None without weight)."""
    total_weight = sum(weight for _, weight, _ in scores)
    if not total_weight:
        return None
    points = sum(decimal.Decimal(value) * weight / max_score for value, weight, max_score in scores)
    return (points * 100 / total_weight).quantize(_TOTAL_PLACES, decimal.ROUND_HALF_UP)


def store_weighted_totals(sheets):
    """Writes the weighted total of each submitted sheet (and clears it on the drafts)."""
    sheets = sheets.prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("criterion"))
    )
    changed = []
    for sheet in sheets:
        total = None
        if sheet.is_submitted:
            total = weighted_total(
                [(s.value, s.criterion.weight, s.criterion.max_score) for s in sheet.scores.all()]
            )
        if sheet.weighted_total != total:
            sheet.weighted_total = total
            changed.append(sheet)
    ScoreSheet.objects.bulk_update(changed, ["weighted_total"], batch_size=500)


def _points(value):
    """A mean (a Decimal on PostgreSQL, a float on SQLite) to 2 places, halves away from 0."""
    if value is None:
        return None
    return decimal.Decimal(str(value)).quantize(_CENTS, decimal.ROUND_HALF_UP)


@dataclass(frozen=True)
class Standing:
    """One eligible nomination's place on the leaderboard; figures are out of 100."""

    pk: int
    reference: str
    nominee_display_name: str
    is_shortlisted: bool
    is_winner: bool
    mean: decimal.Decimal | None
    judge_count: int
    low: decimal.Decimal | None
    high: decimal.Decimal | None
    spread: decimal.Decimal | None
    disagree: bool | None


def leaderboard(category):
    """The category's eligible nominations ranked by the mean of their judges' stored
    weighted totals, in one query.

    A judge's score is out of 100 (see weighted_total). The mean is over the judges who
    submitted scores, so a judge's recusal neither helps nor harms. Judges disagree when their
    highest and lowest scores differ by the cycle's threshold. Ties: TIE_BREAK_RULE.

    The rows are read as values, not model instances: a category has a hundred or more
    nominations, and building a nomination and its organisation for each took two thirds of
    the ranking's time.
    """
    submitted = Q(
        score_sheets__status=ScoreSheet.Status.SUBMITTED,
        score_sheets__weighted_total__isnull=False,
    )
    nominations = (
        Nomination.objects.filter(category=category, status=Nomination.Status.ACCEPTED)
        .values(
            "pk",
            "reference",
            "nominee_name",
            "shortlisted_at",
            "winner_at",
            "created_at",
            "organisation_id",
            organisation_name=F("organisation__name"),
        )
        .annotate(
            mean=Avg("score_sheets__weighted_total", filter=submitted),
            judge_count=Count("score_sheets", filter=submitted),
            low=Min("score_sheets__weighted_total", filter=submitted),
            high=Max("score_sheets__weighted_total", filter=submitted),
        )
        .order_by()
    )
    threshold = category.cycle.disagreement_threshold
    rows = []
    for nomination in nominations:
        low, high = _points(nomination["low"]), _points(nomination["high"])
        spread = None if low is None else _points(nomination["high"] - nomination["low"])
        mean = _points(nomination["mean"])
        # Unscored last; then the higher mean, the smaller spread, more judges, earlier.
        rank = (
            (1, 0, 0) if mean is None else (0, -mean, spread),
            -nomination["judge_count"],
            nomination["created_at"],
            nomination["pk"],
        )
        rows.append(
            (
                rank,
                Standing(
                    pk=nomination["pk"],
                    reference=nomination["reference"],
                    # As Nomination.nominee_display_name.
                    nominee_display_name=(
                        nomination["organisation_name"]
                        if nomination["organisation_id"]
                        else nomination["nominee_name"]
                    ),
                    is_shortlisted=nomination["shortlisted_at"] is not None,
                    is_winner=nomination["winner_at"] is not None,
                    mean=mean,
                    judge_count=nomination["judge_count"],
                    low=low,
                    high=high,
                    spread=spread,
                    disagree=None if spread is None else spread >= threshold,
                ),
            )
        )
    return [standing for _, standing in sorted(rows, key=lambda row: row[0])]
