"""CNF encoding of the all-meetings-required problem, after Bofill et al. (JAIR 2022, §4).

Variables: ``at[m, t]`` (meeting m in slot t, only inside its domain),
``busy[p, t]`` (participant p has a meeting at t), ``held[p, t]`` (p had a meeting
earlier in t's block) and ``break_end[p, t]`` (a break of p ends at t). The
break literals are exact (equivalences), because the fairness rule and the
reported breakdown must not be inflated. Optional parts:

* implied constraints (IC1: p is busy in exactly |M_p| slots; IC2: at most
  2*tables participants are busy per slot) — they help core-guided MaxSAT;
* full tables (always on): when the meetings confined to a window of slots
  nearly fill its tables, every slot of it holds at least cap - slack of them;
* span clauses — two busy slots of p at distance >= |M_p| in one block imply a
  break between them, which makes "no break" reasoning nearly binary.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from pysat.card import CardEnc, EncType

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.preprocess import Domains


@dataclass
class Encoding:
    clauses: list[list[int]] = field(default_factory=list)
    top: int = 0
    at: dict[tuple[int, int], int] = field(default_factory=dict)
    busy: dict[tuple[int, int], int] = field(default_factory=dict)
    # Break literals per participant (the soft part of the objective).
    break_ends: list[list[int]] = field(default_factory=list)
    break_ends_at: dict[tuple[int, int], int] = field(default_factory=dict)
    # calm[p] is true exactly when p has no break (only for participants with breaks).
    calm: dict[int, int] = field(default_factory=dict)

    def new(self) -> int:
        self.top += 1
        return self.top

    def add_card(self, lits: list[int], bound: int, *, kind: str, enc: int) -> None:
        """at most / at least / exactly ``bound`` of ``lits`` (skips trivial cases)."""
        if kind == "atmost" and bound >= len(lits):
            return
        if kind == "atleast" and bound <= 0:
            return
        build = {"atmost": CardEnc.atmost, "atleast": CardEnc.atleast, "equals": CardEnc.equals}
        cnf = build[kind](lits=lits, bound=bound, top_id=self.top, encoding=enc)
        self.clauses.extend(cnf.clauses)
        self.top = max(self.top, cnf.nv)

    def all_breaks(self) -> list[int]:
        return [lit for lits in self.break_ends for lit in lits]

    def breaks_in(self, model: list[int]) -> int:
        """Breaks of the schedule in a SAT model (the break literals are exact)."""
        true = {lit for lit in model if lit > 0}
        return sum(1 for lit in self.all_breaks() if lit in true)

    def slots_of(self, model: list[int], n_meetings: int) -> tuple[int, ...]:
        """Slot of each meeting in a SAT model."""
        true = {lit for lit in model if lit > 0}
        result = [-1] * n_meetings
        for (m, t), var in self.at.items():
            if var in true:
                result[m] = t
        return tuple(result)


def supports(instance: Instance) -> bool:
    """The CNF path covers required meetings without travel buffers."""
    return instance.require_all and not instance.travel_buffers


def min_breaks_surely_zero(instance: Instance) -> bool:
    """Someone has at most one meeting, so the fairness minimum is 0 (true on the benchmark)."""
    counts = [len(own) for own in instance.meetings_of()]
    return any(count <= 1 for count in counts)


def encode(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    implied: bool,
    span: bool,
    intervals: bool = True,
    symmetry: bool = True,
) -> Encoding:
    """Build the CNF; ``fairness`` needs ``min_breaks_surely_zero`` (checked by callers).

    ``symmetry`` adds the symmetry-breaking clauses (twins in request order, the
    day's mirror image): they help proofs, but they rule out some schedules, so a
    search that pins meetings where another engine put them leaves them out."""
    enc = Encoding()
    n_slots = instance.n_slots
    caps = instance.capacity()
    per_participant = instance.meetings_of()
    for m, allowed in enumerate(domains.slots):
        for t in allowed:
            enc.at[(m, t)] = enc.new()
        lits = [enc.at[(m, t)] for t in allowed]
        enc.clauses.append(lits)  # an empty domain yields the empty clause: infeasible
        enc.add_card(lits, 1, kind="atmost", enc=EncType.ladder)

    # Precedences: a meeting at t needs each predecessor somewhere before t.
    for m, meeting in enumerate(instance.meetings):
        for before in meeting.after:
            for t in domains.slots[m]:
                earlier = [enc.at[(before, s)] for s in domains.slots[before] if s < t]
                enc.clauses.append([-enc.at[(m, t)], *earlier])

    if symmetry:
        twins = _order_twins(instance, domains, enc)
        _break_reversal(instance, domains, enc, twins)

    # Tables: at most cap[t] meetings per slot.
    for t in range(n_slots):
        lits = [var for (m, slot), var in enc.at.items() if slot == t]
        enc.add_card(lits, caps[t], kind="atmost", enc=EncType.seqcounter)
    _full_tables(instance, domains, enc)

    blocks = instance.blocks()
    for p, own in enumerate(per_participant):
        for t in range(n_slots):
            lits = [enc.at[(m, t)] for m in own if (m, t) in enc.at]
            if not lits:
                continue
            busy = enc.new()
            enc.busy[(p, t)] = busy
            enc.clauses.append([-busy, *lits])
            for lit in lits:
                enc.clauses.append([-lit, busy])
            enc.add_card(lits, 1, kind="atmost", enc=EncType.ladder)
        enc.break_ends.append(_encode_breaks(enc, p, len(own), blocks, span=span))
        if enc.break_ends[p] and intervals:
            _encode_calm(enc, p, len(own), blocks)
        if implied:
            enc.add_card(
                [enc.busy[(p, t)] for t in range(n_slots) if (p, t) in enc.busy],
                len(own),
                kind="equals",
                enc=EncType.seqcounter,
            )
        if fairness is not None:
            enc.add_card(enc.break_ends[p], fairness, kind="atmost", enc=EncType.seqcounter)

    if implied:
        for t in range(n_slots):
            lits = [enc.busy[(p, t)] for p in range(len(per_participant)) if (p, t) in enc.busy]
            enc.add_card(lits, 2 * caps[t], kind="atmost", enc=EncType.seqcounter)
    return enc


def encode_for_search(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    span: bool,
    symmetry: bool = True,
) -> Encoding:
    """One of the two encodings the searches choose between: span and interval
    clauses (``span``), or the implied constraints IC1/IC2 without them."""
    return encode(
        instance,
        domains,
        fairness=fairness,
        implied=not span,
        span=span,
        intervals=span,
        symmetry=symmetry,
    )


def _encode_breaks(
    enc: Encoding, p: int, n_meetings: int, blocks: list[list[int]], *, span: bool
) -> list[int]:
    """held/break_end literals of participant p, block by block."""
    if n_meetings <= 1:
        return []
    ends: list[int] = []
    for block in blocks:
        slots = [t for t in block if (p, t) in enc.busy]
        if len(slots) <= 1:
            continue
        # held[t]: p is busy at some slot of this block up to t.
        held: dict[int, int] = {}
        previous: int | None = None
        for t in block:
            busy = enc.busy.get((p, t))
            if busy is None and previous is None:
                continue
            var = enc.new()
            parts = [x for x in (previous, busy) if x is not None]
            enc.clauses.append([-var, *parts])
            for part in parts:
                enc.clauses.append([-part, var])
            held[t] = var
            previous = var
        for t in block[1:]:
            busy = enc.busy.get((p, t))
            before = held.get(t - 1)
            if busy is None or before is None:
                continue
            idle_before = enc.busy.get((p, t - 1))
            end = enc.new()
            # end <-> busy[t] & ~busy[t-1] & held[t-1]
            body = [busy, before] + ([-idle_before] if idle_before is not None else [])
            enc.clauses.append([-x for x in body] + [end])
            for x in body:
                enc.clauses.append([-end, x])
            ends.append(end)
            enc.break_ends_at[(p, t)] = end
        if span:
            _span_clauses(enc, p, n_meetings, block)
    return ends


def _encode_calm(enc: Encoding, p: int, n_meetings: int, blocks: list[list[int]]) -> None:
    """calm[p] <-> no break of p; when calm and all of p's slots lie in one block,
    p's meetings fill one run of |M_p| consecutive slots, encoded by its start.

    The start encoding fixes the whole busy pattern from one choice, which is what
    makes proving "no participant can go without a break" fast.
    """
    calm = enc.new()
    enc.calm[p] = calm
    ends = enc.break_ends[p]
    enc.clauses.append([calm, *ends])
    for end in ends:
        enc.clauses.append([-calm, -end])
    usable = [t for (q, t) in enc.busy if q == p]
    block_of = {t: i for i, block in enumerate(blocks) for t in block}
    if len({block_of[t] for t in usable}) != 1:
        return
    block = blocks[block_of[usable[0]]]
    starts: dict[int, int] = {}
    for i in range(len(block) - n_meetings + 1):
        window = block[i : i + n_meetings]
        if all((p, t) in enc.busy for t in window):
            starts[i] = enc.new()
    enc.clauses.append([-calm, *starts.values()])
    for i, start in starts.items():
        for t in block[i : i + n_meetings]:
            enc.clauses.append([-start, enc.busy[(p, t)]])
    for index, t in enumerate(block):
        busy = enc.busy.get((p, t))
        if busy is None:
            continue
        covering = [v for i, v in starts.items() if i <= index < i + n_meetings]
        enc.clauses.append([-calm, -busy, *covering])


def _span_clauses(enc: Encoding, p: int, n_meetings: int, block: list[int]) -> None:
    """busy[a] & busy[b] with b - a >= |M_p| force a break ending in (a, b]."""
    ends = {t: enc.break_ends_at[(p, t)] for t in block if (p, t) in enc.break_ends_at}
    for i, a in enumerate(block):
        first = enc.busy.get((p, a))
        if first is None:
            continue
        for b in block[i + n_meetings :]:
            second = enc.busy.get((p, b))
            if second is None:
                continue
            between = [ends[t] for t in range(a + 1, b + 1) if t in ends]
            enc.clauses.append([-first, -second, *between])


def _break_reversal(instance: Instance, domains: Domains, enc: Encoding, twins: set[int]) -> None:
    """Symmetry breaking: when reading the day backwards maps every rule onto itself
    (one block, no fixed meeting or precedence, each domain and the tables symmetric),
    a schedule and its mirror have the same breaks; keep the one whose chosen meeting
    sits in the first half. The meeting is outside the twin groups, so together with
    ``_order_twins`` some equivalent schedule always stays allowed."""
    last = instance.n_slots - 1
    caps = instance.capacity()
    if len(instance.blocks()) != 1 or any(caps[t] != caps[last - t] for t in range(last + 1)):
        return
    for m, meeting in enumerate(instance.meetings):
        if meeting.after or meeting.fixed_slot is not None:
            return
        if {last - t for t in domains.slots[m]} != set(domains.slots[m]):
            return
    candidates = [m for m in range(len(instance.meetings)) if m not in twins]
    if not candidates:
        return
    chosen = max(candidates, key=lambda m: (len(domains.slots[m]), -m))
    for t in domains.slots[chosen]:
        if t > last - t:
            enc.clauses.append([-enc.at[(chosen, t)]])


def _order_twins(instance: Instance, domains: Domains, enc: Encoding) -> set[int]:
    """Symmetry breaking: two interchangeable meetings (same pair, same domain, no
    precedence) are held in request order; swapping them changes nothing."""
    linked = {m for meeting in instance.meetings for m in meeting.after}
    linked |= {m for m, meeting in enumerate(instance.meetings) if meeting.after}
    groups: dict[tuple[int, int, tuple[int, ...]], list[int]] = {}
    for m, meeting in enumerate(instance.meetings):
        if m in linked or meeting.fixed_slot is not None:
            continue
        key = (min(meeting.pair), max(meeting.pair), tuple(domains.slots[m]))
        groups.setdefault(key, []).append(m)
    ordered: set[int] = set()
    for members in groups.values():
        if len(members) > 1:
            ordered.update(members)
        for first, second in itertools.pairwise(members):
            for t in domains.slots[second]:
                earlier = [enc.at[(first, s)] for s in domains.slots[first] if s < t]
                enc.clauses.append([-enc.at[(second, t)], *earlier])
    return ordered


def full_table_floors(instance: Instance, domains: Domains) -> dict[int, tuple[list[int], int]]:
    """Slot -> (meetings, n): at least n of these meetings must sit in that slot.

    For a window W of slots (the whole day, each session) let N be the meetings
    whose domain lies inside W and slack = tables(W) - N. Those meetings fill W's
    slots, each holding at most cap[s], so slot t holds at least cap[t] - slack of
    them. Only slots with a positive floor are listed (one window per slot: the
    largest floor). At the table limit (237 meetings in 10 x 24 tables) that is 21
    per slot, which the "at most" side alone never tells the solver."""
    caps = instance.capacity()
    windows = [set(range(instance.n_slots))]
    for session in ("morning", "afternoon"):
        window = {t for t, slot in enumerate(instance.slots) if slot.session == session}
        if window and window != windows[0]:
            windows.append(window)
    floors: dict[int, tuple[list[int], int]] = {}
    for window in windows:
        inside = [m for m, allowed in enumerate(domains.slots) if set(allowed) <= window]
        slack = sum(caps[t] for t in window) - len(inside)
        for t in sorted(window):
            need = caps[t] - slack
            if need > 0 and need > floors.get(t, ([], 0))[1]:
                floors[t] = ([m for m in inside if t in domains.slots[m]], need)
    return floors


def _full_tables(instance: Instance, domains: Domains, enc: Encoding) -> None:
    """Redundant "at least" per slot from ``full_table_floors`` (see there)."""
    for t, (meetings, need) in full_table_floors(instance, domains).items():
        lits = [enc.at[(m, t)] for m in meetings]
        if need > len(lits):
            enc.clauses.append([])  # the window cannot be filled: infeasible
            continue
        enc.add_card(lits, need, kind="atleast", enc=EncType.seqcounter)
