import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jisr.directory.models import Certification, Language, ServiceLine, Technology
from jisr.directory.services import rebuild_search_documents
from jisr.missions.models import Mission
from tests.api.conftest import api_client
from tests.factories import DescriptionFactory, OrganizationFactory, UserFactory
from tests.factories_meetings import participant

pytestmark = pytest.mark.django_db


def _consent(person):
    person.contact_consent_at = timezone.now()
    person.contact_consent_version = "2026-11"
    person.phone = "+212 600 000 000"
    person.save()


def test_organizations_lists_the_directory_with_translations_and_terms(world, buyer_api):
    provider_org = world.provider.organization
    DescriptionFactory(organization=provider_org, language="en", text="Java teams in Rabat.")
    DescriptionFactory(organization=provider_org, language="ar", text="فرق جافا")
    provider_org.service_lines.add(ServiceLine.objects.get(code="testing-qa"))
    provider_org.certifications.add(Certification.objects.get(code="iso-27001"))

    body = buyer_api.get("/api/v1/missions/casa-2027/organizations").json()

    assert body["count"] == 2
    by_id = {o["id"]: o for o in body["results"]}
    got = by_id[provider_org.pk]
    assert got["kind"] == "provider"
    assert got["description"] == {"en": "Java teams in Rabat.", "fr": None, "ar": "فرق جافا"}
    assert [t["code"] for t in got["service_lines"]] == ["testing-qa"]
    assert set(got["service_lines"][0]["name"]) == {"en", "fr", "ar"}
    assert all(got["service_lines"][0]["name"].values())
    assert [t["code"] for t in got["certifications"]] == ["iso-27001"]
    assert world.stranger.organization_id not in by_id


def test_organizations_filters_like_the_web_directory(world, buyer_api):
    java = OrganizationFactory(mission=world.mission, name="Atlas Logiciels", city="Rabat")
    DescriptionFactory(organization=java, language="fr", text="Développement Java")
    java.service_lines.add(ServiceLine.objects.get(code="testing-qa"))
    OrganizationFactory(mission=world.mission, name="Cedar Calls", city="Rabat")
    rebuild_search_documents(list(world.mission.organizations.all()))

    def ids(query):
        body = buyer_api.get(f"/api/v1/missions/casa-2027/organizations?{query}").json()
        return [o["id"] for o in body["results"]]

    assert ids("q=developpement+JAVA") == [java.pk]
    assert ids("service_line=testing-qa&city=Rabat") == [java.pk]
    assert ids("kind=buyer") == [world.buyer.organization_id]
    assert ids("service_line=no-such-line") == []


def test_organizations_rejects_an_unknown_kind_with_its_path(world, buyer_api):
    response = buyer_api.get("/api/v1/missions/casa-2027/organizations?kind=bank")

    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["loc"] == ["query", "kind"]
    assert error["type"] == "literal_error"


def test_participants_only_directory_is_403_for_outsiders(world, stranger_api):
    for path in [
        "organizations",
        f"organizations/{world.provider.organization_id}",
        "participants",
    ]:
        response = stranger_api.get(f"/api/v1/missions/casa-2027/{path}")

        assert response.status_code == 403, path
        assert response.json() == {
            "detail": "The directory of this mission is open to its participants.",
            "code": "forbidden",
        }


def test_organization_of_another_mission_is_404(world, buyer_api):
    theirs = world.stranger.organization_id

    response = buyer_api.get(f"/api/v1/missions/casa-2027/organizations/{theirs}")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "There is no such organization in this mission.",
        "code": "not_found",
    }


def test_organization_detail_shows_contacts_only_of_people_who_consented(world, buyer_api):
    org = world.provider.organization
    _consent(world.provider)
    shy = participant(world.mission, organization=org, first_name="Nadia", last_name="Zerouali")
    org.languages.add(Language.objects.get(code="fr"))
    org.technologies.add(Technology.objects.get_or_create(name="Kotlin")[0])
    org.delivery_sites.create(park="technopolis", city="Rabat", country="MA")

    body = buyer_api.get(f"/api/v1/missions/casa-2027/organizations/{org.pk}").json()

    people = {p["id"]: p for p in body["people"]}
    assert people[world.provider.pk]["contact"] == {
        "email": world.provider.email,
        "phone": "+212 600 000 000",
    }
    assert people[shy.pk]["contact"] is None
    assert [t["code"] for t in body["languages"]] == ["fr"]
    assert body["technologies"] == ["Kotlin"]
    assert body["delivery_sites"] == [{"park": "technopolis", "city": "Rabat", "country": "MA"}]


def test_public_directory_hides_contacts_from_non_members(world):
    world.mission.directory_visibility = Mission.DirectoryVisibility.PUBLIC
    world.mission.save()
    _consent(world.provider)
    outsider = api_client(UserFactory())

    detail = outsider.get(
        f"/api/v1/missions/casa-2027/organizations/{world.provider.organization_id}"
    ).json()
    people = outsider.get("/api/v1/missions/casa-2027/participants").json()

    assert [p["contact"] for p in detail["people"]] == [None]
    assert {p["id"]: p["contact"] for p in people["results"]} == {
        world.buyer.pk: None,
        world.provider.pk: None,
    }


def test_participants_lists_roles_and_consented_contacts(world, organizer_api):
    _consent(world.buyer)

    body = organizer_api.get("/api/v1/missions/casa-2027/participants").json()

    assert body["count"] == 2
    by_id = {p["id"]: p for p in body["results"]}
    assert by_id[world.buyer.pk]["roles"] == ["buyer"]
    assert by_id[world.buyer.pk]["organization"]["kind"] == "buyer"
    assert by_id[world.buyer.pk]["contact"]["email"] == world.buyer.email
    # Organizers see contacts under the same consent rule as everyone (as on the web).
    assert by_id[world.provider.pk]["contact"] is None
    assert world.stranger.pk not in by_id


def test_participants_filters_by_role_name_and_organization(world, buyer_api):
    def ids(query):
        body = buyer_api.get(f"/api/v1/missions/casa-2027/participants?{query}").json()
        return [p["id"] for p in body["results"]]

    assert ids("role=provider") == [world.provider.pk]
    assert ids("q=bren") == [world.buyer.pk]
    assert ids(f"organization={world.provider.organization_id}") == [world.provider.pk]
    assert ids(f"organization={world.stranger.organization_id}") == []


def test_organizations_list_query_count_does_not_grow_with_the_list(world, buyer_api):
    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            response = buyer_api.get("/api/v1/missions/casa-2027/organizations?page_size=50")
        assert response.status_code == 200
        return len(captured), response.json()["count"]

    lines = list(ServiceLine.objects.all()[:2])
    queries_for_page()  # the token's first use records its time: one write, once
    few, few_count = queries_for_page()
    for n in range(12):
        org = OrganizationFactory(mission=world.mission, name=f"Org {n}")
        org.service_lines.add(*lines)
        org.certifications.add(Certification.objects.first())
        DescriptionFactory(organization=org, language="fr", text="Texte")
    many, many_count = queries_for_page()

    assert (few_count, many_count) == (2, 14)
    assert many == few
    # token, mission, directory rule, count, page, three prefetches
    assert many <= 8
