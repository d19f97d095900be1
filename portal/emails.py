"""Every email the portal sends goes through `send_templated_email`, as a background task
(immediate by default; a queue in production if TASKS says so)."""

from django.conf import settings
from django.template.loader import render_to_string
from django_tasks import task


@task()
def deliver_email(recipients, subject, body, reply_to=None):
    from django.core.mail import EmailMessage

    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=[reply_to] if reply_to else None,
    )
    message.send()


def send_templated_email(recipients, template, context=None, reply_to=None):
    """Render `<template>_subject.txt` and `<template>.txt` and send them.

    The templates are plain text, so nothing a user typed can inject markup.
    """
    if isinstance(recipients, str):
        recipients = [recipients]
    context = {"base_url": settings.PORTAL_BASE_URL, **(context or {})}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    deliver_email.enqueue(list(recipients), subject, body, reply_to)
