"""Bad input: a typed EvaluationError with a stable code, or documented behaviour."""

import math

import numpy as np
import pytest

from jisr.engine import evaluation as ev

METHODS = [ev.weighted_sum, ev.topsis, ev.promethee_ii]


def test_ahp_non_reciprocal_matrix_raises_with_position():
    with pytest.raises(ev.NotReciprocalError) as caught:
        ev.ahp([[1, 3], [3, 1]])

    assert caught.value.code == "evaluation.not_reciprocal"
    assert caught.value.params == {"row": 0, "column": 1}
    assert isinstance(caught.value, ValueError)


def test_ahp_diagonal_other_than_one_raises():
    with pytest.raises(ev.NotReciprocalError) as caught:
        ev.ahp([[2, 3], [1 / 3, 1]])

    assert caught.value.params == {"row": 0, "column": 0}


@pytest.mark.parametrize("bad", [0, -3])
def test_ahp_non_positive_judgment_raises(bad):
    with pytest.raises(ev.NotPositiveError) as caught:
        ev.ahp([[1, bad], [1, 1]])

    assert caught.value.code == "evaluation.not_positive"
    assert caught.value.params == {"row": 0, "column": 1}


def test_ahp_nan_judgment_raises():
    with pytest.raises(ev.NonFiniteValueError) as caught:
        ev.ahp([[1, math.nan], [1, 1]])

    assert caught.value.code == "evaluation.non_finite"
    assert caught.value.params["position"] == (0, 1)


def test_ahp_non_square_matrix_raises():
    with pytest.raises(ev.ShapeError):
        ev.ahp([[1, 2, 3], [0.5, 1, 2]])


def test_ahp_ragged_rows_raise_shape_error():
    with pytest.raises(ev.ShapeError):
        ev.ahp([[1, 2], [0.5]])


def test_ahp_empty_matrix_raises():
    with pytest.raises(ev.EmptyInputError):
        ev.ahp([[]])


def test_ahp_more_items_than_random_index_table_raises():
    with pytest.raises(ev.TooManyItemsError) as caught:
        ev.ahp(np.ones((16, 16)))

    assert caught.value.params == {"size": 16, "maximum": 15}


def test_ahp_group_without_judges_raises():
    with pytest.raises(ev.EmptyInputError):
        ev.ahp_group([])


def test_ahp_group_matrices_of_different_sizes_raise():
    with pytest.raises(ev.ShapeError):
        ev.ahp_group([np.ones((2, 2)), np.ones((3, 3))])


@pytest.mark.parametrize("method", METHODS)
def test_method_empty_candidate_set_raises(method):
    with pytest.raises(ev.EmptyInputError) as caught:
        method(np.empty((0, 2)), [1, 1], [True, True])

    assert caught.value.code == "evaluation.empty"


@pytest.mark.parametrize("method", METHODS)
def test_method_nan_value_raises(method):
    with pytest.raises(ev.NonFiniteValueError) as caught:
        method([[1, 2], [math.nan, 3]], [1, 1], [True, True])

    assert caught.value.params["position"] == (1, 0)


@pytest.mark.parametrize("method", METHODS)
def test_method_all_zero_weights_raise(method):
    with pytest.raises(ev.InvalidWeightsError) as caught:
        method([[1, 2], [2, 3]], [0, 0], [True, True])

    assert caught.value.code == "evaluation.invalid_weights"
    assert caught.value.params == {"reason": "all_zero"}


@pytest.mark.parametrize("method", METHODS)
def test_method_negative_weight_raises(method):
    with pytest.raises(ev.InvalidWeightsError) as caught:
        method([[1, 2], [2, 3]], [1, -1], [True, True])

    assert caught.value.params == {"reason": "negative", "indices": (1,)}


@pytest.mark.parametrize("method", METHODS)
def test_method_nan_weight_raises(method):
    with pytest.raises(ev.NonFiniteValueError):
        method([[1, 2], [2, 3]], [1, math.nan], [True, True])


@pytest.mark.parametrize("method", METHODS)
def test_method_wrong_number_of_weights_raises(method):
    with pytest.raises(ev.ShapeError) as caught:
        method([[1, 2], [2, 3]], [1, 1, 1], [True, True])

    assert caught.value.params == {"what": "weights", "expected": 2, "got": 3}


@pytest.mark.parametrize("method", METHODS)
def test_method_wrong_number_of_directions_raises(method):
    with pytest.raises(ev.ShapeError):
        method([[1, 2], [2, 3]], [1, 1], [True])


@pytest.mark.parametrize("method", METHODS)
def test_method_constant_criterion_contributes_nothing(method):
    # Criterion 1 is the same for everyone: it is listed and changes no score.
    with_constant = method([[1, 7], [2, 7], [4, 7]], [1, 1], [True, True])
    without = method([[1], [2], [4]], [1], [True])

    assert with_constant.constant_criteria == (1,)
    np.testing.assert_allclose(with_constant.contributions[:, 1], 0.0)
    assert with_constant.ranking == without.ranking == (2, 1, 0)


@pytest.mark.parametrize("method", METHODS)
def test_method_single_candidate_is_ranked_first(method):
    result = method([[3, 4]], [1, 1], [True, False])

    assert result.ranking == (0,)
    assert result.ranks == (1,)
    np.testing.assert_allclose(result.contributions.sum(axis=1), result.scores)


def test_topsis_all_criteria_constant_ties_everyone_at_one_half():
    result = ev.topsis([[1, 2], [1, 2]], [3, 1], [True, False])

    np.testing.assert_allclose(result, [0.5, 0.5])
    np.testing.assert_allclose(result.contributions, [[0.375, 0.125], [0.375, 0.125]])
    assert result.ranks == (1, 1)


def test_weighted_sum_max_ratio_rejects_zero_cost():
    with pytest.raises(ev.NormalizationDomainError) as caught:
        ev.weighted_sum([[0, 1], [2, 1]], [1, 1], [False, True], normalization="max")

    assert caught.value.params == {"row": 0, "column": 0}


def test_weighted_sum_min_max_accepts_zeros_and_negatives():
    result = ev.weighted_sum([[0, -1], [2, 1]], [1, 1], [False, True])

    np.testing.assert_allclose(result, [0.5, 0.5])


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"preference": "gaussian"}, "preference"),
        ({"preference": "linear"}, "p"),
        ({"preference": "linear", "q": 5, "p": 5}, "q,p"),
        ({"preference": "linear", "q": -1, "p": 5}, "q,p"),
        ({"preference": "usual", "p": 5}, "preference"),
    ],
)
def test_promethee_ii_bad_thresholds_raise(kwargs, parameter):
    with pytest.raises(ev.InvalidParameterError) as caught:
        ev.promethee_ii([[1], [2]], [1], [True], **kwargs)

    assert caught.value.params["parameter"] == parameter


def test_promethee_ii_threshold_per_criterion_must_match_criteria():
    with pytest.raises(ev.ShapeError):
        ev.promethee_ii([[1, 2], [2, 1]], [1, 1], [True, True], "linear", p=[1, 2, 3])


@pytest.mark.parametrize("method", [ev.weighted_sum, ev.topsis])
def test_unknown_normalization_raises(method):
    with pytest.raises(ev.InvalidParameterError):
        method([[1], [2]], [1], [True], normalization="sum")


def test_benefit_given_as_text_raises():
    with pytest.raises(ev.ShapeError):
        ev.topsis([[1, 2], [2, 1]], [1, 1], ["max", "min"])
