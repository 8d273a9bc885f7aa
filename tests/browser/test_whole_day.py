"""The whole event day on a phone (390x844), in English and in Arabic, as real users
through the browser: a provider marks a half-day away; a remote buyer (Toronto) asks
for an online meeting with a pasted video link; the provider accepts; they exchange
messages and the writer sees them read; the organizer runs the scheduler and publishes
from the console; the organizer checks the provider in from the phone check-in page by
typing the code shown on the provider's phone; the provider opens "My next meeting",
and the buyer their agenda, the calendar file and the PDF, each with the video link.

Every page must fit the phone's width and run without a content-security-policy
violation; Arabic pages are right to left.

Camera scanning is not walked: Debian's Chromium on Linux has no ``BarcodeDetector``
(the check-in script then offers the typed code only, which is what is tested here).
"""

import datetime as dt
import subprocess
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from jisr.directory.models import Organization
from jisr.meetings.models import MeetingRequest, Unavailability
from jisr.messaging.models import Message
from jisr.outcomes.models import Badge, CheckIn
from jisr.schedules.models import Publication, ScheduledMeeting
from tests.factories import MissionFactory, UserFactory, VenueFactory
from tests.factories_meetings import participant
from tests.factories_schedules import MeetingDayFactory, TableFactory, add_slots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
PHONE = {"width": 390, "height": 844}
CASABLANCA = ZoneInfo("Africa/Casablanca")
TORONTO = ZoneInfo("America/Toronto")
LINK = "https://meet.example/room-4127"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


class Phone:
    """One person's phone: a browser context that records CSP violations."""

    def __init__(self, browser, live_server, language):
        self.context = browser.new_context(
            viewport=PHONE,
            locale="ar-MA" if language == "ar" else "en-US",
            is_mobile=True,
            has_touch=True,
        )
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.console: list[str] = []
        self.page.on("console", lambda message: self.console.append(message.text))
        self.server = live_server.url
        self.language = language

    def sign_in(self, user, path):
        target = f"/{self.language}/m/whole-day/{path}"
        self.page.goto(f"{self.server}/en/login/?next={target}")
        self.page.locator("#id_username").fill(user.username)
        self.page.locator("#id_password").fill(PASSWORD)
        self.page.locator("main form button[type=submit]").click()
        self.page.wait_for_url(f"**{target}")
        self.check()

    def open(self, path):
        self.page.goto(f"{self.server}/{self.language}/m/whole-day/{path}")
        self.check()

    def check(self):
        """The page is in the language's direction, fits the phone, and broke no CSP rule."""
        page = self.page
        page.wait_for_load_state()
        expected = "rtl" if self.language == "ar" else "ltr"
        assert page.locator("html").get_attribute("dir") == expected, page.url
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (page.url, width)
        violations = page.evaluate("window.__cspViolations || []")
        violations += [m for m in self.console if "Content Security Policy" in m]
        assert violations == [], (page.url, violations)

    def get(self, path):
        return self.context.request.get(f"{self.server}/{self.language}/m/whole-day/{path}")

    def close(self):
        self.context.close()


def _texts(language):
    with translation.override(language):
        return {
            "read": gettext("Read"),
            "online": gettext("Online meeting"),
            "saved": gettext("Your availability is saved. The organizers schedule around it."),
        }


