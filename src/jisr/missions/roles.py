"""Writes that record role changes made in the admin: who became or stopped being an
organizer of a mission, and participations given, changed or taken away. The admin
saves the rows; these record who did it, for the mission's audit log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from jisr.core.services import log_activity
from jisr.missions.models import Mission, Participation
from jisr.missions.rules import User


def record_organizers_changed(
    mission: Mission, *, by: User, added: Iterable[Any], removed: Iterable[Any]
) -> int:
    """One entry per user added to or removed from ``mission``'s organizers."""
    count = 0
    with transaction.atomic():
        for action, users in (
            ("mission.organizer_added", added),
            ("mission.organizer_removed", removed),
        ):
            for user in users:
                log_activity(
                    mission,
                    action=action,
                    actor=by,
                    mission=mission,
                    data={"user": user.get_username()},
                )
                count += 1
    return count


def record_participation_saved(
    participation: Participation, *, by: User, previous_role: str | None
) -> None:
    """A participation created (``previous_role`` None) or given another role."""
    if previous_role == participation.role:
        return
    with transaction.atomic():
        log_activity(
            participation,
            action="participation.added" if previous_role is None else "participation.changed",
            actor=by,
            mission=participation.mission,
            data={
                "person": str(participation.person),
                "role": participation.role,
                **({"previous_role": previous_role} if previous_role else {}),
            },
        )


def record_participation_removed(participation: Participation, *, by: User) -> None:
    with transaction.atomic():
        log_activity(
            participation,
            action="participation.removed",
            actor=by,
            mission=participation.mission,
            data={"person": str(participation.person), "role": participation.role},
        )
