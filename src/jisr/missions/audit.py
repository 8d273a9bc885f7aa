"""The audit log: what the organizers of a mission did, read from the activity log.

Every service writes an activity-log entry; the audit log is the part of it that
organizers answer for (publishing and rescheduling, imports, invitations and roles,
meeting rules, moderation). Only the mission's organizers read it.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import PermissionDenied
from jisr.core.models import ActivityLogEntry
from jisr.missions import rules
from jisr.missions.models import Mission
from jisr.missions.queries import access_mission

# Action prefixes per category; an entry whose action starts with one is an organizer
# action even when its actor is no longer an organizer (or was the system).
CATEGORIES: dict[str, tuple[str, ...]] = {
    "schedule": ("schedules.",),
    "imports": ("exchange.imported", "invitations.imported"),
    "people": ("invitation.", "participation.", "mission.organizer"),
    "meetings": ("meetings.policy.", "meetings.quota."),
    "stories": ("outcomes.story_approved", "outcomes.story_featured"),
    "destinations": ("evaluation.destination",),
}
CATEGORY_LABELS = {
    "schedule": _("Schedule: runs, publishing, the meeting grid"),
    "imports": _("Imports"),
    "people": _("Invitations and roles"),
    "meetings": _("Meeting rules and quotas"),
    "stories": _("Success stories"),
    "destinations": _("Destination comparison"),
}


def access_audit_log(user: rules.User, slug: str) -> Mission:
    """The mission called ``slug`` if ``user`` organizes it; others get 404 or 403."""
    mission = access_mission(user, slug)
    if not rules.can_read_audit_log(user, mission):
        raise PermissionDenied(_("Only the organizers of this mission can read its audit log."))
    return mission


def _category_filter(prefixes: tuple[str, ...]) -> Q:
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(action__startswith=prefix)
    return condition


def audit_entries(
    mission: Mission,
    *,
    category: str = "",
    actor_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[ActivityLogEntry]:
    """Organizer actions in ``mission``, newest first: entries of an organizer action
    (``CATEGORIES``) or by a current organizer. ``until`` includes that whole day (UTC)."""
    organizer_ids = list(mission.organizers.values_list("pk", flat=True))
    every_prefix = tuple(p for prefixes in CATEGORIES.values() for p in prefixes)
    entries = ActivityLogEntry.objects.for_mission(mission).filter(
        _category_filter(every_prefix) | Q(actor_id__in=organizer_ids)
    )
    if category in CATEGORIES:
        entries = entries.filter(_category_filter(CATEGORIES[category]))
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if since is not None:
        entries = entries.filter(created__date__gte=since)
    if until is not None:
        entries = entries.filter(created__date__lte=until)
    return entries.select_related("actor").order_by("-created", "-id")


def audit_actors(mission: Mission) -> list[tuple[int, str]]:
    """Who appears in the mission's audit log, for the filter: (user id, name)."""
    ids = set(audit_entries(mission).exclude(actor=None).values_list("actor_id", flat=True))
    ids |= set(mission.organizers.values_list("pk", flat=True))
    users = get_user_model().objects.filter(pk__in=ids).order_by("username")
    return [(user.pk, user.get_full_name() or user.get_username()) for user in users]