@pytest.fixture
def day():
    """Tomorrow in Casablanca, two morning and two afternoon slots, one table."""
    mission = MissionFactory(slug="whole-day", name={"en": "Casablanca IT day", "ar": "يوم"})
    venue = VenueFactory(mission=mission, city="Casablanca", timezone="Africa/Casablanca")
    date = timezone.localtime(timezone.now(), CASABLANCA).date() + dt.timedelta(days=1)
    meeting_day = MeetingDayFactory(mission=mission, venue=venue, date=date)
    morning = add_slots(meeting_day, ["09:00", "09:30"])
    afternoon = add_slots(meeting_day, ["14:00", "14:30"], block="afternoon")
    TableFactory(mission=mission, venue=venue, label="T1")
    organizer = UserFactory()
    mission.organizers.add(organizer)
    return mission, date, morning, afternoon, organizer


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_whole_day_on_a_phone(live_server, browser, day, language, tmp_path):
    mission, date, morning, afternoon, organizer = day
    texts = _texts(language)
    buyer = participant(
        mission, Organization.Kind.BUYER, first_name="Brenda", last_name="Hall", language=language
    )
    provider = participant(
        mission, Organization.Kind.PROVIDER, first_name="Karim", last_name="Alaoui"
    )

    # 1. The provider is away in the morning (a half-day box, saved in place).
    karim = Phone(browser, live_server, language)
    karim.sign_in(provider.user, "meetings/availability/")
    karim.page.locator(f"input[name=away_period][value='{date.isoformat()}:morning']").check()
    karim.page.locator("#availability-form button[type=submit]").click()
    karim.page.locator("#availability-notice").wait_for()
    assert texts["saved"] in karim.page.locator("#availability-notice").inner_text()
    karim.check()
    away = set(Unavailability.objects.filter(person=provider).values_list("slot_id", flat=True))
    assert away == {slot.pk for slot in morning}

    # 2. The buyer attends from Toronto and asks for an online meeting with a link.
    brenda = Phone(browser, live_server, language)
    brenda.sign_in(buyer.user, "meetings/availability/")
    brenda.page.locator("#id_attends_remotely").check()
    brenda.page.locator("#id_timezone").select_option("America/Toronto")
    brenda.page.locator("#attendance-form button[type=submit]").click()
    brenda.page.wait_for_url("**/meetings/availability/")
    buyer.refresh_from_db()
    assert (buyer.attends_remotely, buyer.timezone) == (True, "America/Toronto")
    brenda.open(f"meetings/request/{provider.pk}/")
    brenda.page.locator("textarea[name=message]").fill("Shall we meet by video?")
    brenda.page.locator("input[name=online]").check()
    brenda.page.locator("input[name=video_url]").fill(LINK)
    brenda.page.locator("form.stacked-form button[type=submit]").click()
    brenda.page.wait_for_url("**/meetings/?tab=outgoing")
    brenda.check()
    request = MeetingRequest.objects.get(requester=buyer)
    assert (request.recipient, request.online, request.video_url) == (provider, True, LINK)

    # 3. The provider accepts it from their requests (swapped in place).
    karim.open("meetings/?tab=incoming")
    card = karim.page.locator(f"#request-{request.pk}")
    card.locator("form[action$='/accept/'] button[type=submit]").click()
    karim.page.locator(f"#request-{request.pk} form[action$='/accept/']").wait_for(state="detached")
    karim.check()
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.ACCEPTED

    # 4. Messages: the buyer writes, the provider reads and answers, the buyer sees "Read".
    brenda.open(f"messages/{request.pk}/")
    brenda.page.locator("#id_body").fill("I will join from Toronto at 9.")
    brenda.page.locator("form.chat-form button[type=submit]").click()
    brenda.page.locator(".chat-message.mine .chat-body", has_text="from Toronto").wait_for()
    brenda.check()
    sent = Message.objects.get(sender=buyer)
    assert sent.read_at is None
    karim.open("messages/")
    karim.page.locator(".thread-item.unread a").click()
    karim.page.wait_for_url(f"**/messages/{request.pk}/")
    karim.page.locator("#id_body").fill("Perfect, the link works for me.")
    karim.page.locator("form.chat-form button[type=submit]").click()
    karim.page.locator(".chat-message.mine .chat-body", has_text="link works").wait_for()
    karim.check()
    sent.refresh_from_db()
    assert sent.read_at is not None
    brenda.open(f"messages/{request.pk}/")
    mine = brenda.page.locator(".chat-message.mine")
    assert texts["read"] in mine.locator(".chat-state").inner_text()
    assert Message.objects.get(sender=provider).read_at is not None  # opened by the buyer

    # 5. The organizer runs the scheduler and publishes, from the console on a phone.
    boss = Phone(browser, live_server, language)
    boss.sign_in(organizer, "schedule/")
    boss.page.locator("form.run-form input[name=time_limit]").fill("3")
    boss.page.locator("form.run-form button[value=solve]").click()
    boss.page.wait_for_url("**/schedule/#run")
    boss.page.locator("form[action$='/schedule/publish/'] button[type=submit]").click()
    boss.page.wait_for_url("**/schedule/**")
    boss.check()
    assert Publication.objects.get(mission=mission).version == 1
    meeting = ScheduledMeeting.objects.get(request=request, state="published")
    assert meeting.table_id is None  # online: no table
    assert meeting.slot_id in {slot.pk for slot in afternoon}  # the provider is away mornings

    # 6. The provider shows their code; the organizer types it on the check-in page.
    karim.open("next/")
    code = karim.page.locator(".badge-code").inner_text()
    assert code == Badge.objects.get(person=provider).display_code
    boss.open("check-in/")
    boss.page.wait_for_function(
        "document.querySelector('[data-start-camera]').hidden"
        " !== document.querySelector('[data-no-camera]').hidden"
    )
    boss.page.locator("#check-in-code").fill(code.lower())
    boss.page.locator("form.check-in-form button[type=submit]").click()
    success = boss.page.locator(".check-in-success")
    success.wait_for()
    assert "Karim Alaoui" in success.inner_text()
    boss.check()
    entry = CheckIn.objects.get()
    assert (entry.person, entry.checked_in_by) == (provider, organizer)
    boss.close()

    # 7. "My next meeting": online, with the link, Casablanca time for the provider...
    karim.open("next/")
    next_meeting = karim.page.locator("#next-meeting")
    assert texts["online"] in next_meeting.text_content()
    assert next_meeting.locator(".video-link a").get_attribute("href") == LINK
    assert "Brenda Hall" in next_meeting.locator(".counterpart").inner_text()
    local = timezone.localtime(meeting.slot.start, CASABLANCA).strftime("%H:%M")
    assert local in next_meeting.locator(".next-time").inner_text()
    assert karim.page.locator(".badge-card .message").count() == 1  # checked in today
    karim.check()
    karim.page.screenshot(path=tmp_path / f"next-{language}.png", full_page=True)
    karim.close()

    # ...and Toronto time for the remote buyer, on the page, in the agenda, ICS and PDF.
    toronto = timezone.localtime(meeting.slot.start, TORONTO).strftime("%H:%M")
    assert toronto in {"08:00", "08:30"}  # 14:00 / 14:30 in Casablanca
    brenda.open("next/")
    assert toronto in brenda.page.locator("#next-meeting .next-time").inner_text()
    brenda.open("agenda/")
    agenda_card = brenda.page.locator(f"#meeting-{meeting.uuid}")
    assert texts["online"] in agenda_card.text_content()
    assert agenda_card.locator(".video-link a").get_attribute("href") == LINK
    assert toronto in agenda_card.locator(".time").inner_text()
    ics = brenda.get("agenda/agenda.ics")
    assert ics.status == 200
    calendar = ics.text().replace("\r\n ", "")  # unfold the long lines
    assert f"URL:{LINK}" in calendar
    start = timezone.localtime(meeting.slot.start, TORONTO)
    assert f"DTSTART;TZID=America/Toronto:{start:%Y%m%dT%H%M%S}" in calendar
    assert LINK in calendar.split("CONFERENCE;", 1)[1].split("\r\n", 1)[0]
    pdf = brenda.get(f"agenda/agenda.pdf?lang={language}")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    path = tmp_path / f"agenda-{language}.pdf"
    path.write_bytes(pdf.body())
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert LINK in text
    assert toronto in text
    assert "America/Toronto" in text
    brenda.close()
