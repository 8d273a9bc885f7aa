"""The whole flow on a live server, in English and in Arabic: an organizer invites a
buyer and a provider; both register; the buyer requests a meeting and the provider
accepts; the organizer schedules and publishes; both find the meeting in their agenda
and download the calendar file and the PDF, which are parsed and checked.

Every page is driven by its form field ids and URLs rather than by label text, so the
same steps run in both languages; the Arabic run also checks the page direction.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail

from jisr.directory.models import Person
from jisr.missions.models import MeetingDay, Mission, Slot, Table, Venue
from jisr.schedules.models import ScheduledMeeting
from tests.factories import MissionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASABLANCA = ZoneInfo("Africa/Casablanca")
PASSWORD = "Atlas-bridge-2027!"
SLUG = "flow-mission"
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u2066\u2067\u2068\u2069\u202a\u202b\u202c"))


@pytest.fixture
def mission() -> Mission:
    """An open mission with its meeting grid ready: one day, three slots, two tables."""
    mission = MissionFactory(slug=SLUG, name={"en": "Flow mission", "ar": "بعثة التجربة"})
    venue = Venue.objects.create(
        mission=mission, name="Hyatt Regency", city="Casablanca", timezone="Africa/Casablanca"
    )
    day = MeetingDay.objects.create(mission=mission, date=dt.date(2027, 4, 12), venue=venue)
    for hour, minute in ((10, 0), (10, 30), (11, 0)):
        start = dt.datetime(2027, 4, 12, hour, minute, tzinfo=CASABLANCA)
        Slot.objects.create(
            mission=mission,
            day=day,
            block="morning",
            start=start,
            end=start + dt.timedelta(minutes=30),
        )
    for label in ("T1", "T2"):
        Table.objects.create(mission=mission, venue=venue, label=label)
    return mission


@pytest.fixture
def organizer(mission):
    user = UserFactory(username="organizer@flow.example", is_staff=True)
    mission.organizers.add(user)
    return user


def _context(browser, language):
    context = browser.new_context(locale="ar-MA" if language == "ar" else "en-US")
    context.set_default_timeout(20_000)
    return context


def _log_in(page, base, username, password, language):
    page.goto(f"{base}/{language}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _invite(page, base, language, *, email, first, last, organization, role, country, city):
    page.goto(f"{base}/{language}/m/{SLUG}/invitations/new/")
    page.locator("#id_email").fill(email)
    page.locator("#id_first_name").fill(first)
    page.locator("#id_last_name").fill(last)
    page.locator("#id_organization_name").fill(organization)
    page.locator("#id_role").select_option(role)
    page.locator("#id_language").select_option(language)
    page.locator("#id_country").fill(country)
    page.locator("#id_city").fill(city)
    page.locator("#id_valid_days").fill("14")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/m/{SLUG}/invitations/")
    (message,) = [m for m in mail.outbox if m.to == [email]]
    return re.search(r"https?://\S+/join/\S+/", message.body).group(0)


def _register(browser, link, language):
    context = _context(browser, language)
    page = context.new_page()
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == language
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_accept_notice").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/m/{SLUG}/profile/")
    return context, page


def _download(page, selector, tmp_path, name):
    with page.expect_download() as download:
        page.locator(selector).first.click()
    path = tmp_path / name
    download.value.save_as(path)
    return path


def _pdf_text(path):
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return text.translate(BIDI_MARKS)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_mission_flow_from_invitation_to_agenda_files(
    live_server, browser, mission, organizer, language, tmp_path
):
    base = live_server.url
    direction = "rtl" if language == "ar" else "ltr"
    buyer_name = ("Brenda", "Hall")
    provider_name = ("كريم", "العلوي") if language == "ar" else ("Karim", "Alaoui")

    # 1. The organizer invites a buyer and a provider.
    organizer_context = _context(browser, language)
    organizer_page = organizer_context.new_page()
    _log_in(organizer_page, base, organizer.username, "correct horse battery", language)
    assert organizer_page.locator("html").get_attribute("dir") == direction
    buyer_link = _invite(
        organizer_page,
        base,
        language,
        email="brenda@maple.example",
        first=buyer_name[0],
        last=buyer_name[1],
        organization="Maple Cloud Inc",
        role="buyer",
        country="CA",
        city="Toronto",
    )
    provider_link = _invite(
        organizer_page,
        base,
        language,
        email="karim@atlas.example",
        first=provider_name[0],
        last=provider_name[1],
        organization="Atlas Software",
        role="provider",
        country="MA",
        city="Rabat",
    )
    assert f"/{language}/m/{SLUG}/join/" in buyer_link

    # 2. Both register through their links.
    buyer_context, buyer_page = _register(browser, buyer_link, language)
    provider_context, provider_page = _register(browser, provider_link, language)
    buyer = Person.objects.get(mission=mission, email="brenda@maple.example")
    provider = Person.objects.get(mission=mission, email="karim@atlas.example")

    # 3. The buyer requests a meeting from the provider's profile; the provider accepts.
    buyer_page.goto(f"{base}/{language}/m/{SLUG}/organizations/{provider.organization_id}/")
    buyer_page.locator(f"a[href$='/meetings/request/{provider.pk}/']").click()
    buyer_page.locator("#id_message").fill("We need a nearshore Java team for 2027.")
    buyer_page.locator("main form button[type=submit]").click()
    buyer_page.wait_for_url(f"**/{language}/m/{SLUG}/meetings/?tab=outgoing")
    provider_page.goto(f"{base}/{language}/m/{SLUG}/meetings/?tab=incoming")
    provider_page.locator("form[action$='/accept/'] button[type=submit]").click()
    provider_page.locator(".request-card.status-accepted").first.wait_for()

    # 4. The organizer runs the scheduler and publishes.
    organizer_page.goto(f"{base}/{language}/m/{SLUG}/schedule/")
    organizer_page.locator("#id_time_limit").fill("5")
    organizer_page.locator("button[name=kind][value=solve]").click()
    organizer_page.wait_for_url(f"**/{language}/m/{SLUG}/schedule/**")
    organizer_page.locator("form[action$='/schedule/publish/'] button[type=submit]").first.click()
    organizer_page.wait_for_load_state()
    meeting = ScheduledMeeting.objects.get(mission=mission, state=ScheduledMeeting.State.PUBLISHED)
    local_start = meeting.slot.start.astimezone(CASABLANCA)
    time_range = f"{local_start:%H:%M}–{meeting.slot.end.astimezone(CASABLANCA):%H:%M}"
    table = meeting.table.label

    # 5. Both see the meeting in their agenda and download the calendar file and the PDF.
    for page, me, other, other_org in (
        (buyer_page, buyer, provider, "Atlas Software"),
        (provider_page, provider, buyer, "Maple Cloud Inc"),
    ):
        page.goto(f"{base}/{language}/m/{SLUG}/agenda/")
        assert page.locator("html").get_attribute("dir") == direction
        card = page.locator(f"#meeting-{meeting.uuid}")
        assert card.locator("h3 bdi").inner_text() == other.full_name
        assert card.locator(".table-label").inner_text() == table
        assert card.locator("time").first.inner_text() == f"{local_start:%H:%M}"

        ics_path = _download(page, "a[href$='/agenda/agenda.ics']", tmp_path, f"{me.pk}.ics")
        calendar = icalendar.Calendar.from_ical(ics_path.read_bytes())
        (event,) = calendar.events
        assert str(event["UID"]) == f"{meeting.uuid}@jisr.invalid"
        assert event["DTSTART"].params["TZID"] == "Africa/Casablanca"
        assert event.start == local_start
        assert [tz.tz_name for tz in calendar.timezones] == ["Africa/Casablanca"]
        assert other.full_name in str(event["SUMMARY"])
        assert table in str(event["LOCATION"]) and "Hyatt Regency" in str(event["LOCATION"])

        pdf_path = _download(page, "a[href$='/agenda/agenda.pdf']", tmp_path, f"{me.pk}.pdf")
        text = _pdf_text(pdf_path)
        assert all(word in text for word in other.full_name.split())
        assert other_org in text
        assert time_range in text
        assert table in text

    for context in (organizer_context, buyer_context, provider_context):
        context.close()
