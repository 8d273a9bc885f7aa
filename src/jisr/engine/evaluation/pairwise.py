"""Analytic Hierarchy Process: priorities from a pairwise comparison matrix.

Conventions (each one changes the numbers, so each is pinned and named):
- priorities are the principal right eigenvector (Saaty), normalised to sum to 1;
- consistency uses Saaty's (1980) random-index table, ``SAATY_1980_RANDOM_INDEX``;
- a group is aggregated judgment by judgment (AIJ): the element-wise geometric mean of the
  judges' matrices, the only mean that keeps the result reciprocal (Aczél & Saaty 1983).
A CR above ``CONSISTENCY_THRESHOLD`` is reported, never rejected: the buyer may revise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ._arrays import FloatArray, MatrixLike, VectorLike, as_matrix, as_weights
from .errors import (
    EmptyInputError,
    NotPositiveError,
    NotReciprocalError,
    ShapeError,
    TooManyItemsError,
)

# Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill: mean consistency index
# of random reciprocal matrices, by matrix size n. Other published tables (Saaty 2005,
# Donegan & Dodd 1991, Tummala & Ling 1998, used by pymcdm and AHPy) give CRs that differ
# from these in the third decimal, so every CR we report names this table.
SAATY_1980_RANDOM_INDEX: Mapping[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
RANDOM_INDEX_TABLE = "saaty1980"
CONSISTENCY_THRESHOLD = 0.10
# Judgments typed as decimals (0.333 for 1/3) must still count as reciprocal.
DEFAULT_RECIPROCAL_TOLERANCE = 1e-3


@dataclass(frozen=True)
class AhpResult:
    """Priorities of one pairwise matrix, with Saaty's consistency measures.

    ``worst_judgment`` is the (row, column) entry that departs most from the ratio of the
    derived weights, and ``suggested_value`` is that ratio: changing the judgment toward it
    is the cheapest way to lower the CR. Both are None for a fully consistent matrix.
    """

    matrix: FloatArray
    weights: FloatArray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    worst_judgment: tuple[int, int] | None
    suggested_value: float | None
    method: str = "eigenvector"
    random_index_table: str = RANDOM_INDEX_TABLE

    @property
    def is_consistent(self) -> bool:
        return self.consistency_ratio <= CONSISTENCY_THRESHOLD


@dataclass(frozen=True)
class GroupAhpResult(AhpResult):
    """Consensus priorities of several judges, with each judge's own result.

    ``weights_min`` and ``weights_max`` are the spread of the individual priorities per
    item, to show next to the consensus.
    """

    individual: tuple[AhpResult, ...] = ()
    weights_min: FloatArray | None = None
    weights_max: FloatArray | None = None


def ahp(
    matrix: MatrixLike, *, reciprocal_tolerance: float = DEFAULT_RECIPROCAL_TOLERANCE
) -> AhpResult:
    """Principal-eigenvector priorities of a positive reciprocal matrix (n ≤ 15).

    Raises NotPositiveError, NotReciprocalError, NonFiniteValueError, ShapeError or
    TooManyItemsError; an inconsistent matrix is *not* an error (see ``is_consistent``).
    """
    array = as_pairwise(matrix, reciprocal_tolerance=reciprocal_tolerance)
    n = array.shape[0]
    eigenvalues, eigenvectors = np.linalg.eig(array)
    principal = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[principal].real)
    # The Perron vector of a positive matrix has one sign; abs() removes eig's arbitrary one.
    vector = np.abs(eigenvectors[:, principal].real)
    weights = vector / vector.sum()
    # λmax ≥ n holds in exact arithmetic; clip the rounding noise of consistent matrices.
    ci = max(0.0, (lambda_max - n) / (n - 1)) if n > 1 else 0.0
    ri = SAATY_1980_RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    worst, suggested = _worst_judgment(array, weights)
    return AhpResult(
        matrix=array,
        weights=weights,
        lambda_max=lambda_max,
        consistency_index=ci,
        consistency_ratio=cr,
        worst_judgment=worst,
        suggested_value=suggested,
    )


def ahp_group(
    matrices: Sequence[MatrixLike],
    *,
    judge_weights: VectorLike | None = None,
    reciprocal_tolerance: float = DEFAULT_RECIPROCAL_TOLERANCE,
) -> GroupAhpResult:
    """AHP on the element-wise (weighted) geometric mean of several judges' matrices.

    ``judge_weights`` (default: equal) lets a delegation count some buyers more.
    """
    if len(matrices) == 0:
        raise EmptyInputError("no judges' matrices given", what="matrices")
    individual = tuple(ahp(m, reciprocal_tolerance=reciprocal_tolerance) for m in matrices)
    sizes = {r.matrix.shape[0] for r in individual}
    if len(sizes) != 1:
        raise ShapeError("judges' matrices differ in size", what="matrices")
    count = len(individual)
    power = as_weights(judge_weights if judge_weights is not None else [1.0] * count, length=count)
    logs = np.stack([np.log(r.matrix) for r in individual])
    aggregated = np.exp(np.tensordot(power, logs, axes=1))
    consensus = ahp(aggregated, reciprocal_tolerance=reciprocal_tolerance)
    all_weights = np.stack([r.weights for r in individual])
    return GroupAhpResult(
        matrix=consensus.matrix,
        weights=consensus.weights,
        lambda_max=consensus.lambda_max,
        consistency_index=consensus.consistency_index,
        consistency_ratio=consensus.consistency_ratio,
        worst_judgment=consensus.worst_judgment,
        suggested_value=consensus.suggested_value,
        individual=individual,
        weights_min=all_weights.min(axis=0),
        weights_max=all_weights.max(axis=0),
    )


def as_pairwise(matrix: MatrixLike, *, reciprocal_tolerance: float) -> FloatArray:
    """Check that ``matrix`` is square, positive and reciprocal; return it as floats."""
    array = as_matrix(matrix, what="pairwise matrix")
    n, columns = array.shape
    if n != columns:
        raise ShapeError("a pairwise matrix must be square", what="pairwise matrix")
    if n > max(SAATY_1980_RANDOM_INDEX):
        raise TooManyItemsError(
            "too many items for the random-index table",
            size=n,
            maximum=max(SAATY_1980_RANDOM_INDEX),
        )
    not_positive = np.argwhere(array <= 0)
    if not_positive.size:
        row, column = (int(i) for i in not_positive[0])
        raise NotPositiveError("pairwise judgments must be positive", row=row, column=column)
    product = array * array.T
    off = np.argwhere(np.abs(product - 1.0) > reciprocal_tolerance)
    if off.size:
        row, column = (int(i) for i in off[0])
        raise NotReciprocalError("a[i][j] * a[j][i] must equal 1", row=row, column=column)
    return array


def _worst_judgment(
    matrix: FloatArray, weights: FloatArray
) -> tuple[tuple[int, int] | None, float | None]:
    ratios = np.outer(weights, 1.0 / weights)
    error = np.abs(np.log(matrix / ratios))
    row, column = np.unravel_index(int(np.argmax(error)), error.shape)
    if error[row, column] < 1e-9:
        return None, None
    # Report the judgment above the diagonal; its mirror is its reciprocal.
    i, j = (int(row), int(column)) if row < column else (int(column), int(row))
    return (i, j), float(ratios[i, j])
