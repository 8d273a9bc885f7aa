"""Reads about missions: permission-checked fetches and the programme."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import NotFound
from jisr.missions import rules
from jisr.directory.models import Person
from jisr.missions.models import Mission, ProgrammeItem


def access_mission(user: rules.User, slug: str) -> Mission:
    """The mission called ``slug`` if ``user`` may see it; otherwise ``NotFound``.

    A draft mission answers exactly like a missing one, so its existence does not leak.
    """
    mission = Mission.objects.filter(slug=slug).first()
    if mission is None or not rules.can_see_mission(user, mission):
        raise NotFound(_("There is no such mission."))
    return mission


def visible_missions(user: rules.User) -> QuerySet[Mission]:
    listed = Mission.objects.exclude(status=Mission.Status.DRAFT)
    if user.is_authenticated:
        listed = listed | Mission.objects.filter(organizers__pk=user.pk)
    return listed.distinct().order_by("-start_date", "id")


def programme_for(mission: Mission) -> QuerySet[ProgrammeItem]:
    return (
        ProgrammeItem.objects.for_mission(mission)
        .select_related("venue")
        .prefetch_related("speakers__organization")
        .order_by("start", "id")
    )


def person_for(user: rules.User, mission: Mission) -> Person | None:
    """The signed-in user's person in ``mission``, or None for visitors and outsiders."""
    if not user.is_authenticated:
        return None
    return (
        Person.objects.for_mission(mission)
        .select_related("organization")
        .filter(user_id=user.pk)
        .first()
    )
