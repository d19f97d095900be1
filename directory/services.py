"""Every operation that changes an organisation's profile, membership or moderation state.

Views, the admin and the import command all call these, so the rules live in one place:
members propose, moderators decide, and every step is written to OrganisationHistory.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.search.index import insert_or_update_object

from portal import roles
from portal.emails import send_templated_email

from .models import (
    Invitation,
    JoinRequest,
    Organisation,
    OrganisationHistory,
    OrganisationMembership,
    Service,
)

# The profile fields a member may propose a change to.
PROFILE_FIELDS = [
    "name",
    "legal_form",
    "size_band",
    "companies_house_number",
    "charity_number",
    "address",
    "postcode",
    "description",
    "keywords",
    "website",
    "email",
    "phone",
    "open_to_partnerships",
    "partnership_interests",
]
RELATION_FIELDS = ["sectors", "accreditations", "measures"]
UNIQUE_FIELDS = ["companies_house_number", "charity_number"]


def is_moderator(user):
    return roles.user_has_role(user, roles.MODERATORS)


def is_member(user, organisation):
    return user.is_authenticated and organisation.memberships.filter(user=user).exists()


def is_owner(user, organisation):
    return (
        user.is_authenticated
        and organisation.memberships.filter(
            user=user, role=OrganisationMembership.Role.OWNER
        ).exists()
    )


def profile_values(organisation):
    """The live profile as JSON-friendly values, in the same shape as a pending change."""
    values = {field: getattr(organisation, field) for field in PROFILE_FIELDS}
    if organisation.pk:
        for field in RELATION_FIELDS:
            values[field] = sorted(getattr(organisation, field).values_list("pk", flat=True))
    else:
        values.update({field: [] for field in RELATION_FIELDS})
    values["logo"] = organisation.logo_id
    return values


def proposed_values(organisation):
    """What a member sees in the edit form: their pending change if any, else the live one."""
    return organisation.pending_change or profile_values(organisation)


def diff(before, after):
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


# Slugs that would clash with the self-service and export URLs.
RESERVED_SLUGS = {"new", "join", "invitations", "export-csv"}


def unique_slug(name, exclude_pk=None):
    base = slugify(name)[:200] or "organisation"
    if base in RESERVED_SLUGS:
        base = f"{base}-organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply(organisation, values):
    for field in PROFILE_FIELDS:
        if field in values:
            setattr(organisation, field, values[field])
    if "logo" in values:
        organisation.logo_id = values["logo"]
    organisation.derive_flags()
    organisation.derive_locality()
    organisation.full_clean(exclude=["slug", "logo", "uuid"], validate_constraints=False)
    organisation.save()
    for field in RELATION_FIELDS:
        if field in values:
            getattr(organisation, field).set(values[field])


def _reindex(organisation):
    transaction.on_commit(lambda: insert_or_update_object(organisation))


def _notify_members(organisation, template, context):
    emails = organisation.members_emails()
    if emails:
        send_templated_email(
            emails, f"directory/email/{template}", {"organisation": organisation, **context}
        )


@transaction.atomic
def create_organisation(values, user):
    """A signed-in user creates a profile: they become its owner and it waits for moderation."""
    organisation = Organisation(
        slug=unique_slug(values["name"]),
        status=Organisation.Status.PENDING,
        pending_submitted_at=timezone.now(),
        pending_submitted_by=user,
    )
    _apply(organisation, values)
    OrganisationMembership.objects.create(
        organisation=organisation, user=user, role=OrganisationMembership.Role.OWNER
    )
    OrganisationHistory.objects.create(
        organisation=organisation,
        user=user,
        action=OrganisationHistory.Action.CREATED,
        changes=diff({}, profile_values(organisation)),
    )
    return organisation


@transaction.atomic
def submit_change(organisation, values, user):
    """A member's change. A published profile stays live; the change waits as JSON."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status == Organisation.Status.SUSPENDED:
        raise PermissionDenied("A suspended profile cannot be changed")
    before = profile_values(organisation)
    changes = diff(before, values)
    if organisation.status == Organisation.Status.PUBLISHED:
        organisation.pending_change = {**before, **values}
        organisation.has_pending_change = True
        organisation.pending_submitted_at = timezone.now()
        organisation.pending_submitted_by = user
        organisation.save(
            update_fields=[
                "pending_change",
                "has_pending_change",
                "pending_submitted_at",
                "pending_submitted_by",
            ]
        )
    else:
        # Never published: nothing public to protect, so the profile itself is updated.
        organisation.status = Organisation.Status.PENDING
        organisation.pending_submitted_at = timezone.now()
        organisation.pending_submitted_by = user
        _apply(organisation, values)
    OrganisationHistory.objects.create(
        organisation=organisation,
        user=user,
        action=OrganisationHistory.Action.SUBMITTED,
        changes=changes,
    )
    return organisation


def _check_unique(organisation, values):
    for field in UNIQUE_FIELDS:
        value = values.get(field)
        if (
            value
            and Organisation.objects.filter(**{field: value}).exclude(pk=organisation.pk).exists()
        ):
            label = Organisation._meta.get_field(field).verbose_name
            raise ValidationError(f"Another organisation already has this {label}: {value}")


@transaction.atomic
def approve(organisation, moderator):
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = profile_values(organisation)
    values = organisation.pending_change or {}
    _check_unique(organisation, values)
    if values:
        _apply(organisation, values)
    organisation.status = Organisation.Status.PUBLISHED
    organisation.published_at = organisation.published_at or timezone.now()
    organisation.details_checked_on = timezone.localdate()
    organisation.pending_change = None
    organisation.has_pending_change = False
    organisation.save()
    OrganisationHistory.objects.create(
        organisation=organisation,
        user=moderator,
        action=OrganisationHistory.Action.APPROVED,
        changes=diff(before, profile_values(organisation)),
    )
    ensure_default_service(organisation)
    _reindex(organisation)
    _notify_members(organisation, "approved", {})
    return organisation


