import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from jisr.directory.models import Organization, ServiceLine
from jisr.marketplace.models import Listing
from jisr.marketplace.services import close_listing
from jisr.missions.models import Mission
from tests.factories import MissionFactory, UserFactory
from tests.factories_meetings import ListingFactory, participant

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"web:{name}", args=args)


@pytest.fixture
def mission(db):
    return MissionFactory()


@pytest.fixture
def provider(mission):
    return participant(mission, Organization.Kind.PROVIDER, first_name="Karim")


@pytest.fixture
def buyer(mission):
    return participant(mission, Organization.Kind.BUYER, first_name="Brenda")


def form_data(**overrides):
    return {
        "kind": "offer",
        "title": "Nearshore Java team of 20",
        "body": "Twenty Java developers in Rabat.",
        "partner_role": "A North American client with a 12-month roadmap.",
        "language": "en",
        **overrides,
    }


def test_marketplace_lists_active_listings_of_this_mission_only(client, mission, provider):
    ListingFactory(author=provider, title="Java team of twenty")
    ListingFactory(author=provider, title="Closed thing", status=Listing.Status.CLOSED)
    other = MissionFactory()
    ListingFactory(author=participant(other), title="Other mission offer")

    response = client.get(url("marketplace", mission.slug))

    assert "Java team of twenty" in response.text
    assert "Closed thing" not in response.text
    assert "Other mission offer" not in response.text


def test_marketplace_search_with_htmx_returns_results_only(client, mission, provider):
    ListingFactory(author=provider, title="Helpdesk", search_document="helpdesk 24/7")
    ListingFactory(author=provider, title="Java", search_document="java team")

    response = client.get(url("marketplace", mission.slug) + "?q=HELPDESK", HTTP_HX_REQUEST="true")

    assert "Helpdesk" in response.text
    assert ">Java<" not in response.text
    assert "<html" not in response.text


def test_marketplace_bad_filter_is_ignored_and_reported(client, mission, provider):
    ListingFactory(author=provider, title="Java team")

    response = client.get(url("marketplace", mission.slug) + "?kind=bogus")

    assert "Java team" in response.text
    assert "were ignored" in response.text


def test_marketplace_private_directory_is_forbidden_to_visitors(client, mission, provider):
    mission.directory_visibility = Mission.DirectoryVisibility.PARTICIPANTS
    mission.save()
    ListingFactory(author=provider, title="Secret offer")
    client.force_login(UserFactory())

    response = client.get(url("marketplace", mission.slug))

    assert response.status_code == 403
    assert "Secret offer" not in response.text


def test_marketplace_query_count_does_not_grow_with_list(client, mission, provider):
    lines = list(ServiceLine.objects.all()[:2])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("marketplace", mission.slug))
        assert response.status_code == 200
        return len(queries)

    ListingFactory(author=provider).service_lines.set(lines)
    few = count_queries()
    for _ in range(8):
        ListingFactory(author=participant(mission)).service_lines.set(lines)
    many = count_queries()

    assert many == few


def test_listing_detail_offers_meeting_request_to_buyer(client, mission, provider, buyer):
    listing = ListingFactory(author=provider, title="Java team", language="fr")
    client.force_login(buyer.user)

    response = client.get(url("listing", mission.slug, listing.pk))

    assert 'lang="fr"' in response.text
    expected = url("meeting_request", mission.slug, provider.pk) + f"?listing={listing.pk}"
    assert expected in response.text


def test_listing_detail_of_another_mission_is_404(client, mission):
    other = MissionFactory()
    listing = ListingFactory(author=participant(other), title="Other offer")

    response = client.get(url("listing", mission.slug, listing.pk))

    assert response.status_code == 404
    assert "Other offer" not in response.text


