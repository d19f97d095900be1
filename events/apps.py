from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
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
