"""Certificate verification as JSON, for buyers checking a supplier's claim automatically."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from .models import Certificate

router = Router(tags=["Awards"])


class CertificateOut(Schema):
    number: str
    organisation: str
    level: str
    level_label: str
    status: str
    issued_on: datetime.date
    expires_on: datetime.date
    revoked_at: datetime.datetime | None
    revocation_reason: str


@router.get(
    "/certificates/{number}",
    response=CertificateOut,
    summary="Verify a social value certificate",
    description="Valid, expired, not yet valid or revoked (with the reason). "
    "An unknown number returns 404.",
)
def verify_certificate(request, number: str):
    certificate = get_object_or_404(
        Certificate.objects.select_related("organisation"), number=number.strip().upper()
    )
    return {
        "number": certificate.number,
        "organisation": certificate.organisation.name,
        "level": certificate.level,
        "level_label": certificate.get_level_display(),
        "status": certificate.status,
        "issued_on": certificate.issued_on,
        "expires_on": certificate.expires_on,
        "revoked_at": certificate.revoked_at,
        "revocation_reason": certificate.revocation_reason,
    }
