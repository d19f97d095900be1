"""Messages between members."""

from portal.emails import send_templated_email

from ..models import Message
from . import TimebankError
from .membership import require_trading


def send_message(sender, recipient, body, listing=None):
    body = (body or "").strip()
    if not body:
        raise TimebankError("Enter your message")
    if sender.pk == recipient.pk:
        raise TimebankError("You cannot send a message to yourself")
    require_trading(sender)
    require_trading(recipient)
    message = Message.objects.create(sender=sender, recipient=recipient, body=body, listing=listing)
    if recipient.user and recipient.user.email:
        send_templated_email(recipient.user.email, "timebank/email/message", {"message": message})
    return message
