"""Writes on the meeting grid: meeting days, their slots, and tables per venue.

The grid models belong to ``jisr.missions``; organizers edit them from the scheduling
console, so these services live next to the scheduler that reads them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.core.errors import DomainError
from jisr.core.services import log_activity
from jisr.missions.models import MeetingDay, Mission, Slot, Table, Venue
from jisr.schedules.models import ScheduledMeeting

User = AbstractBaseUser | AnonymousUser
MAX_TABLES_AT_ONCE = 200


@dataclass(frozen=True)
class SessionSpec:
    """One session of a day: slots from ``start`` to ``end`` local time, e.g. 09:00-12:30."""

    block: str
    start: dt.time
    end: dt.time


def add_meeting_day(mission: Mission, *, date: dt.date, venue: Venue, by: User) -> MeetingDay:
    """A day of meetings at ``venue``; the date must fall within the mission."""
    if venue.mission_id != mission.pk:
        raise DomainError(_("This venue belongs to another mission."), field="venue")
    if not mission.start_date <= date <= mission.end_date:
        raise DomainError(
            _("The day must fall between %(start)s and %(end)s, the dates of the mission.")
            % {"start": mission.start_date.isoformat(), "end": mission.end_date.isoformat()},
            field="date",
        )
    with transaction.atomic():
        if MeetingDay.objects.for_mission(mission).filter(date=date, venue=venue).exists():
            raise DomainError(_("This venue already has a meeting day on that date."), field="date")
        day = MeetingDay.objects.create(mission=mission, date=date, venue=venue)
        log_activity(day, action="schedules.day_added", actor=by, mission=mission)
    return day


def generate_slots(
    day: MeetingDay,
    *,
    sessions: list[SessionSpec],
    slot_minutes: int,
    gap_minutes: int = 0,
    by: User,
) -> list[Slot]:
    """Cut each session into back-to-back slots of ``slot_minutes`` (plus ``gap_minutes``
    between slots), stored as aware datetimes in the venue's time zone.

    A trailing remainder shorter than a slot is dropped. Raises ``DomainError`` when a
    session is empty or reversed, or when a new slot overlaps an existing slot at the
    same venue.
    """
    if slot_minutes < 5 or slot_minutes > 240:
        raise DomainError(_("A slot lasts between 5 and 240 minutes."), field="slot_minutes")
    if gap_minutes < 0 or gap_minutes > 120:
        raise DomainError(_("A gap lasts between 0 and 120 minutes."), field="gap_minutes")
    if not sessions:
        raise DomainError(_("Give at least one session."))
    zone = ZoneInfo(day.venue.timezone)
    planned: list[tuple[str, dt.datetime, dt.datetime]] = []
    for session in sessions:
        if session.end <= session.start:
            raise DomainError(_("A session must end after it starts."), field=session.block)
        start = dt.datetime.combine(day.date, session.start, tzinfo=zone)
        end = dt.datetime.combine(day.date, session.end, tzinfo=zone)
        cursor = start
        count = 0
        while cursor + dt.timedelta(minutes=slot_minutes) <= end:
            planned.append((session.block, cursor, cursor + dt.timedelta(minutes=slot_minutes)))
            cursor += dt.timedelta(minutes=slot_minutes + gap_minutes)
            count += 1
        if count == 0:
            raise DomainError(
                _("The session from %(start)s to %(end)s is shorter than one slot.")
                % {"start": session.start.strftime("%H:%M"), "end": session.end.strftime("%H:%M")},
                field=session.block,
            )
    planned.sort(key=lambda item: item[1])
    for (_b1, _s1, end1), (_b2, start2, _e2) in itertools.pairwise(planned):
        if start2 < end1:
            raise DomainError(_("The sessions overlap each other."))
    with transaction.atomic():
        existing = Slot.objects.for_mission(day.mission).filter(day__venue=day.venue)
        for _block, start, end in planned:
            clash = existing.filter(start__lt=end, end__gt=start).first()
            if clash is not None:
                local = clash.start.astimezone(zone)
                raise DomainError(
                    _("A new slot overlaps the existing slot at %(time)s on %(date)s.")
                    % {"time": local.strftime("%H:%M"), "date": local.date().isoformat()}
                )
        created = Slot.objects.bulk_create(
            Slot(mission=day.mission, day=day, block=block, start=start, end=end)
            for block, start, end in planned
        )
        log_activity(
            day,
            action="schedules.slots_generated",
            actor=by,
            mission=day.mission,
            data={"count": len(created), "slot_minutes": slot_minutes},
        )
    return created


def delete_meeting_day(day: MeetingDay, *, by: User) -> None:
    """Remove a day and its slots, unless a scheduled meeting still uses one."""
    with transaction.atomic():
        if ScheduledMeeting.objects.filter(slot__day=day).exists():
            raise DomainError(
                _("Meetings are scheduled on this day. Run the scheduler without it first.")
            )
        log_activity(day, action="schedules.day_deleted", actor=by, mission=day.mission)
        day.delete()


def delete_slot(slot: Slot, *, by: User) -> None:
    with transaction.atomic():
        if ScheduledMeeting.objects.filter(slot=slot).exists():
            raise DomainError(_("Meetings are scheduled in this slot."))
        log_activity(slot, action="schedules.slot_deleted", actor=by, mission=slot.mission)
        slot.delete()


def add_tables(venue: Venue, *, count: int, prefix: str = "T", by: User) -> list[Table]:
    """Add ``count`` tables labelled ``<prefix><n>``, numbered after the venue's highest."""
    if not 1 <= count <= MAX_TABLES_AT_ONCE:
        raise DomainError(
            _("Add between 1 and %(max)s tables at once.") % {"max": MAX_TABLES_AT_ONCE},
            field="count",
        )
    prefix = prefix.strip()[:10]
    with transaction.atomic():
        labels = set(Table.objects.filter(venue=venue).values_list("label", flat=True))
        pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
        numbers = [int(m.group(1)) for label in labels if (m := pattern.match(label))]
        start = max(numbers, default=0) + 1
        created = Table.objects.bulk_create(
            Table(mission=venue.mission, venue=venue, label=f"{prefix}{n}")
            for n in range(start, start + count)
            if f"{prefix}{n}" not in labels
        )
        log_activity(
            venue,
            action="schedules.tables_added",
            actor=by,
            mission=venue.mission,
            data={"count": len(created)},
        )
    return created


def delete_table(table: Table, *, by: User) -> None:
    with transaction.atomic():
        if ScheduledMeeting.objects.filter(table=table).exists():
            raise DomainError(_("Meetings are scheduled at this table."))
        log_activity(table, action="schedules.table_deleted", actor=by, mission=table.mission)
        table.delete()
