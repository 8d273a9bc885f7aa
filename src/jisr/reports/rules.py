"""Who may read a mission's reports: its organizers only (and superusers, who organize
every mission). Comparing missions is limited to the missions a user organizes."""

from __future__ import annotations

from jisr.missions.models import Mission
from jisr.missions.rules import User, is_organizer

__all__ = ["User", "can_see_reports"]


def can_see_reports(user: User, mission: Mission) -> bool:
    return is_organizer(user, mission)
