"""Background tasks of the outcomes app."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from jisr.outcomes.services import send_followups


@task()
def send_due_followups(today: str | None = None) -> int:
    """Send the one- and six-month follow-up e-mails due on ``today`` (ISO date; the
    server's local date when omitted); returns how many went out. Idempotent, so it can
    be enqueued every day."""
    return send_followups(today=dt.date.fromisoformat(today) if today else None)
