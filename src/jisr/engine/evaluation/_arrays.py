"""Input checks shared by the methods: turn user input into clean float arrays or raise."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .errors import (
    EmptyInputError,
    InvalidWeightsError,
    NonFiniteValueError,
    ShapeError,
)

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
MatrixLike = Sequence[Sequence[float]] | npt.NDArray[np.floating] | npt.NDArray[np.integer]
VectorLike = Sequence[float] | npt.NDArray[np.floating] | npt.NDArray[np.integer]


def as_matrix(values: MatrixLike, *, what: str = "matrix") -> FloatArray:
    """A 2-D float array with at least one row and one column, every value finite."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:  # ragged rows or text
        raise ShapeError(f"{what} is not a rectangular table of numbers", what=what) from exc
    if array.ndim != 2:
        raise ShapeError(f"{what} must be 2-D, got {array.ndim}-D", what=what, ndim=array.ndim)
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise EmptyInputError(f"{what} is empty", what=what)
    _require_finite(array, what=what)
    return array


def as_vector(values: VectorLike, *, what: str, length: int) -> FloatArray:
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ShapeError(f"{what} is not a list of numbers", what=what) from exc
    if array.ndim != 1 or array.shape[0] != length:
        raise ShapeError(
            f"{what} must have {length} values, got shape {array.shape}",
            what=what,
            expected=length,
            got=int(array.size),
        )
    _require_finite(array, what=what)
    return array


def as_weights(weights: VectorLike, *, length: int) -> FloatArray:
    """Non-negative weights, rescaled to sum to 1 (so 2/1/1 means 0.5/0.25/0.25)."""
    array = as_vector(weights, what="weights", length=length)
    negative = np.flatnonzero(array < 0)
    if negative.size:
        raise InvalidWeightsError(
            "weights must not be negative",
            reason="negative",
            indices=tuple(int(i) for i in negative),
        )
    total = float(array.sum())
    if total <= 0.0:
        raise InvalidWeightsError("weights are all zero", reason="all_zero")
    return array / total


def as_benefit(benefit: Sequence[bool] | BoolArray, *, length: int) -> BoolArray:
    """Criterion directions: True = more is better, False = cost (less is better)."""
    array = np.asarray(benefit)
    if array.ndim != 1 or array.shape[0] != length:
        raise ShapeError(
            f"benefit must have {length} values, got shape {array.shape}",
            what="benefit",
            expected=length,
            got=int(array.size),
        )
    if array.dtype != np.bool_:
        # 1/0 are accepted; anything else (e.g. the string "min") is a mistake.
        if not np.isin(array, (0, 1)).all():
            raise ShapeError("benefit must be booleans", what="benefit")
        array = array.astype(np.bool_)
    return array


def constant_columns(matrix: FloatArray) -> tuple[int, ...]:
    """Criteria on which every alternative scores the same (they cannot separate anyone)."""
    spread = matrix.max(axis=0) - matrix.min(axis=0)
    return tuple(int(j) for j in np.flatnonzero(spread == 0.0))


def _require_finite(array: FloatArray, *, what: str) -> None:
    bad = np.argwhere(~np.isfinite(array))
    if bad.size:
        position = tuple(int(i) for i in bad[0])
        raise NonFiniteValueError(
            f"{what} contains NaN or infinity at {position}", what=what, position=position
        )
