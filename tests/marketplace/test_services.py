import pytest

from jisr.core.errors import DomainError, NotFound, PermissionDenied
from jisr.core.models import ActivityLogEntry
from jisr.core.text import fold
from jisr.directory.models import Organization, ServiceLine
from jisr.marketplace.models import Listing
from jisr.marketplace.queries import (
    ListingFilters,
    access_listing,
    access_listing_for_edit,
    listings_for,
    listings_of,
)
from jisr.marketplace.services import close_listing, create_listing, reopen_listing, update_listing
from jisr.missions.models import Mission
from tests.factories import MissionFactory, PersonFactory, UserFactory
from tests.factories_meetings import participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def mission(db):
    return MissionFactory()


@pytest.fixture
def provider(mission):
    return participant(mission, Organization.Kind.PROVIDER)


def post(mission, author, **fields):
    values = {
        "kind": Listing.Kind.OFFER,
        "title": "Équipe Java nearshore de 20 développeurs",
        "body": "Maintenance applicative et évolutions, en français et en anglais.",
        "language": "fr",
        **fields,
    }
    return create_listing(mission, author=author, **values)


def test_create_listing_stores_folded_search_document_and_logs(mission, provider):
    line = ServiceLine.objects.first()

    listing = post(mission, provider, service_lines=[line])

    assert listing.organization == provider.organization
    assert listing.status == Listing.Status.ACTIVE
    assert "equipe java" in listing.search_document
    assert fold(line.name_fr) in listing.search_document
    assert fold(line.name_ar) in listing.search_document
    assert list(listing.service_lines.all()) == [line]
    assert ActivityLogEntry.objects.filter(action="marketplace.listing.created").count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"body": ""}, "body"),
        ({"kind": "gift"}, "kind"),
        ({"language": "de"}, "language"),
    ],
)
def test_create_listing_invalid_field_writes_nothing(mission, provider, fields, field):
    with pytest.raises(DomainError) as error:
        post(mission, provider, **fields)

    assert error.value.field == field
    assert Listing.objects.count() == 0


def test_create_listing_too_many_service_lines_writes_nothing(mission, provider):
    with pytest.raises(DomainError) as error:
        post(mission, provider, service_lines=list(ServiceLine.objects.all()[:6]))

    assert error.value.field == "service_lines"
    assert Listing.objects.count() == 0


def test_create_listing_by_non_participant_is_refused(mission):
    outsider = PersonFactory(mission=mission, organization__mission=mission)

    with pytest.raises(PermissionDenied):
        post(mission, outsider)

    assert Listing.objects.count() == 0


def test_create_listing_in_closed_mission_is_refused(mission, provider):
    mission.status = Mission.Status.CLOSED
    mission.save()

    with pytest.raises(PermissionDenied):
        post(mission, provider)

    assert Listing.objects.count() == 0


def test_create_listing_for_another_mission_is_refused(mission, provider):
    with pytest.raises(PermissionDenied):
        post(MissionFactory(), provider)

    assert Listing.objects.count() == 0


def test_update_listing_by_colleague_updates_search_document(mission, provider):
    listing = post(mission, provider)
    colleague = participant(mission, organization=provider.organization)

    update_listing(
        listing,
        by=colleague,
        kind=Listing.Kind.REQUEST,
        title="24/7 helpdesk",
        body="We seek a helpdesk in French and English.",
        language="en",
    )

    listing.refresh_from_db()
    assert (listing.kind, listing.title, listing.language) == ("request", "24/7 helpdesk", "en")
    assert "helpdesk" in listing.search_document
    assert "equipe" not in listing.search_document


def test_update_listing_by_other_organization_is_refused_and_keeps_text(mission, provider):
    listing = post(mission, provider)
    other = participant(mission, Organization.Kind.BUYER)

    with pytest.raises(PermissionDenied):
        update_listing(listing, by=other, kind="offer", title="Hijacked", body="x", language="en")

    listing.refresh_from_db()
    assert listing.title == "Équipe Java nearshore de 20 développeurs"


def test_close_and_reopen_listing(mission, provider):
    listing = post(mission, provider)

    close_listing(listing, by=provider)
    closed_status = Listing.objects.get().status
    reopen_listing(listing, by=provider)

    assert closed_status == Listing.Status.CLOSED
    assert Listing.objects.get().status == Listing.Status.ACTIVE


def test_close_listing_by_other_organization_is_refused(mission, provider):
    listing = post(mission, provider)

    with pytest.raises(PermissionDenied):
        close_listing(listing, by=participant(mission, Organization.Kind.BUYER))

    assert Listing.objects.get().status == Listing.Status.ACTIVE


def test_listings_for_search_folds_accents_and_matches_all_words(mission, provider):
    java = post(mission, provider)
    post(mission, provider, title="Centre d'appels", body="Support client 24/7.")

    found = list(listings_for(mission, ListingFilters(query="EQUIPE developpeurs")))

    assert found == [java]


def test_listings_for_filters_kind_language_service_line_and_organization_kind(mission, provider):
    line = ServiceLine.objects.first()
    offer = post(mission, provider, service_lines=[line])
    buyer = participant(mission, Organization.Kind.BUYER)
    request = post(mission, buyer, kind=Listing.Kind.REQUEST, language="en")

    assert list(listings_for(mission, ListingFilters(kind="request"))) == [request]
    assert list(listings_for(mission, ListingFilters(language="fr"))) == [offer]
    assert list(listings_for(mission, ListingFilters(service_line=line.code))) == [offer]
    assert list(listings_for(mission, ListingFilters(organization_kind="buyer"))) == [request]


def test_listings_for_hides_closed_and_other_missions_listings(mission, provider):
    closed = post(mission, provider)
    close_listing(closed, by=provider)
    other_mission = MissionFactory()
    post(other_mission, participant(other_mission))

    assert list(listings_for(mission, ListingFilters())) == []
    assert list(listings_of(provider.organization)) == [closed]


def test_access_listing_of_another_mission_is_not_found(mission, provider):
    other_mission = MissionFactory()
    elsewhere = post(other_mission, participant(other_mission))

    with pytest.raises(NotFound):
        access_listing(provider.user, mission, elsewhere.pk)


def test_access_closed_listing_only_for_its_organization(mission, provider):
    listing = post(mission, provider)
    close_listing(listing, by=provider)
    buyer = participant(mission, Organization.Kind.BUYER)

    own = access_listing(provider.user, mission, listing.pk)
    with pytest.raises(NotFound):
        access_listing(buyer.user, mission, listing.pk)

    assert own == listing


def test_access_listing_in_private_directory_is_refused_to_visitors(mission, provider):
    mission.directory_visibility = Mission.DirectoryVisibility.PARTICIPANTS
    mission.save()
    listing = post(mission, provider)

    with pytest.raises(PermissionDenied):
        access_listing(UserFactory(), mission, listing.pk)


def test_access_listing_for_edit_by_other_company_is_refused(mission, provider):
    listing = post(mission, provider)
    buyer = participant(mission, Organization.Kind.BUYER)

    with pytest.raises(PermissionDenied):
        access_listing_for_edit(buyer.user, mission, listing.pk)
