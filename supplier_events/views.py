"""Public event pages, booking, the guest's email link, managing a booking, feedback."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from . import services
from .forms import BookingForm, FeedbackForm
from .models import Booking, EventPage

PER_PAGE = 20


def event_list(request, index_page, past):
    events = EventPage.objects.child_of(index_page)
    if past:
        events = events.past().order_by("-starts_at", "-pk")
    else:
        events = events.upcoming().order_by("starts_at", "pk")
    context = index_page.get_context(request)
    context.update(
        {
            "past": past,
            "page_obj": Paginator(events, PER_PAGE).get_page(request.GET.get("page")),
            "breadcrumbs": [{"title": index_page.title, "url": index_page.url}] if past else None,
        }
    )
    return TemplateResponse(request, "events/event_index_page.html", context)


def event_context(request, event):
    context = {"breadcrumbs": [{"title": "Events", "url": event.get_parent().url}]}
    if request.user.is_authenticated:
        context["my_booking"] = (
            event.bookings.active().filter(user=request.user).first()
            or event.bookings.active().filter(email=request.user.email.lower()).first()
        )
    context["places_left"] = max(
        event.capacity - event.bookings.filter(status=Booking.Status.CONFIRMED).count(), 0
    )
    return context


@require_http_methods(["GET", "POST"])
def book(request, event):
    if not event.is_bookable:
        messages.error(request, "Booking for this event has closed")
        return redirect(event.url)
    user = request.user if request.user.is_authenticated else None
    form = BookingForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if form.is_spam():
            return render(request, "events/check_email.html", {"event": event})
        data = form.cleaned_data
        try:
            booking = services.request_booking(
                event,
                name=user.get_full_name() or user.email if user else data["name"],
                email=user.email if user else data["email"],
                user=user,
                organisation=data.get("organisation", ""),
                access_needs=data.get("access_needs", ""),
            )
        except services.AlreadyBooked as already:
            if user is not None:
                messages.info(request, "You have already booked this event")
                return redirect("events:booking", token=already.booking.token)
            # Say nothing that tells a stranger whether an address has booked.
            return render(request, "events/check_email.html", {"event": event})
        except services.BookingClosed:
            messages.error(request, "Booking for this event has closed")
            return redirect(event.url)
        if user is None:
            return render(request, "events/check_email.html", {"event": event})
        return redirect("events:booking", token=booking.token)
    return render(
        request,
        "events/book.html",
        {"page": event, "form": form, "back_link": event.url},
        status=422 if form.errors else 200,
    )


def verify(request, token):
    booking = get_object_or_404(Booking.objects.select_related("event"), token=token)
    try:
        services.verify(booking)
    except services.BookingClosed:
        messages.error(request, "Booking for this event has closed")
    return redirect("events:booking", token=token)


@require_http_methods(["GET", "POST"])
def booking_detail(request, token):
    """The person's own booking, reached from the link in their emails (the token is the key)."""
    booking = get_object_or_404(Booking.objects.select_related("event"), token=token)
    if request.method == "POST":
        _cancelled, _promoted = services.cancel(booking)
        messages.success(request, "Your booking is cancelled")
        return redirect("events:booking", token=token)
    return render(
        request,
        "events/booking.html",
        {
            "booking": booking,
            "event": booking.event,
            "position": services.waiting_position(booking),
            "back_link": booking.event.url,
        },
    )


@require_http_methods(["GET", "POST"])
def feedback(request, token):
    booking = get_object_or_404(
        Booking.objects.select_related("event"), token=token, status=Booking.Status.CONFIRMED
    )
    if not booking.event.has_ended or booking.attended is False:
        return render(request, "events/feedback_unavailable.html", {"booking": booking}, status=403)
    if hasattr(booking, "feedback"):
        return render(request, "events/feedback_sent.html", {"booking": booking})
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.leave_feedback(booking, **form.cleaned_data)
        return render(request, "events/feedback_sent.html", {"booking": booking})
    return render(
        request,
        "events/feedback.html",
        {"form": form, "booking": booking, "event": booking.event},
        status=422 if form.errors else 200,
    )
