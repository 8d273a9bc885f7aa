"""Who may see and edit scorecards and the destination comparison."""

from __future__ import annotations

from jisr.directory.models import Organization, Person
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission


def owns_scorecard(person: Person | None) -> bool:
    """A scorecard belongs to a buyer organization; each of its people may use it.

    Organizers and other companies never see it: it is the buyer's private assessment.
    """
    return person is not None and person.organization.kind == Organization.Kind.BUYER


def can_edit_destinations(user: mission_rules.User, mission: Mission) -> bool:
    return mission_rules.is_organizer(user, mission)
