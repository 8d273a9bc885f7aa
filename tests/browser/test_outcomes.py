"""After a held meeting: both sides say they are interested, the buyer proposes "NDA" and
the provider (in Arabic) confirms it, the buyer writes a success story, both
organizations consent, an organizer approves it, and it appears on the mission page."""

import datetime as dt

import pytest
from django.utils import timezone

from jisr.outcomes.models import Relationship, SuccessStory
from tests.factories import UserFactory
from tests.outcomes.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
SLUG = "browser-outcomes"


@pytest.fixture
def world():
    world = build_world(slug=SLUG)
    slot = world.meeting.slot
    slot.start = timezone.now() - dt.timedelta(minutes=40)
    slot.end = slot.start + dt.timedelta(minutes=30)
    slot.save()
    return world


def _session(browser, live_server, user, language="en"):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/{language}/login/?next=/{language}/m/{SLUG}/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/m/{SLUG}/")
    return page


def _held_and_interested(page, live_server, world, language, interest):
    url = f"{live_server.url}/{language}/m/{SLUG}/agenda/meetings/{world.meeting.uuid}/"
    page.goto(url)
    page.locator("button[name=outcome][value=held]").click()
    page.wait_for_url(url)
    page.locator(f"input[name=interest][value='{interest}']").check()
    page.locator("select[name=next_step]").select_option("nda")
    page.locator("textarea[name=private_note]").fill("Note for our team only")
    page.locator("#feedback button[type=submit]").click()
    page.wait_for_url(url)


def test_meeting_to_published_success_story(live_server, browser, world):
    organizer = UserFactory(is_staff=True)
    world.mission.organizers.add(organizer)
    buyer = _session(browser, live_server, world.buyer.user)
    provider = _session(browser, live_server, world.provider.user, "ar")

    _held_and_interested(buyer, live_server, world, "en", 3)
    _held_and_interested(provider, live_server, world, "ar", 2)
    assert provider.locator("html").get_attribute("dir") == "rtl"

    relationship = Relationship.objects.get()
    assert relationship.stage == "lead"
    partnership = f"/m/{SLUG}/partnerships/{relationship.pk}/"

    buyer.goto(f"{live_server.url}/en/m/{SLUG}/partnerships/")
    buyer.locator(f"#partnership-{relationship.pk} a").first.click()
    buyer.wait_for_url(f"**/en{partnership}")
    buyer.locator("select[name=stage]").select_option("nda")
    buyer.get_by_role("button", name="Propose").click()
    buyer.wait_for_url(f"**/en{partnership}")
    assert (
        "The other organization is asked to confirm it." in buyer.locator("#pending").inner_text()
    )

    provider.goto(f"{live_server.url}/ar{partnership}")
    provider.locator("button[name=action][value=confirm]").click()
    provider.wait_for_url(f"**/ar{partnership}")
    assert provider.locator(".current-stage .stage-nda").count() == 1
    relationship.refresh_from_db()
    assert relationship.stage == "nda"

    buyer.goto(f"{live_server.url}/en{partnership}")
    buyer.get_by_role("link", name="Write a success story").click()
    buyer.locator("#id_title").fill("From one table in Casablanca to a pilot")
    buyer.locator("#id_text").fill("We met at table T1; a pilot team started two months later.")
    buyer.locator("#id_quote_author").select_option(str(world.buyer.pk))
    buyer.get_by_role("button", name="Save the story").click()
    buyer.wait_for_url(f"**/en{partnership}#stories")
    story = SuccessStory.objects.get()
    buyer.locator(f"#story-{story.pk} button[value=consent]").click()
    buyer.wait_for_url(f"**/en{partnership}#stories")

    provider.goto(f"{live_server.url}/ar{partnership}")
    provider.locator(f"#story-{story.pk} button[value=consent]").click()
    provider.wait_for_url(f"**/ar{partnership}#stories")

    admin = _session(browser, live_server, organizer)
    admin.goto(f"{live_server.url}/en/m/{SLUG}/stories/")
    admin.locator(f"#story-{story.pk} button[value=approve]").click()
    admin.wait_for_url(f"**/en/m/{SLUG}/stories/")

    visitor = browser.new_context().new_page()
    visitor.goto(f"{live_server.url}/en/m/{SLUG}/")
    stories = visitor.locator(".success-stories")
    assert "From one table in Casablanca to a pilot" in stories.inner_text()
    assert "Brenda Hall" in stories.locator("figcaption").inner_text()
    assert "Note for our team only" not in visitor.content()
