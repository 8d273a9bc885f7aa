"""Shared state of a CP-SAT model while rules are added."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.preprocess import Domains


@dataclass
class ModelContext:
    """Variables are created lazily by the rules that own them.

    ``place[m, t]``: meeting m is held in slot t; ``held[m]``: meeting m is held
    at all; ``busy[p, t]``: participant p meets someone in slot t;
    ``venue[m, t, v]``: meeting m is at venue v in slot t (multi-venue slots only);
    ``breaks[p]``: number of breaks of p.
    """

    model: cp_model.CpModel
    instance: Instance
    domains: Domains
    fairness: int | None
    disabled: frozenset[str] = frozenset()
    place: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    held: list[cp_model.IntVar] = field(default_factory=list)
    busy: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    venue: dict[tuple[int, int, str], cp_model.IntVar] = field(default_factory=dict)
    breaks: list[cp_model.IntVar] = field(default_factory=list)
    break_ends: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled

    def meeting_vars_at(self, meeting: int) -> list[tuple[int, cp_model.IntVar]]:
        return [(t, self.place[(meeting, t)]) for t in self.domains.slots[meeting]]
