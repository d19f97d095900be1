"""Demo workshops: upcoming (one nearly full, with a waiting list) and one in the past."""

import datetime

from django.utils import timezone

from portal.demo_registry import demo_builder, demo_user
from portal.models import User
from portal.roles import EVENT_ORGANISERS

from . import services
from .models import Booking, EventIndexPage, EventPage

ORGANISER = "events.organiser@example.org"
ACCESSIBILITY = (
    "Step-free access from Guildhall Square, a hearing loop and accessible toilets. "
    "Tell us about any other needs when you book."
)

# (slug, title, days from now, capacity, venue, online, summary)
EVENTS = [
    (
        "social-value-in-your-bid",
        "Writing social value into your bid",
        14,
        2,
        "Central Library, Guildhall Square, Portsmouth PO1 2DX",
        "",
        "A practical morning on answering the social value questions in council tenders.",
    ),
    (
        "measuring-social-value-online",
        "Measuring social value with the TOMs: online session",
        21,
        40,
        "",
        "https://meet.example.org/portsmouth-toms",
        "How the council values social value, and how to report what you deliver.",
    ),
    (
        "meet-the-buyers-2026",
        "Meet the buyers",
        -30,
        30,
        "The Guildhall, Guildhall Square, Portsmouth PO1 2AB",
        "",
        "Council buyers explain what they will buy this year and how to bid.",
    ),
]


@demo_builder(order=65)
def build_events(context):
    demo_user(ORGANISER, "Ola", "Mensah", role=EVENT_ORGANISERS, staff=True)
    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(
            title="Workshops and events",
            slug="events",
            intro=(
                "<p>Free workshops for current and future suppliers on winning council work "
                "and delivering social value.</p>"
            ),
        )
        context["home"].add_child(instance=index)
        index.save_revision().publish()
    today = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    for slug, title, days, capacity, venue, online, summary in EVENTS:
        if EventPage.objects.filter(slug=slug).exists():
            continue
        starts = today + datetime.timedelta(days=days)
        event = EventPage(
            title=title,
            slug=slug,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2, minutes=30),
            summary=summary,
            body=f"<p>{summary}</p><p>Tea and coffee provided.</p>",
            venue=venue,
            online_link=online,
            capacity=capacity,
            audience="Current and future suppliers, and voluntary organisations",
            accessibility=ACCESSIBILITY,
            organiser_email=ORGANISER,
        )
        index.add_child(instance=event)
        event.save_revision().publish()
    _bookings()
    context["events"] = index


def _bookings():
    event = EventPage.objects.filter(slug="social-value-in-your-bid").first()
    if event is None or event.bookings.exists():
        return
    for email in (
        "harbourside.owner@example.org",
        "solent.owner@example.org",
        "fratton.owner@example.org",
    ):
        user = User.objects.filter(email=email).first()
        if user:
            services.request_booking(event, name=user.get_full_name(), email=email, user=user)
    past = EventPage.objects.filter(slug="meet-the-buyers-2026").first()
    if past and not past.bookings.exists():
        Booking.objects.create(
            event=past,
            name="Sam Pritchard",
            email="solent.owner@example.org",
            status=Booking.Status.CONFIRMED,
            placed_at=past.starts_at - datetime.timedelta(days=10),
            attended=True,
        )
