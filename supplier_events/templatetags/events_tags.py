from django import template
from django.db.models import Q
from django.utils import timezone

from supplier_events.models import Booking

register = template.Library()


@register.simple_tag
def upcoming_bookings(user):
    """The member's places and waiting-list places at events yet to start (so still
    cancellable), soonest first. A guest booking with the same email address counts too."""
    if not user.is_authenticated:
        return []
    return list(
        Booking.objects.active()
        .filter(Q(user=user) | Q(email=user.email.lower()), event__starts_at__gt=timezone.now())
        .filter(event__live=True)
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )
