"""The day of the event on a phone (390x844), in English and in Arabic: two participants
exchange messages, an organizer checks one of them in by typing the badge code, and the
participant opens "My next meeting" and the agenda."""

import datetime as dt

import pytest
from django.utils import timezone

from jisr.messaging.models import Message
from jisr.outcomes.models import CheckIn
from jisr.outcomes.services import issue_badge
from tests.factories import UserFactory
from tests.outcomes.world import CASABLANCA, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world():
    world = build_world(slug="event-day")
    slot = world.meeting.slot
    slot.start = timezone.now() + dt.timedelta(minutes=25)  # the next meeting, soon
    slot.end = slot.start + dt.timedelta(minutes=30)
    slot.save()
    return world


def _phone(browser, language):
    context = browser.new_context(viewport=PHONE, locale=language, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _log_in(page, live_server, username, language, path):
    target = f"/{language}/m/event-day/{path}"
    page.goto(f"{live_server.url}/{language}/login/?next={target}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(f"**{target}")


def _fits_the_screen(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    return width <= PHONE["width"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_event_day_on_a_phone(live_server, browser, world, language, tmp_path):
    request_id = world.meeting.request_id
    organizer = UserFactory()
    world.mission.organizers.add(organizer)
    badge = issue_badge(world.provider)

    # The buyer writes to the provider; the thread swaps in place (htmx).
    context, page = _phone(browser, language)
    _log_in(page, live_server, world.buyer.user.username, language, f"messages/{request_id}/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.locator("#id_body").fill("See you at table T1 in 25 minutes.")
    page.locator("form.chat-form button[type=submit]").click()
    page.locator(".chat-message.mine .chat-body", has_text="See you at table T1").wait_for()
    assert page.locator("#id_body").input_value() == ""
    assert _fits_the_screen(page)
    page.screenshot(path=tmp_path / f"thread-{language}.png", full_page=True)
    context.close()
    message = Message.objects.get()
    assert (message.sender, message.read_at) == (world.buyer, None)

    # The provider sees it unread in their inbox, opens it, and it is read.
    context, page = _phone(browser, language)
    _log_in(page, live_server, world.provider.user.username, language, "messages/")
    page.locator(".thread-item.unread a").click()
    page.wait_for_url(f"**/{language}/m/event-day/messages/{request_id}/")
    body = page.locator(".chat-body", has_text="See you at table T1")
    assert body.get_attribute("lang") == "en"
    message.refresh_from_db()
    assert message.read_at is not None
    provider_context, provider_page = context, page

    # The organizer types the badge code (no camera needed); a second scan says when.
    context, page = _phone(browser, language)
    _log_in(page, live_server, organizer.username, language, "check-in/")
    # The script offers the camera or says it cannot scan, never both.
    page.wait_for_function(
        "document.querySelector('[data-start-camera]').hidden"
        " !== document.querySelector('[data-no-camera]').hidden"
    )
    shown = [page.locator(s).is_visible() for s in ("[data-start-camera]", "[data-no-camera]")]
    assert sorted(shown) == [False, True]
    page.locator("#check-in-code").fill(badge.display_code.lower())
    page.locator("form.check-in-form button[type=submit]").click()
    page.locator(".check-in-success").wait_for()
    assert page.locator("#check-in-code").input_value() == ""
    page.locator("#check-in-code").fill(badge.code)
    page.locator("form.check-in-form button[type=submit]").click()
    warning = page.locator(".check-in-warning")
    warning.wait_for()
    first = timezone.localtime(CheckIn.objects.get().checked_in_at, CASABLANCA)
    assert first.strftime("%H:%M") in warning.inner_text()
    assert CheckIn.objects.count() == 1
    assert _fits_the_screen(page)
    page.screenshot(path=tmp_path / f"check-in-{language}.png", full_page=True)
    context.close()

    # The provider opens "My next meeting", then the agenda.
    page = provider_page
    page.goto(f"{live_server.url}/{language}/m/event-day/next/")
    meeting = page.locator("#next-meeting")
    assert meeting.locator(".table-label").inner_text() == "T1"
    assert "Brenda Hall" in meeting.locator(".counterpart").inner_text()
    start = timezone.localtime(world.meeting.slot.start, CASABLANCA)
    assert start.strftime("%H:%M") in meeting.locator(".next-time").inner_text()
    assert page.locator(".badge-code").inner_text() == badge.display_code
    assert page.locator(".badge-card .message").count() == 1  # checked in today
    assert _fits_the_screen(page)
    page.screenshot(path=tmp_path / f"next-{language}.png", full_page=True)
    meeting.locator(f"a[href$='#meeting-{world.meeting.uuid}']").click()
    page.wait_for_url(f"**/{language}/m/event-day/agenda/#meeting-{world.meeting.uuid}")
    agenda_entry = page.locator(f"#meeting-{world.meeting.uuid}")
    assert agenda_entry.locator(".table-label").inner_text() == "T1"
    provider_context.close()
