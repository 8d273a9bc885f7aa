"""A proved upper bound on the priority weight that a schedule can hold.

When not every meeting fits, the console reports the weight held against the most
that could be held. ``weight_upper_bound`` (the heaviest meetings that fit in all
table-slots) ignores that one person meets one partner per slot and that some people
are capped at a few meetings. This module adds both through the time-indexed linear
relaxation, x[m, s] = meeting m held in slot s:

    maximise   sum  w_m x[m, s]
    subject to sum_s x[m, s] <= 1                      each meeting at most once
               sum_{m of p} x[m, s] <= 1               each person, each slot
               sum_{m of p, s} x[m, s] <= max_meetings each capped person
               sum_m x[m, s] <= tables in slot s       each slot
               0 <= x <= 1

Every schedule is a solution, so the LP optimum bounds the held weight (travel
buffers, precedences and fairness are left out, which can only raise it).

GLOP solves the LP in floating point. The bound is not read from its objective but
recomputed from its dual values by weak duality: for any duals y >= 0,
sum_i b_i y_i + sum_j max(0, c_j - a_j^T y) bounds the maximum of c^T x over
A x <= b, 0 <= x <= 1. Clipping the duals at zero keeps that true whatever
GLOP's tolerances, so a rounding error can weaken the bound but never make it wrong.
Measured on the console benchmark's events (100-300 people): 0.06-0.6 s, and the
bound drops by 2-7 % below the capacity bound.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ortools.linear_solver import pywraplp

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.preprocess import Domains, weight_upper_bound

# GLOP's time limit, in milliseconds; past it the capacity bound is kept.
LP_TIME_LIMIT_MS = 10_000
# Added before rounding down, against summation error in the recomputed bound.
ROUNDING_SLACK = 1e-6


def weight_lp_bound(instance: Instance, domains: Domains) -> int:
    """The smaller of the capacity bound and the relaxation's proved bound."""
    capacity_bound = weight_upper_bound(instance, domains)
    columns = [(m, s) for m, allowed in enumerate(domains.slots) for s in allowed]
    if not columns:
        return capacity_bound
    rows = _rows(instance, columns)
    duals = _solve_duals(instance, columns, rows)
    if duals is None:
        return capacity_bound
    return min(capacity_bound, _certified(instance, columns, rows, duals))


class _Rows:
    """The LP's rows: the columns each one covers and its right-hand side."""

    def __init__(self) -> None:
        self.members: list[list[int]] = []
        self.limits: list[int] = []
        self.of_column: list[list[int]] = []

    def add(self, members: Iterable[int], limit: int) -> None:
        index = len(self.limits)
        self.members.append(list(members))
        self.limits.append(limit)
        for j in self.members[-1]:
            self.of_column[j].append(index)


def _rows(instance: Instance, columns: list[tuple[int, int]]) -> _Rows:
    rows = _Rows()
    rows.of_column = [[] for _ in columns]
    by_meeting: dict[int, list[int]] = {}
    by_person_slot: dict[tuple[int, int], list[int]] = {}
    by_person: dict[int, list[int]] = {}
    by_slot: dict[int, list[int]] = {}
    for j, (m, s) in enumerate(columns):
        meeting = instance.meetings[m]
        by_meeting.setdefault(m, []).append(j)
        by_slot.setdefault(s, []).append(j)
        for p in meeting.pair:
            by_person_slot.setdefault((p, s), []).append(j)
            by_person.setdefault(p, []).append(j)
    for members in by_meeting.values():
        if len(members) > 1:  # a single column is already bounded by x <= 1
            rows.add(members, 1)
    for members in by_person_slot.values():
        if len(members) > 1:
            rows.add(members, 1)
    for p, members in by_person.items():
        cap = instance.participants[p].max_meetings
        if cap is not None:
            rows.add(members, cap)
    capacity = instance.capacity()
    for s, members in by_slot.items():
        rows.add(members, capacity[s])
    return rows


def _solve_duals(
    instance: Instance, columns: list[tuple[int, int]], rows: _Rows
) -> list[float] | None:
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:  # an OR-Tools build without GLOP
        return None
    solver.SetTimeLimit(LP_TIME_LIMIT_MS)
    x = [solver.NumVar(0.0, 1.0, "") for _ in columns]
    constraints = []
    for members, limit in zip(rows.members, rows.limits, strict=True):
        row = solver.Constraint(-solver.infinity(), float(limit))
        for j in members:
            row.SetCoefficient(x[j], 1.0)
        constraints.append(row)
    objective = solver.Objective()
    for j, (m, _) in enumerate(columns):
        objective.SetCoefficient(x[j], float(instance.meetings[m].priority))
    objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return [row.dual_value() for row in constraints]


def _certified(
    instance: Instance, columns: list[tuple[int, int]], rows: _Rows, duals: list[float]
) -> int:
    """Weak duality from the duals clipped at zero (see the module docstring)."""
    y = [max(0.0, value) for value in duals]
    total = math.fsum(limit * value for limit, value in zip(rows.limits, y, strict=True))
    reduced = (
        instance.meetings[m].priority - math.fsum(y[i] for i in rows.of_column[j])
        for j, (m, _) in enumerate(columns)
    )
    total += math.fsum(max(0.0, value) for value in reduced)
    return math.floor(total + ROUNDING_SLACK)
