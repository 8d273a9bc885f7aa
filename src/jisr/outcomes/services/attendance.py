"""Attendance answers and calendar feed addresses.

Each service owns its transaction and records an activity-log entry.
"""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError, PermissionDenied
from jisr.core.services import log_activity
from jisr.directory.models import Person
from jisr.outcomes import rules
from jisr.outcomes.models import Attendance, CalendarFeed
from jisr.schedules.models import ScheduledMeeting

TOKEN_BYTES = 32  # 43 URL-safe characters


def confirm_attendance(
    scheduled_meeting: ScheduledMeeting,
    *,
    by: Person,
    held: bool,
    now: dt.datetime | None = None,
) -> Attendance:
    """Record ``by``'s answer to "did the meeting take place?" (``held=False`` records a
    no-show). Each side answers once and may correct its answer later.

    Refused when ``by`` is not one of the two participants (``PermissionDenied``), when
    the meeting is not published or was cancelled, and before the meeting's start time
    (``DomainError``).
    """
    now = now or timezone.now()
    with transaction.atomic():
        meeting = (
            ScheduledMeeting.objects.select_for_update()
            .select_related("request", "slot__day__venue", "mission")
            .get(pk=scheduled_meeting.pk)
        )
        if not rules.is_party(meeting, by):
            raise PermissionDenied(_("Only the two participants of a meeting can confirm it."))
        if meeting.state != ScheduledMeeting.State.PUBLISHED:
            raise DomainError(_("This meeting is not on the published schedule."))
        opens = rules.attendance_opens_at(meeting)
        if now < opens:
            local = timezone.localtime(opens, ZoneInfo(meeting.slot.day.venue.timezone))
            raise DomainError(
                _("You can confirm this meeting from its start time, %(start)s.")
                % {"start": date_format(local, "DATETIME_FORMAT")}
            )
        outcome = Attendance.Outcome.HELD if held else Attendance.Outcome.NO_SHOW
        attendance: Attendance
        attendance, created = Attendance.objects.update_or_create(
            meeting=meeting,
            person=by,
            defaults={
                "mission_id": meeting.mission_id,
                "outcome": outcome,
                "recorded_by": by.user,
                "recorded_at": now,
            },
        )
        log_activity(
            attendance,
            action="outcomes.attendance_confirmed" if created else "outcomes.attendance_changed",
            actor=by.user,
            mission=meeting.mission,
            data={"meeting": str(meeting.uuid), "person": by.pk, "outcome": outcome},
        )
    return attendance


def reset_calendar_feed(person: Person, *, by: Person) -> CalendarFeed:
    """Give ``person`` a new secret feed address; the previous one stops working."""
    if by.pk != person.pk:
        raise PermissionDenied(_("Only you can manage your calendar address."))
    with transaction.atomic():
        feed: CalendarFeed
        feed, created = CalendarFeed.objects.update_or_create(
            person=person,
            defaults={"mission_id": person.mission_id, "token": secrets.token_urlsafe(TOKEN_BYTES)},
        )
        log_activity(
            feed,
            action="outcomes.feed_created" if created else "outcomes.feed_reset",
            actor=person.user,
            mission=person.mission,
        )
    return feed


def revoke_calendar_feed(person: Person, *, by: Person) -> bool:
    """Turn ``person``'s feed off; its address answers 404 from now on. False if none."""
    if by.pk != person.pk:
        raise PermissionDenied(_("Only you can manage your calendar address."))
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(person=person).first()
        if feed is None:
            return False
        log_activity(
            feed, action="outcomes.feed_revoked", actor=person.user, mission=person.mission
        )
        feed.delete()
    return True
