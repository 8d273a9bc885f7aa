"""Online meetings, a reader's own time zone and programme SEQUENCE in the agenda,
the calendar file and the PDF."""

import datetime as dt
import subprocess
from zoneinfo import ZoneInfo

import icalendar
from django.urls import reverse

from jisr.meetings.models import MeetingPolicy, MeetingRequest

NEW_YORK = ZoneInfo("America/New_York")
PATTERN = "https://meet.example/jisr-{uid}"


def _online(world, video_url=""):
    MeetingPolicy.objects.create(mission=world.mission, video_url_pattern=PATTERN)
    MeetingRequest.objects.filter(pk=world.meeting.request_id).update(
        online=True, video_url=video_url
    )
    world.meeting.table = None
    world.meeting.save()
    request = MeetingRequest.objects.get(pk=world.meeting.request_id)
    return f"https://meet.example/jisr-{request.video_uid}"


def _calendar(client, person, world):
    client.force_login(person.user)
    response = client.get(reverse("web:agenda_ics", args=[world.mission.slug]))
    return icalendar.Calendar.from_ical(response.content)


def _meeting_event(calendar, world):
    uid = f"{world.meeting.uuid}@jisr.invalid"
    (event,) = [e for e in calendar.events if str(e["UID"]) == uid]
    return event


def test_agenda_page_shows_an_online_meeting_with_its_video_link(client, world):
    link = _online(world)
    client.force_login(world.buyer.user)

    html = client.get(reverse("web:agenda", args=[world.mission.slug])).content.decode()

    assert "Online meeting" in html
    assert (
        f'<a href="{link}" rel="noopener noreferrer" target="_blank">Join the video call</a>'
        in (html)
    )
    assert "Travel from" not in html.split("Online meeting", 1)[1].split("</li>", 1)[0]


def test_ics_online_meeting_puts_the_link_in_location_url_and_conference(client, world):
    link = _online(world)

    event = _meeting_event(_calendar(client, world.provider, world), world)

    assert str(event["LOCATION"]) == f"Online: {link}"
    assert str(event["URL"]) == link
    assert str(event["CONFERENCE"]) == link
    assert event["CONFERENCE"].params["FEATURE"] == "VIDEO"


def test_ics_online_meeting_prefers_the_pasted_link(client, world):
    _online(world, video_url="https://video.example/room-42")

    event = _meeting_event(_calendar(client, world.buyer, world), world)

    assert str(event["LOCATION"]) == "Online: https://video.example/room-42"


def test_pdf_online_meeting_has_no_table_card(client, world, tmp_path):
    link = _online(world)
    client.force_login(world.buyer.user)

    response = client.get(reverse("web:agenda_pdf", args=[world.mission.slug]))

    path = tmp_path / "agenda.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Online meeting" in text
    assert link.split("jisr-")[1][:8] in "".join(text.split())
    assert "Table cards" not in text


def test_agenda_of_a_remote_participant_is_in_their_time_zone(client, world):
    world.buyer.timezone = "America/New_York"
    world.buyer.save()
    client.force_login(world.buyer.user)

    html = client.get(reverse("web:agenda", args=[world.mission.slug])).content.decode()
    event = _meeting_event(_calendar(client, world.buyer, world), world)

    # 10:00 in Casablanca (UTC+1) is 05:00 in New York (UTC-4) on 12 April 2027.
    assert "05:00" in html and "America/New_York" in html
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.start == dt.datetime(2027, 4, 12, 5, 0, tzinfo=NEW_YORK)


def test_ics_programme_item_sequence_follows_time_and_place_changes(client, world):
    keynote = world.mission.programme.get(venue=world.casablanca)
    uid = f"programme-item-{keynote.pk}@jisr.invalid"

    def event():
        calendar = _calendar(client, world.buyer, world)
        (found,) = [e for e in calendar.events if str(e["UID"]) == uid]
        return found

    assert int(event()["SEQUENCE"]) == 0
    keynote.title = {"en": "Opening keynote, renamed"}
    keynote.save()
    assert int(event()["SEQUENCE"]) == 0  # a new title is no move
    keynote.start += dt.timedelta(minutes=15)
    keynote.save()
    moved = event()
    assert int(moved["SEQUENCE"]) == 1
    assert moved.start.hour == 9 and moved.start.minute == 15
    keynote.venue = world.rabat
    keynote.save(update_fields=["venue"])
    assert int(event()["SEQUENCE"]) == 2


def test_meeting_page_of_an_online_meeting_has_the_link_and_no_table(client, world):
    link = _online(world)
    client.force_login(world.provider.user)

    response = client.get(
        reverse("web:agenda_meeting", args=[world.mission.slug, world.meeting.uuid])
    )

    assert response.status_code == 200
    assert f'href="{link}"' in response.text
    assert 'class="table-label"' not in response.text


def test_meeting_page_of_someone_elses_online_meeting_is_404(client, world):
    _online(world)
    client.force_login(world.colleague.user)

    response = client.get(
        reverse("web:agenda_meeting", args=[world.mission.slug, world.meeting.uuid])
    )

    assert response.status_code == 404
