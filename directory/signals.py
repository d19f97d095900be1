"""The directory's search column follows the organisation's name, description, keywords and
sectors (see directory.search.index_organisations)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from .models import Organisation, Sector
from .search import index_organisations, unindex_organisation


@receiver(post_save, sender=Organisation)
def organisation_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    searched = {"name", "description", "keywords"}
    if raw or (update_fields is not None and not searched & set(update_fields)):
        return
    index_organisations([instance.pk])


@receiver(post_delete, sender=Organisation)
def organisation_deleted(sender, instance, **kwargs):
    unindex_organisation(instance.pk)


@receiver(m2m_changed, sender=Organisation.sectors.through)
def sectors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if not reverse:
        if action != "pre_clear":
            index_organisations([instance.pk])
        return
    # From the sector's side: the organisations it was added to or removed from.
    if action == "pre_clear":
        instance._cleared_organisations = list(instance.organisations.values_list("pk", flat=True))
        return
    ids = pk_set if action != "post_clear" else getattr(instance, "_cleared_organisations", [])
    index_organisations(ids)


@receiver(post_save, sender=Sector)
def sector_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        index_organisations(instance.organisations.values_list("pk", flat=True))


@receiver(pre_delete, sender=Sector)
def sector_deleting(sender, instance, **kwargs):
    instance._linked_organisations = list(instance.organisations.values_list("pk", flat=True))


@receiver(post_delete, sender=Sector)
def sector_deleted(sender, instance, **kwargs):
    index_organisations(getattr(instance, "_linked_organisations", []))
