"""The first schedule of the large path: runs that never add a break."""

from __future__ import annotations

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.large.state import State
from jisr.engine.scheduling.outcome import StopCheck
from jisr.engine.scheduling.preprocess import Domains


def compact_runs(
    instance: Instance,
    domains: Domains,
    state: State,
    *,
    middle_out: bool,
    should_stop: StopCheck,
) -> None:
    """Fill each block slot by slot with a greedy matching that never adds a break:
    a participant's meetings in a block stay one run, which a meeting may only
    extend at either end. Meetings continuing a run come first, then heavier ones,
    then those of participants with many meetings left.

    In time order, the runs of a block end together and its last slots go short of
    meetings (a 350-table event: 202 tables free in the last two slots of the day).
    ``middle_out`` fills each block from its middle slot outwards, so runs grow both
    ways and the shortage splits between the two ends."""
    has_rules = any(meeting.after for meeting in instance.meetings) or any(
        participant.max_meetings is not None for participant in instance.participants
    )
    remaining = [len(own) for own in instance.meetings_of()]
    by_slot: list[list[int]] = [[] for _ in instance.slots]
    for m, allowed in enumerate(domains.slots):
        for t in allowed:
            by_slot[t].append(m)
    for block in instance.blocks():
        if should_stop():
            return
        run: dict[int, tuple[int, int]] = {}  # participant -> first and last slot
        for t in from_the_middle(block) if middle_out else block:
            candidates = [
                m
                for m in by_slot[t]
                if state.slot_of[m] is None
                and all(extends(run, p, t) for p in instance.meetings[m].pair)
            ]
            candidates.sort(
                key=lambda m: (
                    -sum(1 for p in instance.meetings[m].pair if p in run),
                    -instance.meetings[m].priority,
                    -max(remaining[p] for p in instance.meetings[m].pair),
                    m,
                )
            )
            now_busy: set[int] = set()
            for m in candidates:
                pair = instance.meetings[m].pair
                if pair[0] in now_busy or pair[1] in now_busy:
                    continue
                if has_rules and not state.can_place(m, t):
                    continue
                venue = state.venue_for(m, t)
                if venue is None:
                    continue
                state.place(m, t, venue)
                now_busy.update(pair)
                for p in pair:
                    remaining[p] -= 1
                    ends = run.get(p, (t, t))
                    run[p] = (min(ends[0], t), max(ends[1], t))


def extends(run: dict[int, tuple[int, int]], p: int, t: int) -> bool:
    """Whether a meeting at t keeps p's meetings in the block one run."""
    ends = run.get(p)
    return ends is None or t in (ends[0] - 1, ends[1] + 1)


def from_the_middle(block: list[int]) -> list[int]:
    """The slots of a block from the middle outwards: 3 4 2 5 1 6 0 7 for eight."""
    middle = (len(block) - 1) // 2
    order = [block[middle]]
    for step in range(1, len(block)):
        for index in (middle + step, middle - step):
            if 0 <= index < len(block):
                order.append(block[index])
    return order
