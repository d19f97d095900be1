"""Every rule that changes the state of an award lives here; views and admin call these."""

import decimal
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    Subquery,
)
from django.http import Http404
from django.utils import timezone

from portal import roles
from portal.emails import send_templated_email

from .models import (
    Category,
    ConflictDeclaration,
    Nomination,
    Score,
    ScoreEvent,
    ScoreSheet,
)


def is_administrator(user):
    return roles.user_has_role(user, roles.AWARDS_ADMINISTRATORS)


def is_judge(user):
    return roles.user_has_role(user, roles.JUDGES)


def administrator_emails():
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(groups__name=roles.AWARDS_ADMINISTRATORS, is_active=True)
        .values_list("email", flat=True)
    )


# Nominations -----------------------------------------------------------------------------


def confirm_nomination(nomination):
    """The nominator proved their email address: the nomination goes to screening."""
    if nomination.status != Nomination.Status.UNCONFIRMED:
        return False
    nomination.status = Nomination.Status.SUBMITTED
    nomination.confirmed_at = timezone.now()
    nomination.save(update_fields=["status", "confirmed_at"])
    notify_submitted(nomination)
    return True


def notify_submitted(nomination):
    context = {"nomination": nomination}
    send_templated_email(nomination.nominator_email, "awards/email/nomination_received", context)
    nominee_email = nomination.nominee_email
    if nomination.organisation_id and not nominee_email:
        nominee_email = nomination.organisation.email
    if nominee_email and nominee_email.lower() != nomination.nominator_email.lower():
        send_templated_email(nominee_email, "awards/email/nominee_told", context)


def screen(nomination, user, accept, reason):
    if not is_administrator(user):
        raise PermissionDenied
    if nomination.status == Nomination.Status.UNCONFIRMED:
        raise ValidationError("This nomination has not been confirmed by the nominator yet")
    if not reason.strip():
        raise ValidationError("Enter the reason for your decision")
    nomination.status = Nomination.Status.ACCEPTED if accept else Nomination.Status.REJECTED
    nomination.screened_by = user
    nomination.screened_at = timezone.now()
    nomination.screening_reason = reason.strip()
    nomination.save(update_fields=["status", "screened_by", "screened_at", "screening_reason"])


def set_shortlisted(nomination, user, on=True):
    if not is_administrator(user):
        raise PermissionDenied
    if nomination.status != Nomination.Status.ACCEPTED:
        raise ValidationError("Only eligible nominations can be shortlisted")
    nomination.shortlisted_at = timezone.now() if on else None
    nomination.shortlisted_by = user if on else None
    nomination.save(update_fields=["shortlisted_at", "shortlisted_by"])


def set_winner(nomination, user, on=True):
    if not is_administrator(user):
        raise PermissionDenied
    if nomination.status != Nomination.Status.ACCEPTED:
        raise ValidationError("Only eligible nominations can win")
    nomination.winner_at = timezone.now() if on else None
    nomination.winner_by = user if on else None
    fields = ["winner_at", "winner_by"]
    if on and not nomination.shortlisted_at:
        nomination.shortlisted_at, nomination.shortlisted_by = nomination.winner_at, user
        fields += ["shortlisted_at", "shortlisted_by"]
    nomination.save(update_fields=fields)


# Judging access: one place decides what a judge may see and do -------------------------


def judge_nominations(user):
    """Eligible nominations in categories the user is assigned to judge."""
    if not is_judge(user):
        return Nomination.objects.none()
    return Nomination.objects.for_judging().filter(category__judges=user)


def with_judge_state(queryset, user):
    declarations = ConflictDeclaration.objects.filter(nomination=OuterRef("pk"), judge=user)
    sheets = ScoreSheet.objects.filter(nomination=OuterRef("pk"), judge=user)
    return queryset.annotate(
        declared=Exists(declarations),
        conflicted=Exists(declarations.filter(has_conflict=True)),
        sheet_status=Subquery(sheets.values("status")[:1]),
    )


def nomination_for_judge(user, pk):
    """The nomination if the user is an assigned judge; 404 otherwise (never reveal it)."""
    nomination = (
        judge_nominations(user)
        .select_related("category__cycle", "organisation")
        .filter(pk=pk)
        .first()
    )
    if nomination is None:
        raise Http404("No nomination assigned to you has that number")
    return nomination


def declaration_for(user, nomination):
    return ConflictDeclaration.objects.filter(nomination=nomination, judge=user).first()


