import datetime as dt

import pytest
from django.utils import timezone

from jisr.missions.models import Mission
from tests.api.conftest import api_client
from tests.factories import (
    MissionFactory,
    OrganizationFactory,
    PersonFactory,
    ProgrammeItemFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def test_missions_lists_visible_missions_with_translations(world, buyer_api):
    MissionFactory(slug="secret-draft", status=Mission.Status.DRAFT)

    body = buyer_api.get("/api/v1/missions").json()

    assert body["count"] == 2
    assert body["next"] is None and body["previous"] is None
    slugs = [m["slug"] for m in body["results"]]
    assert sorted(slugs) == ["casa-2027", "montreal-2027"]
    casa = next(m for m in body["results"] if m["slug"] == "casa-2027")
    assert casa["name"] == {
        "en": "Casablanca IT week",
        "fr": "Semaine IT de Casablanca",
        "ar": "أسبوع",
    }
    assert casa["start_date"] == "2027-04-12"
    assert casa["directory_visibility"] == "participants"


def test_missions_shows_drafts_only_to_their_organizers(db):
    organizer = UserFactory()
    draft = MissionFactory(slug="draft-1", status=Mission.Status.DRAFT)
    draft.organizers.add(organizer)

    mine = api_client(organizer).get("/api/v1/missions").json()
    others = api_client(UserFactory()).get("/api/v1/missions").json()

    assert [m["slug"] for m in mine["results"]] == ["draft-1"]
    assert others == {"count": 0, "next": None, "previous": None, "results": []}


def test_mission_detail_gives_counts_venues_and_the_viewers_place(world, buyer_api):
    VenueFactory(mission=world.mission, name="Anfa Hall", city="Casablanca")
    OrganizationFactory(mission=world.other_mission, kind="provider")

    body = buyer_api.get("/api/v1/missions/casa-2027").json()

    assert body["counts"] == {"buyers": 1, "providers": 1}
    assert [(v["name"], v["timezone"]) for v in body["venues"]] == [
        ("Anfa Hall", "Africa/Casablanca")
    ]
    assert body["viewer"] == {
        "is_organizer": False,
        "is_participant": True,
        "can_see_directory": True,
        "person_id": world.buyer.pk,
    }


def test_mission_detail_of_a_draft_is_404_for_non_organizers(world, buyer_api):
    MissionFactory(slug="draft-2", status=Mission.Status.DRAFT)

    response = buyer_api.get("/api/v1/missions/draft-2")

    assert response.status_code == 404
    assert response.json() == {"detail": "There is no such mission.", "code": "not_found"}


def test_missions_pages_link_to_each_other(db):
    for n in range(5):
        MissionFactory(
            slug=f"m-{n}", start_date=dt.date(2027, 1, 1 + n), end_date=dt.date(2027, 2, 1)
        )
    client = api_client(UserFactory())

    first = client.get("/api/v1/missions?page_size=2").json()
    last = client.get("/api/v1/missions?page_size=2&page=3").json()
    beyond = client.get("/api/v1/missions?page_size=2&page=9").json()

    assert first["count"] == 5
    assert [m["slug"] for m in first["results"]] == ["m-4", "m-3"]
    assert first["next"] == "http://testserver/api/v1/missions?page_size=2&page=2"
    assert [m["slug"] for m in last["results"]] == ["m-0"]
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/missions?page_size=2&page=2"
    assert beyond["results"] == [] and beyond["next"] is None
    assert beyond["previous"] == "http://testserver/api/v1/missions?page_size=2&page=3"


@pytest.mark.parametrize("query", ["page=0", "page_size=101", "page=abc"])
def test_missions_rejects_bad_paging_with_field_paths(world, buyer_api, query):
    response = buyer_api.get(f"/api/v1/missions?{query}")

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["errors"][0]["loc"][0] == "query"
    assert body["errors"][0]["loc"][-1] == query.split("=")[0]


def test_programme_gives_local_times_with_offset_and_speakers(world, buyer_api):
    venue = VenueFactory(mission=world.mission, timezone="Africa/Casablanca")
    item = ProgrammeItemFactory(
        mission=world.mission,
        venue=venue,
        start=timezone.make_aware(dt.datetime(2027, 4, 12, 8, 0), dt.UTC),
        description={"fr": "Ouverture officielle"},
    )
    speaker = PersonFactory(organization=OrganizationFactory(mission=world.mission, name="Atlas"))
    item.speakers.add(speaker)

    body = buyer_api.get("/api/v1/missions/casa-2027/programme").json()

    assert body["count"] == 1
    (got,) = body["results"]
    # Morocco is UTC+1 in April 2027: 08:00 UTC is 09:00 at the venue.
    assert got["start"] == "2027-04-12T09:00:00+01:00"
    assert got["end"] == "2027-04-12T10:00:00+01:00"
    assert got["title"] == {
        "en": "Opening talk",
        "fr": "Conférence d'ouverture",
        "ar": "المحاضرة الافتتاحية",
    }
    assert got["description"] == {"en": None, "fr": "Ouverture officielle", "ar": None}
    assert got["speakers"] == [
        {
            "id": speaker.pk,
            "first_name": speaker.first_name,
            "last_name": speaker.last_name,
            "organization": {"id": speaker.organization_id, "name": "Atlas", "kind": "provider"},
        }
    ]


def test_programme_of_another_users_draft_mission_is_404(world, buyer_api):
    draft = MissionFactory(slug="draft-3", status=Mission.Status.DRAFT)
    ProgrammeItemFactory(mission=draft, venue=VenueFactory(mission=draft))

    response = buyer_api.get("/api/v1/missions/draft-3/programme")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_domain_error_messages_follow_accept_language(world, buyer_api):
    response = buyer_api.get("/api/v1/missions/no-such-mission", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 404
    assert response.json() == {"detail": "Cette mission n’existe pas.", "code": "not_found"}
