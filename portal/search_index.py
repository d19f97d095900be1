"""Search index updates for a search cluster, made by a task once the transaction commits.

With a cluster backend (SEARCH_BACKEND=opensearch3 or elasticsearch9) the settings give it
`AUTO_UPDATE: False`, so django-modelsearch's own signal handlers leave it alone, and the
handlers here enqueue a task (portal.tasks.enqueue_on_commit) for each save and delete of an
indexed model. No request waits on the cluster, a cluster outage fails a task rather than a
save, and the cluster never receives a row that is then rolled back. The task re-reads the
object, so it indexes what was committed, relations saved after the row (tags, sectors)
included; a removal is the same task, which finds the row gone and needs only the model and
primary key. When the cluster fails, the task runs again later (portal.tasks.retried), so
an outage leaves the index behind only until the cluster is back.

With the database backend, modelsearch's own handlers run as before: they write the index, a
table in the same database, within the transaction of the change (with the database task
queue, the task row that writes it), so the entry commits or rolls back with the row and no
network round trip is involved. The handlers here stand in for modelsearch's (SearchConfig
in portal/apps.py swaps them once wagtail.search is ready) and call them for any backend that
updates itself, so a cluster configuration does not also queue a task that finds nothing to
update.
"""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django_tasks import task
from modelsearch import index, signal_handlers
from modelsearch.backends import get_search_backend

from portal.tasks import enqueue_on_commit, retried


def queued_backends():
    """The search backends this module updates: those configured with AUTO_UPDATE False."""
    return [
        name
        for name, params in settings.WAGTAILSEARCH_BACKENDS.items()
        if params.get("AUTO_UPDATE", True) is False
    ]


def _some_backend_updates_itself():
    return any(
        params.get("AUTO_UPDATE", True) is not False
        for params in settings.WAGTAILSEARCH_BACKENDS.values()
    )


@task(takes_context=True)
def update_search_index(context, model_label, pk, attempt=1):
    """Put the committed object into each queued backend, or take it out when it is gone
    or no longer among its model's indexed objects. Tried again later if the cluster fails
    (portal.tasks.retried): each attempt writes the row as it then is."""
    model = apps.get_model(model_label)
    instance = model._default_manager.filter(pk=pk).first()
    indexed = index.get_indexed_instance(instance) if instance is not None else None
    with retried(context):
        for name in queued_backends():
            backend = get_search_backend(name)
            if indexed is None:
                backend.delete(model(pk=pk))
            else:
                backend.add(indexed)


@task()
def remove_from_search_index(model_label, pk):
    """Removals queued before a delete used update_search_index, which removes an object
    whose row is gone."""
    update_search_index.enqueue(model_label, pk)


def _saved(sender, instance, raw=False, **kwargs):
    if _some_backend_updates_itself():
        signal_handlers.post_save_signal_handler(instance, raw=raw, **kwargs)
    if not raw and queued_backends():
        enqueue_on_commit(update_search_index, instance._meta.label, str(instance.pk))


def _deleted(sender, instance, **kwargs):
    if _some_backend_updates_itself():
        signal_handlers.post_delete_signal_handler(instance, **kwargs)
    if queued_backends():
        enqueue_on_commit(update_search_index, instance._meta.label, str(instance.pk))


def connect_signals():
    """Replace modelsearch's handlers on every indexed model with the two above. Which
    backends to update is read at each save, so settings changed at run time take effect."""
    for model in index.get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
        post_delete.disconnect(signal_handlers.post_delete_signal_handler, sender=model)
        post_save.connect(_saved, sender=model, dispatch_uid="portal.search_index.saved")
        post_delete.connect(_deleted, sender=model, dispatch_uid="portal.search_index.deleted")
