"""The sample-mission generator: counts, determinism, planted fits, scoping, idempotence."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from jisr.core.models import ActivityLogEntry
from jisr.core.text import fold
from jisr.directory.models import DeliverySite, Organization, Person
from jisr.engine.matching.recommend import recommend
from jisr.missions.models import (
    IntendedFit,
    Mission,
    Participation,
    ProgrammeItem,
    Slot,
    Table,
)
from jisr.missions.sample.matching import matching_profiles
from jisr.missions.sample.profiles import LINE_TECHNOLOGIES, compose_sample
from jisr.missions.sample.programme import DEFAULT_SLUG

PARK_CITY = {
    "casanearshore": "Casablanca",
    "technopolis": "Salé",
    "fes-shore": "Fès",
    "oujda-shore": "Oujda",
    "tetouan-shore": "Tétouan",
}


def generate(*args: str, **options: object) -> str:
    out = StringIO()
    options = {"buyers": 5, "providers": 15, "seed": 11, **options}
    call_command("sample_mission", *args, stdout=out, **options)
    return out.getvalue()


def codes(org: Organization, field: str, attr: str = "code") -> set[str]:
    return {getattr(term, attr) for term in getattr(org, field).all()}


@pytest.mark.django_db
def test_sample_mission_creates_expected_counts() -> None:
    output = generate()

    mission = Mission.objects.get(slug=DEFAULT_SLUG)
    orgs = Organization.objects.for_mission(mission)
    assert orgs.filter(kind="buyer").count() == 5
    assert orgs.filter(kind="provider").count() == 15
    assert orgs.filter(kind="organizer").count() == 1
    assert orgs.filter(kind="partner").count() == 1
    for org in orgs.filter(kind__in=["buyer", "provider"]).prefetch_related("people"):
        assert 1 <= len(org.people.all()) <= 3, org.name
    people = Person.objects.for_mission(mission).count()
    speakers = Participation.objects.for_mission(mission).filter(role="speaker").count()
    assert Participation.objects.for_mission(mission).count() == people + speakers
    assert speakers >= 5
    assert Slot.objects.for_mission(mission).count() == 20
    assert Table.objects.for_mission(mission).count() == 2 * 5
    assert ProgrammeItem.objects.for_mission(mission).count() == 11
    assert (mission.status, mission.directory_visibility) == ("open", "public")
    assert (mission.host_country, mission.timezone) == ("MA", "Africa/Casablanca")
    assert set(mission.name) == {"en", "fr", "ar"}
    assert list(mission.organizers.values_list("username", flat=True)) == ["organizer@jisr.example"]
    entry = ActivityLogEntry.objects.get(mission=mission)
    assert (entry.action, entry.data) == (
        "mission.sample_created",
        {"buyers": 5, "providers": 15, "seed": 11},
    )
    assert "organizer@jisr.example" in output


@pytest.mark.django_db
def test_sample_mission_same_seed_gives_same_names() -> None:
    generate(slug="first", seed=5)
    generate(slug="second", seed=5)

    def names(slug: str) -> list[tuple[str, str]]:
        return list(
            Organization.objects.filter(mission__slug=slug)
            .order_by("name")
            .values_list("name", "city")
        )

    def emails(slug: str) -> list[str]:
        return sorted(Person.objects.filter(mission__slug=slug).values_list("email", flat=True))

    assert names("first") == names("second")
    assert emails("first") == emails("second")


@pytest.mark.django_db
def test_sample_mission_other_seed_gives_other_names() -> None:
    generate(slug="first", seed=5)
    generate(slug="second", seed=6)

    first = set(
        Organization.objects.filter(mission__slug="first", kind="provider").values_list(
            "name", flat=True
        )
    )
    second = set(
        Organization.objects.filter(mission__slug="second", kind="provider").values_list(
            "name", flat=True
        )
    )
    assert first != second


@pytest.mark.django_db
def test_intended_fits_pair_buyers_with_providers_that_cover_their_need() -> None:
    generate()
    mission = Mission.objects.get(slug=DEFAULT_SLUG)

    fits = list(IntendedFit.objects.for_mission(mission).select_related("buyer", "provider"))
    buyers = Organization.objects.for_mission(mission).filter(kind="buyer")
    assert {fit.buyer_id for fit in fits} == set(buyers.values_list("pk", flat=True))
    for fit in fits:
        buyer, provider = fit.buyer, fit.provider
        assert (buyer.kind, provider.kind) == ("buyer", "provider")
        assert buyer.mission_id == provider.mission_id == mission.pk
        assert codes(buyer, "service_lines") <= codes(provider, "service_lines")
        assert codes(buyer, "languages") <= codes(provider, "languages")
        assert codes(buyer, "certifications") <= codes(provider, "certifications")
        assert codes(buyer, "technologies", "name") <= codes(provider, "technologies", "name")
        need = buyer.service_lines.first()
        assert (
            fold(need.name_fr) in provider.search_document
            or fold(need.name_en) in provider.search_document
        )


@pytest.mark.django_db
def test_sample_organizations_have_description_and_search_document() -> None:
    generate()

    orgs = Organization.objects.filter(mission__slug=DEFAULT_SLUG).prefetch_related("descriptions")
    assert orgs.count() == 22
    for org in orgs:
        texts = [d.text for d in org.descriptions.all()]
        assert texts and all(len(text) > 80 for text in texts), org.name
        assert org.search_document.startswith(fold(org.name)), org.name
    providers = orgs.filter(kind="provider")
    assert providers.filter(descriptions__language="fr").count() >= 10
    buyers = orgs.filter(kind="buyer")
    assert buyers.filter(descriptions__language="en").count() == 5


@pytest.mark.django_db
def test_sample_contacts_use_the_example_domain() -> None:
    generate()

    emails = list(Person.objects.values_list("email", flat=True))
    assert emails and all(email.endswith(".example") for email in emails)
    assert all(
        user.email.endswith(".example") and user.username == user.email
        for user in get_user_model().objects.all()
    )
    websites = Organization.objects.values_list("website", flat=True)
    assert all(w.startswith("https://") and w.endswith(".example") for w in websites)


@pytest.mark.django_db
def test_sample_providers_deliver_from_the_park_of_their_city() -> None:
    generate(providers=40)

    sites = DeliverySite.objects.select_related("organization")
    assert sites.count() >= 40
    for site in sites:
        org = site.organization
        assert org.kind == "provider"
        assert site.country == "MA"
        if site.park == "other":
            assert site.city == org.city
        else:
            assert site.city == PARK_CITY[site.park]
    providers = Organization.objects.filter(kind="provider")
    moroccan = providers.filter(country="MA")
    assert moroccan.count() >= 30
    assert set(moroccan.values_list("timezone", flat=True)) == {"Africa/Casablanca"}
    assert not providers.filter(delivery_sites=None).exists()


@pytest.mark.django_db
def test_sample_programme_is_aware_and_within_mission_dates() -> None:
    generate()
    mission = Mission.objects.get(slug=DEFAULT_SLUG)
    zone = zoneinfo.ZoneInfo(mission.timezone)

    items = list(ProgrammeItem.objects.for_mission(mission).select_related("venue"))
    for item in items:
        assert timezone.is_aware(item.start) and timezone.is_aware(item.end)
        assert item.start < item.end
        assert mission.start_date <= item.start.astimezone(zone).date() <= mission.end_date
        assert item.venue.mission_id == mission.pk
    day_one = {i.venue.city for i in items if i.start.astimezone(zone).date() == mission.start_date}
    assert day_one == {"Casablanca"}
    opening = next(i for i in items if i.kind == "talk")
    assert opening.title["en"].startswith("Morocco IT Offshoring")
    assert opening.start.astimezone(zone).time() == dt.time(9, 0)
    kinds = {item.kind for item in items}
    assert kinds == {"talk", "panel", "meetings", "site_visit", "networking"}
    slots = Slot.objects.for_mission(mission)
    assert set(slots.values_list("block", flat=True)) == {"morning", "afternoon"}
    assert all(s.end - s.start == dt.timedelta(minutes=30) for s in slots)


@pytest.mark.django_db
def test_sample_demo_logins_authenticate_with_the_given_password() -> None:
    generate(organizer_password="another-demo-secret")

    user_model = get_user_model()
    assert user_model.objects.count() == 3
    organizer = authenticate(username="organizer@jisr.example", password="another-demo-secret")
    assert organizer is not None
    assert organizer.people.get().organization.kind == "organizer"
    people = Person.objects.exclude(user=None).select_related("organization")
    assert sorted(p.organization.kind for p in people) == ["buyer", "organizer", "provider"]
    for person in people:
        assert authenticate(username=person.email, password="another-demo-secret") == person.user


@pytest.mark.django_db
def test_sample_mission_if_empty_is_a_no_op_when_a_mission_exists() -> None:
    generate()
    before = Organization.objects.count()

    output = generate("--if-empty", slug="another", seed=99)

    assert list(Mission.objects.values_list("slug", flat=True)) == [DEFAULT_SLUG]
    assert Organization.objects.count() == before
    assert "no sample created" in output


@pytest.mark.django_db
def test_sample_mission_existing_slug_fails_without_writing() -> None:
    generate()
    before = (Organization.objects.count(), Person.objects.count())

    with pytest.raises(CommandError, match="already exists"):
        generate(seed=3)

    assert (Organization.objects.count(), Person.objects.count()) == before


@pytest.mark.django_db
def test_sample_missions_with_different_slugs_share_no_rows() -> None:
    generate(slug="alpha", seed=1)
    generate(slug="beta", seed=1)
    alpha, beta = Mission.objects.get(slug="alpha"), Mission.objects.get(slug="beta")

    for mission in (alpha, beta):
        orgs = set(Organization.objects.for_mission(mission).values_list("pk", flat=True))
        people = Person.objects.for_mission(mission)
        assert set(people.values_list("organization_id", flat=True)) <= orgs
        parts = Participation.objects.for_mission(mission)
        assert set(parts.values_list("person__mission_id", flat=True)) == {mission.pk}
        fits = IntendedFit.objects.for_mission(mission)
        assert set(fits.values_list("buyer_id", flat=True)) <= orgs
        assert set(fits.values_list("provider_id", flat=True)) <= orgs
        items = ProgrammeItem.objects.for_mission(mission)
        assert set(items.values_list("speakers__mission_id", flat=True)) - {None} == {mission.pk}
        assert set(items.values_list("venue__mission_id", flat=True)) == {mission.pk}
        assert set(
            Table.objects.for_mission(mission).values_list("venue__mission_id", flat=True)
        ) == {mission.pk}
        assert set(Slot.objects.for_mission(mission).values_list("day__mission_id", flat=True)) == {
            mission.pk
        }
    alpha_orgs = set(Organization.objects.for_mission(alpha).values_list("pk", flat=True))
    beta_orgs = set(Organization.objects.for_mission(beta).values_list("pk", flat=True))
    assert alpha_orgs.isdisjoint(beta_orgs)
    assert Person.objects.for_mission(alpha).count() == Person.objects.for_mission(beta).count()
    # Logins are people's accounts across missions, so the organizer's is shared on purpose.
    assert get_user_model().objects.count() == 3
    assert set(alpha.organizers.all()) == set(beta.organizers.all())


def test_compose_sample_profiles_are_consistent() -> None:
    sample = compose_sample(buyers=30, providers=90, seed=4)

    assert sample == compose_sample(buyers=30, providers=90, seed=4)
    for org in (*sample.buyers, *sample.providers):
        allowed = {tech for line in org.service_lines for tech in LINE_TECHNOLOGIES[line]}
        assert set(org.technologies) <= allowed, org.name
        assert org.descriptions and org.people
    moroccan = [org for org in sample.providers if org.country == "MA"]
    with_fr_ar = [org for org in moroccan if {"fr", "ar"} <= set(org.languages)]
    assert len(with_fr_ar) >= 0.8 * len(moroccan)
    assert all(p.preferred_language == "en" for b in sample.buyers for p in b.people)
    assert {b.timezone for b in sample.buyers} <= {
        "America/New_York",
        "America/Los_Angeles",
        "America/Toronto",
        "America/Chicago",
        "America/Denver",
        "America/Vancouver",
        "America/Edmonton",
        "America/Phoenix",
    }
    big = [org for org in sample.providers if org.headcount in ("250-999", "1000+")]
    small = [org for org in sample.providers if org.headcount in ("1-9", "10-49")]
    assert sum(len(o.certifications) for o in big) / len(big) > sum(
        len(o.certifications) for o in small
    ) / len(small)


def test_matching_profiles_rank_planted_fits_near_the_top() -> None:
    buyers, providers, fits = matching_profiles(compose_sample(buyers=20, providers=60, seed=3))

    recommendations = recommend(buyers, providers, k=10, explain=False)

    top = {
        b: {s.profile_id for s in suggestions}
        for b, suggestions in recommendations.for_buyers.items()
    }
    found = sum(provider in top[buyer] for buyer, provider in fits)
    assert len(fits) >= 2 * len(buyers)
    assert found / len(fits) >= 0.9
    planted = {p.id: p for p in providers}
    for buyer in buyers:
        for b, p in fits:
            if b == buyer.id:
                assert buyer.service_lines <= planted[p].service_lines
                assert planted[p].band is not None and buyer.band is not None
                assert planted[p].band.low <= buyer.band.high
