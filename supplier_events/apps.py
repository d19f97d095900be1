from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Supplier workshops and events with booking. The package is not called `events`, which
    is the name of a PyPI package the search cluster's client imports; the app keeps the label
    `events`, so its tables, permissions and page types are named as before."""

    name = "supplier_events"
    label = "events"
    verbose_name = "Events"

    def ready(self):
        from django.db.models.signals import post_save

        from portal import roles
        from portal.accounts.sections import register_section

        from . import signals
        from .models import EventIndexPage

        roles.grant(roles.EVENT_ORGANISERS, "events.view_booking", "events.change_booking")
        register_section(template="events/includes/account_section.html", order=35)
        post_save.connect(
            signals.index_page_saved,
            sender=EventIndexPage,
            dispatch_uid="events.index_page_saved",
        )
