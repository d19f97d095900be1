"""Jobs that run on a schedule, in the `scheduler` process (`python manage.py run_schedule`).

To add one, append a `Job` to JOBS: a management command, how often, and its arguments.
Each job runs once when the scheduler starts, then every `every`; a job that fails is
logged and tried again at its next time. Jobs must be safe to run twice.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings


@dataclass(frozen=True)
class Job:
    command: str
    every: timedelta
    args: tuple = ()
    # Whether the job applies to this deployment (checked each time it is due).
    enabled: object = field(default=lambda: True, compare=False)

    @property
    def name(self):
        return " ".join([self.command, *self.args])


def _tasks_in_database():
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


JOBS = [
    # Wagtail: publish and unpublish pages at the times editors chose.
    Job("publish_scheduled", every=timedelta(minutes=1)),
    # Django: delete expired sessions.
    Job("clearsessions", every=timedelta(days=1)),
    # django-simple-captcha: delete expired challenges.
    Job("captcha_clean", every=timedelta(hours=1)),
    # Create forms' one-time tokens: a repeated POST comes within minutes, not weeks.
    Job("prune_submission_tokens", every=timedelta(days=1)),
    # django-tasks-db: forget finished tasks after 14 days.
    Job("prune_db_task_results", every=timedelta(days=1), enabled=_tasks_in_database),
    # Time bank: check every ledger invariant; a violation is logged as an error.
    Job("timebank_audit", every=timedelta(days=1)),
    # Opportunities: the daily digest of new opportunities for daily alert subscribers.
    Job("send_opportunity_alerts", every=timedelta(days=1)),
    # Events: reminders the day before, and feedback requests after an event.
    Job("send_event_reminders", every=timedelta(days=1)),
    Job("send_event_feedback_requests", every=timedelta(days=1)),
    # Contracts: remind suppliers of social value reports due within a week or late.
    Job("contracts_reminders", every=timedelta(days=1)),
    # Local spend: an import whose worker was killed shows as failed, not running for ever.
    Job("fail_stalled_spend_imports", every=timedelta(minutes=10)),
]
