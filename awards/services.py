"""Every rule that changes the state of an award lives here; views and admin call these."""

import decimal
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Avg,
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Prefetch,
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
        sheet.weighted_total = weighted_total(
            [
                (values[criterion][0], criterion.weight, criterion.max_score)
                for criterion in criteria
            ]
        )
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
    sheet.weighted_total = None
    sheet.save(update_fields=["status", "submitted_at", "weighted_total", "updated_at"])
    ScoreEvent.objects.create(
        sheet=sheet, actor=user, action=ScoreEvent.Action.REOPENED, reason=reason.strip()
    )


# Leaderboard ----------------------------------------------------------------------------

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
    """
    submitted = Q(
        score_sheets__status=ScoreSheet.Status.SUBMITTED,
        score_sheets__weighted_total__isnull=False,
    )
    nominations = (
        Nomination.objects.filter(category=category, status=Nomination.Status.ACCEPTED)
        .select_related("organisation")
        .annotate(
            mean=Avg("score_sheets__weighted_total", filter=submitted),
            judge_count=Count("score_sheets", filter=submitted),
            low=Min("score_sheets__weighted_total", filter=submitted),
            high=Max("score_sheets__weighted_total", filter=submitted),
        )
    )
    threshold = category.cycle.disagreement_threshold
    rows = []
    for nomination in nominations:
        low, high = _points(nomination.low), _points(nomination.high)
        spread = None if low is None else _points(nomination.high - nomination.low)
        mean = _points(nomination.mean)
        # Unscored last; then the higher mean, the smaller spread, more judges, earlier.
        rank = (
            (1, 0, 0) if mean is None else (0, -mean, spread),
            -nomination.judge_count,
            nomination.created_at,
            nomination.pk,
        )
        rows.append(
            (
                rank,
                Standing(
                    pk=nomination.pk,
                    reference=nomination.reference,
                    nominee_display_name=nomination.nominee_display_name,
                    is_shortlisted=nomination.shortlisted_at is not None,
                    is_winner=nomination.winner_at is not None,
                    mean=mean,
                    judge_count=nomination.judge_count,
                    low=low,
                    high=high,
                    spread=spread,
                    disagree=None if spread is None else spread >= threshold,
                ),
            )
        )
    return [standing for _, standing in sorted(rows, key=lambda row: row[0])]


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
