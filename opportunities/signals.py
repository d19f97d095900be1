from portal.tasks import enqueue_on_commit

from .tasks import queue_opportunity_alerts


def opportunity_published(sender, instance, **kwargs):
    from .models import OpportunityPage

    if isinstance(instance.specific_deferred, OpportunityPage):
        enqueue_on_commit(queue_opportunity_alerts, instance.pk)


def index_page_saved(sender, instance, created, **kwargs):
    """Procurement officers draft and edit opportunities under the list; publishing goes
    through the approval workflow (Moderators), so they get no publish permission."""
    if created:
        from portal.roles import PROCUREMENT_OFFICERS, grant_page_permissions

        grant_page_permissions(PROCUREMENT_OFFICERS, instance, "add_page", "change_page")
