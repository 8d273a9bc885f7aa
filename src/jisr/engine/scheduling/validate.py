"""Solver-independent validator: checks every hard rule and computes every objective term.

Every test runs solver output through ``evaluate``; solvers never grade themselves.
Rule names are shared with ``constraints/`` and with infeasibility reports.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from jisr.engine.scheduling.instance import Instance, Schedule

RULES = (
    "slot_range",
    "one_meeting_per_participant_slot",
    "table_capacity",
    "sessions",
    "forbidden",
    "fixed",
    "precedences",
    "travel_buffer",
    "max_meetings",
    "all_meetings",
    "fairness",
    "tables",
)


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str
    meetings: tuple[int, ...] = ()
    participants: tuple[int, ...] = ()


@dataclass(frozen=True)
class Evaluation:
    """Objective terms and rule violations of one schedule."""

    violations: tuple[Violation, ...]
    scheduled: int
    weighted_scheduled: int
    total_breaks: int
    breaks: tuple[int, ...]
    meetings_per_participant: tuple[int, ...]

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def fairness_spread(self) -> int:
        """max - min breaks over all participants (0 without participants)."""
        return max(self.breaks) - min(self.breaks) if self.breaks else 0

    def rules_broken(self) -> set[str]:
        return {violation.rule for violation in self.violations}


def participant_breaks(instance: Instance, busy: list[int]) -> int:
    """Breaks of one participant given her busy slots: maximal idle gaps between two
    of her meetings inside one block (never across blocks or days)."""
    ordered = sorted(busy)
    breaks = 0
    for here, there in itertools.pairwise(ordered):
        if there == here + 1:
            continue
        same_block = all(instance.adjacent(s) for s in range(here, there))
        if same_block:
            breaks += 1
    return breaks


def evaluate(instance: Instance, schedule: Schedule, *, fairness: int | None = 2) -> Evaluation:
    """Check ``schedule`` against every hard rule of ``instance``.

    ``fairness`` is the cap d on max - min breaks over all participants (None: no cap).
    """
    violations: list[Violation] = []
    n_slots = instance.n_slots
    slots = schedule.slots
    if len(slots) != len(instance.meetings):
        return Evaluation(
            violations=(
                Violation(
                    "slot_range",
                    f"schedule has {len(slots)} entries for {len(instance.meetings)} meetings",
                ),
            ),
            scheduled=0,
            weighted_scheduled=0,
            total_breaks=0,
            breaks=tuple(0 for _ in instance.participants),
            meetings_per_participant=tuple(0 for _ in instance.participants),
        )
    placed: dict[int, int] = {}
    for m, slot in enumerate(slots):
        if slot is None:
            continue
        if not 0 <= slot < n_slots:
            violations.append(Violation("slot_range", f"meeting {m} in unknown slot {slot}", (m,)))
        else:
            placed[m] = slot

    busy: list[dict[int, int]] = [{} for _ in instance.participants]
    for m, slot in placed.items():
        meeting = instance.meetings[m]
        for p in meeting.pair:
            if slot in busy[p]:
                violations.append(
                    Violation(
                        "one_meeting_per_participant_slot",
                        f"participant {instance.participants[p].id} has meetings "
                        f"{instance.meetings[busy[p][slot]].id} and {meeting.id} in slot {slot}",
                        (busy[p][slot], m),
                        (p,),
                    )
                )
            else:
                busy[p][slot] = m
            if slot in instance.participants[p].unavailable:
                violations.append(
                    Violation(
                        "forbidden",
                        f"meeting {meeting.id} in slot {slot}, where participant "
                        f"{instance.participants[p].id} is unavailable",
                        (m,),
                        (p,),
                    )
                )
        if meeting.session != "any" and instance.slots[slot].session != meeting.session:
            violations.append(
                Violation(
                    "sessions", f"meeting {meeting.id} must be held in the {meeting.session}", (m,)
                )
            )

    capacity = instance.capacity()
    used = [0] * n_slots
    for slot in placed.values():
        used[slot] += 1
    for slot in range(n_slots):
        if used[slot] > capacity[slot]:
            violations.append(
                Violation(
                    "table_capacity",
                    f"slot {slot} holds {used[slot]} meetings but has {capacity[slot]} tables",
                )
            )

    for m, meeting in enumerate(instance.meetings):
        if meeting.fixed_slot is not None and slots[m] != meeting.fixed_slot:
            violations.append(
                Violation(
                    "fixed", f"meeting {meeting.id} is fixed to slot {meeting.fixed_slot}", (m,)
                )
            )
        if instance.require_all and m not in placed:
            violations.append(
                Violation("all_meetings", f"meeting {meeting.id} is unscheduled", (m,))
            )
        for before in meeting.after:
            if m in placed and before in placed and placed[before] >= placed[m]:
                violations.append(
                    Violation(
                        "precedences",
                        f"meeting {instance.meetings[before].id} must precede {meeting.id}",
                        (before, m),
                    )
                )

    for p, participant in enumerate(instance.participants):
        if participant.max_meetings is not None and len(busy[p]) > participant.max_meetings:
            violations.append(
                Violation(
                    "max_meetings",
                    f"participant {participant.id} has {len(busy[p])} meetings, "
                    f"more than {participant.max_meetings}",
                    participants=(p,),
                )
            )

    violations.extend(_check_tables(instance, schedule, placed))
    violations.extend(_check_travel(instance, schedule, busy))

    breaks = tuple(participant_breaks(instance, list(b)) for b in busy)
    if fairness is not None and breaks and max(breaks) - min(breaks) > fairness:
        worst = max(range(len(breaks)), key=lambda p: breaks[p])
        violations.append(
            Violation(
                "fairness",
                f"breaks range from {min(breaks)} to {max(breaks)} "
                f"(participant {instance.participants[worst].id}), more than d = {fairness}",
                participants=(worst,),
            )
        )
    return Evaluation(
        violations=tuple(violations),
        scheduled=len(placed),
        weighted_scheduled=sum(instance.meetings[m].priority for m in placed),
        total_breaks=sum(breaks),
        breaks=breaks,
        meetings_per_participant=tuple(len(b) for b in busy),
    )


def meeting_venues(instance: Instance, schedule: Schedule) -> list[str | None]:
    """Venue of each placed meeting: from its table, or the slot's only venue."""
    venues: list[str | None] = []
    per_slot = instance.venue_capacity()
    for m, slot in enumerate(schedule.slots):
        if slot is None or not 0 <= slot < instance.n_slots:
            venues.append(None)
            continue
        table = schedule.tables[m] if schedule.tables is not None else None
        if table is not None and 0 <= table < len(instance.tables):
            venues.append(instance.tables[table].venue)
        elif len(per_slot[slot]) == 1:
            venues.append(next(iter(per_slot[slot])))
        else:
            venues.append(None)
    return venues


