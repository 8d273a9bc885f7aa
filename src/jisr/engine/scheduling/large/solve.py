"""The large path from end to end: two constructions, the better one improved."""

from __future__ import annotations

import time

from jisr.engine.scheduling.cpsat import CpSatOutcome
from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.large.chains import Chains
from jisr.engine.scheduling.large.climb import climb
from jisr.engine.scheduling.large.construction import compact_runs
from jisr.engine.scheduling.large.fill import fill, upgrade
from jisr.engine.scheduling.large.state import State
from jisr.engine.scheduling.lns import improve_schedule
from jisr.engine.scheduling.outcome import ProgressCallback, Status, StopCheck
from jisr.engine.scheduling.preprocess import Domains, forced_breaks, weight_upper_bound
from jisr.engine.scheduling.validate import participant_breaks
from jisr.engine.scheduling.weight_lp import weight_lp_bound

# Above this many (meeting, slot) pairs the exact models are not tried.
LARGE_THRESHOLD = 100_000
# The same when not every meeting must be held. Measured on console events (optional
# meetings, two venues, travel buffers), 30 s, weight held by solve (CP-SAT from this
# path's 7.5 s schedule) against this path alone: 15k-28k pairs (200-300 people)
# 2,036 / 2,050, 2,044 / 2,080, 3,786 / 3,804, 3,726 / 3,730; 5.7k pairs 1,322 /
# 1,326; 3.7k pairs 982 / 976. CP-SAT proved nothing above 5k pairs.
OPTIONAL_LARGE_THRESHOLD = 10_000
# Above this many pairs the weight bound is the capacity one: at 325k pairs (2,000
# people) the LP took 8.2 s and gave the same bound; at 28k it takes 0.3 s.
LP_BOUND_THRESHOLD = LARGE_THRESHOLD
# The time left after the neighbourhood search: see ``reserve``.
RESERVE_SHARE = 0.05
RESERVE_FLOOR = 1.0
RESERVE_MAX_SHARE = 0.2


def reserve(time_limit: float) -> float:
    """Seconds kept after the neighbourhood search for the caller's validation, table
    assignment and explanations: 0.3-1.2 s at 2,000 participants and 12,000 requests
    (measured 2026-12-08), so 5 % with a floor of 1 s, and never more than the fifth
    it was before that measurement."""
    return min(RESERVE_MAX_SHARE * time_limit, max(RESERVE_FLOOR, RESERVE_SHARE * time_limit))


def solve_large(
    instance: Instance,
    domains: Domains,
    *,
    fairness: int | None,
    time_limit: float,
    should_stop: StopCheck | None = None,
    on_progress: ProgressCallback | None = None,
) -> CpSatOutcome:
    """Construction heuristic, then local improvement. ``should_stop`` is checked
    between slots, meetings and moves (and makes the answer FEASIBLE at best);
    ``on_progress`` hears the breaks after the construction, the climb and each
    second of the LNS."""
    start = time.monotonic()
    # Breaks that the fixed meetings force on their participants, whatever else is
    # held: a lower bound for every schedule, so also at the heaviest weight.
    break_bound = sum(forced_breaks(instance, domains))

    def report(breaks: int) -> None:
        if on_progress is not None:
            on_progress(breaks, break_bound, time.monotonic() - start)

    def stop() -> bool:
        return should_stop is not None and should_stop()

    cap = fairness if fairness is not None else None

    def build(middle_out: bool, chains_until: float) -> tuple[State, list[int]]:
        return _build(
            instance,
            domains,
            cap,
            middle_out=middle_out,
            chains_until=chains_until,
            fill_until=start + time_limit,
            should_stop=stop,
        )

    # Two constructions when the order of the slots may change (precedences need
    # time order); the heavier schedule wins, then the one with fewer breaks, then
    # the time-ordered one. Neither wins everywhere: on 350-table events, seed 3 went
    # from 13,507 to 13,508 (the bound) and 276 to 211 breaks middle-out, seed 1 from
    # 13,602 to 13,601, seed 0 did not change.
    candidates = [build(middle_out=False, chains_until=start + 0.3 * time_limit)]
    if not any(meeting.after for meeting in instance.meetings) and not stop():
        candidates.append(build(middle_out=True, chains_until=start + 0.6 * time_limit))
    state, breaks = max(candidates, key=lambda built: (_weight(instance, built[0]), -sum(built[1])))
    report(sum(breaks))
    climb(instance, state, breaks, cap, deadline=start + time_limit, should_stop=stop)
    report(sum(breaks))
    if not stop():
        slots, venues = improve_schedule(
            instance,
            state.slot_of,
            state.venue_of,
            domains.slots,
            fairness=cap,
            deadline=start + time_limit - reserve(time_limit),
            should_stop=should_stop,
            on_breaks=report,
        )
        moving = [
            m
            for m in range(len(slots))
            if (slots[m], venues[m]) != (state.slot_of[m], state.venue_of[m])
        ]
        for m in moving:  # all out first: moves may swap slots between meetings
            if state.slot_of[m] is not None:
                state.remove(m)
        for m in moving:
            slot, venue = slots[m], venues[m]
            if slot is not None and venue is not None:
                state.place(m, slot, venue)
        breaks = [participant_breaks(instance, list(b)) for b in state.busy]

    weight_bound = weight_upper_bound(instance, domains)
    weighted = _weight(instance, state)
    if weighted < weight_bound and sum(map(len, domains.slots)) <= LP_BOUND_THRESHOLD:
        weight_bound = weight_lp_bound(instance, domains)
    total = sum(breaks)
    everything = all(slot is not None for slot in state.slot_of)
    if instance.require_all and not everything:
        return CpSatOutcome("UNKNOWN", None, break_bound, weighted, weight_bound, None, None)
    optimal = weighted == weight_bound and total == break_bound
    status: Status = "OPTIMAL" if optimal and not stop() else "FEASIBLE"
    return CpSatOutcome(
        status=status,
        objective=total,
        bound=break_bound,
        weighted_scheduled=weighted,
        weighted_bound=weight_bound,
        slots=tuple(state.slot_of),
        venues=tuple(state.venue_of),
        engine="large",
    )


def _weight(instance: Instance, state: State) -> int:
    return sum(
        meeting.priority
        for m, meeting in enumerate(instance.meetings)
        if state.slot_of[m] is not None
    )


def _build(
    instance: Instance,
    domains: Domains,
    cap: int | None,
    *,
    middle_out: bool,
    chains_until: float,
    fill_until: float,
    should_stop: StopCheck,
) -> tuple[State, list[int]]:
    """Compact runs, chains, fill and swaps: a schedule and its breaks per person."""
    state = State(instance, domains)
    compact_runs(instance, domains, state, middle_out=middle_out, should_stop=should_stop)
    breaks = [participant_breaks(instance, list(b)) for b in state.busy]
    # Chains that add no break: fill free tables, then let heavier meetings in.
    chains = Chains(instance, state, breaks)
    if not should_stop():
        chains.fill_holes(deadline=chains_until, should_stop=should_stop)
    if not should_stop():
        chains.upgrade(deadline=chains_until, should_stop=should_stop)
    # Fill: by priority, the cheapest placements first, within the fairness cap.
    fill(instance, state, breaks, cap, deadline=fill_until, should_stop=should_stop)
    if not should_stop():
        upgrade(instance, state, breaks, cap)
    return state, breaks
