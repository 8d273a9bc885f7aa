"""Invitation services: hashed single-use tokens, expiry, resend, revoke, registration."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from jisr.core.errors import DomainError, PermissionDenied
from jisr.directory.models import Organization, Person
from jisr.missions.models import Invitation, Participation
from jisr.missions.queries import invitation_for_token
from jisr.missions.services import (
    InvitationUnusable,
    accept_invitation,
    hash_token,
    invitation_state,
    invite_participant,
    resend_invitation,
    revoke_invitation,
)
from tests.factories import MissionFactory, OrganizationFactory, PersonFactory, UserFactory
from tests.factories_invitations import InvitationFactory, organizer_of

pytestmark = pytest.mark.django_db
User = get_user_model()
BASE = "https://jisr.test"
PASSWORD = "Zellige-Tile-2027"


def invite(mission, by, **overrides):
    values = {
        "email": "nadia@atlas.example",
        "first_name": "Nadia",
        "last_name": "Tazi",
        "role": "provider",
        "organization_name": "Atlas Soft",
        "language": "fr",
        "country": "MA",
        "city": "Rabat",
        "base_url": BASE,
    }
    return invite_participant(mission, by=by, **{**values, **overrides})


def token_in(message) -> str:
    return re.search(r"/join/([\w-]+)/", message.body).group(1)


def accept(invitation, **overrides):
    values = {
        "user": None,
        "password": PASSWORD,
        "first_name": "Nadia",
        "last_name": "Tazi",
        "country": "MA",
        "city": "Rabat",
        "accept_notice": True,
        "share_contact": False,
    }
    return accept_invitation(invitation, **{**values, **overrides})


def test_invite_participant_stores_only_the_token_hash_and_mails_the_link(
    django_capture_on_commit_callbacks,
):
    mission = MissionFactory(invitation_validity_days=7)
    organizer = organizer_of(mission, first_name="Omar", last_name="Idrissi")

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(mission, organizer)

    (message,) = mail.outbox
    token = token_in(message)
    assert message.to == ["nadia@atlas.example"]
    assert message.extra_headers["Content-Language"] == "fr"
    assert f"{BASE}/fr/m/{mission.slug}/join/{token}/" in message.body
    assert "Omar Idrissi" in message.body
    assert invitation.token_hash == hash_token(token)
    assert token not in str(Invitation.objects.values().get())
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=6, hours=23)
    assert invitation.send_count == 1


def test_invite_participant_duplicate_of_existing_person_is_refused():
    mission = MissionFactory()
    PersonFactory(organization__mission=mission, email="nadia@atlas.example")

    with pytest.raises(DomainError) as info:
        invite(mission, organizer_of(mission))

    assert info.value.field == "email"
    assert str(info.value.message) == "This person already takes part in this mission."
    assert Invitation.objects.count() == 0


def test_invite_participant_into_another_mission_is_refused():
    mission, other = MissionFactory(), MissionFactory()

    with pytest.raises(PermissionDenied):
        invite(other, organizer_of(mission))

    assert Invitation.objects.count() == 0


def test_invite_participant_supersedes_an_expired_invitation():
    mission = MissionFactory()
    old = InvitationFactory(mission=mission, email="nadia@atlas.example", expires_at=timezone.now())

    new = invite(mission, organizer_of(mission))

    old.refresh_from_db()
    assert old.status == Invitation.Status.REVOKED
    assert new.status == Invitation.Status.PENDING


def test_resend_invitation_replaces_the_link_and_restarts_validity(
    django_capture_on_commit_callbacks,
):
    invitation = InvitationFactory(token="old-token", expires_at=timezone.now())
    organizer = organizer_of(invitation.mission)

    with django_capture_on_commit_callbacks(execute=True):
        resend_invitation(invitation, by=organizer, base_url=BASE)

    new_token = token_in(mail.outbox[0])
    slug = invitation.mission.slug
    assert invitation_for_token(slug, "old-token") is None
    assert invitation_state(invitation_for_token(slug, new_token)) == "usable"


def test_revoke_invitation_makes_the_link_unusable():
    invitation = InvitationFactory(token="tok")

    revoke_invitation(invitation, by=organizer_of(invitation.mission))

    assert invitation_state(invitation_for_token(invitation.mission.slug, "tok")) == "revoked"
    with pytest.raises(InvitationUnusable):
        accept(invitation)
    assert User.objects.filter(username=invitation.email).count() == 0


def test_invitation_for_token_of_mission_a_is_not_found_under_mission_b():
    invitation = InvitationFactory(token="tok-a")
    other = MissionFactory()

    assert invitation_for_token(other.slug, "tok-a") is None
    assert invitation_for_token(invitation.mission.slug, "tok-a") == invitation


def test_accept_invitation_creates_account_organization_person_and_participation():
    invitation = InvitationFactory(role="buyer", organization_name="Northwind", language="ar")

    person = accept(invitation, share_contact=True, country="us", city="Boston")

    invitation.refresh_from_db()
    assert person.user.username == invitation.email
    assert person.user.check_password(PASSWORD)
    assert (person.organization.name, person.organization.kind) == ("Northwind", "buyer")
    assert (person.organization.country, person.organization.city) == ("US", "Boston")
    assert person.preferred_language == "ar"
    assert person.shares_contact and person.contact_consent_version == "2026-11"
    assert person.privacy_notice_accepted_at is not None
    assert list(Participation.objects.filter(person=person).values_list("role", flat=True)) == [
        "buyer"
    ]
    assert invitation.status == Invitation.Status.ACCEPTED and invitation.used_at is not None
    assert invitation.person == person
    person.organization.refresh_from_db()
    assert "northwind" in person.organization.search_document


def test_accept_invitation_twice_is_refused_and_creates_nothing_more():
    invitation = InvitationFactory()
    accept(invitation)

    with pytest.raises(InvitationUnusable) as info:
        accept(invitation, user=None)

    assert info.value.reason == "used"
    assert Person.objects.count() == 1 and User.objects.filter(is_staff=False).count() == 2


def test_accept_expired_invitation_is_refused_and_creates_nothing():
    invitation = InvitationFactory(expires_at=timezone.now() - dt.timedelta(minutes=1))

    with pytest.raises(InvitationUnusable) as info:
        accept(invitation)

    assert info.value.reason == "expired"
    assert Person.objects.count() == 0
    assert Organization.objects.count() == 0
    assert not User.objects.filter(username=invitation.email).exists()


def test_accept_without_the_privacy_notice_creates_nothing():
    invitation = InvitationFactory()

    with pytest.raises(DomainError):
        accept(invitation, accept_notice=False)

    assert Person.objects.count() == 0
    assert not User.objects.filter(username=invitation.email).exists()


def test_accept_with_weak_password_creates_nothing():
    invitation = InvitationFactory()

    with pytest.raises(DomainError) as info:
        accept(invitation, password="123")

    assert info.value.field == "password1"
    assert not User.objects.filter(username=invitation.email).exists()
    assert Organization.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_accept_with_existing_account_links_it_without_a_new_login():
    existing = UserFactory(username="nadia@atlas.example")
    PersonFactory(user=existing, email="nadia@atlas.example")  # from another mission
    invitation = InvitationFactory(email="nadia@atlas.example")

    person = accept(invitation, user=existing, password="")

    assert person.user == existing
    assert person.mission == invitation.mission
    assert User.objects.filter(username__iexact="nadia@atlas.example").count() == 1


def test_accept_by_a_different_account_is_refused():
    invitation = InvitationFactory(email="nadia@atlas.example")

    with pytest.raises(PermissionDenied):
        accept(invitation, user=UserFactory(username="intruder@x.example"))

    assert Person.objects.count() == 0


def test_accept_without_account_when_email_has_one_asks_to_log_in():
    UserFactory(username="nadia@atlas.example")
    invitation = InvitationFactory(email="nadia@atlas.example")

    with pytest.raises(DomainError) as info:
        accept(invitation)

    assert "log in" in str(info.value.message)
    assert Person.objects.count() == 0


def test_accept_joins_the_existing_organization_of_the_same_name():
    invitation = InvitationFactory(organization_name="ATLAS soft", role="provider")
    existing = OrganizationFactory(mission=invitation.mission, name="Atlas Soft", kind="provider")

    person = accept(invitation)

    assert person.organization == existing
    assert Organization.objects.count() == 1


def test_accept_never_joins_an_organization_of_another_mission():
    foreign = OrganizationFactory(name="Atlas Soft", kind="provider")
    invitation = InvitationFactory(organization_name="Atlas Soft", organization=foreign)

    person = accept(invitation)

    assert person.organization != foreign
    assert person.organization.mission == invitation.mission


def test_accept_as_organizer_grants_organizer_rights():
    invitation = InvitationFactory(role="organizer", organization_name="ITA Morocco")

    person = accept(invitation)

    assert invitation.mission.organizers.filter(pk=person.user_id).exists()
    assert person.organization.kind == Organization.Kind.ORGANIZER
