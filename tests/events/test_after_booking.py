"""Reminders the day before, attendance, the attendee CSV, feedback to the organiser, and
who may see the organisers' screens."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from supplier_events import services
from supplier_events.models import Booking, Feedback
from tests.factories import UserFactory

from .factories import make_event

ADMIN = "/admin/event-bookings/"


def booked(event, **user_fields):
    user = UserFactory(**user_fields)
    return services.request_booking(event, name=user.get_full_name(), email=user.email, user=user)


def run(command):
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_reminders_go_the_day_before_once_to_people_with_places(
    index, mailoutbox, django_capture_on_commit_callbacks
):
    tomorrow = timezone.localtime().replace(hour=10, minute=0) + datetime.timedelta(days=1)
    event = make_event(
        capacity=1, starts_at=tomorrow, ends_at=tomorrow + datetime.timedelta(hours=2)
    )
    later = make_event(days=5)
    holder = booked(event)
    booked(event)  # waiting: no reminder
    booked(later)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert "Sent 1 event reminder" in run("send_event_reminders")
        assert "Sent 0 event reminder" in run("send_event_reminders")
    assert [m.to for m in mailoutbox] == [[holder.email]]
    assert mailoutbox[0].subject == f"Tomorrow: {event.title}"


def test_feedback_is_asked_of_attendees_and_sent_to_the_organiser(
    client, index, mailoutbox, django_capture_on_commit_callbacks
):
    event = make_event(days=3, organiser_email="workshops@example.org")
    came, absent = booked(event), booked(event)
    assert client.get(f"/event-bookings/{came.token}/feedback/").status_code == 403
    event.starts_at -= datetime.timedelta(days=4)
    event.ends_at -= datetime.timedelta(days=4)
    event.save_revision().publish()
    services.mark_attendance(event, [came.pk])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert "Sent 1 feedback request" in run("send_event_feedback_requests")
        run("send_event_feedback_requests")
    (request,) = mailoutbox
    assert request.to == [came.email]
    url = re.search(r"https?://[^/]+(/event-bookings/\S+/feedback/)", request.body).group(1)
    assert client.get(f"/event-bookings/{absent.token}/feedback/").status_code == 403
    bad = client.post(url, {"useful": "x"})
    assert bad.status_code == 422
    assert "Select how useful the event was" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"rating": "4", "useful": "The <b>bid</b> tips"})
        client.post(url, {"rating": "1"})
    assert "Thank you for your feedback" in response.content.decode()
    assert Feedback.objects.get().rating == 4
    organiser_mail = [m for m in mailoutbox if m.to == ["workshops@example.org"]]
    assert len(organiser_mail) == 1
    assert "The <b>bid</b> tips" in organiser_mail[0].body


@pytest.fixture
def organiser(make_role_user):
    return make_role_user("Event organisers")


def test_organiser_marks_attendance_and_exports_attendees(client, index, organiser):
    event = make_event(capacity=2)
    one = booked(event, first_name="=HYPERLINK(1)")
    two = booked(event)
    waiting = booked(event)
    client.force_login(organiser)
    assert client.get(ADMIN).status_code == 200
    page = client.get(f"{ADMIN}{event.pk}/")
    assert page.status_code == 200
    response = client.post(f"{ADMIN}{event.pk}/", {"attended": [str(one.pk), "junk"]})
    assert response.status_code == 302
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.attended, two.attended) == (True, False)
    export = client.get(f"{ADMIN}{event.pk}/attendees.csv")
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][:2] == ["Name", "Email"]
    emails = [row[1] for row in rows[1:]]
    assert sorted(emails) == sorted([one.email, two.email, waiting.email])
    assert any(row[0].startswith("'=HYPERLINK") for row in rows[1:])
    assert client.get(f"{ADMIN}999999/").status_code == 404


@pytest.mark.parametrize("roles", [(), ("Editors",), ("Procurement officers",)])
def test_other_people_cannot_see_bookings(client, make_role_user, event, roles):
    booking = booked(event)
    client.force_login(make_role_user(*roles))
    for url in (ADMIN, f"{ADMIN}{event.pk}/", f"{ADMIN}{event.pk}/attendees.csv"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert booking.email not in response.content.decode()
    client.post(f"{ADMIN}{event.pk}/", {"attended": [booking.pk]})
    booking.refresh_from_db()
    assert booking.attended is None


def test_anonymous_and_superuser(client, event, superuser):
    assert "/admin/login/" in client.get(ADMIN)["Location"]
    client.force_login(superuser)
    assert client.get(f"{ADMIN}{event.pk}/").status_code == 200


def test_new_event_lists_let_organisers_publish(index):
    from wagtail.models import GroupPagePermission

    codenames = set(
        GroupPagePermission.objects.filter(page=index, group__name="Event organisers").values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page", "publish_page"}
    assert Booking.objects.count() == 0
