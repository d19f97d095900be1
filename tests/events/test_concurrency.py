"""Many people book the last places at once, then some cancel at once. The confirmed places
must never pass the capacity, and every freed place must go to the next person waiting.

On PostgreSQL the bookings really run in parallel threads, each in its own connection, and
queue on the event's row lock (select_for_update). SQLite's in-memory test database cannot
take concurrent writers, so there the same bookings run one after another; the invariants
asserted are the same."""

import threading

import pytest
from django.db import connection, connections

from supplier_events import services
from supplier_events.models import Booking
from tests.factories import UserFactory

from .factories import make_event

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 12
CAPACITY = 5
CANCELLING = 3


def run_all(jobs):
    """Run the jobs in parallel threads on PostgreSQL, in turn elsewhere; return errors."""
    errors = []
    if connection.vendor != "postgresql":
        for job in jobs:
            job()
        return errors
    start = threading.Barrier(len(jobs))

    def worker(job):
        try:
            start.wait()
            job()
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def statuses(event):
    return list(event.bookings.values_list("status", flat=True))


def test_concurrent_bookings_never_pass_capacity_and_cancellations_promote(home_page):
    event = make_event(capacity=CAPACITY)
    people = [UserFactory() for _ in range(PEOPLE)]

    def booking_job(person):
        return lambda: services.request_booking(
            event, name=person.get_full_name(), email=person.email, user=person
        )

    assert run_all([booking_job(person) for person in people]) == []
    assert statuses(event).count(Booking.Status.CONFIRMED) == CAPACITY
    assert statuses(event).count(Booking.Status.WAITING) == PEOPLE - CAPACITY

    waiting_order = list(
        event.bookings.filter(status=Booking.Status.WAITING)
        .order_by("placed_at", "pk")
        .values_list("pk", flat=True)
    )
    leaving = list(event.bookings.filter(status=Booking.Status.CONFIRMED)[:CANCELLING])
    jobs = [lambda booking=booking: services.cancel(booking) for booking in leaving]
    # Cancelling twice at once (a double click) must not free two places.
    jobs.append(lambda: services.cancel(leaving[0]))
    assert run_all(jobs) == []

    assert statuses(event).count(Booking.Status.CONFIRMED) == CAPACITY
    assert statuses(event).count(Booking.Status.CANCELLED) == CANCELLING
    promoted = set(event.bookings.filter(promoted_at__isnull=False).values_list("pk", flat=True))
    assert promoted == set(waiting_order[:CANCELLING])
    assert statuses(event).count(Booking.Status.WAITING) == PEOPLE - CAPACITY - CANCELLING


def test_concurrent_double_submit_makes_one_booking(home_page):
    event = make_event(capacity=CAPACITY)
    person = UserFactory()
    outcomes = []

    def job():
        try:
            services.request_booking(event, name="Ann", email=person.email, user=person)
            outcomes.append("booked")
        except services.AlreadyBooked:
            outcomes.append("already")

    assert run_all([job, job, job]) == []
    assert sorted(outcomes) == ["already", "already", "booked"]
    assert event.bookings.count() == 1