def _check_tables(
    instance: Instance, schedule: Schedule, placed: dict[int, int]
) -> list[Violation]:
    if schedule.tables is None:
        return []
    found: list[Violation] = []
    taken: dict[tuple[int, int], int] = {}
    for m, slot in placed.items():
        table = schedule.tables[m] if m < len(schedule.tables) else None
        if table is None:
            found.append(
                Violation("tables", f"meeting {instance.meetings[m].id} has no table", (m,))
            )
            continue
        if not 0 <= table < len(instance.tables):
            found.append(Violation("tables", f"meeting {m} at unknown table {table}", (m,)))
            continue
        exists = instance.tables[table].slots
        if exists is not None and slot not in exists:
            found.append(
                Violation(
                    "tables", f"table {instance.tables[table].id} is closed in slot {slot}", (m,)
                )
            )
        if (table, slot) in taken:
            found.append(
                Violation(
                    "tables",
                    f"table {instance.tables[table].id} holds two meetings in slot {slot}",
                    (taken[(table, slot)], m),
                )
            )
        taken[(table, slot)] = m
    return found


def _check_travel(
    instance: Instance, schedule: Schedule, busy: list[dict[int, int]]
) -> list[Violation]:
    if not instance.travel_buffers:
        return []
    gap = {(b.from_venue, b.to_venue): b.slots for b in instance.travel_buffers}
    venues = meeting_venues(instance, schedule)
    found: list[Violation] = []
    for p, by_slot in enumerate(busy):
        ordered = sorted(by_slot)
        for i, here in enumerate(ordered):
            for there in ordered[i + 1 :]:
                if instance.slots[here].day != instance.slots[there].day:
                    break
                first, second = by_slot[here], by_slot[there]
                pair = (venues[first], venues[second])
                if pair[0] is None or pair[1] is None:
                    found.append(
                        Violation(
                            "travel_buffer",
                            "travel buffers need a table for meetings in multi-venue slots",
                            (first, second),
                            (p,),
                        )
                    )
                    continue
                needed = gap.get((pair[0], pair[1]), 0)
                if pair[0] != pair[1] and there - here - 1 < needed:
                    found.append(
                        Violation(
                            "travel_buffer",
                            f"participant {instance.participants[p].id} needs {needed} free "
                            f"slots to travel from {pair[0]} to {pair[1]}",
                            (first, second),
                            (p,),
                        )
                    )
    return found
