"""What the mission menu shows depends on who is looking; asked once per page."""

from __future__ import annotations

from typing import Any

from django import template

from jisr.missions import rules
from jisr.missions.queries import person_for

register = template.Library()


@register.simple_tag(takes_context=True)
def mission_roles(context: Any, mission: Any) -> dict[str, bool]:
    request = context.get("request")
    if request is None:
        return {"organizer": False, "participant": False, "buyer": False}
    cache_key = f"_jisr_roles_{mission.pk}"
    cached = getattr(request, cache_key, None)
    if cached is None:
        person = person_for(request.user, mission)
        cached = {
            "organizer": rules.is_organizer(request.user, mission),
            "participant": person is not None,
            "buyer": person is not None and person.organization.kind == "buyer",
        }
        setattr(request, cache_key, cached)
    return cached
