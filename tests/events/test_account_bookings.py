"""A signed-in member's account page lists their upcoming bookings, each with a way to cancel."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supplier_events import services
from supplier_events.models import Booking
from tests.factories import UserFactory

from .factories import make_event

ACCOUNT = reverse("accounts:home")


def book_as(user, event):
    return services.request_booking(event, name=user.get_full_name(), email=user.email, user=user)


def test_upcoming_bookings_are_listed_soonest_first_with_a_cancel_link(client, index, user):
    later, sooner = make_event(days=20, title="Later workshop"), make_event(days=5)
    full = make_event(days=8, capacity=1)
    book_as(UserFactory(), full)
    bookings = [book_as(user, later), book_as(user, sooner), book_as(user, full)]
    client.force_login(user)
    body = client.get(ACCOUNT).content.decode()
    assert "Your bookings" in body
    assert body.index(sooner.title) < body.index(full.title) < body.index("Later workshop")
    assert "On the waiting list" in body
    for booking in bookings:
        assert reverse("events:booking", args=[booking.token]) in body
    assert (
        f'View or cancel<span class="govuk-visually-hidden"> your booking for {sooner.title}'
        in body
    )


def test_past_cancelled_and_other_peoples_bookings_are_not_listed(client, index, user):
    cancelled, started = make_event(days=3), make_event(days=-1, hours=48)
    services.cancel(book_as(user, cancelled))
    Booking.objects.create(
        event=started, user=user, name="Me", email=user.email, status="confirmed"
    )
    book_as(UserFactory(), make_event(days=4, title="Someone else's workshop"))
    client.force_login(user)
    body = client.get(ACCOUNT).content.decode()
    assert "Your bookings" not in body
    assert "Someone else" not in body


def test_a_guest_booking_with_the_members_email_is_listed(client, index, user):
    event = make_event(days=6)
    booking = Booking.objects.create(
        event=event, name="Guest", email=user.email.lower(), status="confirmed"
    )
    client.force_login(user)
    assert reverse("events:booking", args=[booking.token]) in client.get(ACCOUNT).content.decode()


def test_the_list_costs_the_same_queries_for_one_booking_or_many(
    client, index, user, django_assert_max_num_queries
):
    book_as(user, make_event(days=2))
    client.force_login(user)
    client.get(ACCOUNT)
    with CaptureQueriesContext(connection) as one:
        client.get(ACCOUNT)
    for days in range(3, 8):
        book_as(user, make_event(days=days))
    with django_assert_max_num_queries(len(one)):
        body = client.get(ACCOUNT).content.decode()
    assert body.count("View or cancel") == 6
