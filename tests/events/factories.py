import datetime

from django.utils import timezone

from supplier_events.models import EventIndexPage, EventPage
from tests.factories import section_index


def index_page():
    return section_index(EventIndexPage, "Workshops and events", "events")


_counter = iter(range(1, 10**6))


def make_event(days=10, hours=2, **fields):
    """A live event starting in `days` days (negative for the past), with 3 places."""
    number = next(_counter)
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    values = {
        "title": f"Invented workshop {number}",
        "slug": f"invented-workshop-{number}",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=hours),
        "summary": "How to bid for council contracts.",
        "body": "<p>Details.</p>",
        "venue": "Central Library, Guildhall Square, Portsmouth PO1 2DX",
        "capacity": 3,
        "audience": "Current and future suppliers",
        "accessibility": "Step-free access and a hearing loop.",
        "organiser_email": "organiser@example.org",
    }
    values.update(fields)
    event = EventPage(**values)
    index_page().add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    return event
