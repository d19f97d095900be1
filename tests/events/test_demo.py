import io

import pytest
from django.core.management import call_command

from opportunities.models import Clarification, OpportunityPage
from supplier_events.models import Booking, EventPage


@pytest.mark.django_db
def test_seed_demo_adds_opportunities_and_events_once():
    def seed():
        call_command(
            "seed_demo",
            only=["portal", "directory", "opportunities", "events"],
            stdout=io.StringIO(),
        )

    seed()
    assert OpportunityPage.objects.open().filter(reserved_local=True).exists()
    assert OpportunityPage.objects.closed().filter(awarded_to__isnull=False).exists()
    assert Clarification.objects.filter(is_published=True).exists()
    event = EventPage.objects.get(slug="social-value-in-your-bid")
    assert event.bookings.filter(status=Booking.Status.CONFIRMED).count() == event.capacity
    assert event.bookings.filter(status=Booking.Status.WAITING).exists()
    counts = (OpportunityPage.objects.count(), EventPage.objects.count(), Booking.objects.count())
    seed()
    assert counts == (
        OpportunityPage.objects.count(),
        EventPage.objects.count(),
        Booking.objects.count(),
    )
