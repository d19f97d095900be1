"""Certificates: finding one by its number, the organisations that hold one, revoking one."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils import timezone

from ..models import Certificate, CertificateLevel
from .access import is_administrator

# "PSV-7K2M-9QXA-4HNR" as people type it: any case, spaces or dashes anywhere, the "PSV"
# optional.
_NUMBER = re.compile(r"(?:PSV)?([0-9A-Z]{4})([0-9A-Z]{4})([0-9A-Z]{4})")
# Highest level first wherever certificates are listed.
LEVEL_ORDER = {level: rank for rank, level in enumerate(reversed(CertificateLevel.values))}


def normalise_certificate_number(text):
    """The number in its printed form ("PSV-7K2M-9QXA-4HNR"), or None if it cannot be one."""
    compact = re.sub(r"[\s\-\u2010-\u2015]", "", text or "").upper()
    match = _NUMBER.fullmatch(compact)
    return "PSV-" + "-".join(match.groups()) if match else None


def certificate_by_number(text):
    """The certificate with that number (however it was typed), or None."""
    number = normalise_certificate_number(text)
    if number is None:
        return None
    return Certificate.objects.select_related("organisation").filter(number=number).first()


def _rank(certificate):
    return LEVEL_ORDER[certificate.level], -certificate.expires_on.toordinal(), -certificate.pk


def best_certificate(certificates):
    """The highest level of the certificates (the latest to expire among equals), or None."""
    return min(certificates, key=_rank, default=None)


def valid_certificates(lookup="certificates", to_attr="valid_certificates"):
    """A prefetch of an organisation's certificates in force today (`lookup` is the path to
    them from the queryset's model), as a list in `to_attr`."""
    return Prefetch(lookup, queryset=Certificate.objects.valid(), to_attr=to_attr)


def certified_organisations():
    """The best certificate in force today of each published organisation that holds one,
    highest level first, then by organisation name; one query."""
    certificates = (
        Certificate.objects.valid()
        .filter(organisation__status="published")
        .select_related("organisation")
    )
    held = {}
    for certificate in certificates:
        held.setdefault(certificate.organisation_id, []).append(certificate)
    best = [best_certificate(group) for group in held.values()]
    return sorted(best, key=lambda c: (LEVEL_ORDER[c.level], c.organisation.name.lower()))


def issue_certificate(certificate, user):
    """Save a new certificate (its number and expiry follow from the model) as issued by
    the user."""
    if not is_administrator(user):
        raise PermissionDenied
    certificate.issued_by = user
    certificate.save()
    return certificate


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
