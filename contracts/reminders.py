"""Reminders of social value reports: one email per contract to the supplier's members,
listing each report due within a week or late. Each report is reminded of once before it is
due and once when it is late, however often the command runs."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from contracts.models import Commitment, Contract, ReminderSent
from contracts.reporting import expected_reports
from portal.emails import send_templated_email

UPCOMING = "upcoming"
OVERDUE = "overdue"
NOTICE = timedelta(days=7)


def send_reminders(today=None):
    """Email every supplier whose reports are due soon or late; returns the emails sent."""
    today = today or timezone.localdate()
    contracts = (
        Contract.objects.filter(
            social_value_applies=True,
            organisation__isnull=False,
            commitments__status=Commitment.Status.ACCEPTED,
        )
        .distinct()
        .select_related("organisation")
        .prefetch_related("reports", "organisation__memberships__user")
    )
    sent = set(ReminderSent.objects.values_list("contract_id", "kind", "period_start", "stage"))
    emails = 0
    for contract in contracts:
        items = []
        for due in expected_reports(contract, reports=contract.reports.all()):
            if due.report is not None:
                continue
            if today > due.due_on:
                stage = OVERDUE
            elif today >= due.due_on - NOTICE:
                stage = UPCOMING
            else:
                continue
            if (contract.pk, due.kind, due.period_start, stage) not in sent:
                items.append((due, stage))
        recipients = [m.user.email for m in contract.organisation.memberships.all()]
        if not items or not recipients:
            continue
        with transaction.atomic():
            ReminderSent.objects.bulk_create(
                [
                    ReminderSent(
                        contract=contract, kind=due.kind, period_start=due.period_start, stage=stage
                    )
                    for due, stage in items
                ],
                ignore_conflicts=True,
            )
            send_templated_email(
                recipients,
                "contracts/email/reminder",
                {"contract": contract, "items": items, "today": today},
            )
        emails += 1
    return emails
