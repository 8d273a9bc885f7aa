"""TOPSIS (Hwang & Yoon 1981): closeness to the ideal, C_i = S⁻_i / (S⁺_i + S⁻_i).

Explanation. With D⁻_ij = (v_ij − v⁻_j)², S⁻_i² = Σ_j D⁻_ij, so
C_i = Σ_j D⁻_ij / (S⁻_i (S⁺_i + S⁻_i)): ``contributions[i, j]`` is that j-th term, each
criterion's share of the distance from the anti-ideal, scaled so a row sums to C_i. The
shares of the distance to the ideal (what holds an alternative back) are in
``details["ideal_shares"]``, and the anti-ideal shares in ``details["anti_ideal_shares"]``.
"""

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
from .errors import InvalidParameterError
from .result import MethodResult

Normalization = Literal["vector", "min-max"]


def topsis(
    matrix: MatrixLike,
    weights: VectorLike,
    benefit: Sequence[bool] | BoolArray,
    *,
    normalization: Normalization = "vector",
) -> MethodResult:
    """Closeness coefficients in [0, 1], higher is better; weights rescaled to sum to 1.

    Vector normalisation (x / ‖column‖) is Hwang & Yoon's and the default; note that
    pymcdm defaults to min-max. A constant criterion adds nothing to either distance. If no
    criterion separates the alternatives (all constant, or a single alternative), every
    alternative is equally close: each gets 0.5, split across criteria by weight.
    """
    x = as_matrix(matrix, what="decision matrix")
    m, n = x.shape
    w = as_weights(weights, length=n)
    b = as_benefit(benefit, length=n)
    r = _normalize(x, normalization)
    v = r * w
    ideal = np.where(b, v.max(axis=0), v.min(axis=0))
    anti_ideal = np.where(b, v.min(axis=0), v.max(axis=0))
    d_plus = (v - ideal) ** 2
    d_minus = (v - anti_ideal) ** 2
    s_plus = np.sqrt(d_plus.sum(axis=1))
    s_minus = np.sqrt(d_minus.sum(axis=1))
    total = s_plus + s_minus
    constant = constant_columns(x)
    if not np.any(total > 0):
        scores = np.full(m, 0.5)
        contributions = np.tile(0.5 * w, (m, 1))
    else:
        # total > 0 for every row once any criterion separates alternatives; S⁻ = 0 only
        # for an alternative sitting on the anti-ideal everywhere, whose closeness is 0.
        scores = s_minus / total
        denominator = np.where(s_minus > 0, s_minus * total, 1.0)
        contributions = d_minus / denominator[:, None]
    return MethodResult(
        method="topsis",
        scores=scores,
        contributions=contributions,
        weights=w,
        constant_criteria=constant,
        details={
            "normalized": r,
            "weighted": v,
            "ideal": ideal,
            "anti_ideal": anti_ideal,
            "distance_to_ideal": s_plus,
            "distance_to_anti_ideal": s_minus,
            "ideal_shares": _shares(d_plus),
            "anti_ideal_shares": _shares(d_minus),
        },
    )


def _normalize(x: FloatArray, normalization: str) -> FloatArray:
    if normalization == "vector":
        norm: FloatArray = np.sqrt((x**2).sum(axis=0))
        scaled: FloatArray = x / np.where(norm > 0, norm, 1.0)
        return scaled
    if normalization == "min-max":
        # Direction is handled by the ideal/anti-ideal choice, so no inversion here.
        low, high = x.min(axis=0), x.max(axis=0)
        spread: FloatArray = np.where(high > low, high - low, 1.0)
        rescaled: FloatArray = (x - low) / spread
        return rescaled
    raise InvalidParameterError(
        f"unknown normalisation {normalization!r}", parameter="normalization"
    )


def _shares(squared: FloatArray) -> FloatArray:
    row_total = squared.sum(axis=1, keepdims=True)
    shares: FloatArray = squared / np.where(row_total > 0, row_total, 1.0)
    return shares
