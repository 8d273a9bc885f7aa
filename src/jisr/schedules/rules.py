"""Who may do what with schedules. Only a mission's organizers use the console."""

from __future__ import annotations

from jisr.missions.models import Mission
from jisr.missions.rules import User, is_organizer


def can_schedule(user: User, mission: Mission) -> bool:
    """Define the grid, run the engine, lock, publish and reschedule."""
    return is_organizer(user, mission)
