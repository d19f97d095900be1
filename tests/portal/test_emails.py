"""Emails leave only once the change that caused them is committed, through a task, which
tries again later when the mail server is out of reach."""

import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskContext
from django_tasks_db.models import DBTaskResult

from benchmarks.server import free_port
from portal.emails import deliver_email, send_templated_email, worth_retrying
from portal.tasks import RETRY_DELAYS
from tests.factories import UserFactory

CONTEXT = {"user": None, "link": "https://portal.example/verify/x/", "days": 3}


@pytest.mark.django_db(transaction=True)
def test_an_email_is_sent_only_after_the_transaction_commits():
    with transaction.atomic():
        UserFactory(email="grace@example.org")
        send_templated_email("grace@example.org", "accounts/email/verify", CONTEXT)
        assert mail.outbox == []
    (message,) = mail.outbox
    assert message.to == ["grace@example.org"]
    assert "https://portal.example/verify/x/" in message.body


@pytest.mark.django_db
def test_an_email_to_nobody_queues_no_task(django_capture_on_commit_callbacks):
    """An organisation without members, say: callers need not check for recipients."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_templated_email([], "accounts/email/verify", CONTEXT)
    assert callbacks == [] and mail.outbox == []


@pytest.mark.django_db
def test_no_email_leaves_when_the_change_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            send_templated_email("grace@example.org", "accounts/email/verify", CONTEXT)
            raise RuntimeError("the change failed")
        send_templated_email("ada@example.org", "accounts/email/verify", CONTEXT)
    assert len(callbacks) == 1
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]


@pytest.mark.django_db
def test_a_mail_server_failure_never_breaks_the_committed_request(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        user = UserFactory()
        send_templated_email(user.email, "accounts/email/verify", CONTEXT)
    # The task ran and failed (nothing listens on port 9); nothing was raised.
    assert len(callbacks) == 1
    assert type(user).objects.filter(pk=user.pk).exists()
    assert mail.outbox == []


def queued_emails():
    return DBTaskResult.objects.filter(task_path="portal.emails.deliver_email")


def run_as_the_worker(result):
    """One attempt of a queued task, as `db_worker` makes it."""
    task_result = result.task_result
    task_result.task.call(
        TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
    )


@pytest.fixture
def mail_server_down(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 1


@pytest.mark.django_db
def test_an_email_the_mail_server_was_down_for_is_sent_again_later(
    mail_server_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email("grace@example.org", "accounts/email/verify", CONTEXT)
    (first,) = queued_emails()
    before = timezone.now()

    with pytest.raises(ConnectionRefusedError):
        run_as_the_worker(first)

    retry = queued_emails().exclude(pk=first.pk).get()
    assert retry.args_kwargs["args"] == first.args_kwargs["args"]
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert before + RETRY_DELAYS[0] <= retry.run_after <= timezone.now() + RETRY_DELAYS[0]
    assert retry.args_kwargs["args"][0] == ["grace@example.org"]


@pytest.mark.django_db
def test_an_email_is_given_up_after_the_last_retry(mail_server_down):
    last = len(RETRY_DELAYS) + 1
    deliver_email.enqueue(["grace@example.org"], "Subject", "Body", attempt=last)
    (result,) = queued_emails()
    with pytest.raises(ConnectionRefusedError):
        run_as_the_worker(result)
    assert list(queued_emails()) == [result]


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (ConnectionRefusedError(), True),
        (TimeoutError(), True),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPResponseException(421, b"Try again later"), True),
        (smtplib.SMTPSenderRefused(550, b"Not allowed", "portal@example.org"), False),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"Mailbox busy")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such user")}), False),
        (ValueError("a bug"), False),
    ],
)
def test_only_failures_that_may_pass_later_are_retried(error, retried):
    assert worth_retrying(error) is retried
