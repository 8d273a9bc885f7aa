"""Profile pages: one's own person, contact-sharing consent, the organization's profile,
and the contact block on organization pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from jisr.directory.models import Certification, Language, ServiceLine
from jisr.missions.models import Mission
from tests.factories import (
    MissionFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    UserFactory,
)
from tests.factories_invitations import organizer_of

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"web:{name}", args=args)


@pytest.fixture
def member(client):
    user = UserFactory()
    participation = ParticipationFactory(
        person__user=user,
        person__email=user.username,
        person__organization__name="Atlas Soft",
        person__organization__kind="provider",
    )
    client.force_login(user)
    return participation.person


def organization_data(**overrides):
    data = {
        "name": "Atlas Soft",
        "website": "atlas.example",
        "country": "ma",
        "city": "Rabat",
        "headcount": "50-249",
        "founded": "2009",
        "service_lines": [ServiceLine.objects.get(code="adm").pk],
        "technologies": "Java, kubernetes, Zorblax",
        "languages": [Language.objects.get(code="fr").pk],
        "certifications": [Certification.objects.first().pk],
        "description_en": "",
        "description_fr": "Maintenance applicative et tests",
        "description_ar": "صيانة التطبيقات",
        "sites-TOTAL_FORMS": "1",
        "sites-INITIAL_FORMS": "0",
        "sites-MIN_NUM_FORMS": "0",
        "sites-MAX_NUM_FORMS": "20",
        "sites-0-park": "technopolis",
        "sites-0-city": "Rabat",
        "sites-0-country": "MA",
    }
    return {**data, **overrides}


# --- own profile -----------------------------------------------------------------


def test_my_profile_saves_person_fields(client, member):
    french = Language.objects.get(code="fr")

    response = client.post(
        url("my-profile", member.mission.slug),
        {
            "first_name": "Salma",
            "last_name": "Alaoui",
            "title": "CTO",
            "phone": "+212 5 22 00 00 00",
            "languages": [french.pk],
            "preferred_language": "ar",
        },
    )

    member.refresh_from_db()
    assert response.status_code == 302
    assert (member.title, member.phone, member.preferred_language) == (
        "CTO",
        "+212 5 22 00 00 00",
        "ar",
    )
    assert list(member.languages.all()) == [french]


def test_my_profile_invalid_phone_shows_error_and_keeps_data(client, member):
    response = client.post(
        url("my-profile", member.mission.slug),
        {"first_name": "Changed", "last_name": "X", "phone": "call me", "preferred_language": "en"},
    )

    member.refresh_from_db()
    assert response.status_code == 200
    assert "Enter a phone number with digits" in response.text
    assert member.first_name != "Changed"


def test_my_profile_anonymous_is_sent_to_login(client):
    mission = MissionFactory()

    response = client.get(url("my-profile", mission.slug))

    assert response.status_code == 302
    assert response["Location"].startswith(url("login"))


def test_my_profile_in_a_mission_one_is_not_part_of_is_404(client, member):
    other = MissionFactory()

    response = client.get(url("my-profile", other.slug))

    assert response.status_code == 404
    assert "You do not take part in this mission." in response.text


def test_consent_can_be_given_and_withdrawn_and_is_recorded(client, member):
    give = client.post(url("contact-consent", member.mission.slug), {"action": "give"})
    member.refresh_from_db()
    given_at = member.contact_consent_at
    withdraw = client.post(url("contact-consent", member.mission.slug), {"action": "withdraw"})
    member.refresh_from_db()
    page = client.get(url("my-profile", member.mission.slug))

    assert (give.status_code, withdraw.status_code) == (302, 302)
    assert given_at is not None and member.contact_consent_version == "2026-11"
    assert member.contact_consent_at == given_at
    assert member.contact_consent_withdrawn_at is not None and not member.shares_contact
    assert "You withdrew your consent" in page.text


# --- organization profile ----------------------------------------------------------


def test_organization_edit_saves_profile_and_reindexes(client, member):
    organization = member.organization

    response = client.post(
        url("organization-edit", member.mission.slug, organization.pk), organization_data()
    )
    search = client.get(url("directory", member.mission.slug), {"q": "zorblax"})

    organization.refresh_from_db()
    assert response.status_code == 302
    assert (organization.country, organization.founded) == ("MA", 2009)
    assert organization.website == "https://atlas.example"
    assert {d.language: d.text for d in organization.descriptions.all()} == {
        "fr": "Maintenance applicative et tests",
        "ar": "صيانة التطبيقات",
    }
    # Known names are matched case-insensitively to the shared list; new ones are added.
    assert sorted(t.name for t in organization.technologies.all()) == [
        "Java",
        "Kubernetes",
        "Zorblax",
    ]
    assert [(s.park, s.city) for s in organization.delivery_sites.all()] == [
        ("technopolis", "Rabat")
    ]
    assert "Atlas Soft" in search.text


def test_organization_edit_invalid_year_saves_nothing(client, member):
    organization = member.organization

    response = client.post(
        url("organization-edit", member.mission.slug, organization.pk),
        organization_data(founded="1200", name="Renamed"),
    )

    organization.refresh_from_db()
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1800." in response.text
    assert organization.name == "Atlas Soft"


def test_organization_edit_buyer_form_has_no_certifications(client):
    user = UserFactory()
    person = PersonFactory(user=user, organization__kind="buyer")
    client.force_login(user)

    response = client.get(url("organization-edit", person.mission.slug, person.organization_id))

    assert response.status_code == 200
    assert 'name="certifications"' not in response.text
    assert "Service lines you are looking for" in response.text


def test_organization_edit_by_member_of_another_company_is_403(client, member):
    other = OrganizationFactory(mission=member.mission, name="Rival Corp")

    response = client.post(
        url("organization-edit", member.mission.slug, other.pk), organization_data(name="Hacked")
    )

    other.refresh_from_db()
    assert response.status_code == 403
    assert other.name == "Rival Corp"


def test_organization_edit_of_another_mission_is_404(client, member):
    foreign = OrganizationFactory(name="Foreign Corp")
    PersonFactory(organization=foreign, user=member.user)  # same login, other mission

    response = client.post(
        url("organization-edit", member.mission.slug, foreign.pk), organization_data(name="X")
    )

    foreign.refresh_from_db()
    assert response.status_code == 404
    assert foreign.name == "Foreign Corp"


def test_organization_edit_by_organizer_who_is_not_a_member_is_403(client):
    organization = OrganizationFactory()
    client.force_login(organizer_of(organization.mission))

    response = client.get(url("organization-edit", organization.mission.slug, organization.pk))

    assert response.status_code == 403


# --- contact block on the organization page -------------------------------------------


@pytest.fixture
def consenting_org():
    mission = MissionFactory(directory_visibility=Mission.DirectoryVisibility.PUBLIC)
    organization = OrganizationFactory(mission=mission, name="Atlas Soft")
    PersonFactory(
        organization=organization,
        email="open@atlas.example",
        phone="+212 600 000 000",
        contact_consent_at=timezone.now(),
        contact_consent_version="2026-11",
    )
    PersonFactory(organization=organization, email="private@atlas.example")
    PersonFactory(
        organization=organization,
        email="withdrawn@atlas.example",
        contact_consent_at=timezone.now(),
        contact_consent_withdrawn_at=timezone.now(),
    )
    return organization


def test_contact_block_shows_only_consenting_people_to_participants(client, consenting_org):
    viewer = UserFactory()
    ParticipationFactory(person__organization__mission=consenting_org.mission, person__user=viewer)
    client.force_login(viewer)

    response = client.get(url("organization", consenting_org.mission.slug, consenting_org.pk))

    assert "open@atlas.example" in response.text
    assert "+212 600 000 000" in response.text
    assert "private@atlas.example" not in response.text
    assert "withdrawn@atlas.example" not in response.text


def test_contact_block_hidden_from_anonymous_even_in_public_directory(client, consenting_org):
    response = client.get(url("organization", consenting_org.mission.slug, consenting_org.pk))

    assert response.status_code == 200
    assert "open@atlas.example" not in response.text


def test_contact_block_hidden_from_participant_of_another_mission(client, consenting_org):
    outsider = UserFactory()
    ParticipationFactory(person__user=outsider)  # another mission
    client.force_login(outsider)

    response = client.get(url("organization", consenting_org.mission.slug, consenting_org.pk))

    assert response.status_code == 200
    assert "open@atlas.example" not in response.text


def test_contact_block_offers_edit_link_to_members_only(client, member):
    page = client.get(url("organization", member.mission.slug, member.organization_id))
    other = OrganizationFactory(mission=member.mission)
    other_page = client.get(url("organization", member.mission.slug, other.pk))

    edit = url("organization-edit", member.mission.slug, member.organization_id)
    assert edit in page.text
    assert url("organization-edit", member.mission.slug, other.pk) not in other_page.text
