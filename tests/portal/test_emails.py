"""Emails leave only once the change that caused them is committed, through a task."""

import pytest
from django.core import mail
from django.db import transaction

from portal.emails import send_templated_email
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
