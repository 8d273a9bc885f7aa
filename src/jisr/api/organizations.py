"""The directory of a mission (organizations) and its participants, with the web's rules:
a participants-only directory is closed to outsiders (403), contact details are shown
only to members of the mission and only of people who consented."""

from typing import Literal

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from jisr.api.errors import responses
from jisr.api.pagination import PageNumbers
from jisr.api.schemas import (
    MAX_ID,
    NO_NUL,
    OrganizationDetailOut,
    OrganizationOut,
    ParticipantOut,
    Slug,
)
from jisr.directory.models import Organization, Person
from jisr.directory.queries import (
    DirectoryFilters,
    access_directory,
    access_organization,
    directory_for,
)
from jisr.meetings.queries import participants_of
from jisr.missions import rules
from jisr.missions.models import Participation
from jisr.missions.queries import access_mission

router = Router(tags=["directory"])

OrganizationKind = Literal["buyer", "provider", "organizer", "partner"]
Role = Literal["buyer", "provider", "organizer", "advisor", "speaker"]


class DirectoryQuery(Schema):
    """The web directory's filters; an unknown code simply matches nothing."""

    q: str = Field(
        "", max_length=200, pattern=NO_NUL, description="Words, all of which must match."
    )
    kind: OrganizationKind | None = None
    service_line: str = Field("", max_length=60, pattern=NO_NUL, description="A service line code.")
    certification: str = Field(
        "", max_length=60, pattern=NO_NUL, description="A certification code."
    )
    language: str = Field(
        "", max_length=60, pattern=NO_NUL, description="A working language code (ISO 639-1)."
    )
    city: str = Field("", max_length=120, pattern=NO_NUL)


class ParticipantQuery(Schema):
    q: str = Field("", max_length=200, pattern=NO_NUL, description="Matches first or last names.")
    role: Role | None = None
    organization: int | None = Field(None, ge=1, le=MAX_ID, description="An organization id.")


@router.get(
    "/missions/{slug}/organizations",
    response={200: list[OrganizationOut], **responses(401, 403, 404, 422)},
    summary="The mission's directory",
    description="Organizations matching every filter, by name. The query folds accents, "
    "case and Arabic diacritics, like the web directory.",
)
@paginate(PageNumbers)
def list_organizations(
    request: HttpRequest, slug: Slug, filters: Query[DirectoryQuery]
) -> QuerySet[Organization]:
    mission = access_directory(request.user, slug)
    return directory_for(
        mission,
        DirectoryFilters(
            query=filters.q,
            kind=filters.kind or "",
            service_line=filters.service_line,
            certification=filters.certification,
            language=filters.language,
            city=filters.city,
        ),
    )


@router.get(
    "/missions/{slug}/organizations/{organization_id}",
    response={200: OrganizationDetailOut, **responses(401, 403, 404, 422)},
    summary="One organization's profile",
)
def get_organization(
    request: HttpRequest, slug: Slug, organization_id: int = Path(..., ge=1, le=MAX_ID)
) -> Organization:
    mission = access_mission(request.user, slug)
    organization = access_organization(request.user, mission, organization_id)
    request.jisr_show_contacts = rules.can_see_contacts(request.user, mission)  # type: ignore[attr-defined]
    return organization


@router.get(
    "/missions/{slug}/participants",
    response={200: list[ParticipantOut], **responses(401, 403, 404, 422)},
    summary="People taking part in the mission",
    description="Everyone with a role in the mission, by organization and name. Contact "
    "details only for members of the mission, and only of people who agreed to share them.",
)
@paginate(PageNumbers)
def list_participants(
    request: HttpRequest, slug: Slug, filters: Query[ParticipantQuery]
) -> QuerySet[Person]:
    mission = access_directory(request.user, slug)
    request.jisr_show_contacts = rules.can_see_contacts(request.user, mission)  # type: ignore[attr-defined]
    people = participants_of(mission)
    if filters.role:
        with_role = Participation.objects.for_mission(mission).filter(role=filters.role)
        people = people.filter(pk__in=with_role.values("person_id"))
    for word in filters.q.split()[:6]:
        people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if filters.organization:
        people = people.filter(organization_id=filters.organization)
    return people.prefetch_related(
        Prefetch("participations", queryset=Participation.objects.for_mission(mission))
    )
