"""The time the large path keeps after its neighbourhood search."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jisr.engine.scheduling.large.solve import reserve


@given(st.floats(min_value=0.0, max_value=3600.0))
def test_reserve_is_at_most_a_fifth_and_at_least_a_second_when_that_fits(limit: float) -> None:
    kept = reserve(limit)
    assert 0.0 <= kept <= 0.2 * limit
    assert kept >= min(1.0, 0.2 * limit)


def test_reserve_on_the_benchmark_limits() -> None:
    assert reserve(2.0) == 0.4  # short test limits keep their fifth
    assert reserve(30.0) == 1.5
    assert reserve(120.0) == 6.0
