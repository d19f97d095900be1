"""Booking rules. Every change to who holds a place happens inside one transaction that
locks the event's row first, so concurrent bookings and cancellations queue behind each
other and the confirmed places never pass the capacity."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portal.emails import send_templated_email

from .models import Booking, EventPage


class BookingClosed(Exception):
    pass


class AlreadyBooked(Exception):
    def __init__(self, booking):
        super().__init__("Already booked")
        self.booking = booking


def manage_url(booking):
    return settings.PORTAL_BASE_URL + reverse("events:booking", args=[booking.token])


def _email(booking, template, **extra):
    send_templated_email(
        booking.email,
        f"events/email/{template}",
        {"booking": booking, "event": booking.event, "manage_url": manage_url(booking), **extra},
    )


def _lock(event):
    return EventPage.objects.select_for_update().only("pk", "capacity").get(pk=event.pk)


def request_booking(event, name, email, user=None, organisation="", access_needs=""):
    """Signed-in people are placed at once; a guest's booking waits for their email link."""
    if not event.is_bookable:
        raise BookingClosed()
    email = email.strip().lower()
    existing = event.bookings.exclude(status=Booking.Status.CANCELLED).filter(email=email).first()
    if existing:
        raise AlreadyBooked(existing)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                event=event,
                user=user,
                name=name,
                email=email,
                organisation=organisation,
                access_needs=access_needs,
            )
    except IntegrityError:
        raise AlreadyBooked(event.bookings.exclude(status="cancelled").get(email=email)) from None
    if user is not None:
        return place(booking)
    _email(
        booking,
        "verify",
        verify_url=settings.PORTAL_BASE_URL + reverse("events:verify", args=[booking.token]),
    )
    return booking


def place(booking):
    """Give the booking a place if one is free, else the next spot on the waiting list."""
    with transaction.atomic():
        event = _lock(booking.event)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != Booking.Status.UNVERIFIED:
            return booking
        taken = event.bookings.filter(status=Booking.Status.CONFIRMED).count()
        booking.status = (
            Booking.Status.CONFIRMED if taken < event.capacity else Booking.Status.WAITING
        )
        booking.placed_at = timezone.now()
        booking.save(update_fields=["status", "placed_at"])
        _email(booking, "confirmed" if booking.status == Booking.Status.CONFIRMED else "waiting")
    return booking


def verify(booking):
    """A guest followed the link in their email: place them (a repeat click changes nothing)."""
    if booking.status != Booking.Status.UNVERIFIED:
        return booking
    if not booking.event.is_bookable:
        raise BookingClosed()
    return place(booking)


def cancel(booking):
    """Cancel, and give a freed place to the first person waiting (who is emailed)."""
    with transaction.atomic():
        event = _lock(booking.event)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status == Booking.Status.CANCELLED:
            return booking, None
        freed = booking.status == Booking.Status.CONFIRMED
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["status", "cancelled_at"])
        _email(booking, "cancelled")
        promoted = fill_places(event) if freed else []
    return booking, (promoted[0] if promoted else None)


def fill_places(event):
    """Promote people from the waiting list into free places, in the order they joined.
    Call inside a transaction holding the event's lock."""
    free = event.capacity - event.bookings.filter(status=Booking.Status.CONFIRMED).count()
    if free <= 0 or not event.is_bookable:
        return []
    promoted = list(
        event.bookings.filter(status=Booking.Status.WAITING).order_by("placed_at", "pk")[:free]
    )
    now = timezone.now()
    for booking in promoted:
        booking.status = Booking.Status.CONFIRMED
        booking.promoted_at = now
        booking.save(update_fields=["status", "promoted_at"])
        _email(booking, "promoted")
    return promoted


def capacity_changed(event):
    with transaction.atomic():
        return fill_places(_lock(event))


def waiting_position(booking):
    if booking.status != Booking.Status.WAITING:
        return None
    return (
        booking.event.bookings.filter(status=Booking.Status.WAITING)
        .filter(placed_at__lte=booking.placed_at)
        .exclude(placed_at=booking.placed_at, pk__gt=booking.pk)
        .count()
    )


def mark_attendance(event, attended_ids):
    """Confirmed bookings in `attended_ids` attended; every other confirmed one did not."""
    confirmed = event.bookings.filter(status=Booking.Status.CONFIRMED)
    confirmed.filter(pk__in=attended_ids).update(attended=True)
    confirmed.exclude(pk__in=attended_ids).update(attended=False)


def send_reminders(today=None):
    """Remind everyone with a place at an event that starts tomorrow, once."""
    tomorrow = (today or timezone.localdate()) + datetime.timedelta(days=1)
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__live=True,
        event__starts_at__date=tomorrow,
    ).select_related("event")
    return _send_once(due, "reminder_sent_at", "reminder")


def send_feedback_requests(now=None):
    """Ask everyone who attended (or was not marked absent) an event that ended in the last
    week for feedback, once."""
    now = now or timezone.now()
    due = (
        Booking.objects.filter(
            status=Booking.Status.CONFIRMED,
            feedback_requested_at__isnull=True,
            event__ends_at__lte=now,
            event__ends_at__gt=now - datetime.timedelta(days=7),
        )
        .exclude(attended=False)
        .select_related("event")
    )
    return _send_once(
        due,
        "feedback_requested_at",
        "feedback_request",
        feedback_url=lambda booking: (
            settings.PORTAL_BASE_URL + reverse("events:feedback", args=[booking.token])
        ),
    )


def _send_once(queryset, stamp, template, **url_makers):
    sent = 0
    with transaction.atomic():
        for booking in queryset.select_for_update(skip_locked=True, of=("self",)):
            setattr(booking, stamp, timezone.now())
            booking.save(update_fields=[stamp])
            extra = {name: make(booking) for name, make in url_makers.items()}
            _email(booking, template, **extra)
            sent += 1
    return sent


def leave_feedback(booking, rating, useful, improve):
    from .models import Feedback

    feedback, created = Feedback.objects.get_or_create(
        booking=booking, defaults={"rating": rating, "useful": useful, "improve": improve}
    )
    if created:
        send_templated_email(
            booking.event.organiser_email,
            "events/email/feedback_received",
            {"event": booking.event, "feedback": feedback},
        )
    return feedback, created
