"""What a reader sees: long names wrap instead of widening the page, in every language,
and a venue's comma stays between its name and its address in Arabic."""

import pytest

from tests.factories import MissionFactory, OrganizationFactory, VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Tangerine" * 20 + " شركة" * 3  # 195 of the 200 a name may have


@pytest.fixture
def mission():
    mission = MissionFactory(slug="layout", name={"en": "Layout", "ar": "التخطيط"})
    OrganizationFactory(mission=mission, name=LONG, city="Oujda" * 24)
    OrganizationFactory(mission=mission, name="أطلس Java Works (2027), S.A.R.L.", city="")
    VenueFactory(
        mission=mission,
        name="Anfa Horizon Conference Centre",
        city="Casablanca",
        address="Boulevard de la Corniche",
    )
    return mission


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_long_names_wrap_without_widening_the_page(live_server, browser, mission, language):
    context = browser.new_context(viewport={"width": 800, "height": 700})
    page = context.new_page()
    organization = mission.organizations.get(name=LONG)
    base = f"{live_server.url}/{language}/m/{mission.slug}"

    widths = {}
    for path in ("/organizations/", f"/organizations/{organization.pk}/", "/"):
        page.goto(base + path)
        widths[path] = _overflow(page)
    context.close()

    assert widths == dict.fromkeys(widths, 0)


def test_venue_comma_sits_between_name_and_address_in_arabic(live_server, browser, mission):
    context = browser.new_context(locale="ar-MA")
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/m/{mission.slug}/")

    item = page.locator("ul.venues li").first
    boxes = item.evaluate(
        """li => {
          const box = node => { const r = document.createRange(); r.selectNodeContents(node);
                                const b = r.getBoundingClientRect(); return [b.left, b.right]; };
          const bdis = [...li.querySelectorAll("bdi")];
          const comma = [...li.childNodes].find(n => n.nodeType === 3 && n.nodeValue.includes("،"));
          return {name: box(bdis[0]), city: box(bdis[1]), address: box(bdis[2]), comma: box(comma)};
        }"""
    )
    context.close()

    # Right to left: the name first (rightmost), then the Arabic comma, then the city.
    assert boxes["name"][0] >= boxes["comma"][1] - 1
    assert boxes["comma"][0] >= boxes["city"][1] - 1
    assert boxes["city"][0] > boxes["address"][1] - 1
