"""Weighted MaxSAT for the general model: optional meetings with priorities, caps on
meetings per person, venues and travel buffers, with every rule of the CP-SAT model.

One formula gives the lexicographic objective of ``cpsat`` (first the priority-weighted
number of meetings held, then the fewest breaks at that weight): each meeting held is
a soft clause of weight ``priority * (B + 1)``, each break a soft clause of weight 1,
where B is the number of break literals (no schedule has more breaks), so one meeting
of priority 1 outweighs every break together. RC2 with stratification (PySAT) works
through the heavy levels first; its optimum is the lexicographic optimum, proved.

Variables: ``at[m, t]`` (meeting m in slot t, inside its domain), ``held[m]``,
``site[m, t, v]`` (m at venue v, only in slots with tables at several venues),
``busy[p, t]``, ``there[p, t, v]`` (p meets at venue v in slot t; only with travel
buffers), and the exact break literals of ``sat_encoding`` (a break ends at t when p
is busy at t, idle at t - 1 and busy earlier in the block).

The fairness cap (max - min breaks <= d, the minimum over every participant) becomes
"at most d breaks each" when someone has at most one request (the minimum is then 0);
otherwise unary levels ``low[k]`` (everyone has at least k breaks) relax the caps.

RC2 cannot be interrupted inside a call, so ``solve_weighted`` runs it in a child
process and stops that process at the deadline; it then answers nothing, and the
caller keeps its own schedule and bounds.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from dataclasses import dataclass, field
from typing import Any

from pysat.card import CardEnc, EncType
from pysat.examples.rc2 import RC2Stratified
from pysat.formula import WCNF

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.outcome import StopCheck
from jisr.engine.scheduling.preprocess import Domains

SOLVER_NAME = "g4"


@dataclass
class WeightedEncoding:
    hard: list[list[int]] = field(default_factory=list)
    soft: list[tuple[int, int]] = field(default_factory=list)  # (literal, weight)
    top: int = 0
    at: dict[tuple[int, int], int] = field(default_factory=dict)
    held: dict[int, int] = field(default_factory=dict)
    site: dict[tuple[int, int, str], int] = field(default_factory=dict)
    busy: dict[tuple[int, int], int] = field(default_factory=dict)
    ends: list[int] = field(default_factory=list)
    scale: int = 1  # weight of one unit of priority

    def new(self) -> int:
        self.top += 1
        return self.top

    def card(self, lits: list[int], bound: int, kind: str = "atmost") -> list[list[int]]:
        """Clauses of a cardinality constraint (not added: callers may relax them)."""
        if kind == "atmost" and bound >= len(lits):
            return []
        if kind == "atleast" and bound <= 0:
            return []
        if kind == "atleast" and bound > len(lits):
            return [[]]
        build = CardEnc.atmost if kind == "atmost" else CardEnc.atleast
        encoding = EncType.ladder if kind == "atmost" and bound == 1 else EncType.seqcounter
        cnf = build(lits=lits, bound=bound, top_id=self.top, encoding=encoding)
        self.top = max(self.top, cnf.nv)
        return [list(clause) for clause in cnf.clauses]

    def equal_or(self, lits: list[int]) -> int:
        """A fresh literal equivalent to the disjunction of ``lits``."""
        var = self.new()
        self.hard.append([-var, *lits])
        for lit in lits:
            self.hard.append([-lit, var])
        return var

    def answer(
        self, instance: Instance, model: list[int]
    ) -> tuple[tuple[int | None, ...], tuple[str | None, ...]]:
        """Slot and venue of each meeting in a model."""
        true = {lit for lit in model if lit > 0}
        slots: list[int | None] = [None] * len(instance.meetings)
        venues: list[str | None] = [None] * len(instance.meetings)
        for (m, t), var in self.at.items():
            if var in true:
                slots[m] = t
        per_slot = instance.venue_capacity()
        for m, slot in enumerate(slots):
            if slot is None:
                continue
            t = slot
            if len(per_slot[t]) == 1:
                venues[m] = next(iter(per_slot[t]))
            else:
                venues[m] = next(
                    v for v in sorted(per_slot[t]) if self.site.get((m, t, v), 0) in true
                )
        return tuple(slots), tuple(venues)


def supports_weighted(instance: Instance) -> bool:
    """Every rule of the instance model is encoded; only size limits the use."""
    return bool(instance.meetings)


def encode_weighted(
    instance: Instance, domains: Domains, *, fairness: int | None, breaks: bool = True
) -> WeightedEncoding:
    enc = WeightedEncoding()
    caps = instance.venue_capacity()
    for m, meeting in enumerate(instance.meetings):
        lits = []
        for t in domains.slots[m]:
            enc.at[(m, t)] = enc.new()
            lits.append(enc.at[(m, t)])
        enc.hard.extend(enc.card(lits, 1))
        must = meeting.fixed_slot is not None or instance.require_all
        if must:
            enc.hard.append(lits)  # an empty domain: the empty clause, infeasible
        elif lits:
            enc.held[m] = enc.equal_or(lits)

    # Venues and tables.
    by_slot: dict[int, list[int]] = {}
    for m, t in enc.at:
        by_slot.setdefault(t, []).append(m)
    for t, meetings in sorted(by_slot.items()):
        venues = caps[t]
        if len(venues) == 1:
            enc.hard.extend(enc.card([enc.at[(m, t)] for m in meetings], sum(venues.values())))
            continue
        for m in meetings:
            options = []
            for venue in sorted(venues):
                enc.site[(m, t, venue)] = enc.new()
                options.append(enc.site[(m, t, venue)])
                enc.hard.append([-enc.site[(m, t, venue)], enc.at[(m, t)]])
            enc.hard.append([-enc.at[(m, t)], *options])
            enc.hard.extend(enc.card(options, 1))
        for venue, count in sorted(venues.items()):
            enc.hard.extend(enc.card([enc.site[(m, t, venue)] for m in meetings], count))

    # Precedences: when both are held, the one listed in ``after`` comes strictly first.
    for m, meeting in enumerate(instance.meetings):
        for before in meeting.after:
            for t in domains.slots[m]:
                for s in domains.slots[before]:
                    if s >= t:
                        enc.hard.append([-enc.at[(m, t)], -enc.at[(before, s)]])

    own = instance.meetings_of()
    for p, mine in enumerate(own):
        for t in range(instance.n_slots):
            lits = [enc.at[(m, t)] for m in mine if (m, t) in enc.at]
            if lits:
                enc.hard.extend(enc.card(lits, 1))
                enc.busy[(p, t)] = enc.equal_or(lits)
        limit = instance.participants[p].max_meetings
        if limit is not None:
            enc.hard.extend(
                enc.card(
                    [enc.busy[(p, t)] for t in range(instance.n_slots) if (p, t) in enc.busy], limit
                )
            )
    _travel(instance, enc, own)

    ends_of = [_breaks(instance, enc, p) for p in range(len(own))]
    enc.ends = [lit for ends in ends_of for lit in ends]
    if fairness is not None:
        _fairness(enc, ends_of, own, fairness)
    enc.scale = len(enc.ends) + 1 if breaks else 1
    for m, lit in sorted(enc.held.items()):
        enc.soft.append((lit, instance.meetings[m].priority * enc.scale))
    if breaks:
        for lit in enc.ends:
            enc.soft.append((-lit, 1))
    return enc


def _travel(instance: Instance, enc: WeightedEncoding, own: list[list[int]]) -> None:
    """No meeting at venue B within the buffer after one at venue A (same day)."""
    rules = [b for b in instance.travel_buffers if b.from_venue != b.to_venue and b.slots > 0]
    if not rules:
        return
    caps = instance.venue_capacity()
    there: dict[tuple[int, int, str], int | None] = {}

    def at_venue(p: int, t: int, venue: str) -> int | None:
        key = (p, t, venue)
        if key not in there:
            if venue not in caps[t]:
                there[key] = None
            elif len(caps[t]) == 1:
                there[key] = enc.busy.get((p, t))
            else:
                lits = [enc.site[(m, t, venue)] for m in own[p] if (m, t, venue) in enc.site]
                there[key] = enc.equal_or(lits) if lits else None
        return there[key]

    for p in range(len(own)):
        for rule in rules:
            for t in range(instance.n_slots):
                leave = at_venue(p, t, rule.from_venue)
                if leave is None:
                    continue
                for later in range(t + 1, min(instance.n_slots, t + rule.slots + 1)):
                    if instance.slots[later].day != instance.slots[t].day:
                        break
                    arrive = at_venue(p, later, rule.to_venue)
                    if arrive is not None:
                        enc.hard.append([-leave, -arrive])


def _breaks(instance: Instance, enc: WeightedEncoding, p: int) -> list[int]:
    """Exact break-end literals of participant p (see the module docstring)."""
    ends: list[int] = []
    for block in instance.blocks():
        if sum(1 for t in block if (p, t) in enc.busy) <= 1:
            continue
        previous: int | None = None
        held: dict[int, int] = {}
        for t in block:
            busy = enc.busy.get((p, t))
            if busy is None and previous is None:
                continue
            parts = [x for x in (previous, busy) if x is not None]
            held[t] = parts[0] if len(parts) == 1 else enc.equal_or(parts)
            previous = held[t]
        for t in block[1:]:
            busy, before = enc.busy.get((p, t)), held.get(t - 1)
            if busy is None or before is None:
                continue
            idle_before = enc.busy.get((p, t - 1))
            body = [busy, before] + ([-idle_before] if idle_before is not None else [])
            end = enc.new()
            enc.hard.append([-x for x in body] + [end])
            for x in body:
                enc.hard.append([-end, x])
            ends.append(end)
    return ends


def _fairness(
    enc: WeightedEncoding, ends_of: list[list[int]], own: list[list[int]], d: int
) -> None:
    """max - min breaks <= d, the minimum over every participant."""
    if any(len(mine) <= 1 for mine in own):  # someone has no break: the minimum is 0
        for ends in ends_of:
            enc.hard.extend(enc.card(ends, d))
        return
    top = max((len(ends) for ends in ends_of), default=0)
    # low[k]: every participant has at least k breaks (k = 1..top - d).
    low = {k: enc.new() for k in range(1, max(0, top - d) + 1)}
    for k, lit in low.items():
        if k > 1:
            enc.hard.append([-lit, low[k - 1]])
        for ends in ends_of:
            enc.hard.extend([[-lit, *c] for c in enc.card(ends, k, "atleast")])
    for k in range(0, max(0, top - d) + 1):
        # Unless everyone has at least k + 1 breaks, nobody has more than k + d.
        guard = [low[k + 1]] if k + 1 in low else []
        for ends in ends_of:
            enc.hard.extend([[*guard, *c] for c in enc.card(ends, k + d)])


@dataclass(frozen=True)
class WeightedOutcome:
    """A proved lexicographic optimum, or INFEASIBLE / UNKNOWN (no answer in time)."""

    status: str
    weighted: int | None = None
    breaks: int | None = None
    slots: tuple[int | None, ...] | None = None
    venues: tuple[str | None, ...] | None = None


def run_weighted(
    instance: Instance, domains: Domains, *, fairness: int | None, breaks: bool = True
) -> WeightedOutcome:
    """RC2 (stratified, Glucose 4) to the end: OPTIMAL or INFEASIBLE. Without
    ``breaks`` only the held weight is optimal (the breaks are whatever came)."""
    enc = encode_weighted(instance, domains, fairness=fairness, breaks=breaks)
    formula = WCNF()
    formula.extend(enc.hard)
    for lit, weight in enc.soft:
        formula.append([lit], weight=weight)
    with RC2Stratified(formula, solver=SOLVER_NAME, adapt=True, exhaust=True, minz=True) as rc2:
        model = rc2.compute()
        if model is None:
            return WeightedOutcome("INFEASIBLE")
        slots, venues = enc.answer(instance, model)
    weighted = sum(
        meeting.priority
        for meeting, slot in zip(instance.meetings, slots, strict=True)
        if slot is not None
    )
    true = set(model)
    count = sum(1 for lit in enc.ends if lit in true)
    return WeightedOutcome("OPTIMAL", weighted, count, slots, venues)


def _child(
    instance: Instance, domains: Domains, fairness: int | None, breaks: bool, channel: Any
) -> None:
    channel.put(run_weighted(instance, domains, fairness=fairness, breaks=breaks))


def solve_weighted(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    time_limit: float,
    should_stop: StopCheck | None = None,
    breaks: bool = True,
) -> WeightedOutcome:
    """``run_weighted`` in a child process, stopped after ``time_limit`` seconds (or
    when ``should_stop`` says so, polled every half second): then UNKNOWN."""
    deadline = time.monotonic() + time_limit
    context = multiprocessing.get_context("fork")
    channel = context.Queue()
    process = context.Process(
        target=_child, args=(instance, domains, fairness, breaks, channel), daemon=True
    )
    process.start()
    answer = WeightedOutcome("UNKNOWN")
    try:
        while time.monotonic() < deadline and not (should_stop is not None and should_stop()):
            try:
                answer = channel.get(timeout=min(0.5, max(0.01, deadline - time.monotonic())))
                break
            except queue.Empty:
                if not process.is_alive() and channel.empty():
                    break
    finally:
        if process.is_alive():
            process.terminate()
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join()
        channel.close()
        channel.join_thread()
    return answer
