"""Time-reversal symmetry breaking in the CNF: applied only when sound, optimum unchanged."""

from __future__ import annotations

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.preprocess import compute_domains
from jisr.engine.scheduling.sat_encoding import Encoding, encode
from jisr.engine.scheduling.solver import solve

from .builders import make_instance

PAIRS = [(0, 1), (0, 2), (0, 3), (1, 2), (2, 3), (3, 4), (1, 4), (4, 5)]


def _units(instance: Instance) -> tuple[set[int], Encoding]:
    enc = encode(instance, compute_domains(instance), fairness=2, implied=True, span=False)
    return {clause[0] for clause in enc.clauses if len(clause) == 1}, enc


def test_reversal_breaking_keeps_one_meeting_in_the_first_half_of_a_symmetric_day() -> None:
    instance = make_instance(PAIRS, n_slots=5, n_tables=2)
    units, enc = _units(instance)
    barred = {(m, t) for (m, t), var in enc.at.items() if -var in units}

    assert barred
    assert {t for _m, t in barred} == {3, 4}
    assert len({m for m, _t in barred}) == 1


def test_reversal_breaking_is_skipped_when_a_session_rule_breaks_the_symmetry() -> None:
    instance = make_instance(PAIRS, n_slots=5, n_tables=2, morning_slots=2, sessions={0: "morning"})
    units, enc = _units(instance)

    assert not {(m, t) for (m, t), var in enc.at.items() if -var in units}


def test_sat_search_and_cpsat_agree_on_a_symmetric_instance_with_breaking() -> None:
    instance = make_instance(PAIRS, n_slots=5, n_tables=2)

    sat = solve(instance, engine="sat_search", workers=1, time_limit=30, explain=False)
    cpsat = solve(instance, engine="cpsat", workers=1, time_limit=30, explain=False)

    assert sat.status == cpsat.status == "OPTIMAL"
    assert sat.objective == cpsat.objective
