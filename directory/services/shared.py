"""What the profile and service operations share: the record of a change and the email to an
organisation's members."""

from portal.emails import send_templated_email


def diff(before, after):
    return {
        key: [before.get(key), value] for key, value in after.items() if before.get(key) != value
    }


def notify_members(organisation, template, context):
    emails = organisation.members_emails()
    if emails:
        send_templated_email(
            emails, f"directory/email/{template}", {"organisation": organisation, **context}
        )
