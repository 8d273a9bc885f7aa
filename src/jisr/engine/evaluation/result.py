"""The result object shared by the scoring methods.

A ``MethodResult`` behaves like the plain score array (``np.asarray(r)``, ``r[0]``,
``len(r)``, iteration), so ``ev.topsis(...)`` can be used as "the closeness coefficients";
it also carries what is needed to explain a rank:

- ``scores``: one number per alternative, higher is better;
- ``contributions``: alternatives × criteria, each row sums exactly to that row's score;
- ``ranking``: alternative indices, best first (ties keep input order);
- ``ranks``: competition ranks ("1, 2, 2, 4"), so ties are explicit;
- ``constant_criteria``: criteria on which every alternative scored the same; they
  contribute 0 to everyone (they cannot separate anyone) and are listed for the UI.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ._arrays import FloatArray

# Scores closer than this are a tie: floating-point noise must not invent an order.
TIE_TOLERANCE = 1e-12


@dataclass(frozen=True)
class MethodResult:
    method: str
    scores: FloatArray
    contributions: FloatArray
    weights: FloatArray
    constant_criteria: tuple[int, ...] = ()
    details: dict[str, FloatArray] = field(default_factory=dict)

    @property
    def ranking(self) -> tuple[int, ...]:
        order = sorted(range(len(self.scores)), key=lambda i: (-self.scores[i], i))
        return tuple(order)

    @property
    def ranks(self) -> tuple[int, ...]:
        return competition_ranks(self.scores)

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> npt.NDArray[Any]:
        return np.array(self.scores, dtype=dtype, copy=True if copy is None else copy)

    def __len__(self) -> int:
        return len(self.scores)

    def __getitem__(self, index: int) -> float:
        return float(self.scores[index])

    def __iter__(self) -> Iterator[float]:
        return iter(float(s) for s in self.scores)


def competition_ranks(scores: FloatArray) -> tuple[int, ...]:
    """1 + the number of strictly better scores: equal scores share a rank."""
    return tuple(int(np.sum(scores > s + TIE_TOLERANCE)) + 1 for s in scores)
