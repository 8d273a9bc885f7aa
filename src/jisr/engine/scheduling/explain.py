"""Explanations: why a meeting is unscheduled, which rules make an input infeasible."""

from __future__ import annotations

from jisr.engine.scheduling.cpsat import is_feasible
from jisr.engine.scheduling.instance import Instance, Schedule
from jisr.engine.scheduling.outcome import StopCheck, Unscheduled
from jisr.engine.scheduling.preprocess import Conflict, Domains, compute_domains

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


def unscheduled_reasons(
    instance: Instance, domains: Domains, schedule: Schedule
) -> tuple[Unscheduled, ...]:
    """A short reason for each meeting left out of ``schedule``."""
    caps = instance.capacity()
    used = [0] * instance.n_slots
    busy: list[set[int]] = [set() for _ in instance.participants]
    for m, slot in enumerate(schedule.slots):
        if slot is not None:
            used[slot] += 1
            for p in instance.meetings[m].pair:
                busy[p].add(slot)
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
        if not free_both:
            code = "no_common_free_slot"
        elif all(used[t] >= caps[t] for t in free_both):
            code = "no_table"
        else:
            code = "objective"
        reasons.append(
            Unscheduled(
                meeting.id,
                f"all {len(allowed)} possible slots are taken: {full} have no free "
                f"table, {clash} clash with the participants' other meetings, the rest would "
                "break a precedence, travel buffer or the fairness cap; meetings of higher "
                "priority were placed first",
                code,
                {"slots": len(allowed), "full": full, "clash": clash},
            )
        )
    return tuple(reasons)