def test_create_listing_page_posts_listing(client, mission, provider):
    line = ServiceLine.objects.first()
    client.force_login(provider.user)

    response = client.post(url("listing_create", mission.slug), form_data(service_lines=[line.pk]))

    listing = Listing.objects.get()
    assert response.status_code == 302
    assert response.url == url("listing", mission.slug, listing.pk)
    assert (listing.author, listing.organization) == (provider, provider.organization)
    assert list(listing.service_lines.all()) == [line]


def test_create_listing_page_bad_input_keeps_text_and_saves_nothing(client, mission, provider):
    client.force_login(provider.user)

    response = client.post(url("listing_create", mission.slug), form_data(title=""))

    assert response.status_code == 400
    assert "Twenty Java developers in Rabat." in response.text
    assert "This field is required." in response.text
    assert Listing.objects.count() == 0


def test_create_listing_page_too_many_service_lines_explains(client, mission, provider):
    ids = list(ServiceLine.objects.values_list("pk", flat=True)[:6])
    client.force_login(provider.user)

    response = client.post(url("listing_create", mission.slug), form_data(service_lines=ids))

    assert response.status_code == 400
    assert "Choose at most 5 service lines." in response.text
    assert Listing.objects.count() == 0


def test_create_listing_page_forbidden_to_non_participants(client, mission, organizer):
    mission.organizers.add(organizer)
    client.force_login(organizer)

    response = client.post(url("listing_create", mission.slug), form_data())

    assert response.status_code == 403
    assert Listing.objects.count() == 0


def test_edit_listing_by_colleague_saves(client, mission, provider):
    listing = ListingFactory(author=provider)
    colleague = participant(mission, organization=provider.organization)
    client.force_login(colleague.user)

    client.post(url("listing_edit", mission.slug, listing.pk), form_data(title="New title"))

    listing.refresh_from_db()
    assert listing.title == "New title"


def test_edit_listing_by_other_company_is_forbidden(client, mission, provider, buyer):
    listing = ListingFactory(author=provider, title="Original")
    client.force_login(buyer.user)

    response = client.post(url("listing_edit", mission.slug, listing.pk), form_data(title="Hacked"))

    assert response.status_code == 403
    listing.refresh_from_db()
    assert listing.title == "Original"


def test_edit_listing_through_another_missions_url_is_404(client, mission, provider):
    listing = ListingFactory(author=provider, title="Original")
    other = MissionFactory()
    participant(other, user=provider.user)
    client.force_login(provider.user)

    response = client.post(url("listing_edit", other.slug, listing.pk), form_data(title="Moved"))

    assert response.status_code == 404
    listing.refresh_from_db()
    assert listing.title == "Original"


def test_close_listing_page_closes_it(client, mission, provider):
    listing = ListingFactory(author=provider)
    client.force_login(provider.user)

    response = client.post(url("listing_close", mission.slug, listing.pk))

    assert response.url == url("my_listings", mission.slug)
    assert Listing.objects.get().status == Listing.Status.CLOSED


def test_my_listings_shows_own_organizations_listings_including_closed(client, mission, provider):
    listing = ListingFactory(author=provider, title="Old offer")
    close_listing(listing, by=provider)
    ListingFactory(author=participant(mission), title="Someone else's offer")
    client.force_login(provider.user)

    response = client.get(url("my_listings", mission.slug))

    assert "Old offer" in response.text
    assert "Someone else" not in response.text


def test_my_listings_query_count_does_not_grow_with_list(client, mission, provider):
    client.force_login(provider.user)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("my_listings", mission.slug))
        assert response.status_code == 200
        return len(queries)

    ListingFactory(author=provider)
    few = count_queries()
    for _ in range(6):
        ListingFactory(author=provider)
    many = count_queries()

    assert many == few


def test_marketplace_in_arabic_is_right_to_left(client, mission, provider):
    ListingFactory(author=provider, title="فريق جافا", language="ar")

    response = client.get(url("marketplace", mission.slug, language="ar"))

    assert '<html lang="ar" dir="rtl">' in response.text
    assert 'dir="auto">فريق جافا</a>' in response.text
