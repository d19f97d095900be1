"""Background work (django-tasks): run at once in tests and `make run`, by the `db_worker`
process in production (TASKS in portal/settings)."""

from contextlib import contextmanager
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

# When an attempt of a task that can be retried fails, the next runs after the next of these
# delays; after the last, the task is left failed (the worker's log and the task list in the
# Django admin show it).
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)


def enqueue_on_commit(task, *args, **kwargs):
    """Enqueue `task` once the current transaction commits (at once outside one).

    The task then never sees rows that are rolled back or not yet committed, and no SMTP or
    queue round trip happens while the request holds a lock. A failure to enqueue is
    logged, never raised into a request whose changes are already committed.
    """
    transaction.on_commit(partial(task.enqueue, *args, **kwargs), robust=True)


@contextmanager
def retried(context, when=lambda error: True):
    """Runs the body of a task (declared `takes_context=True`, with an `attempt=1` keyword)
    so that an error for which `when(error)` is true queues the same task again with the next
    of RETRY_DELAYS, then is raised, so that this attempt is recorded as failed.

    Only a queue that can hold a task until later (the database queue production's worker
    reads) retries; run at once (tests, `make run`), the first attempt is the only one. The
    tasks that use it must be safe to run twice.
    """
    try:
        yield
    except Exception as error:
        result = context.task_result
        attempt = result.kwargs.get("attempt", 1)
        task = result.task
        if when(error) and attempt <= len(RETRY_DELAYS) and task.get_backend().supports_defer:
            task.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1]).enqueue(
                *result.args, **{**result.kwargs, "attempt": attempt + 1}
            )
        raise
