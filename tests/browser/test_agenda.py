"""A participant reads their agenda, confirms a meeting, and subscribes their calendar."""

import datetime as dt

import icalendar
import pytest
from django.utils import timezone

from jisr.outcomes.models import Attendance
from tests.outcomes.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


@pytest.fixture
def world():
    world = build_world(slug="browser-agenda")
    slot = world.meeting.slot
    slot.start = timezone.now() - dt.timedelta(minutes=5)  # the meeting is under way
    slot.end = slot.start + dt.timedelta(minutes=30)
    slot.save()
    return world


def _log_in(page, live_server, person, language):
    page.goto(f"{live_server.url}/{language}/login/?next=/{language}/m/browser-agenda/agenda/")
    page.locator("#id_username").fill(person.user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/m/browser-agenda/agenda/")


def test_agenda_in_arabic_is_right_to_left_and_confirms_a_meeting(
    live_server, page, world, tmp_path
):
    _log_in(page, live_server, world.provider, "ar")

    assert page.locator("html").get_attribute("dir") == "rtl"
    meeting = page.locator(f"#meeting-{world.meeting.uuid}")
    assert meeting.locator("h3 bdi").inner_text() == "Brenda Hall"
    assert meeting.locator(".table-label").inner_text() == "T1"
    page.screenshot(path=tmp_path / "agenda-ar.png", full_page=True)

    meeting.locator("button[name=outcome][value=held]").click()

    page.wait_for_url(f"**/ar/m/browser-agenda/agenda/#meeting-{world.meeting.uuid}")
    answer = Attendance.objects.get(meeting=world.meeting)
    assert (answer.person_id, answer.outcome) == (world.provider.pk, "held")
    pressed = page.locator(f"#meeting-{world.meeting.uuid} button[aria-pressed=true]")
    assert pressed.get_attribute("value") == "held"


def test_agenda_feed_address_is_created_and_serves_the_calendar(live_server, page, world):
    _log_in(page, live_server, world.buyer, "en")

    page.get_by_role("button", name="Create my calendar address").click()

    feed_url = page.get_by_label("Private calendar address").input_value()
    assert feed_url.startswith(f"{live_server.url}/en/m/browser-agenda/agenda/calendar/")
    anonymous = page.context.browser.new_context()
    try:
        response = anonymous.request.get(feed_url)
        calendar = icalendar.Calendar.from_ical(response.body())
    finally:
        anonymous.close()
    (event,) = [e for e in calendar.events if str(e["UID"]).startswith(str(world.meeting.uuid))]
    assert event["DTSTART"].params["TZID"] == "Africa/Casablanca"
    assert str(event["SUMMARY"]) == "Meeting with كريم العلوي (أطلس للبرمجيات)"
