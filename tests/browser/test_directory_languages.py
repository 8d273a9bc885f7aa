"""A person opens the directory in each language and sees its direction and labels."""

import pytest

from jisr.directory.services import rebuild_search_documents
from tests.factories import DescriptionFactory, MissionFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mission():
    mission = MissionFactory(slug="browser-mission", name={"en": "Browser mission"})
    java = OrganizationFactory(mission=mission, name="Atlas Java Works", city="Rabat")
    DescriptionFactory(organization=java, language="fr", text="Maintenance applicative Java")
    calls = OrganizationFactory(mission=mission, name="Cedar Contact Centre", city="Fès")
    rebuild_search_documents([java, calls])
    return mission


@pytest.mark.parametrize(
    ("language", "direction", "search_label", "kind_label"),
    [
        ("en", "ltr", "Search", "Kind"),
        ("fr", "ltr", "Rechercher", "Type"),
        ("ar", "rtl", "بحث", "النوع"),
    ],
)
def test_directory_in_each_language_sets_direction_and_labels(
    live_server, page, mission, language, direction, search_label, kind_label
):
    page.goto(f"{live_server.url}/{language}/m/{mission.slug}/organizations/")

    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == direction
    assert page.get_by_label(search_label, exact=True).is_visible()
    assert page.get_by_label(kind_label, exact=True).is_visible()
    assert page.get_by_role("link", name="Atlas Java Works").is_visible()


def test_directory_search_updates_results_in_place(live_server, page, mission):
    page.goto(f"{live_server.url}/en/m/{mission.slug}/organizations/")

    page.get_by_label("Search", exact=True).fill("maintenance java")
    page.get_by_role("button", name="Apply filters").click()

    page.wait_for_url("**q=maintenance*java*")
    assert page.get_by_role("link", name="Atlas Java Works").is_visible()
    assert page.get_by_role("link", name="Cedar Contact Centre").count() == 0


def test_language_switch_keeps_the_page_and_turns_right_to_left(live_server, page, mission):
    page.goto(f"{live_server.url}/en/m/{mission.slug}/organizations/")

    page.get_by_label("Language", exact=True).select_option("ar")
    page.get_by_role("button", name="Change language").click()

    page.wait_for_url(f"**/ar/m/{mission.slug}/organizations/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", level=1).inner_text() == "المؤسسات"
