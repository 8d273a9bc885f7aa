"""Background tasks of missions."""

from __future__ import annotations

from django_tasks import task

from jisr.missions.services import send_pending_emails


@task()
def send_invitation_emails(*, mission_id: int, invitation_ids: list[int], base_url: str) -> int:
    """Send the e-mails of a bulk import of invitations; returns how many went out."""
    return send_pending_emails(
        mission_id=mission_id, invitation_ids=invitation_ids, base_url=base_url
    )
