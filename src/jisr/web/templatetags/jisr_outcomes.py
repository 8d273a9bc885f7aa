"""Outcome pieces other pages include: the feedback form of the meeting page and the
published success stories of the mission and "Why Morocco" pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from jisr.outcomes import queries, rules
from jisr.web.outcomes_forms import FeedbackForm

register = template.Library()

STORIES_ON_WHY_MOROCCO = 3


@register.simple_tag
def meeting_feedback(entry: Any, person: Any, form: Any = None) -> dict[str, Any]:
    """What the meeting page needs for the feedback form: whether it can be given yet,
    and the form, filled with the person's earlier answer (``form`` when re-shown with
    errors)."""
    meeting = entry.meeting
    allowed = rules.can_give_feedback(meeting, person, entry.mine, timezone.now())
    if not allowed:
        return {"allowed": False, "form": None, "saved": None}
    saved = queries.feedback_of(meeting, person)
    if not form:  # a missing template variable arrives as ""
        initial = (
            {
                "interest": saved.interest,
                "next_step": saved.next_step,
                "next_step_text": saved.next_step_text,
                "private_note": saved.private_note,
            }
            if saved
            else {}
        )
        form = FeedbackForm(initial=initial)
    return {"allowed": True, "form": form, "saved": saved}


@register.simple_tag
def published_stories(mission: Any, featured_only: bool = False) -> list[Any]:
    """Published stories of the mission; on "Why Morocco", the featured few."""
    stories = queries.success_stories(mission)
    if featured_only:
        return list(stories.filter(featured=True)[:STORIES_ON_WHY_MOROCCO])
    return list(stories)
