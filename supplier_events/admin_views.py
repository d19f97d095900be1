"""Event organisers' screens in the Wagtail admin: bookings, attendance and the CSV export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from wagtail.admin.auth import permission_denied

from portal.admin_views import PermissionAdminView, admin_crumbs
from portal.exports import csv_response

from . import services
from .models import Booking, EventPage

VIEW_BOOKINGS = "events.view_booking"
MARK_ATTENDANCE = "events.change_booking"
PER_PAGE = 25


class EventsAdminView(PermissionAdminView):
    header_icon = "date"
    permission_required = VIEW_BOOKINGS

    def load(self, pk=None):
        if pk is not None:
            self.event = get_object_or_404(EventPage, pk=pk)


class EventListView(EventsAdminView):
    template_name = "events/admin/event_list.html"
    page_title = "Event bookings"

    def get_breadcrumbs_items(self):
        return admin_crumbs((self.page_title, ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = EventPage.objects.annotate(
            confirmed=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED)),
            waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITING)),
            attended=Count("bookings", filter=Q(bookings__attended=True)),
        ).order_by("-starts_at", "-pk")
        context["page_obj"] = Paginator(events, PER_PAGE).get_page(self.request.GET.get("page"))
        return context


class EventBookingsView(EventsAdminView):
    template_name = "events/admin/event_bookings.html"

    def get_page_title(self):
        return f"Bookings for {self.event.title}"

    def get_breadcrumbs_items(self):
        return admin_crumbs(
            ("Event bookings", reverse("events_admin:events")), (self.event.title, "")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bookings = self.event.bookings.exclude(status=Booking.Status.UNVERIFIED)
        context["event"] = self.event
        context["confirmed"] = bookings.filter(status=Booking.Status.CONFIRMED)
        context["waiting"] = bookings.filter(status=Booking.Status.WAITING)
        context["cancelled"] = bookings.filter(status=Booking.Status.CANCELLED)
        context["can_mark"] = self.request.user.has_perm(MARK_ATTENDANCE)
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(MARK_ATTENDANCE):
            return permission_denied(request)
        ids = [value for value in request.POST.getlist("attended") if value.isdigit()]
        services.mark_attendance(self.event, [int(value) for value in ids])
        messages.success(request, "Attendance saved")
        return redirect("events_admin:bookings", pk=self.event.pk)


EXPORT_COLUMNS = ["Name", "Email", "Organisation", "Access needs", "Status", "Booked", "Attended"]


class EventExportView(EventsAdminView):
    def get(self, request, *args, **kwargs):
        bookings = self.event.bookings.filter(
            status__in=[Booking.Status.CONFIRMED, Booking.Status.WAITING]
        ).order_by("status", "placed_at", "pk")
        rows = [EXPORT_COLUMNS]
        for booking in bookings:
            rows.append(
                [
                    booking.name,
                    booking.email,
                    booking.organisation,
                    booking.access_needs,
                    booking.get_status_display(),
                    booking.placed_at.strftime("%Y-%m-%d %H:%M") if booking.placed_at else "",
                    {True: "Yes", False: "No", None: ""}[booking.attended],
                ]
            )
        return csv_response(f"{slugify(self.event.title)}-attendees.csv", rows)
