"""Test data builders. Every object belongs to a mission, as in production."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from jisr.directory.models import Organization, OrganizationDescription, Person
from jisr.missions.models import Mission, Participation, ProgrammeItem, Venue


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@test.example")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("correct horse battery")


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    slug = factory.Sequence(lambda n: f"mission-{n}")
    name = factory.LazyAttribute(
        lambda o: {"en": f"Mission {o.slug}", "fr": f"Mission {o.slug} (fr)"}
    )
    host_country = "MA"
    timezone = "Africa/Casablanca"
    start_date = dt.date(2027, 4, 12)
    end_date = dt.date(2027, 4, 14)
    status = Mission.Status.OPEN
    directory_visibility = Mission.DirectoryVisibility.PUBLIC


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    mission = factory.SubFactory(MissionFactory)
    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = Organization.Kind.PROVIDER
    country = "MA"
    city = "Casablanca"
    timezone = "Africa/Casablanca"


class DescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationDescription

    organization = factory.SubFactory(OrganizationFactory)
    language = "en"
    text = "We build software."


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organization = factory.SubFactory(OrganizationFactory)
    mission = factory.SelfAttribute("organization.mission")
    first_name = "Salma"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    email = factory.Sequence(lambda n: f"person{n}@test.example")


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    person = factory.SubFactory(PersonFactory)
    mission = factory.SelfAttribute("person.mission")
    role = Participation.Role.PROVIDER


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    mission = factory.SubFactory(MissionFactory)
    name = "Test Hall"
    city = "Casablanca"
    timezone = "Africa/Casablanca"


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    venue = factory.SubFactory(VenueFactory)
    mission = factory.SelfAttribute("venue.mission")
    kind = ProgrammeItem.Kind.TALK
    title = {"en": "Opening talk", "fr": "Conférence d'ouverture", "ar": "المحاضرة الافتتاحية"}
    start = factory.LazyFunction(
        lambda: timezone.make_aware(dt.datetime(2027, 4, 12, 9, 0), dt.UTC)
    )
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=1))
