"""Missions the token's user may see, one mission's page, and its programme."""

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from jisr.api.errors import responses
from jisr.api.pagination import PageNumbers
from jisr.api.schemas import MissionDetailOut, MissionOut, ProgrammeItemOut, Slug
from jisr.directory.models import Organization
from jisr.missions import rules
from jisr.missions.models import Mission, ProgrammeItem
from jisr.missions.queries import access_mission, person_for, programme_for, visible_missions

router = Router(tags=["missions"])


@router.get(
    "/missions",
    response={200: list[MissionOut], **responses(401, 422)},
    summary="Missions you can see",
    description="Open and closed missions, and the drafts you organize; newest first.",
)
@paginate(PageNumbers)
def list_missions(request: HttpRequest) -> QuerySet[Mission]:
    return visible_missions(request.user)


@router.get(
    "/missions/{slug}",
    response={200: MissionDetailOut, **responses(401, 404, 422)},
    summary="One mission",
)
def get_mission(request: HttpRequest, slug: Slug) -> Mission:
    mission = access_mission(request.user, slug)
    # The same figures as the web's mission page.
    mission.counts = Organization.objects.for_mission(mission).aggregate(  # type: ignore[attr-defined]
        buyers=Count("id", filter=Q(kind=Organization.Kind.BUYER)),
        providers=Count("id", filter=Q(kind=Organization.Kind.PROVIDER)),
    )
    person = person_for(request.user, mission)
    mission.viewer = {  # type: ignore[attr-defined]
        "is_organizer": rules.is_organizer(request.user, mission),
        "is_participant": rules.is_participant(request.user, mission),
        "can_see_directory": rules.can_see_directory(request.user, mission),
        "person_id": person.pk if person else None,
    }
    return mission


@router.get(
    "/missions/{slug}/programme",
    response={200: list[ProgrammeItemOut], **responses(401, 404, 422)},
    summary="The mission's programme",
    description="Talks, panels, visits and meeting sessions in time order; times are in "
    "each venue's time zone, with the offset.",
)
@paginate(PageNumbers)
def list_programme(request: HttpRequest, slug: Slug) -> QuerySet[ProgrammeItem]:
    return programme_for(access_mission(request.user, slug))