@transaction.atomic
def reject(organisation, moderator, reason):
    """Reject the pending change (the live profile is untouched) or a new profile."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    rejected = organisation.pending_change or profile_values(organisation)
    if organisation.has_pending_change:
        organisation.pending_change = None
        organisation.has_pending_change = False
    else:
        organisation.status = Organisation.Status.REJECTED
    organisation.save()
    OrganisationHistory.objects.create(
        organisation=organisation,
        user=moderator,
        action=OrganisationHistory.Action.REJECTED,
        changes=diff(profile_values(organisation), rejected),
        reason=reason,
    )
    _notify_members(organisation, "rejected", {"reason": reason})
    return organisation


@transaction.atomic
def suspend(organisation, moderator, reason):
    organisation.status = Organisation.Status.SUSPENDED
    organisation.save(update_fields=["status", "updated_at"])
    OrganisationHistory.objects.create(
        organisation=organisation,
        user=moderator,
        action=OrganisationHistory.Action.SUSPENDED,
        reason=reason,
    )
    _reindex(organisation)
    _notify_members(organisation, "suspended", {"reason": reason})
    return organisation


@transaction.atomic
def reinstate(organisation, moderator):
    organisation.status = Organisation.Status.PUBLISHED
    organisation.save(update_fields=["status", "updated_at"])
    OrganisationHistory.objects.create(
        organisation=organisation, user=moderator, action=OrganisationHistory.Action.REINSTATED
    )
    _reindex(organisation)
    return organisation


def import_organisation(values, existing=None):
    """Create a published profile from imported values, or update the one with the same
    Companies House or charity number. Returns "created", "updated" or "unchanged"."""
    if existing:
        existing.refresh_from_db()  # a form's validation may have changed it in memory
        before = profile_values(existing)
        values = {**values, "logo": existing.logo_id}
        for field in ("measures", "accreditations"):
            values[field] = before[field]
        changes = diff(before, values)
        if not changes:
            return "unchanged"
        organisation, result = existing, "updated"
    else:
        organisation = Organisation(
            slug=unique_slug(values["name"]),
            status=Organisation.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        changes, result = diff({}, values), "created"
    _apply(organisation, values)
    ensure_default_service(organisation)
    OrganisationHistory.objects.create(
        organisation=organisation, action=OrganisationHistory.Action.IMPORTED, changes=changes
    )
    _reindex(organisation)
    return result


def record_moderator_edit(organisation, moderator, before):
    OrganisationHistory.objects.create(
        organisation=organisation,
        user=moderator,
        action=OrganisationHistory.Action.EDITED,
        changes=diff(before, profile_values(organisation)),
    )


# Membership


def add_member(organisation, user, added_by, role=OrganisationMembership.Role.MEMBER):
    membership, created = OrganisationMembership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    if created:
        OrganisationHistory.objects.create(
            organisation=organisation,
            user=added_by,
            action=OrganisationHistory.Action.MEMBER_ADDED,
            changes={"member": [None, user.email]},
        )
    JoinRequest.objects.filter(organisation=organisation, user=user).delete()
    return membership


def request_to_join(organisation, user, message=""):
    request, created = JoinRequest.objects.get_or_create(
        organisation=organisation, user=user, defaults={"message": message}
    )
    if created:
        owners = organisation.memberships.filter(
            role=OrganisationMembership.Role.OWNER
        ).select_related("user")
        emails = [m.user.email for m in owners]
        if emails:
            send_templated_email(
                emails,
                "directory/email/join_request",
                {"organisation": organisation, "requester": user, "message": message},
            )
    return request


def decline_join_request(join_request):
    """An owner turns the request down: it goes, and the person may ask again."""
    join_request.delete()


def invite(organisation, email, invited_by):
    invitation = Invitation.objects.create(
        organisation=organisation, email=email.lower(), invited_by=invited_by
    )
    send_templated_email(
        invitation.email,
        "directory/email/invitation",
        {"organisation": organisation, "invitation": invitation, "inviter": invited_by},
    )
    return invitation


@transaction.atomic
def accept_invitation(invitation, user):
    if invitation.accepted_at or invitation.email.lower() != user.email.lower():
        raise PermissionDenied("This invitation is for someone else or has been used")
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return add_member(invitation.organisation, user, invitation.invited_by)


def remove_member(membership, removed_by):
    organisation = membership.organisation
    if (
        membership.role == OrganisationMembership.Role.OWNER
        and organisation.memberships.filter(role=OrganisationMembership.Role.OWNER).count() == 1
    ):
        raise ValidationError("An organisation needs at least one owner")
    OrganisationHistory.objects.create(
        organisation=organisation,
        user=removed_by,
        action=OrganisationHistory.Action.MEMBER_REMOVED,
        changes={"member": [membership.user.email, None]},
    )
    membership.delete()


# Services: what an organisation offers (Open Referral UK services)

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
    _notify_members(service.organisation, "service_approved", {"service": service})
    return service


@transaction.atomic
def reject_service(service, moderator, reason):
    """Reject the pending change (the live service is untouched) or a new service."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    rejected = service.pending_change or service_values(service)
    if service.has_pending_change:
        service.pending_change = None
        service.has_pending_change = False
    else:
        service.status = Service.Status.REJECTED
    service.save()
    _service_history(
        service,
        moderator,
        OrganisationHistory.Action.REJECTED,
        diff(service_values(service), rejected),
        reason=reason,
    )
    _notify_members(
        service.organisation, "service_rejected", {"service": service, "reason": reason}
    )
    return service
