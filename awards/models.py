"""Local social value awards and certification."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

# Certificate numbers avoid characters that are easy to misread (0/O, 1/I/L).
CERTIFICATE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CERTIFICATE_VALIDITY_YEARS = 2


def new_certificate_number():
    """An unguessable number such as "PSV-7K2M-9QXA-4HNR" (60 bits of randomness)."""
    groups = ["".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "PSV-" + "-".join(groups)


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class CertificateLevel(models.TextChoices):
    BRONZE = "bronze", "Bronze (commitment)"
    SILVER = "silver", "Silver (evidence of delivery)"
    GOLD = "gold", "Gold (independently verified value)"


class CertificateQuerySet(models.QuerySet):
    def valid(self, on=None):
        """Certificates in force on a day (today by default): not revoked, not expired."""
        on = on or timezone.localdate()
        if isinstance(on, datetime.datetime):
            on = on.date()
        return self.filter(revoked_at__isnull=True, issued_on__lte=on, expires_on__gte=on)


class Certificate(models.Model):
    Level = CertificateLevel

    class Status(models.TextChoices):
        VALID = "valid", "Valid"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"
        NOT_YET_VALID = "not_yet_valid", "Not yet valid"

    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="certificates"
    )
    level = models.CharField(max_length=10, choices=CertificateLevel.choices)
    number = models.CharField(
        max_length=20, unique=True, default=new_certificate_number, editable=False
    )
    issued_on = models.DateField(default=timezone.localdate)
    expires_on = models.DateField(
        blank=True, help_text="Leave blank for two years after the issue date."
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    citation = models.TextField(
        blank=True, help_text="What the organisation did to earn this level (shown publicly)."
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["organisation", "expires_on"])]

    def __str__(self):
        return f"{self.number}: {self.get_level_display()} for {self.organisation}"

    def save(self, *args, **kwargs):
        if not self.expires_on:
            self.expires_on = add_years(self.issued_on, CERTIFICATE_VALIDITY_YEARS)
        super().save(*args, **kwargs)

    def status_on(self, on=None):
        on = on or timezone.localdate()
        if self.revoked_at:
            return self.Status.REVOKED
        if on < self.issued_on:
            return self.Status.NOT_YET_VALID
        if on > self.expires_on:
            return self.Status.EXPIRED
        return self.Status.VALID

    @property
    def status(self):
        return self.status_on()

    @property
    def is_valid(self):
        return self.status == self.Status.VALID