def declare_conflict(nomination, judge, has_conflict, details=""):
    """Record the judge's declaration once; a conflict removes the nomination from them."""
    if declaration_for(judge, nomination):
        raise ValidationError("You have already declared for this nomination")
    declaration = ConflictDeclaration.objects.create(
        nomination=nomination, judge=judge, has_conflict=has_conflict, details=details.strip()
    )
    if has_conflict:
        recipients = administrator_emails()
        if recipients:
            send_templated_email(
                recipients,
                "awards/email/conflict_declared",
                {"declaration": declaration, "nomination": nomination, "judge": judge},
            )
    return declaration


def _snapshot(sheet):
    return {
        str(score.criterion_id): {"value": score.value, "comment": score.comment}
        for score in sheet.scores.all()
    }


@transaction.atomic
def save_scores(nomination, judge, values, submit=False):
    """Store a judge's scores. `values` maps each Criterion to (value, comment).

    Raises ValidationError for a score outside its scale, PermissionDenied when the judge
    has not declared "no conflict", the sheet is submitted, or judging is closed.
    """
    declaration = declaration_for(judge, nomination)
    if declaration is None or declaration.has_conflict:
        raise PermissionDenied("Declare that you have no conflict of interest before scoring")
    if not nomination.category.cycle.judging_is_open():
        raise PermissionDenied("Judging is closed for this cycle")
    sheet, _ = ScoreSheet.objects.select_for_update().get_or_create(
        nomination=nomination, judge=judge
    )
    if sheet.is_submitted:
        raise PermissionDenied("You have submitted these scores; an administrator can reopen them")
    criteria = list(nomination.category.criteria.all())
    errors = {}
    for criterion in criteria:
        value, _comment = values.get(criterion, (None, ""))
        if value is None:
            if submit:
                errors[criterion.pk] = f"Score {criterion.title} before you submit"
        elif not 0 <= value <= criterion.max_score:
            errors[criterion.pk] = f"Score {criterion.title} from 0 to {criterion.max_score}"
    if errors:
        raise ValidationError(errors)
    before = _snapshot(sheet)
    existing = {score.criterion_id: score for score in sheet.scores.all()}
    for criterion in criteria:
        value, comment = values.get(criterion, (None, ""))
        score = existing.get(criterion.pk)
        if value is None:
            if score:
                score.delete()
            continue
        if score is None:
            Score.objects.create(sheet=sheet, criterion=criterion, value=value, comment=comment)
        elif (score.value, score.comment) != (value, comment):
            score.value, score.comment = value, comment
            score.save(update_fields=["value", "comment"])
    if submit:
        sheet.status = ScoreSheet.Status.SUBMITTED
        sheet.submitted_at = timezone.now()
    sheet.save()
    after = _snapshot(sheet)
    if before != after or submit:
        ScoreEvent.objects.create(
            sheet=sheet,
            actor=judge,
            action=ScoreEvent.Action.SUBMITTED if submit else ScoreEvent.Action.SAVED,
            before=before,
            after=after,
        )
    return sheet


def reopen_sheet(sheet, user, reason):
    if not is_administrator(user):
        raise PermissionDenied
    if not sheet.is_submitted:
        raise ValidationError("These scores are not submitted")
    if not reason.strip():
        raise ValidationError("Enter why the scores are being reopened")
    sheet.status = ScoreSheet.Status.DRAFT
    sheet.submitted_at = None
    sheet.save(update_fields=["status", "submitted_at", "updated_at"])
    ScoreEvent.objects.create(
        sheet=sheet, actor=user, action=ScoreEvent.Action.REOPENED, reason=reason.strip()
    )


# Leaderboard ----------------------------------------------------------------------------

TIE_BREAK_RULE = (
    "Equal mean scores are ranked by the smaller spread (judges agree more), then by the "
    "larger number of judges who scored, then by the earlier nomination."
)


