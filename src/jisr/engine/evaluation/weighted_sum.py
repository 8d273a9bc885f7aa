"""Weighted sum (SAW / WSM): S_i = Σ_j w_j r_ij, an exact additive breakdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from ._arrays import (
    BoolArray,
    FloatArray,
    MatrixLike,
    VectorLike,
    as_benefit,
    as_matrix,
    as_weights,
    constant_columns,
)
from .errors import InvalidParameterError, NormalizationDomainError
from .result import MethodResult

Normalization = Literal["min-max", "max"]


def weighted_sum(
    matrix: MatrixLike,
    weights: VectorLike,
    benefit: Sequence[bool] | BoolArray,
    *,
    normalization: Normalization = "min-max",
) -> MethodResult:
    """Weighted sum of per-criterion scores in [0, 1]; weights are rescaled to sum to 1.

    ``"min-max"`` (default) maps the worst value to 0 and the best to 1 and accepts zeros
    and negatives. ``"max"`` is Hwang & Yoon's linear scale (x / max for a benefit,
    min / x for a cost); it needs positive values. A constant criterion scores 0 for all.
    """
    x = as_matrix(matrix, what="decision matrix")
    n = x.shape[1]
    w = as_weights(weights, length=n)
    b = as_benefit(benefit, length=n)
    if normalization == "min-max":
        r = _min_max(x, b)
    elif normalization == "max":
        r = _max_ratio(x, b)
    else:
        raise InvalidParameterError(
            f"unknown normalisation {normalization!r}", parameter="normalization"
        )
    constant = constant_columns(x)
    r[:, list(constant)] = 0.0
    contributions = r * w
    return MethodResult(
        method="weighted_sum",
        scores=contributions.sum(axis=1),
        contributions=contributions,
        weights=w,
        constant_criteria=constant,
        details={"normalized": r},
    )


def _min_max(x: FloatArray, benefit: BoolArray) -> FloatArray:
    low, high = x.min(axis=0), x.max(axis=0)
    spread = np.where(high > low, high - low, 1.0)
    normalized: FloatArray = np.where(benefit, (x - low) / spread, (high - x) / spread)
    return normalized


def _max_ratio(x: FloatArray, benefit: BoolArray) -> FloatArray:
    bad = np.argwhere((x <= 0) & ~benefit)
    if bad.size:
        row, column = (int(i) for i in bad[0])
        raise NormalizationDomainError(
            "max-ratio normalisation needs positive cost values",
            row=row,
            column=column,
        )
    negative = np.argwhere(x < 0)
    if negative.size:
        row, column = (int(i) for i in negative[0])
        raise NormalizationDomainError(
            "max-ratio normalisation needs non-negative values", row=row, column=column
        )
    high = x.max(axis=0)
    low = x.min(axis=0)
    safe_high = np.where(high > 0, high, 1.0)
    safe_x = np.where(x > 0, x, 1.0)
    normalized: FloatArray = np.where(benefit, x / safe_high, low / safe_x)
    return normalized
