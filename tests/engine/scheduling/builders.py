"""Small hand-made instances for engine tests."""

from __future__ import annotations

from jisr.engine.scheduling.instance import (
    Instance,
    Meeting,
    Participant,
    SessionRule,
    Slot,
    Table,
    TravelBuffer,
)


def make_instance(
    pairs: list[tuple[int, int]],
    *,
    n_participants: int | None = None,
    n_slots: int = 4,
    n_tables: int = 2,
    morning_slots: int | None = None,
    sessions: dict[int, SessionRule] | None = None,
    unavailable: dict[int, set[int]] | None = None,
    fixed: dict[int, int] | None = None,
    after: dict[int, tuple[int, ...]] | None = None,
    priorities: dict[int, int] | None = None,
    max_meetings: dict[int, int] | None = None,
    blocks: list[tuple[int, int]] | None = None,
    venues: list[str] | None = None,
    travel: list[TravelBuffer] | None = None,
    require_all: bool = True,
) -> Instance:
    """Participants are 0..n-1 with ids "p0".."pn"; meeting i has id "m<i>"."""
    count = n_participants or (max(max(pair) for pair in pairs) + 1 if pairs else 1)
    morning = n_slots if morning_slots is None else morning_slots
    unavailable = unavailable or {}
    max_meetings = max_meetings or {}
    participants = tuple(
        Participant(
            id=f"p{p}",
            unavailable=frozenset(unavailable.get(p, set())),
            max_meetings=max_meetings.get(p),
        )
        for p in range(count)
    )
    slot_blocks = blocks or [(0, 0)] * n_slots
    slots = tuple(
        Slot(
            day=slot_blocks[s][0],
            block=slot_blocks[s][1],
            session="morning" if s < morning else "afternoon",
        )
        for s in range(n_slots)
    )
    table_venues = venues or ["main"] * n_tables
    tables = tuple(Table(id=f"t{t}", venue=table_venues[t]) for t in range(len(table_venues)))
    meetings = tuple(
        Meeting(
            id=f"m{i}",
            first=a,
            second=b,
            session=(sessions or {}).get(i, "any"),
            fixed_slot=(fixed or {}).get(i),
            priority=(priorities or {}).get(i, 1),
            after=(after or {}).get(i, ()),
        )
        for i, (a, b) in enumerate(pairs)
    )
    return Instance(
        name="test",
        participants=participants,
        slots=slots,
        tables=tables,
        meetings=meetings,
        travel_buffers=tuple(travel or ()),
        require_all=require_all,
    )
