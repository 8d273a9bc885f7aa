"""Directory services for profiles and consent: who may write, and what is recorded."""

from __future__ import annotations

import pytest

from jisr.core.errors import PermissionDenied
from jisr.core.models import ActivityLogEntry
from jisr.directory.models import Technology
from jisr.directory.services import (
    OrganizationProfile,
    give_contact_consent,
    update_organization,
    update_person,
    withdraw_contact_consent,
)
from tests.factories import DescriptionFactory, OrganizationFactory, PersonFactory, UserFactory
from tests.factories_invitations import organizer_of

pytestmark = pytest.mark.django_db


def profile(**overrides):
    values = {
        "name": "Atlas Soft",
        "website": "",
        "country": "ma",
        "city": "Rabat",
        "headcount": "",
        "founded": None,
        "service_lines": [],
        "languages": [],
        "certifications": [],
        "technologies": [],
        "descriptions": {},
    }
    return OrganizationProfile(**{**values, **overrides})


@pytest.fixture
def member():
    return PersonFactory(user=UserFactory())


def test_update_organization_by_member_replaces_and_removes_descriptions(member):
    organization = member.organization
    DescriptionFactory(organization=organization, language="en", text="Old English text")

    update_organization(
        organization,
        by=member.user,
        profile=profile(
            descriptions={"en": "  ", "ar": "نص عربي"}, technologies=["java", "Qwerty"]
        ),
    )

    assert {d.language: d.text for d in organization.descriptions.all()} == {"ar": "نص عربي"}
    assert sorted(t.name for t in organization.technologies.all()) == ["Java", "Qwerty"]
    assert Technology.objects.filter(name__iexact="java").count() == 1
    assert organization.country == "MA"
    assert ActivityLogEntry.objects.filter(action="organization.updated").count() == 1


def test_update_organization_by_member_of_another_company_is_refused(member):
    other = OrganizationFactory(mission=member.mission, name="Rival")

    with pytest.raises(PermissionDenied):
        update_organization(other, by=member.user, profile=profile(name="Hacked"))

    other.refresh_from_db()
    assert other.name == "Rival"


def test_update_organization_by_same_login_in_another_mission_is_refused(member):
    twin = OrganizationFactory(name="Twin")  # another mission, same login is not a member

    with pytest.raises(PermissionDenied):
        update_organization(twin, by=member.user, profile=profile(name="Hacked"))


def test_update_person_by_someone_else_is_refused(member):
    with pytest.raises(PermissionDenied):
        update_person(
            member,
            by=UserFactory(),
            first_name="X",
            last_name="Y",
            title="",
            phone="",
            languages=[],
            preferred_language="en",
        )


def test_update_person_by_organizer_is_allowed(member):
    update_person(
        member,
        by=organizer_of(member.mission),
        first_name="Salma",
        last_name="Alaoui",
        title="CEO",
        phone="",
        languages=[],
        preferred_language="fr",
    )

    member.refresh_from_db()
    assert (member.last_name, member.title, member.preferred_language) == ("Alaoui", "CEO", "fr")


def test_contact_consent_only_by_the_person_and_withdrawal_is_logged(member):
    with pytest.raises(PermissionDenied):
        give_contact_consent(member, by=organizer_of(member.mission))
    give_contact_consent(member, by=member.user, version="v-test")
    withdraw_contact_consent(member, by=member.user)

    member.refresh_from_db()
    assert member.contact_consent_version == "v-test"
    assert member.contact_consent_withdrawn_at is not None
    assert list(ActivityLogEntry.objects.order_by("id").values_list("action", "data")) == [
        ("person.contact_consent_given", {"version": "v-test"}),
        ("person.contact_consent_withdrawn", {"version": "v-test"}),
    ]
