"""Builders for matchmaking tests: buyers and providers with taxonomy, people with logins."""

from __future__ import annotations

import factory

from jisr.directory.models import Certification, Language, Organization, ServiceLine, Technology
from jisr.matchmaking.models import Mark
from jisr.meetings.models import MeetingRequest
from tests.factories import DescriptionFactory, OrganizationFactory, PersonFactory, UserFactory


def organization(
    mission,
    *,
    kind=Organization.Kind.PROVIDER,
    name=None,
    service_lines=(),
    languages=(),
    certifications=(),
    technologies=(),
    headcount="",
    timezone="Africa/Casablanca",
    description=None,
    description_language="en",
):
    """An organization of ``mission`` holding the given taxonomy codes."""
    extra = {"name": name} if name else {}
    org = OrganizationFactory(
        mission=mission, kind=kind, headcount=headcount, timezone=timezone, **extra
    )
    org.service_lines.set(ServiceLine.objects.filter(code__in=service_lines))
    org.languages.set(Language.objects.filter(code__in=languages))
    org.certifications.set(Certification.objects.filter(code__in=certifications))
    org.technologies.set([Technology.objects.get_or_create(name=name)[0] for name in technologies])
    if description:
        DescriptionFactory(organization=org, language=description_language, text=description)
    return org


def buyer(mission, **kwargs):
    kwargs.setdefault("timezone", "America/New_York")
    return organization(mission, kind=Organization.Kind.BUYER, **kwargs)


def member(org, **kwargs):
    """A person of ``org`` with a login; returns (person, user)."""
    user = UserFactory()
    person = PersonFactory(organization=org, mission=org.mission, user=user, **kwargs)
    return person, user


class MarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mark

    by_organization = factory.SubFactory(OrganizationFactory)
    mission = factory.SelfAttribute("by_organization.mission")
    target = factory.SubFactory(
        OrganizationFactory, mission=factory.SelfAttribute("..by_organization.mission")
    )
    kind = Mark.Kind.MUST_MEET


def meeting_request(requester, recipient, status):
    return MeetingRequest.objects.create(
        mission=requester.mission, requester=requester, recipient=recipient, status=status
    )
