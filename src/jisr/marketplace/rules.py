"""Who may see and write marketplace listings."""

from __future__ import annotations

from jisr.directory.models import Person
from jisr.marketplace.models import Listing
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission, Participation


def can_see_marketplace(user: mission_rules.User, mission: Mission) -> bool:
    """The marketplace follows the directory's visibility."""
    return mission_rules.can_see_directory(user, mission)


def can_post(person: Person | None, mission: Mission) -> bool:
    """Participants post while the mission is not closed; visitors and organizers without
    a participation in the mission do not."""
    if person is None or person.mission_id != mission.pk:
        return False
    if mission.status == Mission.Status.CLOSED:
        return False
    return Participation.objects.filter(mission=mission, person=person).exists()


def can_edit(person: Person | None, listing: Listing) -> bool:
    """Any member of the author's organization may edit or close its listings."""
    return (
        person is not None
        and person.mission_id == listing.mission_id
        and person.organization_id == listing.organization_id
    )