# One query whatever the number of nominations: the category's scores are read once, summed
# per score sheet (one judge's score out of 100), then per nomination (the mean, the number
# of judges, the highest and lowest judge's score). The ORM can only aggregate an aggregate
# through correlated subqueries, which ran once per nomination and figure (13 a row). Every
# join reaches a nomination's own rows through an index, so the plan stays linear even
# before the tables have statistics. As before, the arithmetic is in double precision and
# the database rounds (ROUNDING below).
LEADERBOARD_SQL = """
WITH judged AS (
    SELECT nomination.id,
           nomination.reference,
           COALESCE(organisation.name, nomination.nominee_name) AS nominee,
           nomination.shortlisted_at IS NOT NULL AS is_shortlisted,
           nomination.winner_at IS NOT NULL AS is_winner,
           nomination.created_at,
           cycle.disagreement_threshold AS threshold,
           SUM(CAST(score.value AS DOUBLE PRECISION) * criterion.weight / criterion.max_score)
               AS weighted,
           SUM(CAST(criterion.weight AS DOUBLE PRECISION)) AS total_weight
    FROM awards_nomination AS nomination
    JOIN awards_category AS category ON category.id = nomination.category_id
    JOIN awards_cycle AS cycle ON cycle.id = category.cycle_id
    LEFT JOIN directory_organisation AS organisation
        ON organisation.id = nomination.organisation_id
    LEFT JOIN awards_scoresheet AS sheet
        ON sheet.nomination_id = nomination.id AND sheet.status = %(submitted)s
    LEFT JOIN awards_score AS score ON score.sheet_id = sheet.id
    LEFT JOIN awards_criterion AS criterion ON criterion.id = score.criterion_id
    WHERE nomination.category_id = %(category)s AND nomination.status = %(eligible)s
    GROUP BY nomination.id, organisation.id, cycle.id, sheet.id
), standing AS (
    SELECT id, reference, nominee, is_shortlisted, is_winner, created_at, threshold,
           100.0 * SUM(weighted) / SUM(total_weight) AS mean,
           COUNT(weighted) AS judge_count,
           MAX(100.0 * weighted / total_weight) AS best,
           MIN(100.0 * weighted / total_weight) AS worst
    FROM judged
    GROUP BY id, reference, nominee, is_shortlisted, is_winner, created_at, threshold
), rounded AS (
    SELECT id, reference, nominee, is_shortlisted, is_winner, created_at, judge_count,
           threshold,
           {mean} AS mean,
           {low} AS low,
           {high} AS high,
           {spread} AS spread
    FROM standing
)
SELECT id, reference, nominee, is_shortlisted, is_winner, mean, judge_count, low, high, spread,
       spread >= threshold AS disagree
FROM rounded
ORDER BY mean DESC NULLS LAST, spread ASC NULLS LAST, judge_count DESC, created_at, id
"""
# To 4 decimal places (which absorbs float noise from summing in another order), then 2,
# halves away from zero: PostgreSQL rounds a numeric; SQLite's ROUND of a double needs the
# first step spelled out, or a mean of exactly 53.125 could come out as 53.12.
ROUNDING = {
    "postgresql": "ROUND(CAST({} AS NUMERIC(12, 4)), 2)",
    "sqlite": "ROUND(ROUND({}, 4), 2)",
}


def _leaderboard_sql(vendor):
    rounded = ROUNDING.get(vendor, ROUNDING["postgresql"]).format
    return LEADERBOARD_SQL.format(
        mean=rounded("mean"),
        low=rounded("worst"),
        high=rounded("best"),
        spread=rounded("best - worst"),
    )


# SQLite hands back rounded numbers as floats (or integers when whole): 15 significant digits
# are all it stores, as Django's own decimal converter assumes.
_FROM_FLOAT = decimal.Context(prec=15).create_decimal_from_float
_CENTS = decimal.Decimal("0.01")


def _points(value):
    if value is None or isinstance(value, decimal.Decimal):
        return value
    return _FROM_FLOAT(value).quantize(_CENTS)


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
    """The category's eligible nominations ranked by their mean weighted score, in one query.

    A judge's score is the sum of (value / highest score × weight) over the criteria,
    divided by the total weight, × 100: so every judge's score is out of 100. The mean is
    over the judges who submitted scores, so a judge's recusal neither helps nor harms.
    Judges disagree when their highest and lowest scores differ by the cycle's threshold.
    """
    params = {
        "category": category.pk,
        "eligible": Nomination.Status.ACCEPTED,
        "submitted": ScoreSheet.Status.SUBMITTED,
    }
    with connection.cursor() as cursor:
        cursor.execute(_leaderboard_sql(connection.vendor), params)
        rows = cursor.fetchall()
    return [
        Standing(
            pk=pk,
            reference=reference,
            nominee_display_name=nominee,
            is_shortlisted=bool(shortlisted),
            is_winner=bool(winner),
            mean=_points(mean),
            judge_count=judge_count,
            low=_points(low),
            high=_points(high),
            spread=_points(spread),
            disagree=None if disagree is None else bool(disagree),
        )
        for (
            pk,
            reference,
            nominee,
            shortlisted,
            winner,
            mean,
            judge_count,
            low,
            high,
            spread,
            disagree,
        ) in rows
    ]


