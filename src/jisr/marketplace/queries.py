"""Reads about marketplace listings: search, filters and permission-checked fetches."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import NotFound, PermissionDenied
from jisr.core.text import search_tokens
from jisr.directory.models import Organization, Person
from jisr.marketplace import rules
from jisr.marketplace.models import Listing
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission
from jisr.missions.queries import access_mission, person_for


@dataclass(frozen=True)
class ListingFilters:
    query: str = ""
    kind: str = ""
    service_line: str = ""
    organization_kind: str = ""
    language: str = ""


def listings_for(mission: Mission, filters: ListingFilters) -> QuerySet[Listing]:
    """Active listings of ``mission`` matching every filter, newest first.

    The query matches all its words, folded like the search document; any text is
    accepted, a malformed query is just words.
    """
    listings = Listing.objects.for_mission(mission).filter(status=Listing.Status.ACTIVE)
    for token in search_tokens(filters.query):
        listings = listings.filter(search_document__contains=token)
    if filters.kind:
        listings = listings.filter(kind=filters.kind)
    if filters.service_line:
        listings = listings.filter(service_lines__code=filters.service_line)
    if filters.organization_kind:
        listings = listings.filter(organization__kind=filters.organization_kind)
    if filters.language:
        listings = listings.filter(language=filters.language)
    return _with_related(listings.distinct()).order_by("-updated", "-id")


def listings_of(organization: Organization) -> QuerySet[Listing]:
    """Every listing of an organization, active and closed (its own "my listings")."""
    return _with_related(
        Listing.objects.for_mission(organization.mission).filter(organization=organization)
    ).order_by("status", "-updated", "-id")


def active_listings_of(organization: Organization) -> QuerySet[Listing]:
    return listings_of(organization).filter(status=Listing.Status.ACTIVE)


def _with_related(listings: QuerySet[Listing]) -> QuerySet[Listing]:
    return listings.select_related("organization", "author").prefetch_related("service_lines")


def access_marketplace(user: mission_rules.User, slug: str) -> Mission:
    """The mission called ``slug`` if ``user`` may read its marketplace."""
    mission = access_mission(user, slug)
    require_marketplace(user, mission)
    return mission


def require_marketplace(user: mission_rules.User, mission: Mission) -> None:
    if not rules.can_see_marketplace(user, mission):
        raise PermissionDenied(_("The marketplace of this mission is open to its participants."))


def access_listing(user: mission_rules.User, mission: Mission, listing_id: int) -> Listing:
    """A listing of ``mission`` that ``user`` may read: active ones for everyone who sees
    the marketplace, closed ones only for the posting organization."""
    require_marketplace(user, mission)
    listing = _with_related(Listing.objects.for_mission(mission)).filter(pk=listing_id).first()
    if listing is None:
        raise NotFound(_("There is no such listing in this mission."))
    if not listing.is_active and not rules.can_edit(person_for(user, mission), listing):
        raise NotFound(_("There is no such listing in this mission."))
    return listing


def access_listing_for_edit(
    user: mission_rules.User, mission: Mission, listing_id: int
) -> tuple[Listing, Person]:
    """A listing the user's organization posted, with the user's person; else an error."""
    listing = access_listing(user, mission, listing_id)
    person = person_for(user, mission)
    if person is None or not rules.can_edit(person, listing):
        raise PermissionDenied(_("Only members of the organization that posted it can change it."))
    return listing, person
