"""Working-day overlap between two IANA time zones, from real zone rules.

Offsets move with daylight saving time (and Morocco's Ramadan switch to UTC+0), so every
figure is computed on a stated reference date: the overlap of the two local working days
that fall on that calendar date. Only distinct zone pairs are computed; profiles then
index into the small matrix, which keeps the 10,000 x 10,000 case cheap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class WorkingDay:
    """Local office hours, the same on both sides, on ``reference_date``.

    The default date is a mid-week day in October, when North America is on daylight
    time and Morocco on UTC+1: the most common season for trade missions.
    """

    reference_date: dt.date = dt.date(2026, 10, 14)
    start: dt.time = dt.time(9, 0)
    end: dt.time = dt.time(18, 0)

    def __post_init__(self) -> None:
        if self.start >= self.end:
            raise ValueError("working day must start before it ends")

    @property
    def hours(self) -> float:
        start = dt.datetime.combine(self.reference_date, self.start)
        end = dt.datetime.combine(self.reference_date, self.end)
        return (end - start).total_seconds() / 3600


@lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def _utc_interval(zone: str, day: WorkingDay) -> tuple[dt.datetime, dt.datetime]:
    tz = _zone(zone)
    start = dt.datetime.combine(day.reference_date, day.start, tzinfo=tz)
    end = dt.datetime.combine(day.reference_date, day.end, tzinfo=tz)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def overlap_hours(zone_a: str, zone_b: str, day: WorkingDay | None = None) -> float:
    """Hours during which both local working days are running, on the reference date.

    Raises ValueError for an unknown zone name.
    """
    day = day or WorkingDay()
    start_a, end_a = _utc_interval(zone_a, day)
    start_b, end_b = _utc_interval(zone_b, day)
    seconds = (min(end_a, end_b) - max(start_a, start_b)).total_seconds()
    return max(0.0, seconds / 3600)


def overlap_matrix(
    zones_a: Sequence[str], zones_b: Sequence[str], day: WorkingDay | None = None
) -> NDArray[np.float32]:
    """``len(zones_a) x len(zones_b)`` overlap hours; pass each distinct zone once."""
    day = day or WorkingDay()
    intervals_b = [_utc_interval(zone, day) for zone in zones_b]
    out = np.zeros((len(zones_a), len(zones_b)), dtype=np.float32)
    for i, zone in enumerate(zones_a):
        start_a, end_a = _utc_interval(zone, day)
        for j, (start_b, end_b) in enumerate(intervals_b):
            seconds = (min(end_a, end_b) - max(start_a, start_b)).total_seconds()
            out[i, j] = max(0.0, seconds / 3600)
    return out
