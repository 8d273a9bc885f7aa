"""Large-neighbourhood search for the large-event path, lexicographic like the models.

One neighbourhood = one block and a few participants: a participant with a break
there (or the two participants of an unplaced meeting that is heavier than a
placed one), widened once or twice to the people they meet in the block; failing
that, the participant and the people she meets over all her blocks at once. Their
meetings in the block are freed, together with their unplaced meetings that may go
in the block; CP-SAT then chooses which of these to hold and where, everything
else fixed. Accepted only when it holds more priority weight, or the same weight
with fewer breaks, so the first objective never gets worse. No meeting with a
precedence or a fixed slot is ever freed. A freed meeting chooses its venue too
(tables per venue and slot), and travel buffers are kept with the participant's
other meetings of the day, freed or not.

Determinism: every CP-SAT call runs on one worker with a fixed seed and a
*deterministic* time limit, and the loop ends by itself (no break left, or a round
without progress); the wall-clock deadline is only a safety net, so the same input
gives the same schedule whatever the machine's load, unless that net is reached.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from jisr.engine.scheduling.cpsat import checked_solve, plain_solver, stop_watch
from jisr.engine.scheduling.instance import Instance, travel_clash, travel_gaps
from jisr.engine.scheduling.outcome import StopCheck
from jisr.engine.scheduling.validate import participant_breaks

# Deterministic-time budget of one neighbourhood, per widening level.
LEVEL_DTIME = (0.2, 0.6)
# The same for the last try: the participant's meetings in every block at once (a
# meeting may change block). Measured on the 2,000-participant event: 3-15 s each at
# deterministic time 1.0 under load 8, so only after the one-block tries fail.
WIDE_DTIME = 1.0
# Wall-clock cap of one neighbourhood (a safety net only).
STEP_SECONDS = 30.0
ROUNDS = 4
# Seconds between two progress reports (the console's progress box).
REPORT_EVERY = 1.0


class _Search:
    def __init__(
        self,
        instance: Instance,
        slot_of: list[int | None],
        venue_of: list[str | None],
        domains: list[list[int]],
        fairness: int | None,
        seed: int,
    ) -> None:
        self.instance = instance
        self.slots = list(slot_of)
        self.venues = list(venue_of)
        self.domains = domains
        self.fairness = fairness
        self.seed = seed
        self.own = instance.meetings_of()
        self.tables = instance.venue_capacity()
        self.gap = travel_gaps(instance)
        self.blocks = instance.blocks()
        self.block_of = [0] * instance.n_slots
        for index, block in enumerate(self.blocks):
            for t in block:
                self.block_of[t] = index
        frozen = [m.fixed_slot is not None or bool(m.after) for m in instance.meetings]
        for meeting in instance.meetings:
            for before in meeting.after:
                frozen[before] = True
        self.frozen = frozen
        self.used: dict[tuple[int, str], int] = {}
        for slot, venue in zip(self.slots, self.venues, strict=True):
            if slot is not None and venue is not None:
                self.used[(slot, venue)] = self.used.get((slot, venue), 0) + 1

    def breaks_of(self, p: int, block: int | None = None) -> int:
        busy = [
            s
            for m in self.own[p]
            if (s := self.slots[m]) is not None and (block is None or self.block_of[s] == block)
        ]
        return participant_breaks(self.instance, busy)

    def targets(self) -> list[tuple[int, tuple[int, ...]]]:
        """(block, participants) worth a neighbourhood, in a fixed order."""
        found: list[tuple[int, tuple[int, ...]]] = []
        for p in range(len(self.instance.participants)):
            for b in range(len(self.blocks)):
                if self.breaks_of(p, b):
                    found.append((b, (p,)))
        meetings = self.instance.meetings
        lightest_in = [1 << 30] * len(self.blocks)
        for m, slot in enumerate(self.slots):
            if slot is not None:
                b = self.block_of[slot]
                lightest_in[b] = min(lightest_in[b], meetings[m].priority)
        for m, slot in enumerate(self.slots):
            if slot is not None or self.frozen[m]:
                continue
            for b in sorted({self.block_of[t] for t in self.domains[m]}):
                if meetings[m].priority > lightest_in[b]:
                    found.append((b, meetings[m].pair))
        return found

    def wide(self, seeds: tuple[int, ...]) -> tuple[int, ...]:
        """Every usable block where the seeds have a meeting or an unplaced one may go."""
        found: set[int] = set()
        for m in (x for p in seeds for x in self.own[p]):
            slot = self.slots[m]
            if not self.frozen[m]:
                found.update(
                    self.block_of[t] for t in ([slot] if slot is not None else self.domains[m])
                )
        return tuple(sorted(found))

    def improve(
        self,
        area: tuple[int, ...],
        seeds: tuple[int, ...],
        level: int,
        dtime: float,
        wall_limit: float = STEP_SECONDS,
        should_stop: StopCheck | None = None,
    ) -> bool:
        """One neighbourhood over the blocks ``area``; True (and the schedule updated)
        when it was better."""
        instance, own, slots = self.instance, self.own, self.slots
        meetings = instance.meetings
        inside = {t for b in area for t in self.blocks[b]}
        people = set(seeds)
        for _ in range(level):
            people |= {
                q for r in people for m in own[r] if slots[m] in inside for q in meetings[m].pair
            }
        free = sorted(
            {
                m
                for r in people
                for m in own[r]
                if not self.frozen[m]
                and (
                    slots[m] in inside
                    or (slots[m] is None and any(t in inside for t in self.domains[m]))
                )
            }
        )
        if not free:
            return False
        free_set = set(free)
        touched = sorted({q for m in free for q in meetings[m].pair})
        kept: dict[int, list[tuple[int, str]]] = {}  # the (slot, venue) that stay
        for q in touched:
            kept[q] = []
            for m in own[q]:
                slot, venue = slots[m], self.venues[m]
                if m not in free_set and slot is not None and venue is not None:
                    kept[q].append((slot, venue))
        fixed_busy = {q: {s for s, _ in kept[q] if s in inside} for q in touched}
        model = cp_model.CpModel()
        place: dict[tuple[int, int, str], cp_model.IntVar] = {}
        held: dict[int, cp_model.IntVar] = {}
        for m in free:
            options: list[cp_model.IntVar] = []
            pair = meetings[m].pair
            for t in self.domains[m]:
                if t not in inside or any(t in fixed_busy[q] for q in pair):
                    continue
                for venue in sorted(self.tables[t]):
                    if self.gap and any(
                        travel_clash(instance, self.gap, (t, venue), other)
                        for q in pair
                        for other in kept[q]
                    ):
                        continue
                    var = model.new_bool_var(f"m{m}_t{t}_{venue}")
                    model.add_hint(var, slots[m] == t and self.venues[m] == venue)
                    place[(m, t, venue)] = var
                    options.append(var)
            if options:
                flag = model.new_bool_var(f"held{m}")
                model.add(cp_model.LinearExpr.sum(options) == flag)
                model.add_hint(flag, slots[m] is not None)
                held[m] = flag
            elif slots[m] is not None:
                return False  # cannot happen: its own slot is an option
        weight_now = sum(meetings[m].priority for m in free if slots[m] is not None)
        freed_at: dict[tuple[int, str], int] = {}
        for m in free:
            if (s := slots[m]) is not None and (v := self.venues[m]) is not None:
                freed_at[(s, v)] = freed_at.get((s, v), 0) + 1
        at_table: dict[tuple[int, str], list[cp_model.IntVar]] = {}
        for (_, t, venue), var in place.items():
            at_table.setdefault((t, venue), []).append(var)
        for (t, venue), here in sorted(at_table.items()):
            room = self.tables[t][venue] - self.used.get((t, venue), 0)
            model.add(cp_model.LinearExpr.sum(here) <= room + freed_at.get((t, venue), 0))
        if self.gap:
            self._travel_between_freed(model, place, touched, free_set)
        ends_all: list[cp_model.IntVar] = []
        breaks_now = 0
        for q in touched:
            ends: list[cp_model.IntVar] = []
            for b in area:
                busy: list[cp_model.IntVar | int] = []
                for t in self.blocks[b]:
                    mine = [
                        place[(m, t, v)]
                        for m in own[q]
                        for v in self.tables[t]
                        if (m, t, v) in place
                    ]
                    if t in fixed_busy[q]:
                        busy.append(1)
                    elif mine:
                        flag = model.new_bool_var(f"p{q}_busy{t}")
                        model.add(cp_model.LinearExpr.sum(mine) == flag)
                        busy.append(flag)
                    else:
                        busy.append(0)
                ends.extend(_break_ends(model, busy, f"p{q}_b{b}"))
            ends_all.extend(ends)
            here_now = sum(self.breaks_of(q, b) for b in area)
            breaks_now += here_now
            if self.fairness is not None:
                elsewhere = self.breaks_of(q) - here_now
                model.add(cp_model.LinearExpr.sum(ends) <= max(0, self.fairness - elsewhere))
            limit = instance.participants[q].max_meetings
            if limit is not None:
                outside = sum(1 for m in own[q] if slots[m] is not None and m not in free_set)
                mine_held = [held[m] for m in own[q] if m in held]
                model.add(cp_model.LinearExpr.sum(mine_held) <= limit - outside)
        scale = len(ends_all) + 1  # one unit of weight outweighs every break here
        weight = cp_model.LinearExpr.weighted_sum(
            list(held.values()), [meetings[m].priority for m in held]
        )
        value = weight * scale - cp_model.LinearExpr.sum(ends_all)
        model.add(value >= weight_now * scale - breaks_now + 1)
        model.maximize(value)
        solver = plain_solver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.seed
        solver.parameters.max_deterministic_time = dtime
        solver.parameters.max_time_in_seconds = max(0.05, min(STEP_SECONDS, wall_limit))
        with stop_watch(solver, should_stop):
            code = checked_solve(solver, model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        for m in free:
            new = next(
                (
                    (t, v)
                    for (n, t, v), var in place.items()
                    if n == m and solver.boolean_value(var)
                ),
                None,
            )
            slot, venue = slots[m], self.venues[m]
            old = (slot, venue) if slot is not None and venue is not None else None
            if new == old:
                continue
            if old is not None:
                self.used[old] -= 1
            if new is not None:
                self.used[new] = self.used.get(new, 0) + 1
            slots[m], self.venues[m] = new if new is not None else (None, None)
        return True

    def _travel_between_freed(
        self,
        model: cp_model.CpModel,
        place: dict[tuple[int, int, str], cp_model.IntVar],
        touched: list[int],
        free_set: set[int],
    ) -> None:
        """A person's freed meetings, placed, keep the travel buffers between them."""
        for q in touched:
            at: dict[tuple[int, str], list[cp_model.IntVar]] = {}
            for (m, t, v), var in place.items():
                if m in free_set and q in self.instance.meetings[m].pair:
                    at.setdefault((t, v), []).append(var)
            spots = sorted(at)
            for i, first in enumerate(spots):
                for second in spots[i + 1 :]:
                    if travel_clash(self.instance, self.gap, first, second):
                        model.add(cp_model.LinearExpr.sum(at[first] + at[second]) <= 1)


