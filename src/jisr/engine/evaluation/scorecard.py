"""Partner scorecards: rank offshore IT providers for one buyer, and explain the ranks.

The Django side builds ``Candidate`` objects and passes the buyer's criteria and weights;
everything here is plain data in, plain data out. Criterion keys are stable: the web layer
translates them (``criterion.<key>``) and the error ``code``s.

Flow: screen on must-haves (gates such as "holds ISO/IEC 27001") → weight the criteria
(directly, by AHP or by a group AHP) → ``rank`` with one method → ``compare_methods`` to
flag when the top-k depends on the method chosen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from . import pairwise as _ahp
from ._arrays import FloatArray, MatrixLike, VectorLike
from .errors import (
    EmptyInputError,
    InvalidParameterError,
    InvalidWeightsError,
    MissingValueError,
    NoCandidatesError,
    NonFiniteValueError,
    UnknownCriterionError,
)
from .promethee import Preference, promethee_ii
from .result import MethodResult
from .topsis import topsis
from .weighted_sum import weighted_sum

Method = Literal["weighted_sum", "topsis", "promethee_ii"]
METHODS: tuple[Method, ...] = ("weighted_sum", "topsis", "promethee_ii")


@dataclass(frozen=True)
class Criterion:
    """A scoring criterion. ``benefit=False`` marks a cost (lower raw values are better).

    ``unit`` tells the Django side what raw value to supply, e.g. ``"usd_per_hour"`` or
    ``"score_0_5"`` (an evaluator's rating from 0 to 5); PROMETHEE thresholds use it too.
    """

    key: str
    benefit: bool
    unit: str


# The default provider-level criteria, from the buyer-side literature collected in the
# reference notes (Khan et al. 2011, Deloitte 2012, IAOP, Gartner's location criteria).
DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("cost_competitiveness", benefit=False, unit="usd_per_hour"),
    Criterion("technical_fit", benefit=True, unit="score_0_5"),
    Criterion("language_fit", benefit=True, unit="score_0_5"),
    Criterion("quality_certifications", benefit=True, unit="score_0_5"),
    # Information security and data protection: ISO/IEC 27001, GDPR, Morocco's law 09-08.
    Criterion("information_security", benefit=True, unit="score_0_5"),
    Criterion("time_zone_overlap", benefit=True, unit="hours"),
    Criterion("capacity", benefit=True, unit="employees"),
    Criterion("references", benefit=True, unit="score_0_5"),
    Criterion("financial_stability", benefit=True, unit="score_0_5"),
)


@dataclass(frozen=True)
class Candidate:
    """A provider as the engine sees it.

    ``values`` holds one raw value per criterion key; ``attributes`` holds sets of tags
    for must-have filters, e.g. ``{"certifications": frozenset({"iso_27001"})}``.
    """

    id: str
    name: str
    values: Mapping[str, float]
    attributes: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class MustHave:
    """A gate: the candidate's ``attribute`` must contain any (or all) of ``values``."""

    attribute: str
    values: frozenset[str]
    mode: Literal["any", "all"] = "any"

    def missing(self, candidate: Candidate) -> frozenset[str]:
        """What the candidate lacks; empty when the gate is passed."""
        held = candidate.attributes.get(self.attribute, frozenset())
        if self.mode == "any":
            return frozenset() if held & self.values else self.values
        return self.values - held


@dataclass(frozen=True)
class Exclusion:
    """Why a candidate was screened out (code ``"missing_must_have"``)."""

    candidate_id: str
    attribute: str
    missing: tuple[str, ...]
    mode: str
    code: str = "missing_must_have"


@dataclass(frozen=True)
class Screening:
    kept: tuple[Candidate, ...]
    excluded: tuple[Exclusion, ...]


@dataclass(frozen=True)
class WeightSet:
    """Criterion weights summing to 1, with where they came from.

    ``consistency_warning`` is True when an AHP consistency ratio exceeds 0.10: show it
    and let the buyer revise, never reject. For AHP, ``worst_judgment`` names the pair of
    criteria to revisit and ``suggested_value`` the judgment that would fit the others.
    For a group, ``spread`` gives each criterion's (min, max) over the judges.
    """

    weights: Mapping[str, float]
    source: Literal["direct", "equal", "ahp", "ahp_group"]
    consistency_ratio: float | None = None
    consistency_warning: bool = False
    worst_judgment: tuple[str, str] | None = None
    suggested_value: float | None = None
    spread: Mapping[str, tuple[float, float]] | None = None


@dataclass(frozen=True)
class RankedCandidate:
    candidate: Candidate
    rank: int
    score: float
    contributions: Mapping[str, float]


@dataclass(frozen=True)
class Ranking:
    """Candidates best first; each one's contributions sum to its score."""

    method: Method
    entries: tuple[RankedCandidate, ...]
    weights: Mapping[str, float]
    excluded: tuple[Exclusion, ...] = ()
    constant_criteria: tuple[str, ...] = ()

    def top(self, k: int) -> tuple[str, ...]:
        return tuple(entry.candidate.id for entry in self.entries[:k])


@dataclass(frozen=True)
class MethodComparison:
    """Rankings by several methods; ``disagree`` when their ordered top-k differ."""

    k: int
    rankings: Mapping[Method, Ranking]
    top_k: Mapping[Method, tuple[str, ...]]
    disagree: bool


def screen(candidates: Sequence[Candidate], must_haves: Sequence[MustHave]) -> Screening:
    """Split candidates into those passing every must-have and those excluded (with why)."""
    kept: list[Candidate] = []
    excluded: list[Exclusion] = []
    for candidate in candidates:
        failures = [(gate, gate.missing(candidate)) for gate in must_haves]
        failures = [(gate, missing) for gate, missing in failures if missing]
        if not failures:
            kept.append(candidate)
        excluded.extend(
            Exclusion(candidate.id, gate.attribute, tuple(sorted(missing)), gate.mode)
            for gate, missing in failures
        )
    return Screening(tuple(kept), tuple(excluded))


def equal_weights(criteria: Sequence[Criterion]) -> WeightSet:
    keys = _keys(criteria)
    return WeightSet({key: 1.0 / len(keys) for key in keys}, source="equal")


def direct_weights(criteria: Sequence[Criterion], weights: Mapping[str, float]) -> WeightSet:
    """Weights typed by the buyer (any positive scale: 5/3/2 is fine), rescaled to sum 1."""
    keys = _keys(criteria)
    _check_known(weights, keys, what="weights")
    missing = [key for key in keys if key not in weights]
    if missing:
        raise MissingValueError("a criterion has no weight", criterion=missing[0])
    vector = np.array([weights[key] for key in keys], dtype=np.float64)
    if not np.isfinite(vector).all():
        raise NonFiniteValueError("weights contain NaN or infinity", what="weights")
    if (vector < 0).any():
        raise InvalidWeightsError("weights must not be negative", reason="negative")
    if vector.sum() <= 0:
        raise InvalidWeightsError("weights are all zero", reason="all_zero")
    return WeightSet(dict(zip(keys, vector / vector.sum(), strict=True)), source="direct")


def ahp_weights(criteria: Sequence[Criterion], matrix: MatrixLike) -> WeightSet:
    """Weights from one pairwise matrix whose rows/columns follow ``criteria``' order."""
    keys = _keys(criteria)
    result = _ahp.ahp(matrix)
    _check_size(result.matrix, keys)
    return _weight_set(keys, result, source="ahp")


def group_ahp_weights(
    criteria: Sequence[Criterion],
    matrices: Sequence[MatrixLike],
    *,
    judge_weights: VectorLike | None = None,
) -> WeightSet:
    """Consensus weights of a delegation (geometric mean of judgments), with spread."""
    keys = _keys(criteria)
    result = _ahp.ahp_group(matrices, judge_weights=judge_weights)
    _check_size(result.matrix, keys)
    weight_set = _weight_set(keys, result, source="ahp_group")
    assert result.weights_min is not None and result.weights_max is not None
    spread = {
        key: (float(low), float(high))
        for key, low, high in zip(keys, result.weights_min, result.weights_max, strict=True)
    }
    return replace(weight_set, spread=spread)


def rank(
    candidates: Sequence[Candidate],
    criteria: Sequence[Criterion],
    weights: WeightSet | Mapping[str, float],
    method: Method = "weighted_sum",
    *,
    must_haves: Sequence[MustHave] = (),
    preference: Preference = "usual",
    q: Mapping[str, float] | None = None,
    p: Mapping[str, float] | None = None,
) -> Ranking:
    """Screen, score and order candidates; ties share a rank and keep input order.

    ``q``/``p`` are PROMETHEE "linear" thresholds per criterion key, in the criterion's
    unit; criteria left out get q = 0 and p = the largest observed difference (a q at or
    above that p raises InvalidParameterError).
    Raises NoCandidatesError when nothing is left to rank after screening.
    """
    keys = _keys(criteria)
    weight_map = weights.weights if isinstance(weights, WeightSet) else weights
    weight_set = direct_weights(criteria, weight_map)
    screening = screen(candidates, must_haves)
    if not screening.kept:
        raise NoCandidatesError(
            "no candidate to rank",
            given=len(candidates),
            excluded=len(screening.excluded),
        )
    _check_unique_ids(screening.kept)
    matrix = _decision_matrix(screening.kept, keys)
    vector = np.array([weight_set.weights[key] for key in keys])
    benefit = [criterion.benefit for criterion in criteria]
    result = _score(method, matrix, vector, benefit, keys, preference, q, p)
    ranks = result.ranks  # a computed property: read it once, not once per candidate
    entries = tuple(
        RankedCandidate(
            candidate=screening.kept[i],
            rank=int(ranks[i]),
            score=float(result.scores[i]),
            contributions=dict(zip(keys, map(float, result.contributions[i]), strict=True)),
        )
        for i in result.ranking
    )
    return Ranking(
        method=method,
        entries=entries,
        weights=weight_set.weights,
        excluded=screening.excluded,
        constant_criteria=tuple(keys[j] for j in result.constant_criteria),
    )


def compare_methods(
    candidates: Sequence[Candidate],
    criteria: Sequence[Criterion],
    weights: WeightSet | Mapping[str, float],
    *,
    k: int = 3,
    methods: Sequence[Method] = METHODS,
    must_haves: Sequence[MustHave] = (),
) -> MethodComparison:
    """Rank with each method and flag disagreement on the ordered top-k."""
    if k < 1:
        raise InvalidParameterError("k must be at least 1", parameter="k")
    if not methods:
        raise EmptyInputError("no methods to compare", what="methods")
    rankings = {
        method: rank(candidates, criteria, weights, method, must_haves=must_haves)
        for method in methods
    }
    top_k = {method: ranking.top(k) for method, ranking in rankings.items()}
    return MethodComparison(
        k=k, rankings=rankings, top_k=top_k, disagree=len(set(top_k.values())) > 1
    )


def _score(
    method: Method,
    matrix: FloatArray,
    weights: FloatArray,
    benefit: list[bool],
    keys: tuple[str, ...],
    preference: Preference,
    q: Mapping[str, float] | None,
    p: Mapping[str, float] | None,
) -> MethodResult:
    if method == "weighted_sum":
        return weighted_sum(matrix, weights, benefit)
    if method == "topsis":
        return topsis(matrix, weights, benefit)
    if method == "promethee_ii":
        if preference == "usual":
            return promethee_ii(matrix, weights, benefit)
        _check_known(q or {}, keys, what="q")
        _check_known(p or {}, keys, what="p")
        spread = matrix.max(axis=0) - matrix.min(axis=0)
        q_vec = [float((q or {}).get(key, 0.0)) for key in keys]
        # Unset p: full preference only at the widest gap seen (1.0 if nobody differs).
        p_default = [float(s) if s > 0 else 1.0 for s in spread]
        p_vec = [float((p or {}).get(key, d)) for key, d in zip(keys, p_default, strict=True)]
        return promethee_ii(matrix, weights, benefit, preference, q=q_vec, p=p_vec)
    raise InvalidParameterError(f"unknown method {method!r}", parameter="method")


def _decision_matrix(candidates: Sequence[Candidate], keys: tuple[str, ...]) -> FloatArray:
    matrix = np.empty((len(candidates), len(keys)))
    for i, candidate in enumerate(candidates):
        for j, key in enumerate(keys):
            if key not in candidate.values:
                raise MissingValueError(
                    "a candidate has no value for a criterion",
                    candidate_id=candidate.id,
                    criterion=key,
                )
            value = float(candidate.values[key])
            if not np.isfinite(value):
                raise NonFiniteValueError(
                    "a candidate's value is NaN or infinite",
                    candidate_id=candidate.id,
                    criterion=key,
                )
            matrix[i, j] = value
    return matrix


def _keys(criteria: Sequence[Criterion]) -> tuple[str, ...]:
    if not criteria:
        raise EmptyInputError("no criteria", what="criteria")
    keys = tuple(criterion.key for criterion in criteria)
    if len(set(keys)) != len(keys):
        raise InvalidParameterError("criterion keys repeat", parameter="criteria")
    return keys


def _check_known(mapping: Mapping[str, object], keys: tuple[str, ...], *, what: str) -> None:
    unknown = sorted(set(mapping) - set(keys))
    if unknown:
        raise UnknownCriterionError(f"{what} name an unknown criterion", criterion=unknown[0])


def _check_size(matrix: FloatArray, keys: tuple[str, ...]) -> None:
    if matrix.shape[0] != len(keys):
        raise InvalidParameterError(
            "the pairwise matrix does not match the criteria", parameter="matrix"
        )


def _check_unique_ids(candidates: Sequence[Candidate]) -> None:
    ids = [candidate.id for candidate in candidates]
    if len(set(ids)) != len(ids):
        raise InvalidParameterError("candidate ids repeat", parameter="candidates")


def _weight_set(
    keys: tuple[str, ...],
    result: _ahp.AhpResult,
    *,
    source: Literal["ahp", "ahp_group"],
) -> WeightSet:
    worst = result.worst_judgment
    return WeightSet(
        weights=dict(zip(keys, map(float, result.weights), strict=True)),
        source=source,
        consistency_ratio=result.consistency_ratio,
        consistency_warning=result.consistency_ratio > _ahp.CONSISTENCY_THRESHOLD,
        worst_judgment=(keys[worst[0]], keys[worst[1]]) if worst else None,
        suggested_value=result.suggested_value,
    )
