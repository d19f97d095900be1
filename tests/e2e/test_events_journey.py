import re

import pytest
from django.core import mail

from supplier_events.models import Booking
from tests.e2e.helpers import submit_with_errors
from tests.events.factories import index_page, make_event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def path_of(pattern, body):
    return re.search(rf"https?://[^/\s]+({pattern})", body).group(1)


def test_book_full_waiting_list_cancel_promoted(page, axe, login, home_page):
    event = make_event(title="Writing social value into your bid", capacity=1)
    member = UserFactory(first_name="Ada")
    index = index_page()

    login(member)
    page.goto(index.url)
    axe(page)
    page.get_by_role("link", name=event.title).click()
    axe(page)
    assert "1 of 1 left" in page.locator("#places").inner_text()
    page.get_by_role("link", name="Book a place").click()
    axe(page)
    page.get_by_role("button", name="Book").click()
    page.wait_for_url("**/event-bookings/*/")
    assert page.locator("#booking-status").inner_text() == "Booked"
    axe(page)
    page.get_by_role("button", name="Sign out").click()

    page.goto(event.url)
    assert "Fully booked" in page.locator("#places").inner_text()
    page.get_by_role("link", name="Join the waiting list").click()
    summary = submit_with_errors(page, "Book")
    assert "Enter your full name" in summary.inner_text()
    axe(page)
    page.get_by_label("Full name").fill("Gus Guest")
    page.get_by_label("Email address").fill("gus@example.org")
    page.get_by_label("Type the characters you see in the picture").fill("PASSED")
    page.get_by_role("button", name="Book").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    axe(page)
    page.goto(path_of(r"/event-bookings/\S+/confirm/", mail.outbox[-1].body))
    assert "On the waiting list: number 1" in page.locator("#booking-status").inner_text()
    axe(page)
    guest = Booking.objects.get(email="gus@example.org")

    login(member)
    page.goto(event.url)
    page.get_by_role("link", name="See or cancel your booking").click()
    page.get_by_role("button", name="Cancel booking").click()
    assert page.locator("#booking-status").inner_text() == "Cancelled"
    axe(page)
    promoted = [m for m in mail.outbox if m.to == ["gus@example.org"]][-1]
    assert promoted.subject == f"A place has come up: {event.title}"
    page.get_by_role("button", name="Sign out").click()

    page.goto(path_of(r"/event-bookings/\S+/", promoted.body))
    assert page.locator("#booking-status").inner_text() == "Booked"
    guest.refresh_from_db()
    assert guest.status == Booking.Status.CONFIRMED

    page.goto(index.url + "past/")
    axe(page)


def test_event_pages_fit_a_narrow_screen(page, home_page):
    event = make_event()
    page.set_viewport_size({"width": 320, "height": 800})
    for url in (index_page().url, event.url, event.url + "book/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_feedback_after_the_event(page, axe, home_page):
    event = make_event(days=-2, organiser_email="workshops@example.org")
    booking = Booking.objects.create(
        event=event, name="Ada", email="ada@example.org", status=Booking.Status.CONFIRMED
    )
    page.goto(f"/event-bookings/{booking.token}/feedback/")
    axe(page)
    submit_with_errors(page, "Send feedback")
    axe(page)
    page.get_by_label("Useful", exact=True).check()
    page.get_by_label("What was most useful?").fill("Scoring examples")
    page.get_by_role("button", name="Send feedback").click()
    page.get_by_role("heading", name="Thank you for your feedback").wait_for()
    axe(page)
    assert mail.outbox[-1].to == ["workshops@example.org"]
