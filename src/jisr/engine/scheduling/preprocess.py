"""Domain reasoning before any solver runs.

Computes the slots each meeting may use (sessions, availability, tables, fixed
slots, precedence windows, slots taken by a participant's fixed meetings) and
proves common infeasibilities with a readable reason: a participant with more
meetings than usable slots (a bipartite matching test), clashing fixed meetings,
a precedence cycle. Solvers then only create variables inside these domains.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.windows import window_needs


@dataclass(frozen=True)
class Conflict:
    """A proof of infeasibility: the rules involved and a human-readable reason.

    ``code`` (one of ``outcome.CONFLICT_CODES``) and ``params`` (ids and counts) are
    stable and machine-readable, for translated text; ``reason`` is English detail.
    """

    rules: tuple[str, ...]
    reason: str
    meetings: tuple[int, ...] = ()
    participants: tuple[int, ...] = ()
    code: str = "rules_together"
    params: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass
class Domains:
    """Allowed slots per meeting and, when found, conflicts that make it infeasible."""

    slots: list[list[int]]
    conflicts: list[Conflict] = field(default_factory=list)
    # Why a meeting lost every slot (only meaningful when the meeting is optional).
    empty_reason: dict[int, str] = field(default_factory=dict)
    # Machine-readable parameters of ``empty_reason`` (code "no_allowed_slot").
    empty_params: dict[int, dict[str, Any]] = field(default_factory=dict)


def compute_domains(instance: Instance, *, relax: frozenset[str] = frozenset()) -> Domains:
    """Shrink meeting domains and collect conflicts; never raises for infeasible data.

    ``relax`` names domain rules to ignore ("sessions", "forbidden", "fixed",
    "precedences"); explaining infeasibility switches rules off one by one.
    """
    if relax:
        instance = relaxed(instance, relax)
    n_slots = instance.n_slots
    caps = instance.capacity()
    domains: list[set[int]] = []
    conflicts: list[Conflict] = []
    empty_reason: dict[int, str] = {}
    empty_params: dict[int, dict[str, Any]] = {}
    for m, meeting in enumerate(instance.meetings):
        allowed = set(instance.allowed_slots(m, caps))
        if meeting.fixed_slot is not None:
            if meeting.fixed_slot not in allowed:
                conflicts.append(_fixed_conflict(instance, m, caps))
            allowed = {meeting.fixed_slot}
        domains.append(allowed)
        if not allowed:
            empty_reason[m] = _empty_reason(instance, m)
            empty_params[m] = {
                "participants": [instance.participants[p].id for p in meeting.pair],
                "session": meeting.session,
            }

    # A fixed meeting occupies its slot for both participants.
    per_participant = instance.meetings_of()
    for p, own in enumerate(per_participant):
        fixed_here: dict[int, int] = {}
        for m in own:
            slot = instance.meetings[m].fixed_slot
            if slot is None:
                continue
            if slot in fixed_here:
                conflicts.append(
                    Conflict(
                        ("fixed", "one_meeting_per_participant_slot"),
                        f"participant {instance.participants[p].id} has two meetings fixed "
                        f"to slot {slot}",
                        (fixed_here[slot], m),
                        (p,),
                        code="fixed_double_booked",
                        params={"participant": instance.participants[p].id, "slot": slot},
                    )
                )
            fixed_here[slot] = m
        for m in own:
            if instance.meetings[m].fixed_slot is None:
                domains[m] -= set(fixed_here)

    fixed_per_slot = [0] * n_slots
    for meeting in instance.meetings:
        if meeting.fixed_slot is not None:
            fixed_per_slot[meeting.fixed_slot] += 1
    for slot, count in enumerate(fixed_per_slot):
        if count > caps[slot]:
            conflicts.append(
                Conflict(
                    ("fixed", "table_capacity"),
                    f"{count} meetings are fixed to slot {slot}, which has {caps[slot]} tables",
                    code="fixed_over_capacity",
                    params={"slot": slot, "meetings": count, "tables": caps[slot]},
                )
            )

    if instance.require_all:
        conflicts.extend(_propagate_precedences(instance, domains))
        for p, own in enumerate(per_participant):
            conflicts.extend(_hall_check(instance, p, own, domains))
            limit = instance.participants[p].max_meetings
            if limit is not None and len(own) > limit:
                conflicts.append(
                    Conflict(
                        ("max_meetings", "all_meetings"),
                        f"participant {instance.participants[p].id} has {len(own)} meetings "
                        f"but accepts at most {limit}",
                        participants=(p,),
                        code="over_max_meetings",
                        params={
                            "participant": instance.participants[p].id,
                            "meetings": len(own),
                            "limit": limit,
                        },
                    )
                )
        if not conflicts:
            conflicts.extend(_window_conflicts(instance, domains))
        if len(instance.meetings) > sum(caps):
            conflicts.append(
                Conflict(
                    ("table_capacity", "all_meetings"),
                    f"{len(instance.meetings)} meetings but only {sum(caps)} table-slots",
                    code="over_capacity",
                    params={"meetings": len(instance.meetings), "table_slots": sum(caps)},
                )
            )
    return Domains(
        slots=[sorted(d) for d in domains],
        conflicts=conflicts,
        empty_reason=empty_reason,
        empty_params=empty_params,
    )


def _window_conflicts(instance: Instance, domains: list[set[int]]) -> list[Conflict]:
    """Sessions (or days) that must hold more meetings than they have table-slots."""
    return [
        Conflict(
            ("sessions", "table_capacity", "all_meetings"),
            f"at least {need.least_inside} meetings must be held in the {need.name} (their "
            f"participants have too few usable slots outside it), which has "
            f"{need.table_slots} table-slots",
            code="window_overbooked",
            params={
                "window": need.name,
                "meetings": need.least_inside,
                "table_slots": need.table_slots,
            },
        )
        for need in window_needs(instance, domains)
        if need.least_inside > need.table_slots
    ]


def relaxed(instance: Instance, relax: frozenset[str]) -> Instance:
    """A copy of ``instance`` without the named rules (for explanations)."""
    participants = instance.participants
    if "forbidden" in relax:
        participants = tuple(replace(p, unavailable=frozenset()) for p in participants)
    if "max_meetings" in relax:
        participants = tuple(replace(p, max_meetings=None) for p in participants)
    meetings = tuple(
        replace(
            m,
            session="any" if "sessions" in relax else m.session,
            fixed_slot=None if "fixed" in relax else m.fixed_slot,
            after=() if "precedences" in relax else m.after,
        )
        for m in instance.meetings
    )
    return replace(
        instance,
        participants=participants,
        meetings=meetings,
        travel_buffers=() if "travel_buffer" in relax else instance.travel_buffers,
    )


def _fixed_conflict(instance: Instance, m: int, caps: list[int]) -> Conflict:
    meeting = instance.meetings[m]
    slot = meeting.fixed_slot
    assert slot is not None
    rules = ["fixed"]
    who: list[int] = []
    for p in meeting.pair:
        if slot in instance.participants[p].unavailable:
            rules.append("forbidden")
            who.append(p)
    if meeting.session not in ("any", instance.slots[slot].session):
        rules.append("sessions")
    if caps[slot] == 0:
        rules.append("table_capacity")
    names = ", ".join(instance.participants[p].id for p in who)
    detail = f" (participant {names} cannot attend)" if who else ""
    return Conflict(
        tuple(rules),
        f"meeting {meeting.id} is fixed to slot {slot}, which it cannot use{detail}",
        (m,),
        tuple(who),
        code="fixed_slot_unusable",
        params={
            "meeting": meeting.id,
            "slot": slot,
            "participants": [instance.participants[p].id for p in who],
        },
    )


def _empty_reason(instance: Instance, m: int) -> str:
    meeting = instance.meetings[m]
    names = (
        f"{instance.participants[meeting.first].id} and {instance.participants[meeting.second].id}"
    )
    return f"no slot fits session '{meeting.session}' and the availability of {names}"


def _propagate_precedences(instance: Instance, domains: list[set[int]]) -> list[Conflict]:
    """Tighten windows along precedence chains (Bellman-Ford style, bounded rounds)."""
    n = len(instance.meetings)
    for _ in range(n + 1):
        changed = False
        for m, meeting in enumerate(instance.meetings):
            for before in meeting.after:
                if not domains[before] or not domains[m]:
                    continue
                earliest = min(domains[before]) + 1
                latest = max(domains[m]) - 1
                trimmed_m = {s for s in domains[m] if s >= earliest}
                trimmed_b = {s for s in domains[before] if s <= latest}
                if trimmed_m != domains[m] or trimmed_b != domains[before]:
                    domains[m], domains[before] = trimmed_m, trimmed_b
                    changed = True
                if not trimmed_m or not trimmed_b:
                    return [
                        Conflict(
                            ("precedences", "sessions", "forbidden", "fixed"),
                            f"meeting {instance.meetings[before].id} cannot be held before "
                            f"meeting {meeting.id} in any available slots",
                            (before, m),
                            code="precedence_impossible",
                            params={
                                "before": instance.meetings[before].id,
                                "after": meeting.id,
                            },
                        )
                    ]
        if not changed:
            return []
    return [Conflict(("precedences",), "the precedences contain a cycle", code="precedence_cycle")]


def _hall_check(
    instance: Instance, p: int, own: list[int], domains: list[set[int]]
) -> list[Conflict]:
    """Can each of p's meetings get its own slot? Kuhn's augmenting paths."""
    slot_owner: dict[int, int] = {}

    def place(m: int, seen: set[int]) -> bool:
        for slot in domains[m]:
            if slot in seen:
                continue
            seen.add(slot)
            if slot not in slot_owner or place(slot_owner[slot], seen):
                slot_owner[slot] = m
                return True
        return False

    for m in own:
        if not place(m, set()):
            usable = set().union(*(domains[x] for x in own)) if own else set()
            return [
                Conflict(
                    ("one_meeting_per_participant_slot", "forbidden", "sessions", "fixed"),
                    f"participant {instance.participants[p].id} has {len(own)} meetings but "
                    f"they fit in only {len(slot_owner)} distinct slots "
                    f"({len(usable)} usable slots in total)",
                    (m,),
                    (p,),
                    code="participant_overbooked",
                    params={
                        "participant": instance.participants[p].id,
                        "meetings": len(own),
                        "slots": len(slot_owner),
                    },
                )
            ]
    return []


def forced_breaks(instance: Instance, domains: Domains) -> list[int]:
    """Per participant, breaks that the fixed meetings force whatever the solver does.

    The busy slots must cover p's fixed slots with at most |M_p| slots in total and
    only where one of p's meetings may go; covering two fixed slots by one run needs
    every slot between them. A dynamic programme over each block finds the fewest
    runs; runs - 1 per busy block is a valid lower bound (it makes fixed-meeting
    variants start their search at, or next to, the optimum).
    """
    result: list[int] = []
    blocks = instance.blocks()
    for own in instance.meetings_of():
        fixed = sorted({s for m in own if (s := instance.meetings[m].fixed_slot) is not None})
        if len(fixed) <= 1:
            result.append(0)
            continue
        usable = set(fixed).union(*(set(domains.slots[m]) for m in own))
        budget = len(own)
        # best[length] = fewest breaks over the blocks seen so far using that many slots
        best: dict[int, int] = {0: 0}
        for block in blocks:
            here = [s for s in fixed if s in set(block)]
            if not here:
                continue
            options = _runs_by_length(here, usable)
            merged: dict[int, int] = {}
            for used, breaks in best.items():
                for length, runs in options.items():
                    total = used + length
                    if total <= budget:
                        value = breaks + runs - 1
                        if value < merged.get(total, 1 << 30):
                            merged[total] = value
            best = merged
        result.append(min(best.values()) if best else 0)
    return result


def _runs_by_length(fixed: list[int], usable: set[int]) -> dict[int, int]:
    """length -> fewest runs covering the sorted ``fixed`` slots of one block."""
    count = len(fixed)
    # table[i] = {length: runs} covering fixed[:i]
    table: list[dict[int, int]] = [{} for _ in range(count + 1)]
    table[0][0] = 0
    for end in range(1, count + 1):
        for begin in range(end - 1, -1, -1):
            low, high = fixed[begin], fixed[end - 1]
            if any(s not in usable for s in range(low, high + 1)):
                break
            for length, runs in table[begin].items():
                total = length + high - low + 1
                if runs + 1 < table[end].get(total, 1 << 30):
                    table[end][total] = runs + 1
    return table[count]


def weight_upper_bound(instance: Instance, domains: Domains) -> int:
    """Priority weight that can be held at most: the heaviest meetings that fit in
    all table-slots together (meetings without any usable slot excluded)."""
    weights = sorted(
        (meeting.priority for m, meeting in enumerate(instance.meetings) if domains.slots[m]),
        reverse=True,
    )
    return sum(weights[: sum(instance.capacity())])
