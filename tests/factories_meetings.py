"""Builders for marketplace listings, meeting requests and the people behind them."""

from __future__ import annotations

import factory

from jisr.directory.models import Organization, Person
from jisr.marketplace.models import Listing
from jisr.meetings.models import MeetingRequest
from jisr.missions.models import Mission, Participation
from tests.factories import (
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    UserFactory,
)

ROLE_OF_KIND = {
    Organization.Kind.BUYER: Participation.Role.BUYER,
    Organization.Kind.PROVIDER: Participation.Role.PROVIDER,
    Organization.Kind.PARTNER: Participation.Role.ADVISOR,
    Organization.Kind.ORGANIZER: Participation.Role.ORGANIZER,
}


def participant(
    mission: Mission,
    kind: str = Organization.Kind.PROVIDER,
    *,
    organization: Organization | None = None,
    language: str = "en",
    **person_fields: object,
) -> Person:
    """A signed-up participant: organization (new unless given), person, login, role."""
    organization = organization or OrganizationFactory(mission=mission, kind=kind)
    person_fields.setdefault("user", UserFactory())
    person = PersonFactory(
        mission=mission, organization=organization, preferred_language=language, **person_fields
    )
    ParticipationFactory(mission=mission, person=person, role=ROLE_OF_KIND[organization.kind])
    return person


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing

    author = factory.SubFactory(PersonFactory)
    organization = factory.SelfAttribute("author.organization")
    mission = factory.SelfAttribute("author.mission")
    kind = Listing.Kind.OFFER
    title = factory.Sequence(lambda n: f"Nearshore Java team {n}")
    body = "A team of twenty Java developers in Rabat, working in French and English."
    language = "en"
    search_document = factory.LazyAttribute(lambda o: f"{o.title} {o.body}".lower())


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    requester = factory.SubFactory(PersonFactory)
    recipient = factory.SubFactory(
        PersonFactory, organization__mission=factory.SelfAttribute("...requester.mission")
    )
    mission = factory.SelfAttribute("requester.mission")
    message = "We would like to discuss a nearshore team."
