import pytest

from jisr.directory.models import Organization, ServiceLine
from jisr.marketplace.models import Listing
from jisr.missions.models import Mission
from tests.factories_meetings import ListingFactory, participant

pytestmark = pytest.mark.django_db

URL = "/api/v1/missions/casa-2027/listings"


def _json(client, method, url, body=None):
    return getattr(client, method)(url, body, content_type="application/json")


def test_list_listings_searches_and_filters_like_the_web(world, buyer_api):
    java = ListingFactory(author=world.provider, title="Java team", search_document="java team")
    java.service_lines.add(ServiceLine.objects.get(code="testing-qa"))
    ListingFactory(author=world.buyer, kind=Listing.Kind.REQUEST, search_document="helpdesk")
    ListingFactory(author=world.provider, status=Listing.Status.CLOSED, search_document="java")
    ListingFactory(author=world.stranger, search_document="java")  # another mission

    everything = buyer_api.get(URL).json()
    found = buyer_api.get(URL, {"q": "JAVA"}).json()
    offers = buyer_api.get(URL, {"kind": "request"}).json()
    by_line = buyer_api.get(URL, {"service_line": "testing-qa"}).json()
    providers = buyer_api.get(URL, {"organization_kind": "provider"}).json()

    assert everything["count"] == 2
    assert [item["id"] for item in found["results"]] == [java.pk]
    item = found["results"][0]
    assert item["title"] == "Java team" and item["status"] == "active"
    assert item["organization"] == {
        "id": world.provider.organization_id,
        "name": world.provider.organization.name,
        "kind": "provider",
    }
    assert item["author"] == world.provider.pk
    assert [line["code"] for line in item["service_lines"]] == ["testing-qa"]
    assert item["created"].endswith("+00:00")
    assert [i["kind"] for i in offers["results"]] == ["request"]
    assert [i["id"] for i in by_line["results"]] == [java.pk]
    assert [i["id"] for i in providers["results"]] == [java.pk]


def test_listings_are_paginated(world, buyer_api):
    for _ in range(3):
        ListingFactory(author=world.provider)

    page = buyer_api.get(URL, {"page_size": 2, "page": 2}).json()

    assert page["count"] == 3 and len(page["results"]) == 1
    assert page["next"] is None and "page=1" in page["previous"]


def test_closed_listing_is_visible_only_to_its_organization(world, buyer_api, provider_api):
    closed = ListingFactory(author=world.provider, status=Listing.Status.CLOSED)

    assert buyer_api.get(f"{URL}/{closed.pk}").status_code == 404
    assert provider_api.get(f"{URL}/{closed.pk}").json()["status"] == "closed"


def test_listing_of_another_mission_is_not_found(world, buyer_api, stranger_api):
    theirs = ListingFactory(author=world.stranger)

    assert buyer_api.get(f"{URL}/{theirs.pk}").status_code == 404
    # A mission the caller cannot see at all (a draft): 404, not 403.
    world.other_mission.status = Mission.Status.DRAFT
    world.other_mission.save()
    assert buyer_api.get("/api/v1/missions/montreal-2027/listings").status_code == 404
    assert buyer_api.get(f"/api/v1/missions/montreal-2027/listings/{theirs.pk}").status_code == 404


def test_outsiders_of_a_participants_only_marketplace_are_refused(world, stranger_api):
    response = stranger_api.get(URL)

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_create_listing_goes_through_the_service(world, provider_api):
    response = _json(
        provider_api,
        "post",
        URL,
        {
            "kind": "offer",
            "title": "  Cybersecurity audits  ",
            "body": "ISO 27001 audits in French.",
            "language": "fr",
            "service_lines": ["testing-qa"],
        },
    )

    assert response.status_code == 201
    body = response.json()
    listing = Listing.objects.get()
    assert body["id"] == listing.pk
    assert body["title"] == "Cybersecurity audits"  # trimmed by the service
    assert body["language"] == "fr"
    assert [line["code"] for line in body["service_lines"]] == ["testing-qa"]
    assert (listing.mission, listing.organization, listing.author) == (
        world.mission,
        world.provider.organization,
        world.provider,
    )
    assert "cybersecurity" in listing.search_document


def test_create_listing_maps_domain_errors(world, provider_api, stranger_api):
    blank = {"kind": "offer", "title": "   ", "body": "x", "language": "en"}
    unknown_language = {"kind": "offer", "title": "t", "body": "x", "language": "de"}
    unknown_line = {**unknown_language, "language": "en", "service_lines": ["nope"]}

    assert _json(provider_api, "post", URL, blank).json()["field"] == "title"
    assert _json(provider_api, "post", URL, unknown_language).json()["field"] == "language"
    assert _json(provider_api, "post", URL, unknown_line).json()["field"] == "service_lines"
    assert _json(stranger_api, "post", URL, {**blank, "title": "t"}).status_code == 403
    assert not Listing.objects.exists()


def test_update_listing_changes_only_the_fields_sent(world, provider_api):
    listing = ListingFactory(author=world.provider, title="Old", language="en")
    listing.service_lines.add(ServiceLine.objects.get(code="testing-qa"))

    response = _json(provider_api, "patch", f"{URL}/{listing.pk}", {"title": "New title"})

    assert response.status_code == 200
    listing.refresh_from_db()
    assert listing.title == "New title" and listing.language == "en"
    assert [line.code for line in listing.service_lines.all()] == ["testing-qa"]
    assert "new title" in listing.search_document


def test_only_the_posting_organization_edits_and_closes(world, buyer_api, provider_api):
    listing = ListingFactory(author=world.provider)
    colleague = participant(world.mission, Organization.Kind.BUYER)

    edit = _json(buyer_api, "patch", f"{URL}/{listing.pk}", {"title": "Mine now"})
    close = buyer_api.post(f"{URL}/{listing.pk}/close")

    assert edit.status_code == close.status_code == 403
    listing.refresh_from_db()
    assert listing.title != "Mine now" and listing.is_active
    assert colleague.organization != listing.organization

    closed = provider_api.post(f"{URL}/{listing.pk}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    listing.refresh_from_db()
    assert listing.status == Listing.Status.CLOSED
    assert buyer_api.get(URL).json()["count"] == 0
