"""Create forms' one-time tokens are kept long enough to catch a repeated POST, then pruned."""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal import schedule
from portal.idempotency import KEEP_TOKENS_FOR
from portal.models import SubmissionToken

pytestmark = pytest.mark.django_db


def token(age):
    claim = SubmissionToken.objects.create(token=uuid.uuid4(), purpose="test", result_url="/")
    SubmissionToken.objects.filter(pk=claim.pk).update(created_at=timezone.now() - age)
    return claim.pk


def test_tokens_older_than_a_week_are_pruned_and_recent_ones_kept(capsys):
    old = token(KEEP_TOKENS_FOR + timedelta(minutes=1))
    recent = token(KEEP_TOKENS_FOR - timedelta(minutes=1))
    today = token(timedelta(0))
    call_command("prune_submission_tokens")
    assert "Deleted 1 submission tokens." in capsys.readouterr().out
    assert set(SubmissionToken.objects.values_list("pk", flat=True)) == {recent, today}
    assert not SubmissionToken.objects.filter(pk=old).exists()


def test_pruning_runs_daily_on_the_schedule():
    job = next(job for job in schedule.JOBS if job.command == "prune_submission_tokens")
    assert job.every == timedelta(days=1)
