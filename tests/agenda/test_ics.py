import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
from django.urls import reverse

from jisr.outcomes.services import reset_calendar_feed
from tests.outcomes.world import cancel, move

CASABLANCA = ZoneInfo("Africa/Casablanca")


def _download(client, world, person=None):
    person = person or world.buyer
    client.force_login(person.user)
    response = client.get(reverse("web:agenda_ics", args=[world.mission.slug]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    return icalendar.Calendar.from_ical(response.content)


def _meeting_event(calendar, world):
    uid = f"{world.meeting.uuid}@jisr.invalid"
    (event,) = [e for e in calendar.events if str(e["UID"]) == uid]
    return event


def test_ics_meeting_at_ten_in_casablanca_carries_tzid_and_vtimezone(client, world):
    calendar = _download(client, world)

    event = _meeting_event(calendar, world)
    assert event["DTSTART"].params["TZID"] == "Africa/Casablanca"
    assert event.start == dt.datetime(2027, 4, 12, 10, 0, tzinfo=CASABLANCA)
    assert event.end == dt.datetime(2027, 4, 12, 10, 30, tzinfo=CASABLANCA)
    assert event.start.astimezone(dt.UTC).hour == 9
    assert [tz.tz_name for tz in calendar.timezones] == ["Africa/Casablanca"]
    assert calendar.get_missing_tzids() == set()
    assert str(calendar["METHOD"]) == "PUBLISH"


def test_ics_meeting_names_counterpart_table_and_venue(client, world):
    event = _meeting_event(_download(client, world), world)

    assert str(event["SUMMARY"]) == "Meeting with كريم العلوي (أطلس للبرمجيات)"
    assert str(event["LOCATION"]) == (
        "Table T1, Hyatt Regency, Place des Nations Unies, Casablanca"
    )
    assert str(event["STATUS"]) == "CONFIRMED"
    assert int(event["SEQUENCE"]) == 0
    assert f"/en/m/casa-week/agenda/meetings/{world.meeting.uuid}/" in str(event["DESCRIPTION"])
    (alarm,) = event.walk("VALARM")
    assert alarm["TRIGGER"].dt == -dt.timedelta(minutes=10)


def test_ics_uid_is_stable_across_two_exports(client, world):
    first = _download(client, world)
    second = _download(client, world)

    uids = [str(e["UID"]) for e in first.events]
    assert uids == [str(e["UID"]) for e in second.events]
    assert f"{world.meeting.uuid}@jisr.invalid" in uids
    programme_uids = sorted(u for u in uids if u.startswith("programme-item-"))
    assert len(programme_uids) == 2


def test_ics_sequence_bumps_and_time_follows_when_the_meeting_moves(client, world):
    before = _meeting_event(_download(client, world), world)

    move(world.meeting, world.slots[1], world.tables[1])
    after = _meeting_event(_download(client, world), world)

    assert str(after["UID"]) == str(before["UID"])
    assert (int(before["SEQUENCE"]), int(after["SEQUENCE"])) == (0, 1)
    assert after.start == dt.datetime(2027, 4, 12, 10, 30, tzinfo=CASABLANCA)
    assert str(after["LOCATION"]).startswith("Table T2, ")


def test_ics_cancelled_meeting_stays_as_a_cancellation(client, world):
    cancel(world.meeting)

    event = _meeting_event(_download(client, world), world)

    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1
    assert str(event["SUMMARY"]).startswith("Cancelled: ")
    assert event.walk("VALARM") == []


def test_ics_single_meeting_file_of_a_cancelled_meeting_uses_method_cancel(client, world):
    cancel(world.meeting)
    client.force_login(world.provider.user)

    response = client.get(
        reverse("web:agenda_meeting_ics", args=[world.mission.slug, world.meeting.uuid])
    )

    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "CANCEL"
    (event,) = calendar.events
    assert str(event["UID"]) == f"{world.meeting.uuid}@jisr.invalid"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    attendees = sorted(str(a) for a in event["ATTENDEE"])
    assert attendees == sorted(f"mailto:{p.email}" for p in (world.buyer, world.provider))


def test_ics_programme_items_keep_their_own_uid_and_venue_time(client, world):
    calendar = _download(client, world)

    visit = next(e for e in calendar.events if str(e["SUMMARY"]) == "Technopolis site visit")
    item = world.mission.programme.get(venue=world.rabat)
    assert str(visit["UID"]) == f"programme-item-{item.pk}@jisr.invalid"
    assert visit.start == dt.datetime(2027, 4, 12, 12, 30, tzinfo=CASABLANCA)
    assert str(visit["LOCATION"]) == "Technopolis Hall, Rabat"


def test_ics_feed_is_written_in_the_persons_language_without_login(client, world):
    token = reset_calendar_feed(world.provider, by=world.provider).token

    response = client.get(reverse("web:agenda_feed", args=[world.mission.slug, token]))

    calendar = icalendar.Calendar.from_ical(response.content)
    event = next(e for e in calendar.events if str(e["UID"]).startswith(str(world.meeting.uuid)))
    assert "Brenda Hall" in str(event["SUMMARY"])
    # Programme titles and catalog strings (kinds) come in the provider's Arabic.
    keynote, visit = sorted(
        (e for e in calendar.events if str(e["UID"]).startswith("programme-item-")),
        key=lambda e: e.start,
    )
    assert str(keynote["SUMMARY"]) == "الكلمة الافتتاحية"
    assert str(visit["SUMMARY"]) == "زيارة تكنوبوليس"
    assert str(visit["DESCRIPTION"]).startswith("زيارة ميدانية")
    assert "/ar/m/casa-week/agenda/" in str(visit["DESCRIPTION"])
    assert str(calendar["REFRESH-INTERVAL"].to_ical().decode()) == "PT1H"


def test_ics_leaves_out_the_other_sides_and_other_missions_meetings(client, world, other_world):
    calendar = _download(client, world, person=world.colleague)

    uids = {str(e["UID"]) for e in calendar.events}
    assert f"{world.meeting.uuid}@jisr.invalid" not in uids
    assert f"{other_world.meeting.uuid}@jisr.invalid" not in uids
    assert len(uids) == 2  # the two programme items of the colleague's mission


def test_ics_single_meeting_file_of_a_published_meeting_is_a_publication(client, world):
    client.force_login(world.buyer.user)

    response = client.get(
        reverse("web:agenda_meeting_ics", args=[world.mission.slug, world.meeting.uuid])
    )

    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    (event,) = calendar.events
    assert str(event["UID"]) == f"{world.meeting.uuid}@jisr.invalid"
    assert (str(event["STATUS"]), int(event["SEQUENCE"])) == ("CONFIRMED", 0)
    assert "ORGANIZER" not in event
    assert event.start == dt.datetime(2027, 4, 12, 10, 0, tzinfo=CASABLANCA)


def test_ics_single_meeting_file_of_someone_elses_meeting_is_404(client, world):
    client.force_login(world.colleague.user)

    response = client.get(
        reverse("web:agenda_meeting_ics", args=[world.mission.slug, world.meeting.uuid])
    )

    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content
