"""Reads about missions: permission-checked fetches and the programme."""

from __future__ import annotations

import hashlib

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import NotFound, PermissionDenied
from jisr.core.text import fold
from jisr.directory.models import Organization, Person
from jisr.missions import rules
from jisr.missions.import_vocabulary import ROLE_KINDS
from jisr.missions.models import Invitation, Mission, ProgrammeItem


def access_mission(user: rules.User, slug: str) -> Mission:
    """The mission called ``slug`` if ``user`` may see it; otherwise ``NotFound``.

    A draft mission answers exactly like a missing one, so its existence does not leak.
    """
    mission = Mission.objects.filter(slug=slug).first()
    if mission is None or not rules.can_see_mission(user, mission):
        raise NotFound(_("There is no such mission."))
    return mission


def visible_missions(user: rules.User) -> QuerySet[Mission]:
    listed = Mission.objects.exclude(status=Mission.Status.DRAFT)
    if user.is_authenticated:
        listed = listed | Mission.objects.filter(organizers__pk=user.pk)
    return listed.distinct().order_by("-start_date", "id")


def programme_for(mission: Mission) -> QuerySet[ProgrammeItem]:
    return (
        ProgrammeItem.objects.for_mission(mission)
        .select_related("venue")
        .prefetch_related("speakers__organization")
        .order_by("start", "id")
    )


def person_for(user: rules.User, mission: Mission) -> Person | None:
    """The signed-in user's person in ``mission``, or None for visitors and outsiders."""
    if not user.is_authenticated:
        return None
    return (
        Person.objects.for_mission(mission)
        .select_related("organization")
        .filter(user_id=user.pk)
        .first()
    )


def access_managed_mission(user: rules.User, slug: str) -> Mission:
    """The mission called ``slug`` if ``user`` organizes it; others get 404 or 403."""
    mission = access_mission(user, slug)
    if not rules.can_manage_invitations(user, mission):
        raise PermissionDenied(_("Only the organizers of this mission can manage invitations."))
    return mission


def invitations_for(mission: Mission, *, status: str = "", query: str = "") -> QuerySet[Invitation]:
    """Invitations of ``mission``, newest first; ``status`` may be "expired"; ``query``
    matches the email, names or organization."""
    invitations = Invitation.objects.for_mission(mission)
    for word in query.split()[:6]:
        invitations = invitations.filter(
            Q(email__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(organization_name__icontains=word)
        )
    now = timezone.now()
    if status == Invitation.Status.EXPIRED:
        invitations = invitations.filter(status=Invitation.Status.PENDING, expires_at__lte=now)
    elif status == Invitation.Status.PENDING:
        invitations = invitations.filter(status=status, expires_at__gt=now)
    elif status:
        invitations = invitations.filter(status=status)
    return invitations.select_related("invited_by", "organization").order_by("-created", "-id")


def invitation_counts(mission: Mission) -> dict[str, int]:
    now = timezone.now()
    pending = Q(status=Invitation.Status.PENDING)
    return Invitation.objects.for_mission(mission).aggregate(
        total=Count("id"),
        pending=Count("id", filter=pending & Q(expires_at__gt=now)),
        expired=Count("id", filter=pending & Q(expires_at__lte=now)),
        accepted=Count("id", filter=Q(status=Invitation.Status.ACCEPTED)),
        revoked=Count("id", filter=Q(status=Invitation.Status.REVOKED)),
    )


def unsent_invitation_count(mission: Mission) -> int:
    """Pending invitations whose e-mail a worker has not sent yet (after an import)."""
    return (
        Invitation.objects.for_mission(mission)
        .filter(status=Invitation.Status.PENDING, send_count=0)
        .count()
    )


def access_invitation(user: rules.User, mission: Mission, invitation_id: int) -> Invitation:
    """An invitation of ``mission`` for its organizers; one of another mission is 404."""
    if not rules.can_manage_invitations(user, mission):
        raise PermissionDenied(_("Only the organizers of this mission can manage invitations."))
    invitation = (
        Invitation.objects.for_mission(mission)
        .select_related("mission", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise NotFound(_("There is no such invitation in this mission."))
    return invitation


def invitation_for_token(slug: str, token: str) -> Invitation | None:
    """The invitation behind a link, only within the mission the link names."""
    if not token or len(token) > 200:
        return None
    return (
        Invitation.objects.select_related("mission", "organization", "invited_by")
        .filter(mission__slug=slug, token_hash=hashlib.sha256(token.encode()).hexdigest())
        .first()
    )


def existing_organization_for(invitation: Invitation) -> Organization | None:
    """The organization an invitee will join, or None when registering creates one."""
    allowed = ROLE_KINDS.get(invitation.role)
    candidates = [invitation.organization] if invitation.organization else []
    wanted = fold(invitation.organization_name)
    candidates += [
        organization
        for organization in Organization.objects.for_mission(invitation.mission)
        if fold(organization.name) == wanted
    ]
    for organization in candidates:
        if organization.mission_id == invitation.mission_id and (
            not allowed or organization.kind in allowed
        ):
            return organization
    return None
