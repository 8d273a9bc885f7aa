"""Destination comparison in the style of the Kearney Global Services Location Index.

A GSLI-style index is a weighted sum of pillar scores made *relative to the compared set*:
each pillar is rescaled so the weakest country scores 0 and the strongest 1, weighted, and
the total is shown out of ``scale`` (10, like GSLI's 0-10 total). Because it is relative,
adding or removing a country changes every index: keep the comparison set fixed.

Missing data is never guessed. A pillar that lacks a value for any compared country is
left out of the index (listed in ``skipped_pillars``) and the remaining weights are
rescaled; if no pillar is complete, NoCompleteIndicatorError is raised.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .destination_data import PILLARS
from .errors import (
    EmptyInputError,
    InvalidParameterError,
    NoCompleteIndicatorError,
    NonFiniteValueError,
    UnknownCriterionError,
)
from .weighted_sum import weighted_sum

# Our default, not Kearney's: the GSLI weights of the four-pillar editions were not found
# and 40/30/30 for the older three-pillar ones is unconfirmed (see destination_data).
DEFAULT_PILLAR_WEIGHTS: Mapping[str, float] = dict.fromkeys(PILLARS, 1.0 / len(PILLARS))


@dataclass(frozen=True)
class DestinationScore:
    country: str
    rank: int
    index: float
    contributions: Mapping[str, float]


@dataclass(frozen=True)
class DestinationRanking:
    entries: tuple[DestinationScore, ...]
    weights: Mapping[str, float]  # rescaled over the pillars actually used
    used_pillars: tuple[str, ...]
    skipped_pillars: tuple[str, ...]
    scale: float


def destination_index(
    scores: Mapping[str, Mapping[str, float | None]],
    weights: Mapping[str, float] = DEFAULT_PILLAR_WEIGHTS,
    *,
    scale: float = 10.0,
) -> DestinationRanking:
    """Rank countries (``{country: {pillar: value or None}}``, higher values better).

    Raises EmptyInputError for no countries,
    UnknownCriterionError for an unknown pillar, InvalidWeightsError when the weights
    of the usable pillars are all zero.
    """
    if not scores:
        raise EmptyInputError("no countries to compare", what="countries")
    if not (scale > 0):
        raise InvalidParameterError("scale must be positive", parameter="scale")
    countries = tuple(scores)
    pillars = tuple(weights)
    unknown = sorted({p for row in scores.values() for p in row} - set(PILLARS))
    unknown += sorted(set(pillars) - set(PILLARS))
    if unknown:
        raise UnknownCriterionError("unknown destination pillar", criterion=unknown[0])
    used = tuple(p for p in pillars if all(scores[c].get(p) is not None for c in countries))
    skipped = tuple(p for p in pillars if p not in used)
    if not used:
        raise NoCompleteIndicatorError(
            "no pillar has a value for every compared country", skipped=skipped
        )
    matrix = [[_value(scores, c, p) for p in used] for c in countries]
    result = weighted_sum(matrix, [weights[p] for p in used], [True] * len(used))
    contributions = result.contributions * scale
    entries = tuple(
        DestinationScore(
            country=countries[i],
            rank=result.ranks[i],
            index=float(result.scores[i] * scale),
            contributions=dict(zip(used, map(float, contributions[i]), strict=True)),
        )
        for i in result.ranking
    )
    return DestinationRanking(
        entries=entries,
        weights=dict(zip(used, map(float, result.weights), strict=True)),
        used_pillars=used,
        skipped_pillars=skipped,
        scale=scale,
    )


def _value(scores: Mapping[str, Mapping[str, float | None]], country: str, pillar: str) -> float:
    value = scores[country][pillar]
    assert value is not None  # filtered by the caller
    number = float(value)
    if not math.isfinite(number):
        raise NonFiniteValueError(
            "a pillar value is NaN or infinite", country=country, criterion=pillar
        )
    return number
