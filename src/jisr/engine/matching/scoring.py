"""Compatibility of buyer-provider pairs, as a weighted mean of per-criterion scores.

Every criterion scores a pair in [0, 1]. A criterion is *absent* for a pair when a side
lacks the data (no description, no budget, a buyer that lists no technologies, ...):
its weight is then dropped and the remaining weights renormalised, so missing data
neither rewards nor punishes a pair. The score is therefore

    compatibility = sum_c w_c * present_c * score_c / sum_c w_c * present_c

and each term of the numerator, divided by the denominator, is that criterion's
contribution shown in explanations. ``score_block`` computes it for a block of pairs
at once; ``score_pairs`` computes the same numbers for a list of pairs.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, field, fields, replace

import numpy as np
from numpy.typing import NDArray

from jisr.engine.matching.features import Encoded, Floats, Ints, SideArrays

COMPONENTS = (
    "service_lines",
    "technologies",
    "languages",
    "certifications",
    "capacity",
    "timezone",
    "budget",
    "text",
)


@dataclass(frozen=True)
class Weights:
    """Relative importance of each criterion; only ratios matter."""

    service_lines: float = 0.25
    technologies: float = 0.15
    languages: float = 0.10
    certifications: float = 0.05
    capacity: float = 0.05
    timezone: float = 0.10
    budget: float = 0.10
    text: float = 0.20

    def __post_init__(self) -> None:
        if any(value < 0 for value in astuple(self)) or sum(astuple(self)) <= 0:
            raise ValueError("weights must be >= 0 with a positive sum")

    def as_array(self) -> Floats:
        return np.array([getattr(self, name) for name in COMPONENTS], dtype=np.float32)

    def only(self, *names: str) -> Weights:
        """These weights with every criterion outside ``names`` set to 0 (for ablations)."""
        unknown = set(names) - set(COMPONENTS)
        if unknown:
            raise ValueError(f"unknown criteria: {sorted(unknown)}")
        return replace(self, **{f.name: 0.0 for f in fields(self) if f.name not in names})


@dataclass(frozen=True)
class Scoring:
    """Weights plus the calibration that turns raw measures into [0, 1] scores.

    - ``capacity_ratio``: a provider scores 1 on capacity when its headcount is at least
      this many times the buyer's team, so the team is not most of the company.
    - ``overlap_target_hours``: shared office hours that count as full overlap.
    - ``text_floor``/``text_ceiling``: USE cosines map linearly from floor (score 0) to
      ceiling (score 1). On our multilingual sample (benchmarks/bench_matching_quality.py)
      requests and offers about different needs average 0.16 and about the same need
      0.42-0.52 (Arabic lowest), so the range spans "unrelated" to "same need". With a
      higher ceiling (0.7) a good text match scored below the structured criteria, and
      renormalisation then favoured profiles *without* text. Recalibrate on real
      missions. The floor must stay >= 0 so that missing text (zero vectors) scores 0.
    """

    weights: Weights = field(default_factory=Weights)
    capacity_ratio: float = 3.0
    overlap_target_hours: float = 4.0
    text_floor: float = 0.15
    text_ceiling: float = 0.50

    def __post_init__(self) -> None:
        if not 0 <= self.text_floor < self.text_ceiling:
            raise ValueError("need 0 <= text_floor < text_ceiling")
        if self.capacity_ratio <= 0 or self.overlap_target_hours <= 0:
            raise ValueError("capacity_ratio and overlap_target_hours must be positive")


def presence(side: SideArrays, *, buyer: bool) -> Floats:
    """``n x len(COMPONENTS)`` 0/1 matrix: which criteria this side has data for.

    Set criteria depend on the buyer's need only: a provider listing nothing simply
    covers nothing. Languages need both sides to list some.
    """
    n = len(side)
    ones = np.ones(n, dtype=np.bool_)
    lists_any = {name: matrix.any(axis=1) for name, matrix in side.sets.items()}
    columns = [
        lists_any["service_lines"] if buyer else ones,
        lists_any["technologies"] if buyer else ones,
        lists_any["languages"],
        lists_any["certifications"] if buyer else ones,
        side.has_capacity,
        ones,
        side.has_band,
        side.has_text,
    ]
    return np.stack(columns, axis=1).astype(np.float32)


def _safe_inverse(values: Floats, known: NDArray[np.bool_], zero: float = 0.0) -> Floats:
    """1 / values where known and positive; ``zero`` where known and 0; 0 where unknown."""
    out = np.where(known, np.float32(zero), np.float32(0.0)).astype(np.float32)
    np.divide(1.0, values, out=out, where=known & (values > 0))
    return out


# Stand-ins that make min(1, budget * (1 / lowest rate)) right at the edges without
# branches: a free provider (rate 0) fits any budget, even a zero one. Both stay far
# inside float32 range (1e-30 * 1e30 = 1; 1e4 * 1e30 < 3.4e38).
_TINY = 1e-30
_HUGE = 1e30


@dataclass(frozen=True)
class _Prepared:
    """Per-side arrays derived once, so blocks only do pairwise work.

    Every criterion's pairwise score is 0 wherever it is absent, so a block can divide
    its weighted sum by the present weights without masking the numerator.
    """

    need_inverse: dict[str, Floats]
    coverage_buyers: Floats
    coverage_providers: Floats
    team_inverse: Floats
    budget_high: Floats
    provider_low_inverse: Floats
    zone_score: Floats
    weighted_presence: Floats
    provider_presence: Floats


def prepare(encoded: Encoded, scoring: Scoring) -> _Prepared:
    buyers, providers = encoded.buyers, encoded.providers
    w = scoring.weights
    known = np.ones(len(buyers), dtype=np.bool_)
    need_inverse = {
        name: _safe_inverse(matrix.sum(axis=1), known) for name, matrix in buyers.sets.items()
    }
    coverage = ("service_lines", "technologies", "certifications")
    # Scaling each buyer row by weight / need turns the three coverage criteria into a
    # single matrix product over the concatenated vocabularies.
    coverage_buyers = np.concatenate(
        [buyers.sets[n] * (need_inverse[n] * getattr(w, n))[:, None] for n in coverage], axis=1
    ).astype(np.float32)
    coverage_providers = np.concatenate([providers.sets[n] for n in coverage], axis=1)
    return _Prepared(
        need_inverse=need_inverse,
        coverage_buyers=coverage_buyers,
        coverage_providers=coverage_providers,
        team_inverse=_safe_inverse(buyers.capacity * scoring.capacity_ratio, buyers.has_capacity),
        budget_high=np.where(buyers.has_band, np.maximum(buyers.band_high, _TINY), 0.0).astype(
            np.float32
        ),
        provider_low_inverse=_safe_inverse(providers.band_low, providers.has_band, _HUGE),
        zone_score=np.minimum(1.0, encoded.overlap_hours / scoring.overlap_target_hours),
        weighted_presence=presence(buyers, buyer=True) * w.as_array(),
        provider_presence=presence(providers, buyer=False),
    )


def _text_in_place(cosine: Floats, scoring: Scoring) -> Floats:
    cosine -= np.float32(scoring.text_floor)
    cosine *= np.float32(1.0 / (scoring.text_ceiling - scoring.text_floor))
    return np.clip(cosine, np.float32(0.0), np.float32(1.0), out=cosine)


def _add_min1(total: Floats, values: Floats, weight: float) -> None:
    """total += weight * min(1, values), reusing ``values`` as scratch space."""
    np.minimum(values, np.float32(1.0), out=values)
    values *= np.float32(weight)
    total += values


def score_block(
    encoded: Encoded, prepared: _Prepared, scoring: Scoring, rows: slice, cols: slice
) -> Floats:
    """Compatibility of buyers ``rows`` x providers ``cols``; one float32 block.

    Operations run in place on a few block-sized arrays, which is where the time goes.
    """
    b, p = encoded.buyers.take(rows), encoded.providers.take(cols)
    w = scoring.weights
    total = prepared.coverage_buyers[rows] @ prepared.coverage_providers[cols].T
    if w.languages:
        # Shared-language counts are whole numbers, so min(1, count) means "any shared".
        _add_min1(total, b.sets["languages"] @ p.sets["languages"].T, w.languages)
    if w.capacity:
        _add_min1(total, np.outer(prepared.team_inverse[rows], p.capacity), w.capacity)
    if w.budget:
        ratio = np.outer(prepared.budget_high[rows], prepared.provider_low_inverse[cols])
        _add_min1(total, ratio, w.budget)
    if w.timezone:
        zone_score = prepared.zone_score * np.float32(w.timezone)
        total += zone_score[b.zone[:, None], p.zone[None, :]]
    if w.text:
        text = _text_in_place(b.text @ p.text.T, scoring)
        text *= np.float32(w.text)
        total += text
    denominator = prepared.weighted_presence[rows] @ prepared.provider_presence[cols].T
    # Where nothing is present the numerator is 0 too, so a tiny divisor yields 0.
    np.maximum(denominator, np.float32(_TINY), out=denominator)
    total /= denominator
    return total


@dataclass(frozen=True)
class PairScores:
    """Per-pair breakdown: ``contributions`` sum (per row) to ``compatibility``."""

    compatibility: Floats
    scores: Floats
    present: NDArray[np.bool_]
    contributions: Floats
    cosine: Floats
    overlap_hours: Floats


def score_pairs(
    encoded: Encoded,
    prepared: _Prepared,
    scoring: Scoring,
    buyer_rows: Ints,
    provider_rows: Ints,
) -> PairScores:
    """The numbers behind ``score_block`` for explicit pairs, criterion by criterion."""
    b, p = encoded.buyers.take(buyer_rows), encoded.providers.take(provider_rows)
    columns = []
    for name in ("service_lines", "technologies"):
        shared = np.einsum("ij,ij->i", b.sets[name], p.sets[name])
        columns.append(shared * prepared.need_inverse[name][buyer_rows])
    languages = np.einsum("ij,ij->i", b.sets["languages"], p.sets["languages"]) > 0
    columns.append(languages.astype(np.float32))
    certificates = np.einsum("ij,ij->i", b.sets["certifications"], p.sets["certifications"])
    columns.append(certificates * prepared.need_inverse["certifications"][buyer_rows])
    columns.append(np.minimum(1.0, prepared.team_inverse[buyer_rows] * p.capacity))
    columns.append(prepared.zone_score[b.zone, p.zone])
    budget = prepared.budget_high[buyer_rows] * prepared.provider_low_inverse[provider_rows]
    columns.append(np.minimum(1.0, budget))
    cosine = np.einsum("ij,ij->i", b.text, p.text).astype(np.float32)
    columns.append(_text_in_place(cosine.copy(), scoring))
    scores = np.stack(columns, axis=1).astype(np.float32)
    weighted = prepared.weighted_presence[buyer_rows] * prepared.provider_presence[provider_rows]
    denominator = weighted.sum(axis=1, keepdims=True)
    contributions = np.zeros_like(scores)
    np.divide(weighted * scores, denominator, out=contributions, where=denominator > 0)
    return PairScores(
        compatibility=contributions.sum(axis=1),
        scores=scores,
        present=weighted > 0,
        contributions=contributions,
        cosine=cosine,
        overlap_hours=encoded.overlap_hours[b.zone, p.zone],
    )
