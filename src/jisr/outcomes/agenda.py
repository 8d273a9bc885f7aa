"""One participant's agenda: their published meetings and the mission's programme,
merged in time order, grouped by local day, with travel between venues.

Every time stays an aware datetime; each entry carries its venue's time zone, so pages,
calendar files and PDFs show it in local time wherever the reader is. A person with a
time zone of their own (a remote participant) sees every entry in that zone instead.
Online meetings carry their video link and need no travel.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from jisr.directory.models import Person
from jisr.meetings.queries import policy_for
from jisr.missions.models import Mission, ProgrammeItem, Venue
from jisr.missions.queries import programme_for
from jisr.outcomes import rules
from jisr.outcomes.models import Attendance
from jisr.outcomes.queries import attendance_by_meeting, is_schedule_published
from jisr.schedules.models import ScheduledMeeting
from jisr.schedules.queries import published_meetings_for

# Below these gaps a change of venue is flagged as tight. Casablanca–Rabat is about an
# hour by train, plus getting to and from the stations; within a city, a taxi ride.
TIGHT_SAME_CITY = dt.timedelta(minutes=20)
TIGHT_OTHER_CITY = dt.timedelta(minutes=90)


@dataclass
class Travel:
    """Moving from one venue to the next between two consecutive entries."""

    origin: Venue
    destination: Venue
    available: dt.timedelta

    @property
    def other_city(self) -> bool:
        return self.origin.city.strip().casefold() != self.destination.city.strip().casefold()

    @property
    def minutes(self) -> int:
        return int(self.available.total_seconds() // 60)

    @property
    def overlaps(self) -> bool:
        return self.available < dt.timedelta(0)

    @property
    def tight(self) -> bool:
        return self.available < (TIGHT_OTHER_CITY if self.other_city else TIGHT_SAME_CITY)


@dataclass
class Entry:
    """A meeting or a programme item in someone's agenda."""

    start: dt.datetime
    end: dt.datetime
    venue: Venue
    meeting: ScheduledMeeting | None = None
    item: ProgrammeItem | None = None
    counterpart: Person | None = None
    mine: Attendance | None = None
    theirs: Attendance | None = None
    can_confirm: bool = False
    travel: Travel | None = None
    # Other entries at the same time (never the B2B sessions that hold the meetings).
    conflicts: list[Entry] = field(default_factory=list)
    # The reader's own time zone; "" shows the venue's local time.
    reader_timezone: str = ""
    video_link: str = ""

    @property
    def timezone(self) -> str:
        return self.reader_timezone or self.venue.timezone

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def online(self) -> bool:
        return self.meeting is not None and self.meeting.request.online

    @property
    def is_meeting(self) -> bool:
        return self.meeting is not None

    @property
    def cancelled(self) -> bool:
        return self.meeting is not None and self.meeting.state == ScheduledMeeting.State.CANCELLED

    @property
    def local_start(self) -> dt.datetime:
        return self.start.astimezone(self.zone)

    @property
    def local_end(self) -> dt.datetime:
        return self.end.astimezone(self.zone)

    @property
    def table(self) -> str:
        table = self.meeting.table if self.meeting is not None else None
        return table.label if table is not None else ""


@dataclass
class Day:
    date: dt.date
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Agenda:
    mission: Mission
    person: Person
    published: bool
    days: list[Day]
    now: dt.datetime

    @property
    def entries(self) -> list[Entry]:
        return [entry for day in self.days for entry in day.entries]

    @property
    def meetings(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.is_meeting]

    @property
    def up_next(self) -> Entry | None:
        """The meeting under way, or else the next one; None once all are over."""
        for entry in self.meetings:
            if not entry.cancelled and entry.end > self.now:
                return entry
        return None

    @property
    def timezones(self) -> list[str]:
        return sorted(
            {entry.timezone for entry in self.entries}
            | {entry.venue.timezone for entry in self.entries}
            | {self.mission.timezone}
        )

    @property
    def own_timezone(self) -> str:
        """The person's own time zone, when every time is shown in it."""
        return self.person.timezone


def agenda_for(person: Person, *, now: dt.datetime | None = None) -> Agenda:
    """``person``'s agenda; cancelled meetings stay in it, marked, so calendars and the
    person learn about the cancellation. ``now`` decides which meetings can be
    confirmed already."""
    now = now or dt.datetime.now(dt.UTC)
    mission = person.mission
    meetings = list(
        published_meetings_for(person, include_cancelled=True).select_related("mission")
    )
    answers = attendance_by_meeting(meetings)
    pattern = policy_for(mission).video_url_pattern
    zone = person.timezone
    entries: list[Entry] = []
    for meeting in meetings:
        counterpart = meeting.request.counterpart(person.pk)
        assert isinstance(counterpart, Person)
        own_answers = answers.get(meeting.pk, {})
        entries.append(
            Entry(
                start=meeting.slot.start,
                end=meeting.slot.end,
                venue=meeting.slot.day.venue,
                meeting=meeting,
                counterpart=counterpart,
                mine=own_answers.get(person.pk),
                theirs=own_answers.get(counterpart.pk),
                can_confirm=rules.can_confirm_attendance(meeting, person, now),
                reader_timezone=zone,
                video_link=meeting.request.video_link(pattern),
            )
        )
    entries += [
        Entry(start=item.start, end=item.end, venue=item.venue, item=item, reader_timezone=zone)
        for item in programme_for(mission)
    ]
    # Programme items first at equal times: a session opens before its first meeting.
    entries.sort(key=lambda e: (e.start, e.is_meeting, e.end, e.meeting.pk if e.meeting else 0))
    active = [entry for entry in entries if not entry.cancelled]
    # An online meeting is joined from wherever one is: no travel to or from it.
    _add_travel([entry for entry in active if not entry.online])
    _add_conflicts(active)
    return Agenda(
        mission=mission,
        person=person,
        published=is_schedule_published(mission),
        days=_by_day(entries),
        now=now,
    )


def _add_travel(entries: list[Entry]) -> None:
    """Note each change of venue between consecutive entries of the same local day."""
    for previous, entry in itertools.pairwise(entries):
        if previous.venue.pk == entry.venue.pk:
            continue
        if previous.local_end.date() != entry.local_start.date():
            continue
        entry.travel = Travel(previous.venue, entry.venue, entry.start - previous.end)


def _add_conflicts(entries: list[Entry]) -> None:
    """Mark each meeting that overlaps a talk, visit or another meeting. B2B sessions
    are where meetings happen, so overlapping them is expected."""
    busy = [e for e in entries if e.item is None or e.item.kind != ProgrammeItem.Kind.MEETINGS]
    for entry in busy:
        if not entry.is_meeting:
            continue
        entry.conflicts = [
            other
            for other in busy
            if other is not entry and other.start < entry.end and entry.start < other.end
        ]


def _by_day(entries: list[Entry]) -> list[Day]:
    days: list[Day] = []
    for entry in entries:
        date = entry.local_start.date()
        if not days or days[-1].date != date:
            days.append(Day(date))
        days[-1].entries.append(entry)
    return days
