"""A mission's marketplace: search and read listings; post, edit and close your
organization's own. Every rule is in jisr.marketplace (queries, rules, services), the
same calls as the web's marketplace pages."""

from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from jisr.api.errors import responses
from jisr.api.pagination import PageNumbers
from jisr.api.schemas import MAX_ID, NO_NUL, DateTime, OrganizationRef, Slug, Term
from jisr.core.errors import DomainError, PermissionDenied
from jisr.directory.models import Person, ServiceLine
from jisr.marketplace import services
from jisr.marketplace.models import (
    BODY_MAX,
    MAX_SERVICE_LINES,
    PARTNER_ROLE_MAX,
    TITLE_MAX,
    Listing,
)
from jisr.marketplace.queries import (
    ListingFilters,
    access_listing,
    access_listing_for_edit,
    access_marketplace,
    listings_for,
)
from jisr.missions.models import Mission
from jisr.missions.queries import access_mission, person_for

router = Router(tags=["marketplace"])

ListingId = Annotated[int, Path(ge=1, le=MAX_ID)]
Kind = Literal["offer", "request"]
OrganizationKind = Literal["buyer", "provider", "organizer", "partner"]
Code = Annotated[str, Field(min_length=1, max_length=60, pattern=NO_NUL)]


class ListingOut(Schema):
    id: int
    kind: str = Field(description="offer or request.")
    status: str = Field(description="active or closed (closed ones only for their organization).")
    title: str
    body: str
    partner_role: str = Field(description="What the organization expects from a partner.")
    language: str = Field(description="The language the listing is written in (en, fr, ar).")
    organization: OrganizationRef
    author: int | None = Field(description="The id of the person who posted it.")
    service_lines: list[Term]
    created: DateTime
    updated: DateTime

    @staticmethod
    def resolve_author(listing: Any) -> int | None:
        return listing.author_id  # type: ignore[no-any-return]

    @staticmethod
    def resolve_service_lines(listing: Any) -> list[Any]:
        return sorted(listing.service_lines.all(), key=lambda line: line.code)


class ListingQuery(Schema):
    """The web marketplace's filters; an unknown code simply matches nothing."""

    q: str = Field(
        "", max_length=200, pattern=NO_NUL, description="Words, all of which must match."
    )
    kind: Kind | None = None
    service_line: str = Field("", max_length=60, pattern=NO_NUL, description="A service line code.")
    organization_kind: OrganizationKind | None = None
    language: str = Field(
        "", max_length=8, pattern=NO_NUL, description="The listing's language (en, fr, ar)."
    )


class ListingIn(Schema):
    kind: Kind
    title: str = Field(min_length=1, max_length=TITLE_MAX, pattern=NO_NUL)
    body: str = Field(min_length=1, max_length=BODY_MAX, pattern=NO_NUL)
    language: str = Field(max_length=8, pattern=NO_NUL, description="en, fr or ar.")
    partner_role: str = Field("", max_length=PARTNER_ROLE_MAX, pattern=NO_NUL)
    service_lines: list[Code] = Field(
        default_factory=list, max_length=MAX_SERVICE_LINES, description="Service line codes."
    )


class ListingPatch(Schema):
    """Only the fields sent change."""

    kind: Kind | None = None
    title: str | None = Field(None, min_length=1, max_length=TITLE_MAX, pattern=NO_NUL)
    body: str | None = Field(None, min_length=1, max_length=BODY_MAX, pattern=NO_NUL)
    language: str | None = Field(None, max_length=8, pattern=NO_NUL)
    partner_role: str | None = Field(None, max_length=PARTNER_ROLE_MAX, pattern=NO_NUL)
    service_lines: list[Code] | None = Field(None, max_length=MAX_SERVICE_LINES)


def _service_lines(codes: list[str]) -> list[ServiceLine]:
    lines = list(ServiceLine.objects.filter(code__in=codes))
    if len(lines) != len(set(codes)):
        raise DomainError(_("Choose service lines from the list."), field="service_lines")
    return lines


def _participant(request: HttpRequest, mission: Mission) -> Person:
    person = person_for(request.user, mission)
    if person is None:
        raise PermissionDenied(_("This page is for the participants of this mission."))
    return person


@router.get(
    "/missions/{slug}/listings",
    response={200: list[ListingOut], **responses(401, 403, 404, 422)},
    summary="The mission's marketplace",
    description="Active offers and requests matching every filter, most recently changed "
    "first. The query folds accents, case and Arabic diacritics, like the web marketplace.",
)
@paginate(PageNumbers)
def list_listings(
    request: HttpRequest, slug: Slug, filters: Query[ListingQuery]
) -> QuerySet[Listing]:
    mission = access_marketplace(request.user, slug)
    return listings_for(
        mission,
        ListingFilters(
            query=filters.q,
            kind=filters.kind or "",
            service_line=filters.service_line,
            organization_kind=filters.organization_kind or "",
            language=filters.language,
        ),
    )


@router.get(
    "/missions/{slug}/listings/{listing_id}",
    response={200: ListingOut, **responses(401, 403, 404, 422)},
    summary="One listing",
    description="Closed listings only for members of the organization that posted them.",
)
def get_listing(request: HttpRequest, slug: Slug, listing_id: ListingId) -> Listing:
    return access_listing(request.user, access_mission(request.user, slug), listing_id)


@router.post(
    "/missions/{slug}/listings",
    response={201: ListingOut, **responses(400, 401, 403, 404, 422)},
    summary="Post an offer or a request",
    description="For your organization; not once the mission is closed.",
)
def create_listing(request: HttpRequest, slug: Slug, payload: ListingIn) -> Status[Listing]:
    mission = access_mission(request.user, slug)
    person = _participant(request, mission)
    listing = services.create_listing(
        mission,
        author=person,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        language=payload.language,
        partner_role=payload.partner_role,
        service_lines=_service_lines(payload.service_lines),
    )
    return Status(201, access_listing(request.user, mission, listing.pk))


@router.patch(
    "/missions/{slug}/listings/{listing_id}",
    response={200: ListingOut, **responses(400, 401, 403, 404, 422)},
    summary="Edit one of your organization's listings",
)
def update_listing(
    request: HttpRequest, slug: Slug, listing_id: ListingId, payload: ListingPatch
) -> Listing:
    mission = access_mission(request.user, slug)
    listing, person = access_listing_for_edit(request.user, mission, listing_id)
    codes = (
        payload.service_lines
        if payload.service_lines is not None
        else [line.code for line in listing.service_lines.all()]
    )
    services.update_listing(
        listing,
        by=person,
        kind=payload.kind if payload.kind is not None else listing.kind,
        title=payload.title if payload.title is not None else listing.title,
        body=payload.body if payload.body is not None else listing.body,
        language=payload.language if payload.language is not None else listing.language,
        partner_role=(
            payload.partner_role if payload.partner_role is not None else listing.partner_role
        ),
        service_lines=_service_lines(codes),
    )
    return access_listing(request.user, mission, listing.pk)


@router.post(
    "/missions/{slug}/listings/{listing_id}/close",
    response={200: ListingOut, **responses(401, 403, 404, 422)},
    summary="Take one of your organization's listings off the marketplace",
    description="Closing a closed listing changes nothing.",
)
def close_listing(request: HttpRequest, slug: Slug, listing_id: ListingId) -> Listing:
    mission = access_mission(request.user, slug)
    listing, person = access_listing_for_edit(request.user, mission, listing_id)
    services.close_listing(listing, by=person)
    return access_listing(request.user, mission, listing.pk)
