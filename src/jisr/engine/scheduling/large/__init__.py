"""Construction heuristic for events too large for the exact models.

Measured: for 2,000 participants and 12,000 requests over 32 slots, CP-SAT on the
full model (384k placement literals) spent 90 s building and found no solution in
60 s. This path builds a schedule block by block instead:

1. *Compact runs* (``construction``). Slots are filled one by one, each with a
   greedy matching that prefers meetings continuing a participant's run, then
   higher priority, then participants with many meetings left. A meeting may only
   extend a run at either end, so this phase creates no break at all. It runs
   twice, in time order and from each block's middle slot outwards, and the
   better schedule goes on (``solve``).
2. *Chains* (``chains``). Ejection chains that add no break fill the tables left
   free and let heavier meetings in.
3. *Fill* (``fill``). Meetings still out go, by priority and cheapest placement
   first, to the slot that adds the fewest breaks, never past the fairness cap;
   swaps let heavier ones in.
4. *Improve.* Hill climbing (``climb``), then a lexicographic LNS with CP-SAT
   (``..lns``).

Bounds are honest: weight <= the heaviest meetings that fit in all tables
together, or the LP relaxation's bound (``..weight_lp``) on events small enough for
it; breaks >= those that fixed meetings force (``preprocess.forced_breaks``,
0 without fixed meetings). The result is OPTIMAL only when both are met: then no
schedule holds more weight, and none of that weight has fewer breaks.
"""

from __future__ import annotations

from jisr.engine.scheduling.large.solve import (
    LARGE_THRESHOLD,
    OPTIONAL_LARGE_THRESHOLD,
    solve_large,
)

__all__ = ["LARGE_THRESHOLD", "OPTIONAL_LARGE_THRESHOLD", "solve_large"]
