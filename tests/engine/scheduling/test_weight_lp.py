"""The relaxation's weight bound: sharper than capacity, never below the optimum."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jisr.engine.scheduling.instance import Instance
from jisr.engine.scheduling.preprocess import compute_domains, weight_upper_bound
from jisr.engine.scheduling.weight_lp import _certified, _rows, weight_lp_bound

from .builders import make_instance
from .test_properties import PROPERTY_SETTINGS, instances


def _heaviest_schedule(instance: Instance) -> int:
    """The most weight any schedule holds, by exhaustive search (tiny instances)."""
    domains = compute_domains(instance).slots
    capacity = instance.capacity()
    caps = [p.max_meetings for p in instance.participants]
    busy: set[tuple[int, int]] = set()
    used = [0] * instance.n_slots
    held = [0] * len(instance.participants)
    best = 0

    def place(m: int, weight: int) -> None:
        nonlocal best
        if m == len(instance.meetings):
            best = max(best, weight)
            return
        meeting = instance.meetings[m]
        place(m + 1, weight)  # not held
        a, b = meeting.pair
        for s in domains[m]:
            if used[s] >= capacity[s] or (a, s) in busy or (b, s) in busy:
                continue
            if any(caps[p] is not None and held[p] >= caps[p] for p in (a, b)):
                continue
            busy.update({(a, s), (b, s)})
            used[s] += 1
            held[a] += 1
            held[b] += 1
            place(m + 1, weight + meeting.priority)
            busy.difference_update({(a, s), (b, s)})
            used[s] -= 1
            held[a] -= 1
            held[b] -= 1

    place(0, 0)
    return best


def test_one_person_meets_one_partner_per_slot() -> None:
    # Three meetings of p0 in two slots with three tables: capacity allows all three
    # (weight 10), but p0 can hold only two of them.
    instance = make_instance(
        [(0, 1), (0, 2), (0, 3)],
        n_slots=2,
        n_tables=3,
        priorities={0: 5, 1: 3, 2: 2},
        require_all=False,
    )
    domains = compute_domains(instance)

    assert weight_upper_bound(instance, domains) == 10
    assert weight_lp_bound(instance, domains) == 8 == _heaviest_schedule(instance)


def test_a_capped_person_counts_only_her_cap() -> None:
    instance = make_instance(
        [(0, 1), (0, 2), (0, 3)],
        n_slots=3,
        n_tables=3,
        priorities={0: 5, 1: 3, 2: 2},
        max_meetings={0: 1},
        require_all=False,
    )

    assert weight_lp_bound(instance, compute_domains(instance)) == 5


@PROPERTY_SETTINGS
@given(instance=instances(require_all=False))
def test_bound_lies_between_the_optimum_and_the_capacity_bound(instance: Instance) -> None:
    domains = compute_domains(instance)

    bound = weight_lp_bound(instance, domains)

    assert _heaviest_schedule(instance) <= bound <= weight_upper_bound(instance, domains)


@PROPERTY_SETTINGS
@given(instance=instances(require_all=False), data=st.data())
def test_any_duals_give_a_valid_bound(instance: Instance, data: st.DataObject) -> None:
    # Weak duality does not need GLOP's duals to be optimal, or even non-negative.
    domains = compute_domains(instance)
    columns = [(m, s) for m, allowed in enumerate(domains.slots) for s in allowed]
    rows = _rows(instance, columns)
    duals = data.draw(
        st.lists(
            st.floats(-2.0, 5.0, allow_nan=False),
            min_size=len(rows.limits),
            max_size=len(rows.limits),
        )
    )

    assert _certified(instance, columns, rows, duals) >= _heaviest_schedule(instance)
