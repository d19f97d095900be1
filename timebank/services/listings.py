"""Listings members can answer."""

from django.utils import timezone

from ..models import Account, Listing


def listings_current():
    return Listing.objects.filter(
        expires_on__gte=timezone.localdate(), account__status=Account.Status.APPROVED
    )
