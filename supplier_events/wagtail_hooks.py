from django.urls import include, path, reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views

admin_urlpatterns = [
    path("", admin_views.EventListView.as_view(), name="events"),
    path("<int:pk>/", admin_views.EventBookingsView.as_view(), name="bookings"),
    path("<int:pk>/attendees.csv", admin_views.EventExportView.as_view(), name="export"),
]


@hooks.register("register_admin_urls")
def register_events_admin_urls():
    return [
        path(
            "event-bookings/",
            include((admin_urlpatterns, "events_admin"), namespace="events_admin"),
        )
    ]


class BookingsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.VIEW_BOOKINGS)


@hooks.register("register_admin_menu_item")
def register_bookings_menu():
    return BookingsMenuItem(
        "Event bookings", reverse_lazy("events_admin:events"), icon_name="date", order=670
    )
