"""AHP against Saaty's published worked example, plus group aggregation."""

import subprocess
import sys

import numpy as np
import pytest

from jisr.engine import evaluation as ev

# Saaty, T. L. (1990). "How to make a decision: The Analytic Hierarchy Process".
# European Journal of Operational Research 48(1), 9-26. Buying a house, Table 2: the
# eight criteria (size, transportation, neighbourhood, age, yard space, modern facilities,
# general condition, financing) compared pairwise.
SAATY_1990_HOUSE_CRITERIA = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
# Same paper, Table 3: the three houses compared on "size of house".
SAATY_1990_HOUSE_SIZE = [[1, 6, 8], [1 / 6, 1, 4], [1 / 8, 1 / 4, 1]]


def test_ahp_saaty_1990_house_criteria_weights():
    """Saaty (1990) Table 2: priorities .173 .054 .188 .018 .031 .036 .167 .333."""
    result = ev.ahp(SAATY_1990_HOUSE_CRITERIA)

    expected = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    np.testing.assert_allclose(result.weights, expected, atol=5e-4)
    assert result.weights.sum() == pytest.approx(1.0)


def test_ahp_saaty_1990_house_criteria_consistency():
    """Saaty (1990) Table 2: λmax = 9.669, C.I. = 0.238, C.R. = 0.169 (RI(8) = 1.41)."""
    result = ev.ahp(SAATY_1990_HOUSE_CRITERIA)

    assert result.lambda_max == pytest.approx(9.669, abs=5e-4)
    assert result.consistency_index == pytest.approx(0.238, abs=5e-4)
    assert result.consistency_ratio == pytest.approx(0.169, abs=5e-4)
    assert result.is_consistent is False
    assert result.random_index_table == "saaty1980"


def test_ahp_saaty_1990_house_size_local_priorities():
    """Saaty (1990) Table 3, size of house: .754 .181 .065; λmax 3.136, CI .068, CR .117."""
    result = ev.ahp(SAATY_1990_HOUSE_SIZE)

    np.testing.assert_allclose(result.weights, [0.754, 0.181, 0.065], atol=5e-4)
    assert result.lambda_max == pytest.approx(3.136, abs=5e-4)
    assert result.consistency_index == pytest.approx(0.068, abs=5e-4)
    assert result.consistency_ratio == pytest.approx(0.117, abs=5e-4)


def test_ahp_inconsistent_matrix_points_to_worst_judgment():
    # 1 > 2 (×2), 2 > 3 (×2), yet 3 > 1 (×2): a cycle, the classic intransitive triad.
    cyclic = [[1, 2, 1 / 2], [1 / 2, 1, 2], [2, 1 / 2, 1]]

    result = ev.ahp(cyclic)

    np.testing.assert_allclose(result.weights, [1 / 3, 1 / 3, 1 / 3])
    assert result.consistency_ratio > ev.CONSISTENCY_THRESHOLD
    assert result.worst_judgment is not None
    assert result.suggested_value == pytest.approx(1.0)


def test_ahp_consistent_matrix_has_zero_cr_and_no_worst_judgment():
    weights = np.array([0.5, 0.3, 0.2])
    consistent = np.outer(weights, 1 / weights)

    result = ev.ahp(consistent)

    np.testing.assert_allclose(result.weights, weights)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-12)
    assert result.worst_judgment is None


def test_ahp_two_items_is_always_consistent():
    result = ev.ahp([[1, 3], [1 / 3, 1]])

    np.testing.assert_allclose(result.weights, [0.75, 0.25])
    assert result.consistency_ratio == 0.0


def test_ahp_decimal_reciprocals_are_accepted():
    result = ev.ahp([[1, 3, 0.2], [0.333, 1, 0.143], [5, 7, 1]])

    assert result.weights.argmax() == 2


def test_random_index_table_is_saaty_1980():
    """Saaty (1980), The Analytic Hierarchy Process: RI for n = 3..10."""
    table = ev.SAATY_1980_RANDOM_INDEX

    assert [table[n] for n in range(3, 11)] == [
        0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49
    ]  # fmt: skip


def test_ahp_group_two_opposed_judges_meet_in_the_middle():
    # Geometric mean of 3 and 1/3 is 1: the reciprocal survives aggregation.
    result = ev.ahp_group([[[1, 3], [1 / 3, 1]], [[1, 1 / 3], [3, 1]]])

    np.testing.assert_allclose(result.matrix, [[1, 1], [1, 1]])
    np.testing.assert_allclose(result.weights, [0.5, 0.5])
    np.testing.assert_allclose(result.weights_min, [0.25, 0.25])
    np.testing.assert_allclose(result.weights_max, [0.75, 0.75])
    assert len(result.individual) == 2


def test_ahp_group_judge_weights_tilt_the_consensus():
    # Weights 3:1 give 9^(3/4) * (1/9)^(1/4)... on judgments 9 and 1/9 -> 9^0.5 = 3.
    result = ev.ahp_group([[[1, 9], [1 / 9, 1]], [[1, 1 / 9], [9, 1]]], judge_weights=[3, 1])

    assert result.matrix[0, 1] == pytest.approx(3.0)
    np.testing.assert_allclose(result.weights, [0.75, 0.25])


def test_ahp_group_single_judge_equals_ahp():
    group = ev.ahp_group([SAATY_1990_HOUSE_SIZE])

    np.testing.assert_allclose(group.weights, ev.ahp(SAATY_1990_HOUSE_SIZE).weights)


def test_evaluation_package_imports_without_django():
    code = (
        "import sys; import jisr.engine.evaluation.scorecard, jisr.engine.evaluation.destinations;"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )

    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert completed.stdout.strip() == "False"
