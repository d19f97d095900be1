"""Runs the jobs in portal/schedule.py at their times, for ever (or once with --once)."""

import json
import logging
import time
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

from portal.schedule import JOBS

logger = logging.getLogger("portal.schedule")

# The longest the scheduler sleeps, so that a stop signal is never kept waiting long.
MAX_SLEEP_SECONDS = 30


def close_stale_connections():
    """Close the connections that are broken or past CONN_MAX_AGE, as Django does around each
    request, so that a scheduler running for weeks never holds a dead one. A connection inside
    a caller's transaction is left open: closing it would break that transaction."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def run_job(job):
    """Run one job; returns True when it succeeded. Output and failures go to the log."""
    if not job.enabled():
        return None
    started = time.monotonic()
    output = StringIO()
    close_stale_connections()
    try:
        call_command(job.command, *job.args, stdout=output, stderr=output)
    except (Exception, SystemExit) as error:  # a failing job must not stop the others
        outcome, detail = "failed", f"{type(error).__name__}: {error}"
    else:
        outcome, detail = "ok", ""
    finally:
        close_stale_connections()
    record = {
        "job": job.name,
        "outcome": outcome,
        "seconds": round(time.monotonic() - started, 3),
        "output": output.getvalue().strip()[-2000:],
    }
    if detail:
        record["error"] = detail
    level = logging.INFO if outcome == "ok" else logging.ERROR
    logger.log(level, json.dumps(record))
    return outcome == "ok"


class Command(BaseCommand):
    help = "Run the scheduled jobs (portal/schedule.py): each at start, then at its interval."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run every job once and exit")
        parser.add_argument("--list", action="store_true", help="list the jobs and exit")

    def handle(self, *args, once=False, list=False, **options):
        if list:
            for job in JOBS:
                self.stdout.write(f"{job.name}\tevery {job.every}")
            return
        if once:
            failed = [job.name for job in JOBS if run_job(job) is False]
            if failed:
                raise CommandError(f"Jobs failed: {', '.join(failed)}")
            self.stdout.write(f"Ran {len(JOBS)} scheduled jobs.")
            return
        due = {job: timezone.now() for job in JOBS}
        while True:  # until the process is stopped
            for job in JOBS:
                if due[job] <= timezone.now():
                    run_job(job)
                    due[job] = timezone.now() + job.every
            wait = (min(due.values()) - timezone.now()).total_seconds()
            time.sleep(min(max(wait, 1), MAX_SLEEP_SECONDS))
