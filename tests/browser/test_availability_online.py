"""On a phone, in English and in Arabic: a remote buyer says how they attend and when
they are away, asks for an online meeting, and finds it in their agenda, in their own
time zone, with its video link, once the organizers have scheduled it."""

import datetime as dt

import pytest

from jisr.directory.models import Organization
from jisr.meetings.models import MeetingPolicy, MeetingRequest, Unavailability
from jisr.meetings.services import accept_meeting_request
from jisr.schedules.models import ScheduledMeeting
from jisr.schedules.services import publish_schedule, start_schedule_run
from tests.factories import MissionFactory, UserFactory, VenueFactory
from tests.factories_meetings import participant
from tests.factories_schedules import MeetingDayFactory, TableFactory, add_slots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
PHONE = {"width": 390, "height": 844}
TEXTS = {
    "en": {"saved": "Your availability is saved.", "online": "Online meeting"},
    "ar": {"saved": "تم حفظ أوقات توفرك.", "online": "لقاء عبر الإنترنت"},
}


def sign_in(page, live_server, user, next_path):
    # The login form is always reached in English; ``next`` may be in any language.
    page.goto(f"{live_server.url}/en/login/?next={next_path}")
    page.get_by_label("Email").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{next_path}")


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_remote_buyer_sets_availability_requests_online_and_sees_it(live_server, browser, language):
    slug = f"hybrid-{language}"
    mission = MissionFactory(slug=slug, name={"en": "Casablanca IT week", "ar": "أسبوع"})
    venue = VenueFactory(mission=mission, city="Casablanca", timezone="Africa/Casablanca")
    day = MeetingDayFactory(mission=mission, venue=venue, date=dt.date(2027, 4, 12))
    morning = add_slots(day, ["09:00", "09:30"])
    afternoon = add_slots(day, ["14:00", "14:30"], block="afternoon")
    TableFactory(mission=mission, venue=venue, label="T1")
    MeetingPolicy.objects.create(
        mission=mission, video_url_pattern="https://meet.example/jisr-{uid}"
    )
    buyer = participant(
        mission, Organization.Kind.BUYER, first_name="Brenda", last_name="Hall", language=language
    )
    provider = participant(
        mission, Organization.Kind.PROVIDER, first_name="Karim", last_name="Alaoui"
    )
    base = f"/{language}/m/{slug}"
    context = browser.new_context(
        locale="ar-MA" if language == "ar" else "en-US",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)

    # 1. How I attend, and when I am away.
    sign_in(page, live_server, buyer.user, f"{base}/meetings/availability/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert fits_the_phone(page)
    page.locator("#id_attends_remotely").check()
    page.locator("#id_timezone").select_option("America/Toronto")
    page.locator("#attendance-form button[type=submit]").click()
    page.wait_for_url(f"**{base}/meetings/availability/")
    page.locator("input[name=away_period][value='2027-04-12:morning']").check()
    # The half-day box ticks its slots (static JavaScript, no inline script).
    for slot in morning:
        assert page.locator(f"input[name=away][value='{slot.pk}']").is_checked()
    page.locator("#availability-form button[type=submit]").click()
    page.locator("#availability-notice").wait_for()
    assert TEXTS[language]["saved"] in page.locator("#availability-notice").inner_text()
    assert set(Unavailability.objects.filter(person=buyer).values_list("slot_id", flat=True)) == {
        s.pk for s in morning
    }
    buyer.refresh_from_db()
    assert (buyer.attends_remotely, buyer.timezone) == (True, "America/Toronto")

    # 2. An online meeting request.
    page.goto(f"{live_server.url}{base}/meetings/request/{provider.pk}/")
    assert fits_the_phone(page)
    page.locator("textarea[name=message]").fill("Shall we meet by video?")
    page.locator("input[name=online]").check()
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url(f"**{base}/meetings/?tab=outgoing")
    request = MeetingRequest.objects.get(requester=buyer)
    assert request.online is True

    # 3. The provider accepts; the organizers schedule and publish.
    accept_meeting_request(request, by=provider)
    organizer = UserFactory()
    mission.organizers.add(organizer)
    start_schedule_run(mission, by=organizer, parameters={"time_limit": 5})
    publish_schedule(mission, by=organizer)
    meeting = ScheduledMeeting.objects.get(request=request, state="published")
    assert meeting.table_id is None
    assert meeting.slot_id in {s.pk for s in afternoon}

    # 4. The agenda: online, with its link, at Toronto time (14:00 in Casablanca = 09:00).
    page.goto(f"{live_server.url}{base}/agenda/")
    card = page.locator(f"#meeting-{meeting.uuid}")
    assert TEXTS[language]["online"] in card.text_content()
    link = card.locator(".video-link a")
    assert link.get_attribute("href") == f"https://meet.example/jisr-{request.video_uid}"
    expected = "09:00" if meeting.slot_id == afternoon[0].pk else "09:30"
    assert expected in card.locator(".time").inner_text()
    assert fits_the_phone(page)
    context.close()
