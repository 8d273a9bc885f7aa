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


def _safe_inverse(values: Floats, known: NDArray[np.bool_]) -> Floats:
    out = np.zeros_like(values)
    np.divide(1.0, values, out=out, where=known & (values > 0))
    return out


@dataclass(frozen=True)
class _Prepared:
    """Per-side vectors derived once, so blocks only do pairwise work."""

    need_inverse: dict[str, Floats]
    team_inverse: Floats
    provider_low_inverse: Floats
    zone_score: Floats
    weighted_presence: Floats
    provider_presence: Floats


def prepare(encoded: Encoded, scoring: Scoring) -> _Prepared:
    buyers, providers = encoded.buyers, encoded.providers
    need_inverse = {
        name: _safe_inverse(matrix.sum(axis=1), np.ones(len(buyers), dtype=np.bool_))
        for name, matrix in buyers.sets.items()
    }
    return _Prepared(
        need_inverse=need_inverse,
        team_inverse=_safe_inverse(buyers.capacity * scoring.capacity_ratio, buyers.has_capacity),
        provider_low_inverse=_safe_inverse(providers.band_low, providers.has_band),
        zone_score=np.minimum(1.0, encoded.overlap_hours / scoring.overlap_target_hours),
        weighted_presence=presence(buyers, buyer=True) * scoring.weights.as_array(),
        provider_presence=presence(providers, buyer=False),
    )


def _budget(
    b_high: Floats, p_low: Floats, p_low_inverse: Floats, both: NDArray[np.bool_]
) -> Floats:
    # A provider whose lowest rate is within budget fits fully; above it, the score is
    # budget / lowest rate, so 25% over budget scores 0.8.
    ratio = np.minimum(1.0, b_high * p_low_inverse)
    return np.where(both, np.where(p_low <= b_high, 1.0, ratio), 0.0).astype(np.float32)


def _text(cosine: Floats, scoring: Scoring) -> Floats:
    span = np.float32(scoring.text_ceiling - scoring.text_floor)
    scaled: Floats = (cosine - np.float32(scoring.text_floor)) / span
    return np.clip(scaled, np.float32(0.0), np.float32(1.0))


def score_block(
    encoded: Encoded, prepared: _Prepared, scoring: Scoring, rows: slice, cols: slice
) -> Floats:
    """Compatibility of buyers ``rows`` x providers ``cols``; one float32 block."""
    b, p = encoded.buyers.take(rows), encoded.providers.take(cols)
    w = scoring.weights
    total = np.zeros((len(b), len(p)), dtype=np.float32)
    for name in ("service_lines", "technologies", "certifications"):
        weight = getattr(w, name)
        if weight:
            shared = b.sets[name] @ p.sets[name].T
            total += shared * (prepared.need_inverse[name][rows] * weight)[:, None]
    if w.languages:
        total += (b.sets["languages"] @ p.sets["languages"].T > 0) * np.float32(w.languages)
    if w.capacity:
        capacity = np.minimum(1.0, np.outer(prepared.team_inverse[rows], p.capacity))
        total += capacity * np.float32(w.capacity)
    if w.timezone:
        total += prepared.zone_score[b.zone[:, None], p.zone[None, :]] * np.float32(w.timezone)
    if w.budget:
        both = b.has_band[:, None] & p.has_band[None, :]
        budget = _budget(
            b.band_high[:, None],
            p.band_low[None, :],
            prepared.provider_low_inverse[cols][None, :],
            both,
        )
        total += budget * np.float32(w.budget)
    if w.text:
        total += _text(b.text @ p.text.T, scoring) * np.float32(w.text)
    denominator = prepared.weighted_presence[rows] @ prepared.provider_presence[cols].T
    np.divide(total, denominator, out=total, where=denominator > 0)
    total[denominator <= 0] = 0.0
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
    both = b.has_band & p.has_band
    columns.append(
        _budget(b.band_high, p.band_low, prepared.provider_low_inverse[provider_rows], both)
    )
    cosine = np.einsum("ij,ij->i", b.text, p.text).astype(np.float32)
    columns.append(_text(cosine, scoring))
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
