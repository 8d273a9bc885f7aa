"""Names in any script, very long names and empty optional fields render in every
language: escaped, isolated, and without stray "None" or empty markup."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import MissionFactory, OrganizationFactory, PersonFactory, VenueFactory
from tests.text import without_isolates

pytestmark = pytest.mark.django_db

NAMES = {
    "arabic": "شركة الأطلس للبرمجيات",
    "latin": "Atlas Java Works, S.A.R.L.",
    "mixed": "أطلس Java Works (الدار البيضاء) 2027",
    "long": "Société " + "Tangerine" * 18 + " & Partners <b>Ltd</b>",  # 192 of 200
}


@pytest.fixture
def world():
    mission = MissionFactory(slug="bad-input", name={"en": "Bad input", "ar": "مدخلات صعبة"})
    organizations = {
        key: OrganizationFactory(mission=mission, name=name, city="" if key == "long" else "فاس")
        for key, name in NAMES.items()
    }
    # Optional fields left empty: no website, headcount, founding year, description.
    PersonFactory(organization=organizations["mixed"], first_name="Ø" * 100, last_name="", title="")
    VenueFactory(
        mission=mission,
        name="Anfa Horizon Conference Centre",
        city="Casablanca",
        address="Boulevard de la Corniche, Aïn Diab",
    )
    return mission, organizations


def _get(client, name, *args, language):
    with translation.override(language):
        return client.get(reverse(f"web:{name}", args=args))


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_directory_renders_names_in_any_script_isolated_and_escaped(client, world, language):
    mission, _organizations = world

    response = _get(client, "directory", mission.slug, language=language)

    text = response.content.decode()
    assert response.status_code == 200
    for key in ("arabic", "latin", "mixed"):
        assert f"<bdi>{NAMES[key]}</bdi>" in text
    assert "&lt;b&gt;Ltd&lt;/b&gt;" in text  # escaped, never markup
    assert "<b>Ltd</b>" not in text
    assert "None" not in text


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_profile_with_empty_optional_fields_shows_no_empty_facts(client, world, language):
    mission, organizations = world
    mixed = organizations["mixed"]

    response = _get(client, "organization", mission.slug, mixed.pk, language=language)

    text = without_isolates(response.content.decode())
    assert response.status_code == 200
    assert f"<h1><bdi>{NAMES['mixed']}</bdi></h1>" in text
    with translation.override(language):
        founded, website = translation.gettext("Founded"), translation.gettext("Website")
    assert f"<dt>{founded}</dt>" not in text
    assert website not in text
    assert "None" not in text
    assert "Ø" * 100 in text


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_long_name_without_city_keeps_the_page_whole(client, world, language):
    mission, organizations = world
    long = organizations["long"]

    response = _get(client, "organization", mission.slug, long.pk, language=language)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Tangerine" * 18 in text
    assert "<bdi></bdi>" not in text  # an empty city leaves no empty isolate
    assert text.rstrip().endswith("</html>")
