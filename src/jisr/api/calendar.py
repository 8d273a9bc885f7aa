"""The secret address of one's agenda feed, for calendar subscriptions: read it, make a
new one (the old one stops working), or turn it off. The same services as the web's
agenda page."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Field, Router, Schema, Status

from jisr.api.errors import responses
from jisr.api.schemas import DateTime, Slug
from jisr.directory.models import Person
from jisr.outcomes import queries, services
from jisr.outcomes.models import CalendarFeed

router = Router(tags=["outcomes"])


class FeedOut(Schema):
    url: str | None = Field(
        description="The iCalendar feed address (a secret: anyone with it reads your "
        "agenda), or null when you have none."
    )
    created: DateTime | None


def _feed_json(request: HttpRequest, person: Person, feed: CalendarFeed | None) -> dict[str, Any]:
    if feed is None:
        return {"url": None, "created": None}
    with translation.override(person.preferred_language):
        path = reverse("web:agenda_feed", args=[person.mission.slug, feed.token])
    return {"url": request.build_absolute_uri(path), "created": feed.created}


@router.get(
    "/missions/{slug}/agenda/feed",
    response={200: FeedOut, **responses(401, 404, 422)},
    summary="Your calendar feed address",
    description="404 if you take no part in the mission.",
)
def get_calendar_feed(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    _mission, person = queries.access_agenda_person(request.user, slug)
    return _feed_json(request, person, queries.feed_for(person))


@router.post(
    "/missions/{slug}/agenda/feed",
    response={201: FeedOut, **responses(401, 404, 422)},
    summary="Make a new calendar feed address",
    description="Creates your feed address, or replaces it: the previous one answers 404 "
    "from now on.",
)
def reset_calendar_feed(request: HttpRequest, slug: Slug) -> Status[dict[str, Any]]:
    _mission, person = queries.access_agenda_person(request.user, slug)
    feed = services.reset_calendar_feed(person, by=person)
    return Status(201, _feed_json(request, person, feed))


@router.delete(
    "/missions/{slug}/agenda/feed",
    response={204: None, **responses(401, 404, 422)},
    summary="Turn your calendar feed off",
)
def revoke_calendar_feed(request: HttpRequest, slug: Slug) -> Status[None]:
    _mission, person = queries.access_agenda_person(request.user, slug)
    services.revoke_calendar_feed(person, by=person)
    return Status(204, None)
