from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from jisr.engine.matching.timezones import WorkingDay, overlap_hours, overlap_matrix

OCTOBER = WorkingDay(dt.date(2026, 10, 14))
JANUARY = WorkingDay(dt.date(2026, 1, 14))
# Morocco observes UTC+0 during Ramadan (about 15 February to 22 March 2026) while New
# York is still on standard time until 8 March, then on daylight time.
RAMADAN_BEFORE_US_DST = WorkingDay(dt.date(2026, 3, 3))
RAMADAN_AFTER_US_DST = WorkingDay(dt.date(2026, 3, 10))


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        ("America/New_York", OCTOBER, 4.0),
        ("America/Los_Angeles", OCTOBER, 1.0),
        ("America/New_York", JANUARY, 3.0),
        ("America/Los_Angeles", JANUARY, 0.0),
        ("America/New_York", RAMADAN_BEFORE_US_DST, 4.0),
        ("America/New_York", RAMADAN_AFTER_US_DST, 5.0),
        ("Europe/Paris", JANUARY, 9.0),
        ("Europe/Paris", OCTOBER, 8.0),
    ],
)
def test_overlap_hours_with_casablanca_on_reference_dates(
    zone: str, day: WorkingDay, expected: float
) -> None:
    hours = overlap_hours(zone, "Africa/Casablanca", day)

    assert hours == expected


def test_overlap_hours_is_symmetric() -> None:
    there = overlap_hours("America/Chicago", "Africa/Casablanca", OCTOBER)

    back = overlap_hours("Africa/Casablanca", "America/Chicago", OCTOBER)

    assert there == back == 3.0


def test_overlap_hours_same_zone_is_the_whole_working_day() -> None:
    day = WorkingDay(OCTOBER.reference_date, dt.time(8, 30), dt.time(17, 0))

    assert overlap_hours("Africa/Casablanca", "Africa/Casablanca", day) == day.hours == 8.5


def test_overlap_matrix_matches_pairwise_values() -> None:
    buyers = ["America/New_York", "America/Los_Angeles"]
    providers = ["Africa/Casablanca", "Europe/Paris"]

    matrix = overlap_matrix(buyers, providers, OCTOBER)

    expected = [[overlap_hours(b, p, OCTOBER) for p in providers] for b in buyers]
    np.testing.assert_array_equal(matrix, np.array(expected, dtype=np.float32))
    assert matrix.tolist() == [[4.0, 3.0], [1.0, 0.0]]


def test_overlap_hours_unknown_zone_raises_value_error() -> None:
    with pytest.raises(ValueError, match="Mars/Olympus_Mons"):
        overlap_hours("Mars/Olympus_Mons", "Africa/Casablanca")


def test_working_day_ending_before_start_is_rejected() -> None:
    with pytest.raises(ValueError, match="start before"):
        WorkingDay(start=dt.time(18, 0), end=dt.time(9, 0))
