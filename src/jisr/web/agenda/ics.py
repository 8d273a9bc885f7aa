"""The agenda as iCalendar (RFC 5545), for a downloaded file and a subscribed feed.

Calendar apps update an event instead of duplicating it when its UID stays the same, and
take the newer version when its SEQUENCE is higher. Meetings therefore use the
scheduled meeting's permanent uuid and sequence; programme items use their row id and
the sequence bumped whenever their time or place changes. An online meeting's video
link is its LOCATION, URL and CONFERENCE (RFC 7986).
Cancelled meetings stay in the calendar with STATUS:CANCELLED so a re-import or the next
feed refresh removes (or strikes out) the event. Times carry the venue's TZID, and the
matching VTIMEZONE is included, as Outlook requires.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jisr.core.i18n import pick
from jisr.outcomes.agenda import Agenda, Entry

PRODID = "-//Jisr//Trade mission agenda//EN"
# The right-hand side of every UID. It must never change for a deployment, or every
# calendar that imported the agenda would show each event twice.
UID_DOMAIN = getattr(settings, "JISR_CALENDAR_UID_DOMAIN", "jisr.invalid")
REFRESH = dt.timedelta(hours=1)
REMINDER = dt.timedelta(minutes=10)
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Links:
    """Absolute addresses written into events, so a calendar entry leads back here."""

    agenda: str
    meeting: Callable[[Entry], str]


def meeting_uid(entry: Entry) -> str:
    assert entry.meeting is not None
    return f"{entry.meeting.uuid}@{UID_DOMAIN}"


def programme_uid(entry: Entry) -> str:
    assert entry.item is not None
    return f"programme-item-{entry.item.pk}@{UID_DOMAIN}"


def agenda_calendar(agenda: Agenda, *, language: str, links: Links) -> icalendar.Calendar:
    """All meetings (cancelled ones as cancellations) and programme items of ``agenda``,
    written in ``language``; METHOD:PUBLISH, as for any published calendar."""
    with translation.override(language):
        calendar = _calendar(
            method="PUBLISH",
            name=_("%(mission)s: agenda of %(name)s")
            % {
                "mission": pick(agenda.mission.name, language) or agenda.mission.slug,
                "name": agenda.person.full_name,
            },
        )
        calendar.add("x-wr-timezone", agenda.mission.timezone)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", REFRESH)
        for entry in agenda.entries:
            if entry.is_meeting:
                calendar.add_component(_meeting_event(entry, language=language, links=links))
            else:
                calendar.add_component(_programme_event(entry, language=language, links=links))
        _add_timezones(calendar, agenda)
    return calendar


def meeting_calendar(
    agenda: Agenda, entry: Entry, *, language: str, links: Links
) -> icalendar.Calendar:
    """One meeting as its own file. A cancelled meeting is sent as METHOD:CANCEL with
    the organizer and both attendees (RFC 5546), which clients apply to the event they
    already imported under the same UID."""
    assert entry.meeting is not None
    with translation.override(language):
        cancel = entry.cancelled
        calendar = _calendar(
            method="CANCEL" if cancel else "PUBLISH",
            name=pick(agenda.mission.name, language) or agenda.mission.slug,
        )
        event = _meeting_event(entry, language=language, links=links)
        if cancel:
            _add_parties(event, agenda, entry)
        calendar.add_component(event)
        _add_timezones(calendar, agenda)
    return calendar


def to_bytes(calendar: icalendar.Calendar) -> bytes:
    return calendar.to_ical()


def _calendar(*, method: str, name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    return calendar


def _meeting_event(entry: Entry, *, language: str, links: Links) -> icalendar.Event:
    meeting, counterpart = entry.meeting, entry.counterpart
    assert meeting is not None and counterpart is not None
    organization = counterpart.organization.name
    summary = _("Meeting with %(name)s (%(organization)s)") % {
        "name": counterpart.full_name,
        "organization": organization,
    }
    if entry.cancelled:
        summary = pgettext("calendar event title", "Cancelled: %(title)s") % {"title": summary}
    description = [
        _("One-to-one meeting with %(name)s, %(organization)s.")
        % {"name": counterpart.full_name, "organization": organization},
    ]
    if counterpart.title:
        description.append(counterpart.title)
    description.append(_location(entry))
    if entry.cancelled:
        description.append(_("This meeting was cancelled."))
    else:
        description.append(
            _("Confirm that the meeting took place: %(url)s") % {"url": links.meeting(entry)}
        )
    description.append(_("Your agenda: %(url)s") % {"url": links.agenda})
    event = _event(entry, uid=meeting_uid(entry), summary=summary, description=description)
    event.add("sequence", meeting.sequence)
    event.add("last-modified", meeting.updated.astimezone(dt.UTC))
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    if entry.online and entry.video_link:
        event.add("url", entry.video_link)
        event.add(
            "conference",
            entry.video_link,
            parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": _("Video call")},
        )
    else:
        event.add("url", links.meeting(entry))
    event.add("categories", [_("B2B meeting")])
    if not entry.cancelled:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -REMINDER)
        event.add_component(alarm)
    return event


def _programme_event(entry: Entry, *, language: str, links: Links) -> icalendar.Event:
    item = entry.item
    assert item is not None
    description = [str(item.get_kind_display())]
    if text := pick(item.description, language):
        description.append(text)
    speakers = [
        f"{speaker.full_name} ({speaker.organization.name})" for speaker in item.speakers.all()
    ]
    if speakers:
        description.append(_("Speakers: %(names)s") % {"names": ", ".join(speakers)})
    description.append(_("Your agenda: %(url)s") % {"url": links.agenda})
    event = _event(
        entry,
        uid=programme_uid(entry),
        summary=pick(item.title, language) or str(item.get_kind_display()),
        description=description,
    )
    event.add("sequence", item.sequence)
    event.add("last-modified", item.updated.astimezone(dt.UTC))
    event.add("status", "CONFIRMED")
    event.add("url", links.agenda)
    event.add("categories", [str(item.get_kind_display())])
    return event


def _event(entry: Entry, *, uid: str, summary: str, description: list[str]) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", dt.datetime.now(dt.UTC).replace(microsecond=0))
    # Local times with the venue's TZID: the event stays at 10:00 in Casablanca even
    # when Morocco changes its offset for Ramadan after the file was made.
    event.add("dtstart", entry.local_start)
    event.add("dtend", entry.local_end)
    event.add("summary", summary)
    event.add("location", _location(entry))
    event.add("description", "\n".join(line for line in description if line))
    event.add("transp", "OPAQUE")
    return event


def _location(entry: Entry) -> str:
    venue = entry.venue
    place = ", ".join(part for part in (venue.name, venue.address, venue.city) if part)
    if not entry.is_meeting:
        return place
    if entry.online:
        if entry.video_link:
            return _("Online: %(link)s") % {"link": entry.video_link}
        return _("Online meeting")
    if entry.table:
        return _("Table %(table)s, %(place)s") % {"table": entry.table, "place": place}
    return _("Table to be announced, %(place)s") % {"place": place}


def _add_parties(event: icalendar.Event, agenda: Agenda, entry: Entry) -> None:
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = icalendar.vText(pick(agenda.mission.name) or agenda.mission.slug)
    event.add("organizer", organizer)
    assert entry.counterpart is not None
    for person in (agenda.person, entry.counterpart):
        attendee = icalendar.vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = icalendar.vText(person.full_name)
        event.add("attendee", attendee, encode=False)


def _add_timezones(calendar: icalendar.Calendar, agenda: Agenda) -> None:
    """VTIMEZONEs covering the mission, a year either side: enough for every event,
    and short enough that feeds stay small."""
    first = agenda.mission.start_date - dt.timedelta(days=366)
    last = agenda.mission.end_date + dt.timedelta(days=366)
    calendar.add_missing_timezones(first_date=first, last_date=last)
