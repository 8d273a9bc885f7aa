"""E-mails to the other side of a meeting request, in the recipient's language."""

from __future__ import annotations

from django.conf import settings

from jisr.core.mail import send_in_language
from jisr.directory.models import Person
from jisr.meetings.models import MeetingRequest

# Each e-mail links to the tab of "My meetings" where the recipient finds the request.
EVENTS = {
    "requested": "incoming",
    "accepted": "accepted",
    "declined": "closed",
    "cancelled": "closed",
}


def site_url() -> str:
    """The address e-mails link to; ``SITE_URL`` in settings, without a trailing slash."""
    return str(getattr(settings, "SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def notify(request: MeetingRequest, *, event: str, to: Person, actor: Person) -> None:
    """Queue the e-mail for ``event``; it is sent when the caller's transaction commits."""
    assert event in EVENTS, event
    send_in_language(
        to=to.email,
        language=to.preferred_language,
        template=f"jisr/email/meetings/{event}",
        context={
            "mission": request.mission,
            "meeting_request": request,
            "recipient": to,
            "counterpart": actor,
            "site_url": site_url(),
            "tab": EVENTS[event],
        },
    )
