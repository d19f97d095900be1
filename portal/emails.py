"""Every email the portal sends goes through `send_templated_email`: a background task
enqueued once the current transaction commits (run at once in tests and `make run`, by the
`db_worker` process in production), and tried again later when the mail server is out of
reach (portal.tasks.retried)."""

import smtplib

from django.conf import settings
from django.template.loader import render_to_string
from django_tasks import task

from portal.tasks import enqueue_on_commit, retried


def worth_retrying(error):
    """Whether sending again later may succeed: a connection that failed or the server's
    "try again later" (4xx) may; its refusal (5xx) of the sender or every recipient will not."""
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code < 500 for code, _ in error.recipients.values())
    return isinstance(error, OSError)


@task(takes_context=True)
def deliver_email(context, recipients, subject, body, reply_to=None, attempt=1):
    from django.core.mail import EmailMessage

    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=[reply_to] if reply_to else None,
    )
    with retried(context, when=worth_retrying):
        message.send()


def send_templated_email(recipients, template, context=None, reply_to=None):
    """Render `<template>_subject.txt` and `<template>.txt` and send them after commit.

    The templates are plain text, so nothing a user typed can inject markup. They are
    rendered now, while the objects in `context` are at hand. With no recipients (an
    organisation without members, say) nothing is rendered or sent.
    """
    if isinstance(recipients, str):
        recipients = [recipients]
    if not recipients:
        return
    context = {"base_url": settings.PORTAL_BASE_URL, **(context or {})}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    enqueue_on_commit(deliver_email, list(recipients), subject, body, reply_to)
