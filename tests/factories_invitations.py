"""Builders for invitations; the raw token is a factory parameter, only its hash is stored."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from jisr.missions.models import Invitation, Participation
from jisr.missions.services import hash_token
from tests.factories import MissionFactory, UserFactory


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    class Params:
        token = factory.Sequence(lambda n: f"test-token-{n}")

    mission = factory.SubFactory(MissionFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@test.example")
    role = Participation.Role.PROVIDER
    first_name = "Nadia"
    last_name = factory.Sequence(lambda n: f"Invitee{n}")
    organization_name = factory.Sequence(lambda n: f"Invited Org {n}")
    country = "MA"
    city = "Rabat"
    language = "en"
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    invited_by = factory.SubFactory(UserFactory, first_name="Omar", last_name="Organizer")


def organizer_of(mission, **kwargs):  # type: ignore[no-untyped-def]
    user = UserFactory(**kwargs)
    mission.organizers.add(user)
    return user
