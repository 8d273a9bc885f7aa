"""TOPSIS, weighted sum and PROMETHEE II against published and hand-worked examples."""

import numpy as np
import pytest

from jisr.engine import evaluation as ev

# Hwang, C.-L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
# Applications. Springer (Lecture Notes in Economics and Mathematical Systems 186).
# Fighter-aircraft example: maximum speed (Mach), ferry range (NM), maximum payload (lb),
# acquisition cost ($10^6, a cost), reliability and manoeuvrability (interval scales).
FIGHTER = [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
]
FIGHTER_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
FIGHTER_BENEFIT = [True, True, True, False, True, True]


def test_topsis_hwang_yoon_fighter_closeness():
    """Hwang & Yoon (1981), TOPSIS fighter example: C* = .643, .268, .613, .312.

    The book works with 4-decimal intermediates (S*₃ = .0580, S⁻₃ = .0920 gives .6133);
    full precision gives .6135, hence the 1e-3 tolerance. The separation measures
    are checked against our own scratch computation [C] at 4 decimals."""
    result = ev.topsis(FIGHTER, FIGHTER_WEIGHTS, FIGHTER_BENEFIT)

    np.testing.assert_allclose(result, [0.643, 0.268, 0.613, 0.312], atol=1e-3)
    np.testing.assert_allclose(
        result.details["distance_to_ideal"], [0.0546, 0.1197, 0.0580, 0.1009], atol=5e-5
    )
    np.testing.assert_allclose(
        result.details["distance_to_anti_ideal"], [0.0983, 0.0439, 0.0920, 0.0458], atol=1e-4
    )
    assert result.ranking == (0, 2, 3, 1)
    assert result.ranks == (1, 4, 2, 3)


def test_topsis_hwang_yoon_fighter_ideal_points():
    """Hwang & Yoon (1981): A* = (.1168, .0659, .0531, .0415, .1347, .2012)."""
    result = ev.topsis(FIGHTER, FIGHTER_WEIGHTS, FIGHTER_BENEFIT)

    np.testing.assert_allclose(
        result.details["ideal"], [0.1168, 0.0659, 0.0531, 0.0415, 0.1347, 0.2012], atol=5e-5
    )
    np.testing.assert_allclose(
        result.details["anti_ideal"], [0.0841, 0.0366, 0.0455, 0.0599, 0.0577, 0.1118], atol=5e-5
    )


def test_topsis_contributions_sum_to_closeness():
    result = ev.topsis(FIGHTER, FIGHTER_WEIGHTS, FIGHTER_BENEFIT)

    np.testing.assert_allclose(result.contributions.sum(axis=1), result.scores)
    np.testing.assert_allclose(result.details["ideal_shares"].sum(axis=1), 1.0)


def test_weighted_sum_hwang_yoon_fighter_linear_scale():
    """Data and weights from Hwang & Yoon (1981), SAW with their linear scale transform
    (x/max, min/x for the cost). Values computed here [C], independently, in a scratch
    numpy script: .8355 .7073 .8514 .7374, so A3 > A1 > A4 > A2."""
    result = ev.weighted_sum(FIGHTER, FIGHTER_WEIGHTS, FIGHTER_BENEFIT, normalization="max")

    np.testing.assert_allclose(result, [0.8355, 0.7073, 0.8514, 0.7374], atol=5e-5)
    assert result.ranking == (2, 0, 3, 1)


def test_weighted_sum_min_max_fighter_by_hand():
    """Min-max scaling of the same data; computed here [C]: .5738 .3000 .5917 .3810."""
    result = ev.weighted_sum(FIGHTER, FIGHTER_WEIGHTS, FIGHTER_BENEFIT)

    np.testing.assert_allclose(result, [0.5738, 0.3, 0.5917, 0.3810], atol=5e-5)
    np.testing.assert_allclose(result.contributions.sum(axis=1), result.scores)


def test_topsis_and_weighted_sum_disagree_on_the_fighter_winner():
    topsis_best = ev.topsis(FIGHTER, FIGHTER_WEIGHTS, FIGHTER_BENEFIT).ranking[0]
    wsm_best = ev.weighted_sum(FIGHTER, FIGHTER_WEIGHTS, FIGHTER_BENEFIT).ranking[0]

    assert (topsis_best, wsm_best) == (0, 2)


def test_promethee_ii_usual_pymcdm_documented_example():
    """pymcdm 1.x documentation, PROMETHEE_II('usual') example: [0.1, -0.3, 0.2].
    Checked by hand: π(a1,a2) = .8, π(a2,a1) = .2, π(a1,a3) = .3, π(a3,a1) = .7,
    π(a2,a3) = π(a3,a2) = .5; φ(a1) = (1.1 − .9)/2 = .1, φ(a2) = (.7 − 1.3)/2 = −.3."""
    result = ev.promethee_ii([[4, 3, 2], [3, 2, 4], [5, 1, 3]], [0.5, 0.3, 0.2], [True] * 3)

    np.testing.assert_allclose(result, [0.1, -0.3, 0.2])
    np.testing.assert_allclose(result.details["positive_flow"], [0.55, 0.35, 0.6])
    np.testing.assert_allclose(result.details["negative_flow"], [0.45, 0.65, 0.4])


def test_promethee_ii_linear_thresholds_by_hand():
    """Brans' type V criterion, worked by hand [C]. One cost criterion (price), q = 10,
    p = 30: prices 100, 115, 150. Advantages: a1 over a2 by 15 -> (15-10)/20 = .25;
    a1 over a3 by 50 -> 1; a2 over a3 by 35 -> 1. φ = (1.25, 1 − .25, −2)/2."""
    result = ev.promethee_ii([[100], [115], [150]], [1], [False], "linear", q=10, p=30)

    np.testing.assert_allclose(result, [0.625, 0.375, -1.0])


def test_promethee_ii_cost_criterion_reverses_usual_flows():
    benefit = ev.promethee_ii([[1], [2], [3]], [1], [True])
    cost = ev.promethee_ii([[1], [2], [3]], [1], [False])

    np.testing.assert_allclose(benefit, [-1, 0, 1])
    np.testing.assert_allclose(cost, [1, 0, -1])


def test_promethee_ii_flows_decompose_by_criterion():
    result = ev.promethee_ii(
        FIGHTER, FIGHTER_WEIGHTS, FIGHTER_BENEFIT, "linear", p=[0.5, 1000, 3000, 1, 2, 4]
    )

    np.testing.assert_allclose(result.contributions.sum(axis=1), result.scores)
    assert result.scores.sum() == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(
        result.scores, result.details["positive_flow"] - result.details["negative_flow"]
    )


def test_method_result_behaves_like_its_score_array():
    result = ev.weighted_sum([[1, 2], [3, 4]], [1, 1], [True, True])

    assert len(result) == 2
    assert list(result) == [0.0, 1.0]
    assert result[1] == 1.0
    assert np.asarray(result).tolist() == [0.0, 1.0]


def test_ties_share_a_rank_and_keep_input_order():
    result = ev.weighted_sum([[1, 0], [0, 1], [0, 0]], [1, 1], [True, True])

    assert result.ranks == (1, 1, 3)
    assert result.ranking == (0, 1, 2)