def improve_schedule(
    instance: Instance,
    slot_of: list[int | None],
    venue_of: list[str | None],
    domains: list[list[int]],
    *,
    fairness: int | None,
    deadline: float,
    seed: int = 0,
    on_breaks: Callable[[int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[list[int | None], list[str | None]]:
    """Improved copies of ``slot_of`` and ``venue_of``: never less priority weight
    held, and fewer breaks at equal weight; ``should_stop`` is checked between
    neighbourhoods. ``on_breaks`` hears the schedule's breaks after an improvement,
    at most every ``REPORT_EVERY`` seconds."""

    def expired() -> bool:
        return time.monotonic() >= deadline or (should_stop is not None and should_stop())

    search = _Search(instance, slot_of, venue_of, domains, fairness, seed)
    reported = time.monotonic()

    def report() -> None:
        nonlocal reported
        if on_breaks is not None and time.monotonic() - reported >= REPORT_EVERY:
            reported = time.monotonic()
            on_breaks(sum(search.breaks_of(q) for q in range(len(instance.participants))))

    for _ in range(ROUNDS):
        progress = False
        for block, seeds in search.targets():
            if expired():
                break
            attempts: list[tuple[tuple[int, ...], int, float]] = [
                ((block,), 1, LEVEL_DTIME[0]),
                ((block,), 2, LEVEL_DTIME[1]),
            ]
            wide = search.wide(seeds)
            if len(wide) > 1:
                attempts.append((wide, 1, WIDE_DTIME))
            for area, level, dtime in attempts:
                if expired():
                    break
                if search.improve(
                    area, seeds, level, dtime, deadline - time.monotonic(), should_stop
                ):
                    progress = True
                    report()
                    break
        if not progress or expired():
            break
    return search.slots, search.venues


def _break_ends(
    model: cp_model.CpModel, busy: list[cp_model.IntVar | int], name: str
) -> list[cp_model.IntVar]:
    """Literals 'a break of this participant ends here' over one block."""
    ends: list[cp_model.IntVar] = []
    held: cp_model.IntVar | int = 0
    for index, here in enumerate(busy):
        if index > 0 and not (isinstance(here, int) and here == 0):
            before = busy[index - 1]
            if not (isinstance(held, int) and held == 0) and not (
                isinstance(before, int) and before == 1
            ):
                end = model.new_bool_var(f"{name}_end{index}")
                # end >= here + held - before - 1, and it is minimised: exact at optimum.
                model.add(end >= here + held - before - 1)
                ends.append(end)
        if isinstance(here, int) and here == 1:
            held = 1
        elif not (isinstance(here, int) and here == 0):
            if isinstance(held, int) and held == 1:
                continue
            flag = model.new_bool_var(f"{name}_held{index}")
            model.add_max_equality(flag, [here, held])
            held = flag
    return ends
