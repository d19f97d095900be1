from django.db import transaction

from .tasks import queue_opportunity_alerts


def opportunity_published(sender, instance, **kwargs):
    from .models import OpportunityPage

    if isinstance(instance.specific_deferred, OpportunityPage):
        pk = instance.pk
        transaction.on_commit(lambda: queue_opportunity_alerts.enqueue(pk))


def index_page_saved(sender, instance, created, **kwargs):
    """Procurement officers draft and edit opportunities under the list; publishing goes
    through the approval workflow (Moderators), so they get no publish permission."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from portal import roles

    group = Group.objects.filter(name=roles.PROCUREMENT_OFFICERS).first()
    if not created or group is None:
        return
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=instance,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
