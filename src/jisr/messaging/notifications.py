"""The e-mail that tells someone a message is waiting, in the recipient's language."""

from __future__ import annotations

from jisr.core.mail import send_in_language
from jisr.meetings.notifications import site_url
from jisr.messaging.models import Message


def notify_new_message(message: Message) -> None:
    """Queue the e-mail; it is sent when the caller's transaction commits. The text of
    the message is not in the e-mail: it is read in Jisr, where it can be reported."""
    recipient = message.recipient
    send_in_language(
        to=recipient.email,
        language=recipient.preferred_language,
        template="jisr/email/messaging/new_message",
        context={
            "mission": message.mission,
            "message": message,
            "recipient": recipient,
            "sender": message.sender,
            "site_url": site_url(),
        },
    )
