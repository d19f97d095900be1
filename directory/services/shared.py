"""What the profile and service operations share: declining a proposal, the record of a change
and the email to an organisation's members."""

from portal.emails import send_templated_email


def diff(before, after):
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


def notify_members(organisation, template, context):
    send_templated_email(
        organisation.members_emails(),
        f"directory/email/{template}",
        {"organisation": organisation, **context},
    )


def decline_proposal(record, values):
    """Declines what waits for moderation on a profile or a service: its pending change (the
    live record is untouched) or, for a new record, the record itself. Returns the values
    declined; `values(record)` gives a record's live values."""
    declined = record.pending_change or values(record)
    if record.has_pending_change:
        record.pending_change = None
        record.has_pending_change = False
    else:
        record.status = record.Status.REJECTED
    record.save()
    return declined
