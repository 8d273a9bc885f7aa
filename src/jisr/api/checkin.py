"""On-site check-in for organizers, and one's own badge for participants.

The rules (organizers only, unknown codes, one check-in per person and day) are in
jisr.outcomes.services.checkin, as for the web's scanning page.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from jisr.api.errors import responses
from jisr.api.idempotency import key_header, run_once
from jisr.api.pagination import PageNumbers
from jisr.api.schemas import NO_NUL, DateTime, PersonRef, Slug
from jisr.core.errors import NotFound
from jisr.meetings.notifications import site_url
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission
from jisr.missions.queries import access_mission, person_for
from jisr.outcomes import queries, services
from jisr.outcomes.models import CheckIn

router = Router(tags=["check-in"])


class CheckInOut(Schema):
    id: int
    person: PersonRef
    day: dt.date = Field(description="The mission's local date.")
    checked_in_at: DateTime


class CheckInIn(Schema):
    code: str = Field(
        min_length=1,
        max_length=500,
        pattern=NO_NUL,
        description="The badge code as printed (dashes and case ignored) or the scanned "
        "address of the QR code.",
    )


class CheckInQuery(Schema):
    day: dt.date | None = Field(None, description="A local date; default: today.")


class BadgeOut(Schema):
    code: str
    display_code: str = Field(description="The code as printed, in groups of four.")
    check_in_url: str = Field(description="What the QR code encodes.")
    checked_in: DateTime | None = Field(description="When you were checked in today, if so.")


def _organizer_mission(request: HttpRequest, slug: str) -> Mission:
    mission = access_mission(request.user, slug)
    if not mission_rules.is_organizer(request.user, mission):
        raise NotFound(_("There is no such page."))
    return mission


def _today(mission: Mission) -> dt.date:
    return timezone.localtime(timezone.now(), ZoneInfo(mission.timezone)).date()


@router.post(
    "/missions/{slug}/check-ins",
    response={201: CheckInOut, **responses(400, 401, 404, 409, 422)},
    summary="Check a participant in from their badge code (organizers)",
    description="404 unknown_badge for a code of no badge of this mission; 409 "
    "already_checked_in for a second scan on the same day (the detail says when), which "
    "changes nothing. Accepts an Idempotency-Key. Others than organizers get 404.",
)
def create_check_in(
    request: HttpRequest,
    slug: Slug,
    payload: CheckInIn,
    idempotency_key: str | None = key_header(),
) -> HttpResponse:
    mission = _organizer_mission(request, slug)

    def create() -> tuple[int, dict[str, object]]:
        entry = services.check_in(mission, code=payload.code, by=request.user)
        return 201, CheckInOut.model_validate(entry).model_dump(mode="json")

    return run_once(request, idempotency_key, payload.model_dump(), create)


@router.get(
    "/missions/{slug}/check-ins",
    response={200: list[CheckInOut], **responses(401, 404, 422)},
    summary="Who was checked in on a day (organizers)",
)
@paginate(PageNumbers)
def list_check_ins(
    request: HttpRequest, slug: Slug, filters: Query[CheckInQuery]
) -> QuerySet[CheckIn]:
    mission = _organizer_mission(request, slug)
    return queries.check_ins_on(mission, filters.day or _today(mission))


@router.get(
    "/missions/{slug}/badge",
    response={200: BadgeOut, **responses(401, 404, 422)},
    summary="Your check-in badge",
    description="Your code and whether you are checked in today. Badges are issued when "
    "the schedule is published; 404 before that, or if you take no part in the mission.",
)
def get_badge(request: HttpRequest, slug: Slug) -> dict[str, object]:
    mission = access_mission(request.user, slug)
    person = person_for(request.user, mission)
    if person is None:
        raise NotFound(_("There is no such badge."))
    badge = queries.badge_of(person)  # issued when the schedule is published
    if badge is None:
        raise NotFound(_("You have no badge yet: it comes with the published schedule."))
    with translation.override(person.preferred_language):
        path = reverse("web:check_in", args=[mission.slug])
    entry = queries.check_in_of(person, _today(mission))
    return {
        "code": badge.code,
        "display_code": badge.display_code,
        "check_in_url": f"{site_url()}{path}?code={badge.code}",
        "checked_in": entry.checked_in_at if entry else None,
    }
