"""Simulated annealing over meeting slots: schedules with few breaks when tables are scarce.

The SAT searches prove lower bounds well, but at the table limit their first
schedules have 25-98 breaks where the bounds are 2-7 (the generated hard set),
and a bounded call far below that first schedule rarely answers in time. This
search supplies the upper bounds: it works on the slot of each meeting, lets the
rules be broken at a price while it moves (a participant in two meetings at
once, more meetings than tables, a precedence out of order, more breaks than the
fairness cap), and keeps the best schedule that breaks none of them.

Moves, all cheap to undo: one meeting to another slot of its domain, a swap of
two meetings' slots (the table counts stay), or a Kempe chain (the meetings of
two slots linked through shared participants exchange slots, so nobody is
double-booked). Half of the moves are aimed at a break: a meeting of someone
with a break goes next to one of her other meetings. A participant's
breaks come from a bit mask of her busy slots, so a move costs a few integer
operations per participant it touches. The random source is seeded, so with an
iteration limit instead of a deadline the result depends on the input alone.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.preprocess import Domains

# Price of one broken rule, in breaks. Low enough that the search crosses
# infeasible states to reach other full-table layouts, high enough that its
# resting states are schedules.
RULE_PRICE = 3
# While no schedule keeps every rule, each cooling round doubles the price, up to
# this: at the table limit (forum-13 at 8 tables) the price of 3 left 2 rules
# broken in favour of fewer breaks, round after round.
TOP_RULE_PRICE = 96
# Share of Kempe-chain moves among the moves tried.
KEMPE_SHARE = 0.3
# Temperatures (in breaks) of a cooling round, and its length in moves. Measured
# on forum-13 at 9 tables, 12 s: 2 -> 0.05 over 50,000 moves reached 35 breaks,
# 1 -> 0.1 over 200,000 reached 30; hotter or longer rounds did worse.
HOT, COLD = 1.0, 0.1
ROUND_LENGTH = 200_000
# Share of moves aimed at a break: a meeting of someone with a break goes next to
# one of her other meetings.
GAP_SHARE = 0.5


@dataclass
class AnnealingResult:
    breaks: int | None  # None: no schedule that keeps every rule was found
    slots: tuple[int, ...] | None
    iterations: int


class _Board:
    """The current assignment with incremental counts of breaks and broken rules."""

    def __init__(self, instance: Instance, domains: Domains, fairness: int | None) -> None:
        self.domains = [list(allowed) for allowed in domains.slots]
        self.allows = [set(allowed) for allowed in domains.slots]
        self.pairs = [meeting.pair for meeting in instance.meetings]
        self.own = instance.meetings_of()
        self.before = [list(meeting.after) for meeting in instance.meetings]
        self.later: list[list[int]] = [[] for _ in instance.meetings]
        for m, meeting in enumerate(instance.meetings):
            for earlier in meeting.after:
                self.later[earlier].append(m)
        self.caps = instance.capacity()
        self.cap_breaks = fairness if fairness is not None else len(instance.slots)
        blocks = instance.blocks()
        self.block_masks = [sum(1 << t for t in block) for block in blocks]
        self.block_starts = sum(1 << block[0] for block in blocks)
        n_slots = instance.n_slots
        n_people = len(instance.participants)
        self.slot = [-1] * len(instance.meetings)
        self.occupancy = [[0] * n_slots for _ in range(n_people)]
        self.mask = [0] * n_people
        self.breaks_of = [0] * n_people
        self.count = [0] * n_slots
        self.at: list[list[int]] = [[] for _ in range(n_slots)]
        self.position = [0] * len(instance.meetings)
        self.breaks = 0
        self.broken = 0
        self.price = RULE_PRICE

    def holes(self, mask: int) -> int:
        if not mask:
            return 0
        starts = mask & (~(mask << 1) | self.block_starts)
        busy_blocks = sum(1 for block in self.block_masks if mask & block)
        return starts.bit_count() - busy_blocks

    def cost(self) -> int:
        return self.breaks + self.price * self.broken

    def place(self, m: int, t: int) -> None:
        """Put an unplaced meeting at t (building the start)."""
        self.slot[m] = t
        self._enter(m, t)
        for p in self.pairs[m]:
            self._occupy(p, t, +1)
        self.broken += self._out_of_order(m, t)

    def unplace(self, m: int) -> None:
        t = self.slot[m]
        self.broken -= self._out_of_order(m, t)
        self._leave(m, t)
        for p in self.pairs[m]:
            self._occupy(p, t, -1)
        self.slot[m] = -1

    def _out_of_order(self, m: int, t: int) -> int:
        """Precedences of m at t that placed meetings break."""
        early = sum(1 for u in self.before[m] if self.slot[u] >= t)
        late = sum(1 for v in self.later[m] if 0 <= self.slot[v] <= t)
        return early + late

    def move(self, m: int, t: int) -> None:
        old = self.slot[m]
        self.broken += self._out_of_order(m, t) - self._out_of_order(m, old)
        self._leave(m, old)
        self._enter(m, t)
        for p in self.pairs[m]:
            self._occupy(p, old, -1)
            self._occupy(p, t, +1)
        self.slot[m] = t

    def _enter(self, m: int, t: int) -> None:
        self.broken += self.count[t] >= self.caps[t]
        self.count[t] += 1
        self.position[m] = len(self.at[t])
        self.at[t].append(m)

    def _leave(self, m: int, t: int) -> None:
        self.count[t] -= 1
        self.broken -= self.count[t] >= self.caps[t]
        row = self.at[t]
        last = row.pop()
        if last != m:
            row[self.position[m]] = last
            self.position[last] = self.position[m]

    def _occupy(self, p: int, t: int, step: int) -> None:
        row = self.occupancy[p]
        before = row[t]
        row[t] = before + step
        # A second meeting in one slot is one broken rule per extra meeting.
        self.broken += max(0, row[t] - 1) - max(0, before - 1)
        if (before == 0) != (row[t] == 0):
            mask = self.mask[p] ^ (1 << t)
            holes = self.holes(mask)
            self.breaks += holes - self.breaks_of[p]
            limit = self.cap_breaks
            self.broken += max(0, holes - limit) - max(0, self.breaks_of[p] - limit)
            self.mask[p] = mask
            self.breaks_of[p] = holes


class Annealer:
    """A resumable search: ``run(deadline)`` goes on from where the last call stopped.

    Resumable because ``upper_search`` runs it in slices, looking at the other
    processes' schedules in between. ``start`` (a slot per meeting, e.g. a SAT schedule) is the
    first assignment; without it every meeting goes, in order of domain size, to
    its cheapest slot. ``fairness`` caps each participant's breaks (the benchmark's
    d with a minimum of 0). The random source is seeded: with ``max_iterations``
    instead of a deadline the result depends on the input alone.
    """

    def __init__(
        self,
        instance: Instance,
        domains: Domains,
        *,
        fairness: int | None,
        start: tuple[int, ...] | None = None,
        seed: int = 0,
    ) -> None:
        self.rng = random.Random(seed)
        self.board = _Board(instance, domains, fairness)
        self.best: int | None = None
        self.best_slots: tuple[int, ...] | None = None
        self.iterations = 0
        self._step = 0
        board = self.board
        self.usable = bool(board.slot) and all(board.domains)
        if not self.usable:
            return
        if start is not None:
            for m, t in enumerate(start):
                board.place(m, t)
        else:
            for m in sorted(range(len(board.slot)), key=lambda m: (len(board.domains[m]), m)):
                board.place(m, _cheapest(board, m, self.rng))
        self._remember()

    def adopt(self, slots: tuple[int, ...], breaks: int) -> None:
        """Continue from a schedule found elsewhere when it beats the best one here."""
        if self.usable and (self.best is None or breaks < self.best):
            self._jump(slots)
            self._remember()

    def run(
        self, deadline: float, *, max_iterations: int | None = None, target: int = 0
    ) -> AnnealingResult:
        """Search until ``deadline`` (time.monotonic), ``max_iterations`` in all, or a
        schedule with at most ``target`` breaks."""
        board, rng = self.board, self.rng
        while self.usable:
            if self._step % 1024 == 0:
                if time.monotonic() > deadline or (self.best is not None and self.best <= target):
                    break
                if max_iterations is not None and self.iterations >= max_iterations:
                    break
                # One cooling round from hot to cold; the next starts from the best
                # schedule when this one ended worse, so the search does not drift off.
                if self._step >= ROUND_LENGTH:
                    self._step = 0
                    if self.best is None:
                        board.price = min(TOP_RULE_PRICE, 2 * board.price)
                    if self.best is not None and board.cost() > self.best:
                        assert self.best_slots is not None
                        self._jump(self.best_slots)
                fraction = self._step / ROUND_LENGTH
                self._temperature = HOT * (COLD / HOT) ** fraction
            self._step += 1
            self.iterations += 1
            self._try_move(board, rng)
        return AnnealingResult(self.best, self.best_slots, self.iterations)

    def _try_move(self, board: _Board, rng: random.Random) -> None:
        picked = _gap_move(board, rng) if rng.random() < GAP_SHARE else None
        if picked is None:
            m = rng.randrange(len(board.slot))
            allowed = board.domains[m]
            if len(allowed) < 2:
                return
            t = allowed[rng.randrange(len(allowed))]
        else:
            m, t = picked
        old = board.slot[m]
        if t == old:
            return
        if rng.random() < KEMPE_SHARE:
            group = _kempe_chain(board, m, old, t)
            if group is None:
                return
            moves = [(k, t if board.slot[k] == old else old) for k in group]
        else:
            moves = [(m, t)]
            partners = board.at[t]
            if partners and rng.random() < 0.5:
                swap = partners[rng.randrange(len(partners))]
                if old in board.allows[swap]:
                    moves.append((swap, old))
        cost = board.cost()
        undo = [(k, board.slot[k]) for k, _ in moves]
        for k, slot in moves:
            board.move(k, slot)
        delta = board.cost() - cost
        if delta <= 0 or rng.random() < math.exp(-delta / self._temperature):
            self._remember()
            return
        for k, slot in reversed(undo):
            board.move(k, slot)

    def _remember(self) -> None:
        board = self.board
        if board.broken == 0 and (self.best is None or board.breaks < self.best):
            self.best, self.best_slots = board.breaks, tuple(board.slot)

    def _jump(self, slots: tuple[int, ...]) -> None:
        for m, t in enumerate(slots):
            if self.board.slot[m] != t:
                self.board.move(m, t)

    _temperature = HOT


def _cheapest(board: _Board, m: int, rng: random.Random) -> int:
    """The slot of m's domain where placing it costs least (ties at random)."""
    scored = []
    for t in board.domains[m]:
        board.place(m, t)
        scored.append((board.cost(), rng.random(), t))
        board.unplace(m)
    return min(scored)[2]


