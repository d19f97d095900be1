"""Judging: one place decides what a judge may see and do; conflicts, scores and progress."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from portal.emails import send_templated_email

from ..models import Category, ConflictDeclaration, Nomination, Score, ScoreEvent, ScoreSheet
from .access import administrator_emails, is_administrator, is_judge
from .leaderboard import weighted_total


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
        send_templated_email(
            administrator_emails(),
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


def _judge_count(relation, nominations, **conditions):
    """Count a judge's `relation` rows (declarations or score sheets) about `nominations`
    that meet `conditions`."""
    lookups = {"nomination__in": nominations, **conditions}
    return Count(
        relation,
        filter=Q(**{f"{relation}__{lookup}": value for lookup, value in lookups.items()}),
        distinct=True,
    )


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
                declared=_judge_count("conflict_declarations", eligible),
                conflicts=_judge_count("conflict_declarations", eligible, has_conflict=True),
                submitted=_judge_count(
                    "score_sheets", eligible, status=ScoreSheet.Status.SUBMITTED
                ),
                drafts=_judge_count("score_sheets", eligible, status=ScoreSheet.Status.DRAFT),
            )
            .order_by("last_name", "email")
        )
        rows.append({"category": category, "total": total, "judges": list(judges)})
    return rows
