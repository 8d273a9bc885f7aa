"""Table assignment once slots are fixed.

Any assignment within capacity is valid (the published problem only needs the
per-slot count); this one also keeps participants at the same table where it can,
so a provider with back-to-back meetings stays at one meeting point. Slots are
processed in order; in each slot, a meeting first tries the tables its two
participants used last that day (the busier participant first), then any free
table at its venue.

Callers can pin tables: ``fixed`` tables (a locked meeting keeps slot and table)
are claimed first in their slot, then ``preferred`` ones (a meeting that did not
move keeps its table when it is free), then the rule above.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from jisr.engine.scheduling.instance import Instance


def assign_tables(
    instance: Instance,
    slots: Sequence[int | None],
    venues: Sequence[str | None] | None = None,
    *,
    fixed: Mapping[int, int] | None = None,
    preferred: Mapping[int, int] | None = None,
) -> tuple[int | None, ...]:
    """Table index per meeting (None when unscheduled). Raises ValueError when a slot
    holds more meetings than it has tables (a solver bug, never silent).

    ``fixed`` and ``preferred`` map meeting index -> table index. A fixed table is
    kept unless it is closed in the meeting's slot, at another venue than the one the
    solver chose, or fixed for two meetings of the slot (then ValueError); a
    preferred table is kept when still free after the fixed ones."""
    fixed = fixed or {}
    preferred = preferred or {}
    load = [len(own) for own in instance.meetings_of()]
    open_tables: list[list[int]] = [[] for _ in instance.slots]
    for index, info in enumerate(instance.tables):
        for t in info.slots if info.slots is not None else range(instance.n_slots):
            open_tables[t].append(index)
    by_slot: dict[int, list[int]] = {}
    for m, slot in enumerate(slots):
        if slot is not None:
            by_slot.setdefault(slot, []).append(m)

    result: list[int | None] = [None] * len(slots)
    last_table: dict[int, tuple[int, int]] = {}  # participant -> (day, table)
    for t in sorted(by_slot):
        day = instance.slots[t].day
        free = set(open_tables[t])
        pending: list[int] = []
        # Busiest participants keep their table first: they move the most otherwise.
        ordered = sorted(
            by_slot[t],
            key=lambda m: -max(load[instance.meetings[m].first], load[instance.meetings[m].second]),
        )
        for wishes, strict in ((fixed, True), (preferred, False)):
            for m in ordered:
                table = wishes.get(m)
                if table is None or result[m] is not None:
                    continue
                wanted = venues[m] if venues is not None else None
                fits = wanted is None or instance.tables[table].venue == wanted
                if table in free and fits:
                    result[m] = table
                    free.discard(table)
                elif strict and fits and table in open_tables[t]:
                    raise ValueError(f"table {table} is fixed for two meetings in slot {t}")
        for m in ordered:
            if result[m] is not None:
                continue
            meeting = instance.meetings[m]
            wanted = venues[m] if venues is not None else None
            ends = sorted(meeting.pair, key=lambda p: -load[p])
            choice = None
            for p in ends:
                previous = last_table.get(p)
                if previous is None or previous[0] != day or previous[1] not in free:
                    continue
                if wanted is None or instance.tables[previous[1]].venue == wanted:
                    choice = previous[1]
                    break
            if choice is None:
                pending.append(m)
            else:
                result[m] = choice
                free.discard(choice)
        for m in pending:
            wanted = venues[m] if venues is not None else None
            candidates = sorted(
                table for table in free if wanted is None or instance.tables[table].venue == wanted
            )
            if not candidates:
                raise ValueError(
                    f"slot {t} has no free table for meeting {instance.meetings[m].id}"
                )
            result[m] = candidates[0]
            free.discard(candidates[0])
        for m in by_slot[t]:
            table = result[m]
            assert table is not None
            for p in instance.meetings[m].pair:
                last_table[p] = (day, table)
    return tuple(result)


def table_changes(
    instance: Instance, slots: Sequence[int | None], tables: Sequence[int | None]
) -> int:
    """How often someone changes table between two back-to-back meetings."""
    changes = 0
    per_participant: list[list[tuple[int, int]]] = [[] for _ in instance.participants]
    for m, slot in enumerate(slots):
        table = tables[m]
        if slot is None or table is None:
            continue
        for p in instance.meetings[m].pair:
            per_participant[p].append((slot, table))
    for visits in per_participant:
        visits.sort()
        for (slot, table), (next_slot, next_table) in itertools.pairwise(visits):
            if next_slot == slot + 1 and instance.adjacent(slot) and table != next_table:
                changes += 1
    return changes
