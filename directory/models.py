"""The local supplier directory: organisations and the people who keep their profiles."""

import uuid

from django.conf import settings
from django.db import models


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


class OrganisationQuerySet(models.QuerySet):
    def published(self):
        """Organisations the public may see."""
        return self.filter(status=Organisation.Status.PUBLISHED)

    def for_user(self, user):
        """Organisations the user is a member of (any status)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)


class Organisation(models.Model):
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

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_sme(self):
        return self.size_band in SME_SIZE_BANDS


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
