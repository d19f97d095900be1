"""An organisation's profile: members propose, moderators decide, and every step is written to
OrganisationHistory."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.search.index import insert_or_update_object

from ..models import Organisation, OrganisationHistory, OrganisationMembership
from .offered import ensure_default_service
from .shared import decline_proposal, diff, notify_members

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
    notify_members(organisation, "approved", {})
    return organisation


@transaction.atomic
def reject(organisation, moderator, reason):
    """Reject the pending change (the live profile is untouched) or a new profile."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    rejected = decline_proposal(organisation, profile_values)
    OrganisationHistory.objects.create(
        organisation=organisation,
        user=moderator,
        action=OrganisationHistory.Action.REJECTED,
        changes=diff(profile_values(organisation), rejected),
        reason=reason,
    )
    notify_members(organisation, "rejected", {"reason": reason})
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
    notify_members(organisation, "suspended", {"reason": reason})
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
