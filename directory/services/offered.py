"""The services an organisation offers (Open Referral UK services): owners propose, moderators
decide, as for the profile."""

from django.db import transaction
from django.utils import timezone

from ..models import Organisation, OrganisationHistory, Service
from .shared import decline_proposal, diff, notify_members

SERVICE_FIELDS = [
    "name",
    "description",
    "eligibility",
    "cost",
    "how_to_access",
    "contact_name",
    "contact_email",
    "contact_phone",
    "service_area",
]


def service_values(service):
    return {field: getattr(service, field) for field in SERVICE_FIELDS}


def proposed_service_values(service):
    return service.pending_change or service_values(service)


def _service_history(service, user, action, changes, reason=""):
    OrganisationHistory.objects.create(
        organisation_id=service.organisation_id,
        user=user,
        action=action,
        changes={f"service {service.name}: {key}": value for key, value in changes.items()},
        reason=reason,
    )


def _apply_service(service, values):
    for field in SERVICE_FIELDS:
        if field in values:
            setattr(service, field, values[field])
    service.full_clean(exclude=["organisation", "uuid"], validate_constraints=False)


def ensure_default_service(organisation):
    """A published organisation with no services gets one describing what it does, so it
    appears in the Open Referral UK feed. Returns the new service or None."""
    if organisation.status != Organisation.Status.PUBLISHED or organisation.services.exists():
        return None
    return Service.objects.create(
        organisation=organisation,
        name=organisation.name,
        description=organisation.description,
        status=Service.Status.PUBLISHED,
        published_at=timezone.now(),
    )


@transaction.atomic
def add_service(organisation, values, user):
    """An owner adds a service; it waits for moderation. Sending the same service again
    while it waits (a double submit) returns the one already waiting."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    waiting = organisation.services.filter(
        status=Service.Status.PENDING, **{field: values.get(field, "") for field in SERVICE_FIELDS}
    ).first()
    if waiting:
        return waiting
    service = Service(organisation=organisation, status=Service.Status.PENDING)
    _apply_service(service, values)
    service.pending_submitted_at = timezone.now()
    service.save()
    _service_history(service, user, OrganisationHistory.Action.SUBMITTED, diff({}, values))
    return service


@transaction.atomic
def submit_service_change(service, values, user):
    """A published service stays live and the change waits; any other is updated and sent."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    before = service_values(service)
    if service.status == Service.Status.PUBLISHED:
        candidate = Service(organisation_id=service.organisation_id)
        _apply_service(candidate, {**before, **values})
        service.pending_change = {**before, **values}
        service.has_pending_change = True
        service.pending_submitted_at = timezone.now()
        # The live service has not changed, so neither does its last_modified.
        service.save(update_fields=["pending_change", "has_pending_change", "pending_submitted_at"])
    else:
        _apply_service(service, values)
        service.status = Service.Status.PENDING
        service.pending_submitted_at = timezone.now()
        service.save()
    _service_history(service, user, OrganisationHistory.Action.SUBMITTED, diff(before, values))
    return service


@transaction.atomic
def approve_service(service, moderator):
    service = Service.objects.select_for_update().get(pk=service.pk)
    before = service_values(service)
    if service.pending_change:
        _apply_service(service, service.pending_change)
    service.status = Service.Status.PUBLISHED
    service.published_at = service.published_at or timezone.now()
    service.pending_change = None
    service.has_pending_change = False
    service.save()
    _service_history(
        service,
        moderator,
        OrganisationHistory.Action.APPROVED,
        diff(before, service_values(service)),
    )
    notify_members(service.organisation, "service_approved", {"service": service})
    return service


@transaction.atomic
def reject_service(service, moderator, reason):
    """Reject the pending change (the live service is untouched) or a new service."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    rejected = decline_proposal(service, service_values)
    _service_history(
        service,
        moderator,
        OrganisationHistory.Action.REJECTED,
        diff(service_values(service), rejected),
        reason=reason,
    )
    notify_members(service.organisation, "service_rejected", {"service": service, "reason": reason})
    return service
