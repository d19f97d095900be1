"""The local supplier directory: organisations and the people who keep their profiles."""

import re
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin


class LegalForm(models.TextChoices):
    SOLE_TRADER = "sole_trader", "Sole trader"
    PARTNERSHIP = "partnership", "Partnership"
    LIMITED_COMPANY = "limited_company", "Limited company"
    CIC = "cic", "Community interest company (CIC)"
    CHARITY = "charity", "Charity"
    CIO = "cio", "Charitable incorporated organisation (CIO)"
    COMMUNITY_BENEFIT_SOCIETY = "community_benefit_society", "Community benefit society"
    COOPERATIVE = "cooperative", "Co-operative"
    OTHER = "other", "Other"


# Legal forms that make an organisation part of the voluntary, community and social
# enterprise (VCSE) sector, and those that make it a social enterprise.
VCSE_LEGAL_FORMS = {
    LegalForm.CIC,
    LegalForm.CHARITY,
    LegalForm.CIO,
    LegalForm.COMMUNITY_BENEFIT_SOCIETY,
    LegalForm.COOPERATIVE,
}
SOCIAL_ENTERPRISE_LEGAL_FORMS = {
    LegalForm.CIC,
    LegalForm.COMMUNITY_BENEFIT_SOCIETY,
    LegalForm.COOPERATIVE,
}


class SizeBand(models.TextChoices):
    MICRO = "micro", "Micro (fewer than 10 staff)"
    SMALL = "small", "Small (10 to 49 staff)"
    MEDIUM = "medium", "Medium (50 to 249 staff)"
    LARGE = "large", "Large (250 staff or more)"


SME_SIZE_BANDS = {SizeBand.MICRO, SizeBand.SMALL, SizeBand.MEDIUM}

# A full UK postcode: outward code (area + district) and inward code (sector + unit).
POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
# Companies House: 8 digits, or a 2-letter prefix (SC, NI, OC, ...) and 6 digits.
COMPANY_NUMBER_RE = re.compile(r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$")
# Charity Commission (England and Wales) 6-7 digits, or OSCR (Scotland) SC and 6 digits.
CHARITY_NUMBER_RE = re.compile(r"^([0-9]{6,7}|SC[0-9]{6})$")

validate_web_url = URLValidator(
    schemes=["http", "https"], message="Enter a website address starting with http:// or https://"
)


def _compact(value):
    """Upper case, without any white space."""
    return re.sub(r"\s+", "", value or "").upper()


def _checked(value, pattern, message, code):
    if not pattern.match(value):
        raise ValidationError(message, code=code)
    return value


def normalise_postcode(value):
    """'po1  2al' -> 'PO1 2AL'; raises ValidationError when it is not a UK postcode."""
    match = POSTCODE_RE.match(_compact(value))
    if not match:
        raise ValidationError("Enter a real UK postcode, like PO1 2AL", code="invalid_postcode")
    return f"{match.group(1)} {match.group(2)}"


def normalise_company_number(value):
    """Companies House numbers are 8 characters; short numeric ones get their leading zeros."""
    compact = _compact(value)
    if compact.isdigit() and 1 <= len(compact) < 8:
        compact = compact.zfill(8)
    return _checked(
        compact,
        COMPANY_NUMBER_RE,
        "Enter a Companies House number of 8 characters, like 01234567 or SC123456",
        "invalid_company_number",
    )


def normalise_charity_number(value):
    return _checked(
        _compact(value),
        CHARITY_NUMBER_RE,
        "Enter a registered charity number of 6 or 7 digits, or SC and 6 digits in Scotland",
        "invalid_charity_number",
    )


def locality_for(postcode):
    """(is_local, reason) for a normalised postcode, from settings.PORTAL_LOCAL_POSTCODES."""
    if not postcode:
        return False, "No postcode given"
    district = postcode.split(" ")[0]
    if district in settings.PORTAL_LOCAL_POSTCODES:
        return True, f"Postcode district {district} is in the Portsmouth local area"
    return False, f"Postcode district {district} is outside the Portsmouth local area"


class Term(models.Model):
    """A named, editable term in one of the directory's lists."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=110, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Sector(Term):
    """The editable taxonomy of what organisations do (Open Referral UK taxonomy terms)."""


class Accreditation(Term):
    """Accreditations an organisation may hold: Real Living Wage employer, B Corp, ..."""


class OrganisationQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def published(self):
        """Organisations the public may see: the live columns of approved profiles."""
        return self.filter(status=Organisation.Status.PUBLISHED)

    def awaiting_moderation(self):
        """New profiles and published ones with a proposed change."""
        return self.filter(
            models.Q(status=Organisation.Status.PENDING) | models.Q(has_pending_change=True)
        )

    def for_user(self, user):
        """Organisations the user is a member of (any status)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Organisation(index.Indexed, models.Model):
    """The live columns are what the public sees. A member's change to a published profile
    waits in `pending_change` (the proposed values as JSON) until a moderator approves it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING = "pending", "Awaiting moderation"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        SUSPENDED = "suspended", "Suspended"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    legal_form = models.CharField(max_length=40, choices=LegalForm.choices)
    size_band = models.CharField(max_length=10, choices=SizeBand.choices)
    is_vcse = models.BooleanField("VCSE", default=False)
    is_social_enterprise = models.BooleanField("social enterprise", default=False)
    companies_house_number = models.CharField(
        max_length=8, unique=True, null=True, blank=True, default=None
    )
    charity_number = models.CharField(
        max_length=8, unique=True, null=True, blank=True, default=None
    )
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    is_local = models.BooleanField(default=False)
    locality_reason = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    keywords = models.TextField(
        blank=True, help_text="Goods and services the organisation offers, separated by commas."
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="organisations")
    accreditations = models.ManyToManyField(Accreditation, blank=True, related_name="organisations")
    measures = models.ManyToManyField(
        "guidance.Measure", blank=True, related_name="organisations", verbose_name="TOMs measures"
    )
    open_to_partnerships = models.BooleanField(
        "open to partnerships and consortium bids", default=False
    )
    partnership_interests = models.TextField("what it is looking for in partners", blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when a moderator overrides the VCSE / social enterprise flags derived from legal form.
    flags_overridden = models.BooleanField(default=False)
    details_checked_on = models.DateField("details checked", null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    has_pending_change = models.BooleanField(default=False, db_index=True)
    pending_change = models.JSONField(null=True, blank=True)
    pending_submitted_at = models.DateTimeField(null=True, blank=True)
    pending_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The searchable text as a weighted tsvector (PostgreSQL; GIN-indexed by migration 0006),
    # kept up to date by directory.search.index_organisations. Empty on SQLite, which keeps the
    # text in an FTS5 table instead (OrganisationText).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = OrganisationQuerySet.as_manager()

    search_fields = [
        index.SearchField("name", boost=5),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.SearchField("keywords", boost=2),
        index.RelatedFields("sectors", [index.SearchField("name")]),
        index.FilterField("status"),
        index.FilterField("size_band"),
        index.FilterField("is_local"),
        index.FilterField("is_vcse"),
        index.FilterField("is_social_enterprise"),
        index.FilterField("open_to_partnerships"),
        index.FilterField("legal_form"),
        index.FilterField("updated_at"),
        index.FilterField("name"),
    ]

    class Meta:
        ordering = ["name"]
        permissions = [("moderate_organisation", "Can approve, reject and suspend profiles")]
        indexes = [models.Index(fields=["status", "name"], name="directory_status_name")]

    def __str__(self):
        return self.name

    @property
    def is_sme(self):
        return self.size_band in SME_SIZE_BANDS

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    def derive_flags(self):
        """VCSE and social enterprise follow the legal form unless a moderator overrode them."""
        if not self.flags_overridden:
            self.is_vcse = self.legal_form in VCSE_LEGAL_FORMS
            self.is_social_enterprise = self.legal_form in SOCIAL_ENTERPRISE_LEGAL_FORMS

    def derive_locality(self):
        self.is_local, self.locality_reason = locality_for(self.postcode)

    def keyword_list(self):
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    def members_emails(self):
        return [m.user.email for m in self.memberships.select_related("user")]


class OrganisationHistory(models.Model):
    """Every change to an organisation: who, when, what (the values before and after)."""

    class Action(models.TextChoices):
        CREATED = "created", "Created and sent for moderation"
        SUBMITTED = "submitted", "Change sent for moderation"
        APPROVED = "approved", "Approved and published"
        REJECTED = "rejected", "Rejected"
        SUSPENDED = "suspended", "Suspended"
        REINSTATED = "reinstated", "Reinstated"
        EDITED = "edited", "Edited by a moderator"
        IMPORTED = "imported", "Imported"
        MEMBER_ADDED = "member_added", "Member added"
        MEMBER_REMOVED = "member_removed", "Member removed"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="history")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "organisation history"

    def __str__(self):
        return f"{self.get_action_display()}: {self.organisation} ({self.created_at:%d %b %Y})"


class OrganisationMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        MEMBER = "member", "Member"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} in {self.organisation}"


class JoinRequest(models.Model):
    """A signed-in user asks to join an organisation; an owner accepts or declines."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="unique_join_request")
        ]

    def __str__(self):
        return f"{self.user} asks to join {self.organisation}"


