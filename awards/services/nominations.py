"""Nominations: making one, the nominator's confirmation, screening, shortlist and winners."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.emails import send_templated_email

from ..models import Evidence, Nomination, SupportingFile
from .access import is_administrator


@transaction.atomic
def create_nomination(category, data, statements, evidence, nominator=None):
    """Store a nomination with its statements, valued evidence and supporting files.

    `data` is the nomination form's cleaned data, `statements` [(criterion, text)] and
    `evidence` [(measure, quantity, value)]. A signed-in nominator's account email is used.
    """
    organisation = data.get("organisation")
    nomination = Nomination.objects.create(
        category=category,
        organisation=organisation,
        nominee_name="" if organisation else data["nominee_name"],
        nominee_contact_name=data.get("nominee_contact_name", ""),
        nominee_email=data.get("nominee_email", ""),
        nominator=nominator,
        nominator_name=data["nominator_name"],
        nominator_email=nominator.email if nominator else data["nominator_email"],
        is_self_nomination=data.get("is_self_nomination", False),
    )
    for criterion, text in statements:
        nomination.statements.create(criterion=criterion, text=text)
    Evidence.objects.bulk_create(
        Evidence(
            nomination=nomination,
            measure=measure,
            quantity=quantity,
            value=value,
            proxy_value=measure.proxy_value,
        )
        for measure, quantity, value in evidence
    )
    for upload in data.get("files") or []:
        SupportingFile.objects.create(
            nomination=nomination,
            file=upload,
            original_name=upload.name[:255],
            content_type=upload.checked_content_type,
            size=upload.size,
        )
    return nomination


def submit_nomination(category, data, statements, evidence, nominator, absolute_uri):
    """Create the nomination, then confirm it (signed-in nominators are already verified) or
    email the nominator a link to confirm their address. `absolute_uri(path)` makes the link
    a full address (a request's build_absolute_uri)."""
    nomination = create_nomination(category, data, statements, evidence, nominator)
    if nomination.nominator_id:
        confirm_nomination(nomination)
        return nomination
    confirm_url = absolute_uri(reverse("awards:confirm", args=[nomination.confirmation_token]))
    send_templated_email(
        nomination.nominator_email,
        "awards/email/confirm_nomination",
        {"nomination": nomination, "confirm_url": confirm_url},
    )
    return nomination


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
    if nomination.winner_at:
        raise ValidationError("This nomination is a winner: remove it as a winner first")
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
