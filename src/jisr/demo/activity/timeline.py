"""When things happen on the mission's own clock.

Requests and messages happen in the days before now; check-ins and no-shows happen on
the mission's first meeting day, at the times of its programme, whenever the sample is
made, so that the organizers can still check the demo provider in by hand "today".
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from jisr.missions.models import MeetingDay, Mission


def first_meeting_day(mission: Mission) -> MeetingDay | None:
    day: MeetingDay | None = MeetingDay.objects.for_mission(mission).order_by("date", "pk").first()
    return day


def local_time(mission: Mission, date: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """``hour:minute`` on ``date`` in the mission's time zone (aware)."""
    return dt.datetime.combine(date, dt.time(hour, minute), tzinfo=ZoneInfo(mission.timezone))