def new_invitation_token():
    return uuid.uuid4().hex + uuid.uuid4().hex


class Invitation(models.Model):
    """An owner invites someone by email; the link works once, for that email address."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} invited to {self.organisation}"


class ServiceQuerySet(models.QuerySet):
    def published(self):
        """Services the public may see: approved ones of published organisations."""
        return self.filter(
            status=Service.Status.PUBLISHED, organisation__status=Organisation.Status.PUBLISHED
        )

    def awaiting_moderation(self):
        return self.filter(
            models.Q(status=Service.Status.PENDING) | models.Q(has_pending_change=True)
        )


class Service(models.Model):
    """Something an organisation offers (an Open Referral UK service). Moderated like the
    profile: a change to a published service waits in `pending_change` while it stays live."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    eligibility = models.TextField("who can use it", blank=True)
    cost = models.TextField("what it costs", blank=True)
    how_to_access = models.TextField("how to get it", blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    service_area = models.CharField("where it is offered", max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    has_pending_change = models.BooleanField(default=False, db_index=True)
    pending_change = models.JSONField(null=True, blank=True)
    pending_submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.organisation.is_public


class FullTextField(models.TextField):
    """A column of an SQLite FTS5 table: `document__match="..."` is a full-text match."""


@FullTextField.register_lookup
class FullTextMatch(models.Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class BM25(models.Func):
    """FTS5's relevance of the row of the organisations' full-text table (lower is better);
    only where that table is matched in the same query."""

    template = "bm25(directory_organisation_fts)"
    output_field = models.FloatField()

    def __init__(self):
        super().__init__()


class OrganisationText(models.Model):
    """SQLite only: an organisation's searchable text in an FTS5 table (created by migration
    0006; its rowid is the organisation's id), kept up to date by
    directory.search.index_organisations."""

    organisation = models.OneToOneField(
        Organisation,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="search_text",
    )
    document = FullTextField()
    # The name again, as Wagtail's own index keeps it for autocomplete: never matched here, it
    # counts towards the row's length, so BM25 ranks as Wagtail's database backend does.
    name = FullTextField()

    class Meta:
        managed = False
        db_table = "directory_organisation_fts"

    def __str__(self):
        return self.document[:50]
