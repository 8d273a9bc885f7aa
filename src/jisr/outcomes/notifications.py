"""E-mails of the outcomes app, each in its recipient's language, sent on commit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jisr.core.mail import send_in_language
from jisr.directory.models import Organization, Person
from jisr.meetings.notifications import site_url
from jisr.missions.models import Participation
from jisr.outcomes.models import Relationship, StageChange

PARTICIPANT_ROLES = (Participation.Role.BUYER, Participation.Role.PROVIDER)


def people_of(organization: Organization) -> Iterable[Person]:
    """The organization's registered buyers or providers in its mission."""
    return (
        Person.objects.for_mission(organization.mission)
        .filter(
            organization=organization,
            participations__mission_id=organization.mission_id,
            participations__role__in=PARTICIPANT_ROLES,
        )
        .distinct()
        .order_by("pk")
    )


def notify_organization(
    organization: Organization, *, template: str, context: dict[str, Any]
) -> int:
    """E-mail each participant of ``organization``; returns how many were queued."""
    count = 0
    for person in people_of(organization):
        send_in_language(
            to=person.email,
            language=person.preferred_language,
            template=f"jisr/email/outcomes/{template}",
            context={**context, "recipient": person, "site_url": site_url()},
        )
        count += 1
    return count


def stage_proposed(change: StageChange, relationship: Relationship) -> None:
    other_id = relationship.other_side(change.proposed_by_organization_id or 0)
    other = relationship.buyer if other_id == relationship.buyer_id else relationship.provider
    proposer = relationship.provider if other is relationship.buyer else relationship.buyer
    notify_organization(
        other,
        template="stage_proposed",
        context={
            "mission": relationship.mission,
            "relationship": relationship,
            "change": change,
            "proposer": proposer,
        },
    )


def stage_answered(change: StageChange, relationship: Relationship) -> None:
    person = change.proposed_by
    if person is None:
        return
    send_in_language(
        to=person.email,
        language=person.preferred_language,
        template="jisr/email/outcomes/stage_answered",
        context={
            "mission": relationship.mission,
            "relationship": relationship,
            "change": change,
            "recipient": person,
            "site_url": site_url(),
        },
    )
