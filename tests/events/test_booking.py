"""Booking as a signed-in person and as a guest, the waiting list, cancelling, promotion."""

import re

import pytest

from supplier_events import services
from supplier_events.models import Booking
from tests.factories import UserFactory

from .factories import make_event


def book_as(user, event):
    return services.request_booking(event, name=user.get_full_name(), email=user.email, user=user)


def test_signed_in_booking_is_confirmed_then_waiting_when_full(
    client, index, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url + "book/")
    booking = Booking.objects.get(user=first)
    assert response.status_code == 302
    assert response["Location"] == f"/event-bookings/{booking.token}/"
    assert booking.status == Booking.Status.CONFIRMED
    assert mailoutbox[-1].subject == f"You are booked: {event.title}"
    assert "Fully booked" in client.get(event.url).content.decode()
    client.force_login(second)
    assert "Join the waiting list" in client.get(event.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.url + "book/")
    waiting = Booking.objects.get(user=second)
    assert waiting.status == Booking.Status.WAITING
    assert mailoutbox[-1].subject == f"Waiting list: {event.title}"
    page = client.get(f"/event-bookings/{waiting.token}/").content.decode()
    assert "On the waiting list: number 1 in the queue" in page


def test_a_second_booking_by_the_same_person_is_refused(client, event, user):
    client.force_login(user)
    client.post(event.url + "book/")
    response = client.post(event.url + "book/")
    assert response.status_code == 302
    assert Booking.objects.count() == 1


def test_guest_booking_waits_for_the_email_link(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    assert client.get(event.url + "book/").status_code == 200
    bad = client.post(event.url + "book/", {"name": "", "email": "not-an-email"})
    assert bad.status_code == 422
    body = bad.content.decode()
    assert "Enter your full name" in body
    assert "Enter an email address in the correct format" in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            event.url + "book/",
            {
                "name": "Gus Guest",
                "email": "Gus@Example.org",
                "captcha_0": "x",
                "captcha_1": "PASSED",
            },
        )
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.UNVERIFIED
    assert booking.email == "gus@example.org"
    link = re.search(r"https?://[^/]+(/event-bookings/\S+/confirm/)", mailoutbox[-1].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(link).status_code == 302
        client.get(link)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert [m.subject for m in mailoutbox].count(f"You are booked: {event.title}") == 1


def test_guest_repeat_booking_reveals_nothing(client, event):
    data = {"name": "Gus", "email": "gus@example.org", "captcha_0": "x", "captcha_1": "PASSED"}
    first = client.post(event.url + "book/", data)
    again = client.post(event.url + "book/", data)
    assert first.content == again.content
    assert Booking.objects.count() == 1


def test_guests_pass_the_captcha_and_the_honeypot_discards_bots(client, event):
    response = client.post(
        event.url + "book/", {"name": "Bot", "email": "bot@example.org", "captcha_1": "wrong"}
    )
    assert response.status_code == 422
    client.post(
        event.url + "book/",
        {
            "name": "Bot",
            "email": "bot@example.org",
            "captcha_0": "x",
            "captcha_1": "PASSED",
            "website_address": "http://spam.example",
        },
    )
    assert not Booking.objects.exists()


def test_cancelling_promotes_the_first_person_waiting_and_emails_them(
    client, index, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    holder, first_waiting, second_waiting = UserFactory(), UserFactory(), UserFactory()
    held = book_as(holder, event)
    one = book_as(first_waiting, event)
    two = book_as(second_waiting, event)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/event-bookings/{held.token}/")
        client.post(f"/event-bookings/{held.token}/")  # a double click changes nothing more
    assert response.status_code == 302
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.status == Booking.Status.CONFIRMED and one.promoted_at
    assert two.status == Booking.Status.WAITING
    assert sorted(m.subject for m in mailoutbox) == sorted(
        [f"Booking cancelled: {event.title}", f"A place has come up: {event.title}"]
    )
    assert [m.to for m in mailoutbox if "place has come up" in m.subject] == [[first_waiting.email]]


def test_leaving_the_waiting_list_promotes_nobody(index):
    event = make_event(capacity=1)
    book_as(UserFactory(), event)
    waiting = book_as(UserFactory(), event)
    book_as(UserFactory(), event)
    _booking, promoted = services.cancel(waiting)
    assert promoted is None
    assert event.bookings.filter(status="confirmed").count() == 1


def test_raising_capacity_fills_places_from_the_waiting_list(index):
    event = make_event(capacity=1)
    for _ in range(3):
        book_as(UserFactory(), event)
    event.capacity = 2
    event.save_revision().publish()
    assert len(services.capacity_changed(event)) == 1
    assert event.bookings.filter(status="confirmed").count() == 2


def test_booking_closes_when_the_event_starts(client, index, user):
    started = make_event(days=-1, hours=48)
    client.force_login(user)
    assert client.post(started.url + "book/").status_code == 302
    assert not Booking.objects.exists()
    with pytest.raises(services.BookingClosed):
        book_as(user, started)


def test_an_unknown_booking_token_is_404(client, index):
    assert client.get("/event-bookings/nope/").status_code == 404
    assert client.post("/event-bookings/nope/").status_code == 404
    assert client.get("/event-bookings/nope/confirm/").status_code == 404


def test_event_text_is_escaped_and_the_online_link_is_private(client, index):
    event = make_event(
        title="<b>Bid</b> clinic",
        venue="",
        online_link="https://meet.example.org/secret-room",
    )
    body = client.get(event.url).content.decode()
    assert "&lt;b&gt;Bid&lt;/b&gt; clinic" in body
    assert "secret-room" not in body
