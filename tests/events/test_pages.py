"""Event listing (upcoming and past), the event page and its iCalendar file."""

import pytest
from django.core.exceptions import ValidationError

from supplier_events.ical import ical

from .factories import make_event


def test_listing_splits_upcoming_and_past(client, index):
    soon = make_event(days=2, title="Soon workshop")
    gone = make_event(days=-20, title="Gone workshop")
    upcoming = client.get(index.url).content.decode()
    assert soon.title in upcoming and gone.title not in upcoming
    past = client.get(index.url + "past/").content.decode()
    assert gone.title in past and soon.title not in past


def test_listing_query_count_is_constant(client, index, django_assert_max_num_queries):
    make_event()
    client.get(index.url)
    with django_assert_max_num_queries(10) as few:
        client.get(index.url)
    for _ in range(6):
        make_event()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(index.url)


def test_icalendar_download(client, index):
    event = make_event(title="Bidding, tendering; and you", venue="Room 1\nGuildhall")
    response = client.get(event.url + "calendar/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Bidding\\, tendering\\; and you\r\n" in text
    assert "LOCATION:Room 1 Guildhall\r\n" in text
    assert f"DTSTART:{event.starts_at.strftime('%Y%m%dT%H%M%SZ')}\r\n" in text


def test_icalendar_lines_are_folded_at_75_octets(index):
    event = make_event(summary="é" * 100)
    for line in ical(event, "http://x.example/e/").split("\r\n"):
        assert len(line.encode()) <= 75
    unfolded = ical(event, "http://x.example/e/").replace("\r\n ", "")
    assert "é" * 100 in unfolded


def test_an_event_must_end_after_it_starts_and_have_a_place(index):
    event = make_event()
    event.ends_at = event.starts_at
    with pytest.raises(ValidationError):
        event.full_clean()
    event = make_event()
    event.venue = ""
    with pytest.raises(ValidationError):
        event.full_clean()
