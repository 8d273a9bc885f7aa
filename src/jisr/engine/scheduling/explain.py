"""Explanations: why a meeting is unscheduled, which rules make an input infeasible."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from ortools.sat.python import cp_model

from jisr.engine.scheduling.cpsat import build_model, checked_solve, is_feasible, make_solver
from jisr.engine.scheduling.instance import Instance, Schedule, travel_clash, travel_gaps
from jisr.engine.scheduling.outcome import StopCheck, Unscheduled
from jisr.engine.scheduling.preprocess import Conflict, Domains, compute_domains
from jisr.engine.scheduling.validate import meeting_venues, participant_breaks

DOMAIN_RULES = frozenset(
    {"sessions", "forbidden", "fixed", "precedences", "max_meetings", "travel_buffer"}
)


def _present_rules(instance: Instance, fairness: int | None) -> list[str]:
    rules = ["table_capacity"]
    if any(m.session != "any" for m in instance.meetings):
        rules.append("sessions")
    if any(p.unavailable for p in instance.participants):
        rules.append("forbidden")
    if any(m.fixed_slot is not None for m in instance.meetings):
        rules.append("fixed")
    if any(m.after for m in instance.meetings):
        rules.append("precedences")
    if instance.travel_buffers:
        rules.append("travel_buffer")
    if any(p.max_meetings is not None for p in instance.participants):
        rules.append("max_meetings")
    if fairness is not None:
        rules.append("fairness")
    return rules


def explain_infeasibility(
    instance: Instance,
    *,
    fairness: int | None,
    time_limit: float,
    workers: int,
    seed: int,
    should_stop: StopCheck | None = None,
) -> tuple[Conflict, ...]:
    """A minimal set of rules that, together with "every meeting is held", admits no
    schedule (deletion filter over rule groups; a check that times out keeps its rule).
    Once ``should_stop`` returns True the rules not yet checked are kept: the set is
    still in conflict, only perhaps not minimal."""
    candidates = _present_rules(instance, fairness)
    share = time_limit / (len(candidates) + 1)

    def feasible(active: set[str]) -> bool | None:
        switched_off = frozenset(candidates) - active
        domains = compute_domains(instance, relax=switched_off & DOMAIN_RULES)
        if domains.conflicts:
            return False
        return is_feasible(
            instance,
            domains,
            fairness=fairness,
            disabled=switched_off,
            time_limit=share,
            workers=workers,
            seed=seed,
            should_stop=should_stop,
        )

    conflict = set(candidates)
    for rule in candidates:
        if should_stop is not None and should_stop():
            break
        if feasible(conflict - {rule}) is False:
            conflict.discard(rule)
    rules = tuple(sorted(conflict | {"all_meetings"}))
    return (
        Conflict(
            rules,
            "no schedule holds every meeting under these rules together: " + ", ".join(rules),
            code="rules_together",
            params={"rules": list(rules)},
        ),
    )


# Rules that may keep a meeting out although both participants have a free slot, in
# the order a cause is reported; each is also the ``Unscheduled.code``.
CAUSES = ("precedence", "travel_buffer", "fairness", "table_capacity")
_RULE_OF_CAUSE = {
    "precedence": "precedences",
    "travel_buffer": "travel_buffer",
    "fairness": "fairness",
    "table_capacity": "table_capacity",
}
# Above this many (meeting, slot) pairs no re-solve is tried (the local test still is).
RESOLVE_LIMIT = 20_000


class _Placed:
    """The schedule as the insertion tests need it."""

    def __init__(self, instance: Instance, schedule: Schedule) -> None:
        self.instance = instance
        self.slots = schedule.slots
        self.venue_caps = instance.venue_capacity()
        self.venues = meeting_venues(instance, schedule)
        self.used: list[dict[str, int]] = [{} for _ in instance.slots]
        self.busy: list[dict[int, str | None]] = [{} for _ in instance.participants]
        for m, slot in enumerate(schedule.slots):
            if slot is None:
                continue
            venue = self.venues[m]
            key = venue if venue is not None else ""
            self.used[slot][key] = self.used[slot].get(key, 0) + 1
            for p in instance.meetings[m].pair:
                self.busy[p][slot] = venue
        self.breaks = [participant_breaks(instance, list(b)) for b in self.busy]
        self.break_counts = Counter(self.breaks)
        self.successors: list[list[int]] = [[] for _ in instance.meetings]
        for m, meeting in enumerate(instance.meetings):
            for before in meeting.after:
                self.successors[before].append(m)
        self.gap = travel_gaps(instance)

    def _free_venues(self, t: int) -> list[str]:
        caps = self.venue_caps[t]
        if len(caps) == 1:  # meetings of one-venue slots may carry no table
            venue, cap = next(iter(caps.items()))
            taken = sum(self.used[t].values())
            return [venue] if taken < cap else []
        return [v for v, cap in sorted(caps.items()) if self.used[t].get(v, 0) < cap]

    def _travel_ok(self, p: int, t: int, venue: str) -> bool:
        return not any(
            travel_clash(self.instance, self.gap, (t, venue), (other, other_venue))
            for other, other_venue in self.busy[p].items()
            if other_venue is not None
        )

    def fits(self, m: int, t: int, fairness: int | None, relax: str | None) -> bool:
        """Could m go to slot t (both participants free there), everything else kept,
        with the rule ``relax`` (a cause, or None) switched off?"""
        meeting = self.instance.meetings[m]
        if relax != "precedence":
            for before in meeting.after:
                slot = self.slots[before]
                if slot is not None and slot >= t:
                    return False
            for later in self.successors[m]:
                slot = self.slots[later]
                if slot is not None and slot <= t:
                    return False
        venues = sorted(self.venue_caps[t]) if relax == "table_capacity" else self._free_venues(t)
        if relax != "travel_buffer" and self.gap:
            venues = [v for v in venues if all(self._travel_ok(p, t, v) for p in meeting.pair)]
        if not venues:
            return False
        if relax != "fairness" and fairness is not None and self.breaks:
            counts = self.break_counts.copy()
            for p in meeting.pair:
                counts[self.breaks[p]] -= 1
                counts[participant_breaks(self.instance, [*self.busy[p], t])] += 1
            values = [value for value, count in counts.items() if count > 0]
            if max(values) - min(values) > fairness:
                return False
        return True


def _present_causes(instance: Instance, fairness: int | None) -> list[str]:
    present = ["table_capacity"]
    if any(m.after for m in instance.meetings):
        present.append("precedence")
    if instance.travel_buffers:
        present.append("travel_buffer")
    if fairness is not None:
        present.append("fairness")
    return [c for c in CAUSES if c in present]


def _resolve_cause(
    instance: Instance,
    domains: Domains,
    schedule: Schedule,
    m: int,
    causes: list[str],
    fairness: int | None,
    time_limit: float,
) -> str | None:
    """Re-solves, other meetings free to move. With every rule on: a schedule holding
    m and more priority weight than ``schedule`` means the search stopped early
    ("time_limit"); as much weight, that holding m costs breaks ("objective").
    Otherwise the first cause whose rule, switched off alone, lets a schedule hold m
    and as much weight. None when nothing answered within ``time_limit`` seconds."""
    weight_now = sum(
        meeting.priority
        for meeting, slot in zip(instance.meetings, schedule.slots, strict=True)
        if slot is not None
    )
    checks: list[tuple[str, str | None, int]] = [
        ("time_limit", None, weight_now + 1),
        ("objective", None, weight_now),
        *((cause, cause, weight_now) for cause in causes),
    ]
    share = time_limit / len(checks)
    weights = [meeting.priority for meeting in instance.meetings]
    for answer, cause, least in checks:
        disabled = frozenset() if cause is None else frozenset({_RULE_OF_CAUSE[cause]})
        context = build_model(instance, domains, fairness=fairness, disabled=disabled)
        model = context.model
        model.add(context.held[m] == 1)
        model.add(sum(w * h for w, h in zip(weights, context.held, strict=True)) >= least)
        for (other, t), var in context.place.items():
            model.add_hint(var, schedule.slots[other] == t)
        solver = make_solver(share, 1, 0)
        code = checked_solve(solver, model)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return answer
    return None


def unscheduled_reasons(
    instance: Instance,
    domains: Domains,
    schedule: Schedule,
    *,
    fairness: int | None = None,
    time_limit: float = 0.0,
) -> tuple[Unscheduled, ...]:
    """A short reason for each meeting left out of ``schedule``.

    A meeting whose participants share a free slot with a free table is tested
    further: with everything else kept, would it fit there if one rule (precedence,
    travel buffer, fairness cap, table capacity) were switched off? The first rule
    that admits it is the code, every such rule is in ``params["causes"]``; if it
    fits with every rule on, the search stopped first ("time_limit"). When no single
    rule admits it in place, small instances get re-solves with the other meetings
    free to move (see ``_resolve_cause``) within ``time_limit`` seconds in total;
    "objective" is left when none answers.
    """
    caps = instance.capacity()
    used = [0] * instance.n_slots
    busy: list[set[int]] = [set() for _ in instance.participants]
    for m, slot in enumerate(schedule.slots):
        if slot is not None:
            used[slot] += 1
            for p in instance.meetings[m].pair:
                busy[p].add(slot)
    placed: _Placed | None = None
    present = _present_causes(instance, fairness)
    resolvable = sum(len(d) for d in domains.slots) <= RESOLVE_LIMIT
    deadline = time.monotonic() + time_limit
    reasons: list[Unscheduled] = []
    for m, slot in enumerate(schedule.slots):
        if slot is not None:
            continue
        meeting = instance.meetings[m]
        if m in domains.empty_reason or not domains.slots[m]:
            reasons.append(
                Unscheduled(
                    meeting.id,
                    domains.empty_reason.get(m, "no slot is allowed for this meeting"),
                    "no_allowed_slot",
                    domains.empty_params.get(m, {}),
                )
            )
            continue
        capped = [
            p
            for p in meeting.pair
            if instance.participants[p].max_meetings is not None
            and len(busy[p]) >= (instance.participants[p].max_meetings or 0)
        ]
        if capped:
            person = instance.participants[capped[0]]
            reasons.append(
                Unscheduled(
                    meeting.id,
                    f"participant {person.id} reached the maximum meetings",
                    "participant_limit",
                    {"participant": person.id, "limit": person.max_meetings},
                )
            )
            continue
        allowed = domains.slots[m]
        free_both = [t for t in allowed if all(t not in busy[p] for p in meeting.pair)]
        full = sum(1 for t in allowed if used[t] >= caps[t])
        clash = sum(
            1 for t in allowed if used[t] < caps[t] and any(t in busy[p] for p in meeting.pair)
        )
        params: dict[str, Any] = {"slots": len(allowed), "full": full, "clash": clash}
        causes: list[str] = []
        if not free_both:
            code = "no_common_free_slot"
        elif all(used[t] >= caps[t] for t in free_both):
            code = "no_table"
        else:
            if placed is None:
                placed = _Placed(instance, schedule)
            if any(placed.fits(m, t, fairness, None) for t in free_both):
                # It fits as is: the search stopped first, unless it weighs nothing.
                code = "time_limit" if meeting.priority > 0 else "objective"
            else:
                causes = [
                    cause
                    for cause in present
                    if any(placed.fits(m, t, fairness, cause) for t in free_both)
                ]
                code = causes[0] if causes else "objective"
                remaining = deadline - time.monotonic()
                if not causes and resolvable and remaining > 0.05:
                    found = _resolve_cause(
                        instance, domains, schedule, m, present, fairness, remaining
                    )
                    if found is not None:
                        code = found
                        causes = [found] if found in CAUSES else []
        if causes:
            params["causes"] = causes
        reasons.append(
            Unscheduled(meeting.id, _detail(code, len(allowed), full, clash), code, params)
        )
    return tuple(reasons)


def _detail(code: str, slots: int, full: int, clash: int) -> str:
    head = (
        f"all {slots} possible slots are taken: {full} have no free table, {clash} clash "
        "with the participants' other meetings"
    )
    tail = {
        "no_common_free_slot": "",
        "no_table": "",
        "precedence": "; the others would break a precedence",
        "travel_buffer": "; the others leave too little time to travel between venues",
        "fairness": "; the others would break the fairness cap",
        "table_capacity": "; it fits only where a meeting of equal or higher priority "
        "holds the table",
        "time_limit": "; it fits as is, the search stopped before placing it",
        "objective": "; holding it would cost more breaks, or break several rules at once",
    }
    return head + tail.get(code, "")