# What the leaderboard is computed from, read in one cheap query (no score is read): scores
# change only through save_scores, which saves their sheet (so its updated_at moves on) or
# adds a score (a new highest id); reopening saves the sheet too. Screening stamps
# screened_at, shortlisting and choosing a winner stamp their times (and undoing them
# changes the counts), renaming an organisation moves its updated_at on.
LEADERBOARD_STATE_SQL = """
SELECT nominations.*, sheets.*, declarations.*, scores.*
FROM (
    SELECT COUNT(*) AS nominations,
           SUM(CASE WHEN nomination.status = %(eligible)s THEN nomination.id END) AS eligible,
           MAX(nomination.screened_at) AS screened,
           COUNT(nomination.shortlisted_at) AS shortlisted,
           MAX(nomination.shortlisted_at) AS last_shortlisted,
           COUNT(nomination.winner_at) AS winners,
           MAX(nomination.winner_at) AS last_winner,
           MAX(organisation.updated_at) AS organisations
    FROM awards_nomination AS nomination
    LEFT JOIN directory_organisation AS organisation
        ON organisation.id = nomination.organisation_id
    WHERE nomination.category_id = %(category)s
) AS nominations, (
    SELECT COUNT(*) AS sheets, MAX(sheet.updated_at) AS last_sheet
    FROM awards_scoresheet AS sheet
    JOIN awards_nomination AS nomination ON nomination.id = sheet.nomination_id
    WHERE nomination.category_id = %(category)s
) AS sheets, (
    SELECT COUNT(*) AS declarations, MAX(declaration.id) AS last_declaration
    FROM awards_conflictdeclaration AS declaration
    JOIN awards_nomination AS nomination ON nomination.id = declaration.nomination_id
    WHERE nomination.category_id = %(category)s
) AS declarations, (
    SELECT MAX(id) AS last_score FROM awards_score
) AS scores
"""
LEADERBOARD_CACHE_SECONDS = 60 * 60 * 24


def leaderboard_key(category, criteria):
    """A cache key that changes whenever the category's leaderboard could: any score, score
    sheet, conflict declaration, eligibility, shortlist or winner, nominee name, criterion
    weight or scale, or the cycle's disagreement threshold. One query.

    `criteria` are the category's criteria as the page shows them; `category.cycle` is read.
    """
    params = {"category": category.pk, "eligible": Nomination.Status.ACCEPTED}
    with connection.cursor() as cursor:
        cursor.execute(LEADERBOARD_STATE_SQL, params)
        state = cursor.fetchone()
    scales = [(criterion.pk, criterion.weight, criterion.max_score) for criterion in criteria]
    fingerprint = repr((state, scales, category.cycle.disagreement_threshold))
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    return f"awards:leaderboard:{category.pk}:{digest}"


def cached_leaderboard(key, category):
    """leaderboard(category), computed once per state of what it is computed from."""
    rows = cache.get(key)
    if rows is None:
        rows = leaderboard(category)
        cache.set(key, rows, LEADERBOARD_CACHE_SECONDS)
    return rows


def judge_progress(cycle):
    """For each assigned judge and category: nominations to judge, declared, conflicts, drafts
    and submitted score sheets."""
    from django.contrib.auth import get_user_model

    rows = []
    categories = Category.objects.filter(cycle=cycle).prefetch_related("judges")
    for category in categories:
        eligible = Nomination.objects.for_judging().filter(category=category)
        total = eligible.count()
        judges = (
            get_user_model()
            .objects.filter(judged_categories=category)
            .annotate(
                declared=Count(
                    "conflict_declarations",
                    filter=Q(conflict_declarations__nomination__in=eligible),
                    distinct=True,
                ),
                conflicts=Count(
                    "conflict_declarations",
                    filter=Q(
                        conflict_declarations__nomination__in=eligible,
                        conflict_declarations__has_conflict=True,
                    ),
                    distinct=True,
                ),
                submitted=Count(
                    "score_sheets",
                    filter=Q(
                        score_sheets__nomination__in=eligible,
                        score_sheets__status=ScoreSheet.Status.SUBMITTED,
                    ),
                    distinct=True,
                ),
                drafts=Count(
                    "score_sheets",
                    filter=Q(
                        score_sheets__nomination__in=eligible,
                        score_sheets__status=ScoreSheet.Status.DRAFT,
                    ),
                    distinct=True,
                ),
            )
            .order_by("last_name", "email")
        )
        rows.append({"category": category, "total": total, "judges": list(judges)})
    return rows


# Certificates ---------------------------------------------------------------------------


def revoke_certificate(certificate, user, reason):
    if not is_administrator(user):
        raise PermissionDenied
    if certificate.revoked_at:
        raise ValidationError("This certificate is already revoked")
    if not reason.strip():
        raise ValidationError("Enter the reason for revoking the certificate")
    certificate.revoked_at = timezone.now()
    certificate.revocation_reason = reason.strip()
    certificate.save(update_fields=["revoked_at", "revocation_reason"])
