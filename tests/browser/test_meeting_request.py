"""A buyer asks a provider for a meeting from the provider's profile; the provider accepts."""

import pytest

from jisr.directory.models import Organization
from jisr.meetings.models import MeetingRequest
from jisr.meetings.services import request_meeting
from tests.factories import MissionFactory
from tests.factories_meetings import participant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def sign_in(page, live_server, user, next_path):
    # The login form is always reached in English; ``next`` may be in any language.
    page.goto(f"{live_server.url}/en/login/?next={next_path.replace('?', '%3F')}")
    page.get_by_label("Email").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{next_path}")


def test_buyer_requests_meeting_and_provider_accepts(live_server, browser):
    mission = MissionFactory(slug="meet", name={"en": "Casablanca IT week"})
    buyer = participant(mission, Organization.Kind.BUYER, first_name="Brenda", last_name="Hall")
    provider = participant(
        mission, Organization.Kind.PROVIDER, first_name="Karim", last_name="Alaoui", language="fr"
    )
    profile = f"/en/m/{mission.slug}/organizations/{provider.organization_id}/"
    meetings = f"/en/m/{mission.slug}/meetings/"

    buyer_page = browser.new_context(locale="en-US").new_page()
    sign_in(buyer_page, live_server, buyer.user, profile)
    buyer_page.get_by_role("link", name="Request a meeting with Karim Alaoui").click()
    buyer_page.get_by_label("Message").fill("We are looking for a nearshore QA team.")
    buyer_page.get_by_role("button", name="Send the request").click()
    buyer_page.wait_for_url("**/meetings/?tab=outgoing")
    assert buyer_page.get_by_text("We are looking for a nearshore QA team.").is_visible()

    provider_page = browser.new_context(locale="en-US").new_page()
    sign_in(provider_page, live_server, provider.user, meetings)
    card = provider_page.locator("article.request-card", has_text="Brenda Hall")
    card.get_by_role("button", name="Accept").click()
    # HTMX swaps the card in place: the answer shows without a page load.
    provider_page.get_by_text("Meeting accepted.").wait_for()
    provider_page.goto(f"{live_server.url}{meetings}?tab=accepted")
    assert provider_page.locator("article.request-card", has_text="Brenda Hall").is_visible()

    buyer_page.goto(f"{live_server.url}{meetings}?tab=accepted")
    accepted = buyer_page.locator("article.request-card", has_text="Karim Alaoui")
    assert accepted.get_by_text("Accepted", exact=True).is_visible()
    assert MeetingRequest.objects.get().status == MeetingRequest.Status.ACCEPTED
    buyer_page.context.close()
    provider_page.context.close()


def test_provider_declines_in_arabic_and_buyer_reads_the_reason(live_server, browser):
    """Right to left: located by structure, not by label, as the catalogs are filled later."""
    mission = MissionFactory(slug="meet-ar", name={"en": "Rabat week", "ar": "أسبوع الرباط"})
    buyer = participant(mission, Organization.Kind.BUYER, first_name="Brenda", last_name="Hall")
    provider = participant(
        mission,
        Organization.Kind.PROVIDER,
        first_name="Yassine",
        last_name="Idrissi",
        language="ar",
    )
    request = request_meeting(
        mission, requester=buyer, recipient=provider, message="Do you cover 24/7 support?"
    )

    page = browser.new_context(locale="ar-MA").new_page()
    sign_in(page, live_server, provider.user, f"/ar/m/{mission.slug}/meetings/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    card = page.locator(f"#request-{request.pk}")
    decline = card.locator("details", has=page.locator("form[action$='/decline/']"))
    decline.locator("summary").click()
    decline.locator("textarea[name=reason]").fill("لا نقدم دعما على مدار الساعة")
    decline.locator("button[type=submit]").click()
    page.locator(f"#request-{request.pk}.status-declined").wait_for()

    buyer_page = browser.new_context(locale="en-US").new_page()
    sign_in(buyer_page, live_server, buyer.user, f"/en/m/{mission.slug}/meetings/?tab=closed")
    assert buyer_page.get_by_text("لا نقدم دعما على مدار الساعة").is_visible()
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.DECLINED
    page.context.close()
    buyer_page.context.close()
