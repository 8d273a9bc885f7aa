"""What the outcomes app does when the apps below it signal: publishing a schedule
issues a check-in badge to everyone of the mission who has none yet."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from jisr.missions.models import Mission
from jisr.schedules.signals import schedule_published


@receiver(schedule_published, dispatch_uid="outcomes.badges_on_publication")
def issue_badges_on_publication(sender: Any, *, mission: Mission, **kwargs: Any) -> None:
    from jisr.outcomes.services import issue_badges

    issue_badges(mission)
