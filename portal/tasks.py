"""Background work (django-tasks): run at once in tests and `make run`, by the `db_worker`
process in production (TASKS in portal/settings)."""

from functools import partial

from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs):
    """Enqueue `task` once the current transaction commits (at once outside one).

    The task then never sees rows that are rolled back or not yet committed, and no SMTP or
    queue round trip happens while the request holds a lock. A failure to enqueue is
    logged, never raised into a request whose changes are already committed.
    """
    transaction.on_commit(partial(task.enqueue, *args, **kwargs), robust=True)
