"""Who may see what in a mission. Every view and endpoint asks these, never ad hoc."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from jisr.missions.models import Mission, Participation

if TYPE_CHECKING:
    from jisr.directory.models import Organization

User = AbstractBaseUser | AnonymousUser


def is_organizer(user: User, mission: Mission) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return mission.organizers.filter(pk=user.pk).exists()


def is_participant(user: User, mission: Mission) -> bool:
    if not user.is_authenticated:
        return False
    return Participation.objects.filter(mission=mission, person__user_id=user.pk).exists()


def can_see_mission(user: User, mission: Mission) -> bool:
    """Draft missions exist only for their organizers and the people they registered
    (invitees register while the mission is being prepared)."""
    if mission.status != Mission.Status.DRAFT:
        return True
    return is_organizer(user, mission) or is_participant(user, mission)


def can_see_directory(user: User, mission: Mission) -> bool:
    if not can_see_mission(user, mission):
        return False
    if mission.directory_visibility == Mission.DirectoryVisibility.PUBLIC:
        return True
    return is_participant(user, mission) or is_organizer(user, mission)


def can_manage_invitations(user: User, mission: Mission) -> bool:
    """Inviting people and reading the invitation list is for the mission's organizers."""
    return is_organizer(user, mission)


def can_read_audit_log(user: User, mission: Mission) -> bool:
    """What the organizers did (publishing, imports, roles) is for the organizers."""
    return is_organizer(user, mission)


def can_see_contacts(user: User, mission: Mission) -> bool:
    """Contact details (of people who consented) are for signed-in members of the mission,
    never for anonymous visitors, even when the directory itself is public."""
    return can_see_mission(user, mission) and (
        is_participant(user, mission) or is_organizer(user, mission)
    )


def can_edit_organization(user: User, organization: Organization) -> bool:
    """Only people of the organization, in the organization's own mission."""
    if not user.is_authenticated:
        return False
    return organization.people.filter(mission_id=organization.mission_id, user_id=user.pk).exists()
