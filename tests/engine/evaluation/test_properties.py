"""Property tests: invariants every method must keep on any valid input."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from jisr.engine import evaluation as ev

SAATY_SCALE = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]
METHODS = [ev.weighted_sum, ev.topsis, ev.promethee_ii]
FAST = settings(max_examples=60, deadline=None)


@st.composite
def pairwise_matrices(draw, max_size=9):
    n = draw(st.integers(min_value=1, max_value=max_size))
    matrix = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i, j] = draw(st.sampled_from(SAATY_SCALE))
            matrix[j, i] = 1 / matrix[i, j]
    return matrix


@st.composite
def problems(draw):
    m = draw(st.integers(min_value=1, max_value=7))
    n = draw(st.integers(min_value=1, max_value=5))
    values = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False).map(lambda v: round(v, 2))
    matrix = draw(arrays(np.float64, (m, n), elements=values))
    weights = draw(
        arrays(np.float64, n, elements=st.floats(min_value=0, max_value=10)).filter(
            lambda w: w.sum() > 1e-6
        )
    )
    benefit = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    return matrix, weights, benefit


@FAST
@given(pairwise_matrices())
def test_ahp_weights_are_positive_and_sum_to_one(matrix):
    result = ev.ahp(matrix)

    assert np.all(result.weights > 0)
    assert abs(result.weights.sum() - 1) < 1e-9
    assert result.lambda_max >= matrix.shape[0] - 1e-9
    assert result.consistency_ratio >= 0


@FAST
@given(arrays(np.float64, st.integers(1, 9), elements=st.floats(0.1, 10)))
def test_ahp_consistent_matrix_recovers_weights_with_zero_cr(raw):
    weights = raw / raw.sum()

    result = ev.ahp(np.outer(weights, 1 / weights))

    np.testing.assert_allclose(result.weights, weights, rtol=1e-7)
    assert result.consistency_ratio < 1e-9


@FAST
@given(pairwise_matrices(max_size=6), st.permutations(range(6)))
def test_ahp_relabelling_items_permutes_weights(matrix, permutation):
    order = [i for i in permutation if i < matrix.shape[0]]

    result = ev.ahp(matrix[np.ix_(order, order)])

    np.testing.assert_allclose(result.weights, ev.ahp(matrix).weights[order], atol=1e-9)


@FAST
@given(pairwise_matrices(max_size=6))
def test_ahp_group_of_identical_judges_equals_one_judge(matrix):
    group = ev.ahp_group([matrix, matrix, matrix])

    np.testing.assert_allclose(group.weights, ev.ahp(matrix).weights, atol=1e-9)
    np.testing.assert_allclose(group.weights_min, group.weights_max)


@FAST
@given(problems())
def test_contributions_sum_to_scores_for_every_method(problem):
    matrix, weights, benefit = problem

    for method in METHODS:
        result = method(matrix, weights, benefit)
        np.testing.assert_allclose(result.contributions.sum(axis=1), result.scores, atol=1e-9)
        assert sorted(result.ranking) == list(range(matrix.shape[0]))


@FAST
@given(problems())
def test_scores_stay_in_their_documented_ranges(problem):
    matrix, weights, benefit = problem

    wsm = ev.weighted_sum(matrix, weights, benefit)
    closeness = ev.topsis(matrix, weights, benefit)
    flows = ev.promethee_ii(matrix, weights, benefit)

    assert np.all((wsm.scores >= -1e-12) & (wsm.scores <= 1 + 1e-12))
    assert np.all((closeness.scores >= -1e-12) & (closeness.scores <= 1 + 1e-12))
    assert np.all(np.abs(flows.scores) <= 1 + 1e-12)
    assert abs(flows.scores.sum()) < 1e-9


@FAST
@given(problems(), st.floats(min_value=0.01, max_value=100))
def test_scaling_weights_changes_nothing(problem, factor):
    matrix, weights, benefit = problem

    for method in METHODS:
        np.testing.assert_allclose(
            method(matrix, weights * factor, benefit).scores,
            method(matrix, weights, benefit).scores,
            atol=1e-9,
        )


@FAST
@given(problems(), st.floats(min_value=0.5, max_value=50))
def test_changing_units_changes_nothing(problem, factor):
    # Positive rescaling of every criterion (e.g. dollars to cents): WSM (min-max), TOPSIS
    # (vector) and PROMETHEE (usual) are all invariant.
    matrix, weights, benefit = problem

    for method in METHODS:
        np.testing.assert_allclose(
            method(matrix * factor, weights, benefit).scores,
            method(matrix, weights, benefit).scores,
            atol=1e-9,
        )


@FAST
@given(problems())
def test_cost_criterion_equals_negated_benefit_criterion(problem):
    # Flipping a column's sign and its direction is the same problem for order-based
    # methods: min-max WSM and PROMETHEE II must give identical scores.
    matrix, weights, benefit = problem
    flipped = np.where(benefit, matrix, -matrix)

    for method in (ev.weighted_sum, ev.promethee_ii):
        np.testing.assert_allclose(
            method(flipped, weights, [True] * len(benefit)).scores,
            method(matrix, weights, benefit).scores,
            atol=1e-9,
        )


@FAST
@given(problems())
def test_dominating_alternative_is_never_ranked_below_the_dominated(problem):
    matrix, weights, benefit = problem
    better = np.where(benefit, matrix[0] + 1, matrix[0] - 1)
    extended = np.vstack([matrix, better])

    for method in METHODS:
        ranks = method(extended, weights, benefit).ranks
        assert ranks[-1] <= ranks[0]
