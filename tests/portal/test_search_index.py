"""With a search cluster, saving or deleting an indexed object queues a task once the
transaction commits, and the worker's run brings the cluster up to date; the request itself
never talks to the cluster, and a task that finds the cluster down runs again later. The cluster is osmem-server, an in-memory OpenSearch-compatible
server on loopback."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.search.backends import get_search_backend

from benchmarks.server import free_port
from directory.models import Organisation
from portal.tasks import RETRY_DELAYS
from tests.directory.factories import OrganisationFactory
from tests.factories import cluster_search_backends


@pytest.fixture
def cluster(settings, osmem, transactional_db):
    """The cluster configured as SEARCH_BACKEND=opensearch3 configures it, and the database
    task queue that production's worker reads. The tests commit for real, as requests do: the
    worker closes its connection between tasks, which would end a test's own transaction."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with osmem.clone() as clone:
        settings.WAGTAILSEARCH_BACKENDS = cluster_search_backends(clone.url, AUTO_UPDATE=False)
        call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
        yield get_search_backend()


def found(backend, words):
    backend.get_index_for_model(Organisation).refresh()
    return [organisation.name for organisation in backend.search(words, Organisation)]


def stored(backend, pk):
    """Whether the cluster holds the organisation's document, whether or not its row exists."""
    index = backend.get_index_for_model(Organisation)
    index.refresh()
    return bool(backend.es.exists(index=index.name, id=str(pk)))


def queued():
    """The queued search index tasks: the portal's, and modelsearch's own."""
    tasks = DBTaskResult.objects.ready().filter(
        Q(task_path__startswith="portal.search_index.") | Q(task_path__startswith="modelsearch.")
    )
    return list(tasks.values_list("task_path", flat=True))


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO())


def test_a_save_reaches_the_cluster_through_a_task_queued_after_commit(cluster):
    with transaction.atomic():
        organisation = OrganisationFactory(name="Lighthouse Joinery")
        assert queued() == []
    assert queued() == ["portal.search_index.update_search_index"]
    assert found(cluster, "lighthouse") == []

    run_worker()

    assert queued() == []
    assert found(cluster, "lighthouse") == ["Lighthouse Joinery"]

    organisation.name = "Harbour Joinery"
    organisation.save()
    run_worker()
    assert found(cluster, "lighthouse") == []
    assert found(cluster, "harbour") == ["Harbour Joinery"]


def test_a_delete_leaves_the_cluster_through_a_task_that_needs_no_row(cluster):
    organisation = OrganisationFactory(name="Lighthouse Joinery")
    run_worker()
    assert found(cluster, "lighthouse") == ["Lighthouse Joinery"]
    pk = organisation.pk

    with transaction.atomic():
        organisation.delete()
        assert queued() == []
    assert queued() == ["portal.search_index.update_search_index"]
    assert stored(cluster, pk)

    run_worker()
    assert not stored(cluster, pk)


def test_a_rolled_back_save_never_reaches_the_cluster(cluster):
    with transaction.atomic():
        OrganisationFactory(name="Lighthouse Joinery")
        transaction.set_rollback(True)
    # The transaction rolled back: its callbacks are dropped, nothing is queued.
    assert queued() == []
    run_worker()
    assert found(cluster, "lighthouse") == []


def test_a_queued_save_whose_row_is_gone_removes_it_from_the_cluster(cluster):
    organisation = OrganisationFactory(name="Lighthouse Joinery")
    run_worker()
    pk = organisation.pk
    Organisation.objects.filter(pk=pk).delete()
    # The row went without its signal reaching this backend (e.g. a queued save ran late).
    from portal.search_index import update_search_index

    assert stored(cluster, pk)
    update_search_index.enqueue("directory.Organisation", str(pk))
    run_worker()
    assert not stored(cluster, pk)


def test_a_save_made_while_the_cluster_is_down_reaches_it_when_the_cluster_is_back(
    cluster, settings
):
    up = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = cluster_search_backends(
        f"http://127.0.0.1:{free_port()}", AUTO_UPDATE=False
    )
    before = timezone.now()
    organisation = OrganisationFactory(name="Lighthouse Joinery")
    run_worker()

    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert failed.task_path == retry.task_path == "portal.search_index.update_search_index"
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    # Not before the first delay: a second run now would fail the same way.
    assert retry.run_after - before >= RETRY_DELAYS[0]
    run_worker()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1

    settings.WAGTAILSEARCH_BACKENDS = up
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    assert DBTaskResult.objects.get(pk=retry.pk).status == TaskResultStatus.SUCCESSFUL
    assert stored(cluster, organisation.pk)
    assert found(cluster, "lighthouse") == ["Lighthouse Joinery"]
