"""Writes shared by every app."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from jisr.core.models import ActivityLogEntry, describe


def log_activity(
    obj: Any,
    *,
    action: str,
    actor: AbstractBaseUser | AnonymousUser | None,
    mission: Any = None,
    data: dict[str, Any] | None = None,
) -> ActivityLogEntry:
    """Record one entry; call it inside the service's transaction."""
    object_type, object_id = describe(obj)
    entry: ActivityLogEntry = ActivityLogEntry.objects.create(
        mission=mission,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        data=data or {},
    )
    return entry