def _kempe_chain(board: _Board, m: int, first: int, second: int) -> list[int] | None:
    """Meetings at ``first`` or ``second`` linked to m through shared participants.

    Exchanging their two slots keeps everyone in at most one meeting per slot;
    None when one of them may not use the other slot."""
    chain = [m]
    seen = {m}
    index = 0
    while index < len(chain):
        k = chain[index]
        index += 1
        other = second if board.slot[k] == first else first
        if other not in board.allows[k]:
            return None
        for p in board.pairs[k]:
            for t in (first, second):
                if not board.occupancy[p][t]:
                    continue
                for j in board.at[t]:
                    if j not in seen and p in board.pairs[j]:
                        seen.add(j)
                        chain.append(j)
    return chain


def _gap_move(board: _Board, rng: random.Random) -> tuple[int, int] | None:
    """(meeting, slot): someone with a break, one of her meetings, and a free slot of
    its domain next to one of her busy slots; None when the draw finds nobody."""
    people = len(board.mask)
    for _ in range(4):
        p = rng.randrange(people)
        if board.breaks_of[p]:
            break
    else:
        return None
    own = board.own[p]
    m = own[rng.randrange(len(own))]
    mask = board.mask[p]
    near = ((mask << 1) | (mask >> 1)) & ~mask
    slots = [t for t in board.domains[m] if near >> t & 1]
    if not slots:
        return None
    return m, slots[rng.randrange(len(slots))]
