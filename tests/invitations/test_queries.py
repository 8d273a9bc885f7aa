"""Invitation and profile queries: status filters, counts and permission-checked fetches."""

from __future__ import annotations

import pytest
from django.utils import timezone

from jisr.core.errors import NotFound, PermissionDenied
from jisr.directory.queries import access_editable_organization, access_own_person
from jisr.missions.queries import (
    access_invitation,
    existing_organization_for,
    invitation_counts,
    invitations_for,
)
from tests.factories import MissionFactory, OrganizationFactory, PersonFactory, UserFactory
from tests.factories_invitations import InvitationFactory, organizer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission():
    mission = MissionFactory()
    InvitationFactory(mission=mission, email="pending@x.example")
    InvitationFactory(mission=mission, email="expired@x.example", expires_at=timezone.now())
    InvitationFactory(mission=mission, email="accepted@x.example", status="accepted")
    InvitationFactory(mission=mission, email="revoked@x.example", status="revoked")
    InvitationFactory(email="foreign@x.example")
    return mission


@pytest.mark.parametrize(
    ("status", "emails"),
    [
        ("", {"pending", "expired", "accepted", "revoked"}),
        ("pending", {"pending"}),
        ("expired", {"expired"}),
        ("accepted", {"accepted"}),
        ("revoked", {"revoked"}),
    ],
)
def test_invitations_for_filters_by_effective_status_within_the_mission(mission, status, emails):
    found = invitations_for(mission, status=status)

    assert {i.email.split("@")[0] for i in found} == emails


def test_invitations_for_query_matches_every_word(mission):
    InvitationFactory(mission=mission, first_name="Leila", organization_name="Atlas Soft")

    found = invitations_for(mission, query="leila atlas")

    assert [i.first_name for i in found] == ["Leila"]


def test_invitation_counts_of_the_mission_only(mission):
    assert invitation_counts(mission) == {
        "total": 4,
        "pending": 1,
        "expired": 1,
        "accepted": 1,
        "revoked": 1,
    }


def test_access_invitation_of_another_mission_is_not_found(mission):
    foreign = InvitationFactory()

    with pytest.raises(NotFound):
        access_invitation(organizer_of(mission), mission, foreign.pk)


def test_access_invitation_by_non_organizer_is_denied(mission):
    invitation = mission.invitations.first()

    with pytest.raises(PermissionDenied):
        access_invitation(UserFactory(), mission, invitation.pk)


def test_existing_organization_for_respects_mission_and_kind():
    invitation = InvitationFactory(role="buyer", organization_name="Northwind")
    OrganizationFactory(name="Northwind", kind="buyer")  # another mission
    provider = OrganizationFactory(mission=invitation.mission, name="northwind", kind="provider")

    assert existing_organization_for(invitation) is None
    provider.kind = "buyer"
    provider.save()
    assert existing_organization_for(invitation) == provider


def test_access_own_person_only_in_own_mission():
    person = PersonFactory(user=UserFactory())

    assert access_own_person(person.user, person.mission) == person
    with pytest.raises(NotFound):
        access_own_person(person.user, MissionFactory())


def test_access_editable_organization_cross_mission_and_cross_company():
    person = PersonFactory(user=UserFactory())
    rival = OrganizationFactory(mission=person.mission)
    foreign = OrganizationFactory()

    assert access_editable_organization(person.user, person.mission, person.organization_id)
    with pytest.raises(PermissionDenied):
        access_editable_organization(person.user, person.mission, rival.pk)
    with pytest.raises(NotFound):
        access_editable_organization(person.user, person.mission, foreign.pk)
