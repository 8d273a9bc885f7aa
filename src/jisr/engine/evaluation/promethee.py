"""PROMETHEE II (Brans & Vincke 1985): net outranking flows.

φ(a) = Σ_j w_j φ_j(a) with φ_j(a) = 1/(m−1) Σ_b [P_j(a, b) − P_j(b, a)], an exact additive
decomposition: ``contributions[i, j] = w_j φ_j(a_i)``. Flows lie in [−1, 1] and sum to 0.

Preference functions work on raw differences, in each criterion's own units:
- ``"usual"`` (Brans type I): any strict advantage is a full preference;
- ``"linear"`` (Brans type V, pymcdm's ``'vshape_2'``): 0 up to the indifference threshold
  ``q``, rising linearly to 1 at the preference threshold ``p``; ``q = 0`` gives type III.
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
from .errors import InvalidParameterError, ShapeError
from .result import MethodResult

Preference = Literal["usual", "linear"]
Threshold = float | VectorLike | None


def promethee_ii(
    matrix: MatrixLike,
    weights: VectorLike,
    benefit: Sequence[bool] | BoolArray,
    preference: Preference = "usual",
    q: Threshold = None,
    p: Threshold = None,
) -> MethodResult:
    """Net flows, higher is better; weights rescaled to sum to 1.

    ``q`` and ``p`` are a number or one per criterion; ``"linear"`` needs ``p`` (``q``
    defaults to 0) with 0 ≤ q < p. A single alternative, or a constant criterion, has
    flow 0 (nothing to outrank).
    """
    x = as_matrix(matrix, what="decision matrix")
    m, n = x.shape
    w = as_weights(weights, length=n)
    b = as_benefit(benefit, length=n)
    # d[a, b, j]: advantage of a over b on criterion j, oriented so that more is better.
    d = x[:, None, :] - x[None, :, :]
    d = np.where(b, d, -d)
    if preference == "usual":
        if q is not None or p is not None:
            raise InvalidParameterError(
                "the usual criterion takes no thresholds", parameter="preference"
            )
        pref = (d > 0).astype(np.float64)
    elif preference == "linear":
        q_arr, p_arr = _thresholds(q, p, n)
        pref = np.clip((d - q_arr) / (p_arr - q_arr), 0.0, 1.0)
    else:
        raise InvalidParameterError(
            f"unknown preference function {preference!r}", parameter="preference"
        )
    per_criterion = (pref.sum(axis=1) - pref.sum(axis=0)) / (m - 1) if m > 1 else np.zeros((m, n))
    positive = (pref * w).sum(axis=(1, 2)) / (m - 1) if m > 1 else np.zeros(m)
    negative = (pref * w).sum(axis=(0, 2)) / (m - 1) if m > 1 else np.zeros(m)
    contributions = per_criterion * w
    return MethodResult(
        method="promethee_ii",
        scores=contributions.sum(axis=1),
        contributions=contributions,
        weights=w,
        constant_criteria=constant_columns(x),
        details={
            "positive_flow": positive,
            "negative_flow": negative,
            "criterion_flows": per_criterion,
        },
    )


def _thresholds(q: Threshold, p: Threshold, n: int) -> tuple[FloatArray, FloatArray]:
    if p is None:
        raise InvalidParameterError(
            "the linear criterion needs a preference threshold p", parameter="p"
        )
    p_arr = _broadcast(p, n, "p")
    q_arr = _broadcast(0.0 if q is None else q, n, "q")
    if np.any(q_arr < 0) or np.any(p_arr <= q_arr):
        raise InvalidParameterError("thresholds need 0 <= q < p", parameter="q,p")
    return q_arr, p_arr


def _broadcast(value: float | VectorLike, n: int, name: str) -> FloatArray:
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0:
        array = np.full(n, float(array))
    if array.shape != (n,):
        raise ShapeError(f"{name} must be a number or {n} numbers", what=name, expected=n)
    if not np.isfinite(array).all():
        raise InvalidParameterError(f"{name} must be finite", parameter=name)
    return array
