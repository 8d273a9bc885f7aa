"""The large path's neighbourhood search on events with several venues: a freed
meeting chooses its venue, and travel buffers hold with the person's other meetings."""

from __future__ import annotations

import time

from jisr.engine.scheduling.instance import Instance, Schedule, TravelBuffer
from jisr.engine.scheduling.lns import improve_schedule
from jisr.engine.scheduling.preprocess import compute_domains
from jisr.engine.scheduling.synthetic import console_event
from jisr.engine.scheduling.tables import assign_tables
from jisr.engine.scheduling.validate import evaluate

from .builders import make_instance

BOTH_WAYS = [TravelBuffer("A", "B", 1), TravelBuffer("B", "A", 1)]


def _improve(
    instance: Instance, slots: list[int | None], venues: list[str | None], seconds: float = 20
) -> tuple[list[int | None], list[str | None]]:
    return improve_schedule(
        instance,
        slots,
        venues,
        compute_domains(instance).slots,
        fairness=None,
        deadline=time.monotonic() + seconds,
    )


def _checked(instance: Instance, slots: list[int | None], venues: list[str | None]):
    tables = assign_tables(instance, slots, venues)
    return evaluate(instance, Schedule(slots=tuple(slots), tables=tables), fairness=None)


def test_a_break_closes_through_a_venue_the_travel_buffer_allows() -> None:
    # One table at A and one at B, four slots. p0 meets p1 at slot 0 and p2 at slot 2,
    # both at A: a break. m2 (p3, p4) is fixed at slot 1 and holds A's table there, and
    # B at slot 1 is too close to p0's meeting at A in slot 0 (one slot to travel).
    instance = make_instance(
        [(0, 1), (0, 2), (3, 4)],
        n_slots=4,
        venues=["A", "B"],
        travel=BOTH_WAYS,
        fixed={2: 1},
        require_all=False,
    )
    start: tuple[list[int | None], list[str | None]] = ([0, 2, 1], ["A", "A", "A"])
    assert _checked(instance, *start).total_breaks == 1

    slots, venues = _improve(instance, *start)

    check = _checked(instance, slots, venues)
    assert check.ok, check.violations
    assert check.total_breaks == 0
    assert check.scheduled == 3


def test_console_event_keeps_its_weight_and_every_rule() -> None:
    instance = console_event(participants=40, meetings=120, tables_per_venue=3, seed=7)
    domains = compute_domains(instance)
    slots: list[int | None] = [None] * len(instance.meetings)
    venues: list[str | None] = [None] * len(instance.meetings)
    # A poor start: each meeting, in order, at the first slot and venue that the
    # validator accepts.
    for m in range(len(instance.meetings)):
        for t in domains.slots[m]:
            for venue in sorted(instance.venue_capacity()[t]):
                slots[m], venues[m] = t, venue
                try:
                    if _checked(instance, slots, venues).ok:
                        break
                except ValueError:  # no free table at that venue
                    pass
                slots[m], venues[m] = None, None
            if slots[m] is not None:
                break
    before = _checked(instance, slots, venues)
    assert before.ok

    # Cut short: the search goes on improving for longer than a test should wait.
    after = _checked(instance, *_improve(instance, slots, venues, seconds=4))

    assert after.ok, after.violations
    assert (after.weighted_scheduled, -after.total_breaks) > (
        before.weighted_scheduled,
        -before.total_breaks,
    )
