"""Destination comparison and "Why Morocco": sourced values only, organizers edit."""

import pytest
from django.urls import reverse
from django.utils import translation

from jisr.core.i18n import language_name
from jisr.evaluation.models import Destination, DestinationTable, DestinationValue
from jisr.evaluation.services import SourcedValue, save_destination_values
from tests.factories import MissionFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"web:{name}", args=args)


def source(n):
    return {
        "_title": f"Report {n}",
        "_site": "example.org",
        "_published": "2023",
    }


def values(pillar, value, n=1):
    return {f"{pillar}_value": str(value)} | {f"{pillar}{k}": v for k, v in source(n).items()}


@pytest.fixture
def organized(organizer):
    mission = MissionFactory()
    mission.organizers.add(organizer)
    return mission, organizer


def test_destinations_default_table_shows_sourced_ranks_and_no_invented_values(client):
    mission = MissionFactory()

    response = client.get(url("destinations", mission.slug))

    assert response.status_code == 200
    assert response.text.count("no sourced value") == 9 * 4
    assert "2023: 28</span>" not in response.text
    assert "Kearney GSLI 2023: Morocco 28th of 78 countries — le360.ma, 2023-11" in response.text
    assert "No pillar has a sourced value for every country yet" in response.text
    assert DestinationTable.objects.count() == 0


def test_destinations_index_with_sourced_values_shows_contributions(client, organized):
    mission, organizer = organized
    client.force_login(organizer)
    for country in ["AE", "DZ", "EG", "GH", "KE", "MU", "TR"]:
        client.post(url("destination-remove", mission.slug, country))
    client.post(url("destination-edit", mission.slug, "MA"), values("business_environment", 6))
    client.post(url("destination-edit", mission.slug, "ZA"), values("business_environment", 4))

    response = client.get(url("destinations", mission.slug))

    assert list(Destination.objects.values_list("country", flat=True)) == ["MA", "ZA"]
    assert "10.00 / 10" in response.text  # the strongest of two scores the whole scale
    assert "0.00 / 10" in response.text
    assert "Report 1 — example.org, 2023" in response.text
    assert "Left out because a country has no sourced value" in response.text


def test_destination_value_without_source_is_refused_and_nothing_saved(client, organized):
    mission, organizer = organized
    client.force_login(organizer)

    response = client.post(
        url("destination-edit", mission.slug, "MA"), {"business_environment_value": "6"}
    )

    assert response.status_code == 400
    assert "A value needs its source" in response.text
    assert DestinationValue.objects.count() == 0


def test_destination_service_refuses_nan_and_missing_source(organized):
    mission, organizer = organized

    for bad in (
        SourcedValue(float("nan"), "T", "S", "2023"),
        SourcedValue(3.0, "T", "", "2023"),
    ):
        with pytest.raises(Exception) as caught:
            save_destination_values(
                mission, by=organizer, country="MA", values={"business_environment": bad}
            )
        assert "Enter a number" in str(caught.value) or "source" in str(caught.value)

    assert DestinationValue.objects.count() == 0


def test_destination_weights_all_zero_are_refused(client, organized):
    mission, organizer = organized
    client.force_login(organizer)

    response = client.post(
        url("destination-weights", mission.slug),
        {
            "financial_attractiveness": "0",
            "people_skills_availability": "0",
            "business_environment": "0",
            "digital_resonance": "0",
        },
    )

    assert response.status_code == 400
    assert "at least one above zero" in response.text
    assert DestinationTable.objects.count() == 0


def test_destination_add_country_validates_the_code(client, organized):
    mission, organizer = organized
    client.force_login(organizer)

    bad = client.post(url("destination-add", mission.slug), {"country": "1x"})
    good = client.post(url("destination-add", mission.slug), {"country": "tn"})

    assert bad.status_code == 400
    assert "Choose a country from the list." in bad.text
    assert good.status_code == 302
    assert Destination.objects.filter(country="TN").exists()


def test_destination_editing_is_for_organizers_of_this_mission_only(client, organized):
    mission, _organizer = organized
    other_organizer = UserFactory(is_staff=True)
    MissionFactory().organizers.add(other_organizer)
    client.force_login(other_organizer)

    edit = client.get(url("destination-edit", mission.slug, "MA"))
    weights = client.post(url("destination-weights", mission.slug), {"digital_resonance": "1"})
    page = client.get(url("destinations", mission.slug))

    assert edit.status_code == 404
    assert weights.status_code == 403
    assert "Edit MA" not in page.text
    assert DestinationTable.objects.count() == 0


def test_destinations_of_a_draft_mission_are_404_for_visitors(client):
    mission = MissionFactory(status="draft")

    response = client.get(url("destinations", mission.slug))

    assert response.status_code == 404


def test_why_morocco_shows_sourced_facts_and_computed_overlap(client):
    mission = MissionFactory()  # starts 2027-04-12: Casablanca UTC+1, New York UTC-4

    response = client.get(url("why-morocco", mission.slug))

    text = response.text
    # Facts' values are isolated (FSI … PDI) so they keep their direction in Arabic.
    assert "signed on \u20682004-06-15\u2069 in \u2068Washington, D.C.\u2069." in text
    assert "in force since \u20682006-01-01\u2069" in text
    assert "United States and Morocco conclude free trade agreement — USTR, 2004-03-02" in text
    assert "\u2068Casanearshore\u2069, an offshoring park in \u2068Casablanca\u2069." in text
    assert (
        '<th scope="row" dir="ltr">America/New_York</th><td dir="ltr">UTC-4</td>'
        '<td dir="ltr">UTC+1</td><td>4.0</td>' in text
    )
    assert (
        '<th scope="row" dir="ltr">America/Los_Angeles</th><td dir="ltr">UTC-7</td>'
        '<td dir="ltr">UTC+1</td><td>1.0</td>' in text
    )
    assert text.count("Source:") >= 14


def test_why_morocco_in_arabic_names_languages_in_arabic(client):
    mission = MissionFactory()

    response = client.get(url("why-morocco", mission.slug, language="ar"))

    assert '<html lang="ar" dir="rtl">' in response.text
    # Language names come from CLDR, in the reader's language.
    assert language_name("zgh", "ar") in response.text
    assert language_name("ar", "ar") == "العربية"
