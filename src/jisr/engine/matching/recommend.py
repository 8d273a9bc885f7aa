"""Recommendations with explanations: the entry point the web layer calls.

``recommend`` takes profiles, optional text vectors, marks and exclusions, and returns
for every buyer its top k providers and for every provider its top k buyers. Each
suggestion carries its reasons (codes, parameters, contributions); see ``reasons``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from jisr.engine.matching import reasons as rc
from jisr.engine.matching.features import Encoded, encode
from jisr.engine.matching.profiles import Exclusions, Mark, MarkKind, Profile, check_sides
from jisr.engine.matching.ranking import (
    BothWays,
    MarkPolicy,
    PairMarks,
    TopK,
    resolve_marks,
    selected_pairs,
    top_k_both_ways,
)
from jisr.engine.matching.reasons import ParamValue, Reason
from jisr.engine.matching.scoring import COMPONENTS, PairScores, Scoring, prepare, score_pairs
from jisr.engine.matching.text import TextVectors
from jisr.engine.matching.timezones import WorkingDay

_EXPLAIN_CHUNK = 2048


@dataclass(frozen=True)
class Suggestion:
    """A counterpart suggested to a viewer.

    ``rank_score`` orders the list (compatibility plus mark bonuses);
    ``compatibility`` in [0, 1] is the fit alone. ``reasons`` is best-first by weight;
    fit reasons' weights add up to ``compatibility``.
    """

    profile_id: str
    rank_score: float
    compatibility: float
    reasons: tuple[Reason, ...]

    def top_reasons(self, n: int = 3) -> tuple[Reason, ...]:
        return self.reasons[:n]


@dataclass(frozen=True)
class Recommendations:
    """Suggestion lists by viewer profile id, best first; every input profile has a key,
    possibly with an empty list (everyone excluded, or no one on the other side)."""

    for_buyers: Mapping[str, tuple[Suggestion, ...]]
    for_providers: Mapping[str, tuple[Suggestion, ...]]


def _shared(a: frozenset[str], b: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(a & b))


@dataclass(frozen=True)
class PairRow:
    """One pair's breakdown as plain Python values, by criterion name."""

    contribution: dict[str, float]
    score: dict[str, float]
    present: dict[str, bool]
    cosine: float
    overlap_hours: float


def pair_rows(breakdown: PairScores) -> list[PairRow]:
    """Convert a breakdown once per chunk: per-element numpy access costs microseconds."""
    return [
        PairRow(
            dict(zip(COMPONENTS, contribution, strict=True)),
            dict(zip(COMPONENTS, score, strict=True)),
            dict(zip(COMPONENTS, present, strict=True)),
            cosine,
            hours,
        )
        for contribution, score, present, cosine, hours in zip(
            breakdown.contributions.tolist(),
            breakdown.scores.tolist(),
            breakdown.present.tolist(),
            breakdown.cosine.tolist(),
            breakdown.overlap_hours.tolist(),
            strict=True,
        )
    ]


def _coverage_reasons(buyer: Profile, provider: Profile, row: PairRow) -> list[Reason]:
    out: list[Reason] = []
    weight = row.contribution
    for name, code, none_code in (
        ("service_lines", rc.SHARED_SERVICE_LINES, rc.NO_SHARED_SERVICE_LINES),
        ("technologies", rc.SHARED_TECHNOLOGIES, rc.NO_SHARED_TECHNOLOGIES),
    ):
        if row.present[name]:
            shared = _shared(getattr(buyer, name), getattr(provider, name))
            needed = len(getattr(buyer, name))
            params: dict[str, ParamValue] = {
                "items": shared,
                "shared": len(shared),
                "needed": needed,
            }
            out.append(Reason(code if shared else none_code, params, weight[name]))
    if row.present["languages"]:
        common = _shared(buyer.languages, provider.languages)
        out.append(
            Reason(rc.COMMON_LANGUAGES, {"items": common}, weight["languages"])
            if common
            else Reason(rc.NO_COMMON_LANGUAGE, {}, 0.0)
        )
    if row.present["certifications"]:
        missing = tuple(sorted(buyer.certifications - provider.certifications))
        covered = _shared(buyer.certifications, provider.certifications)
        code = rc.CERTIFICATIONS_MISSING if missing else rc.CERTIFICATIONS_COVERED
        params = {"items": missing, "covered": covered} if missing else {"items": covered}
        out.append(Reason(code, params, weight["certifications"]))
    return out


def _delivery_reasons(
    buyer: Profile, provider: Profile, row: PairRow, day: WorkingDay
) -> list[Reason]:
    out: list[Reason] = []
    weight = row.contribution
    if row.present["capacity"]:
        params: dict[str, ParamValue] = {
            "headcount": provider.headcount or 0,
            "team_size": buyer.team_size or 0,
        }
        code = rc.CAPACITY_FITS if row.score["capacity"] >= 1.0 else rc.CAPACITY_SHORT
        out.append(Reason(code, params, weight["capacity"]))
    if row.present["timezone"]:
        hours = round(row.overlap_hours, 1)
        params = {
            "hours": hours,
            "reference_date": day.reference_date.isoformat(),
            "buyer_timezone": buyer.timezone,
            "provider_timezone": provider.timezone,
        }
        code = rc.WORKING_HOURS_OVERLAP if hours > 0 else rc.NO_WORKING_HOURS_OVERLAP
        out.append(Reason(code, params, weight["timezone"]))
    if row.present["budget"] and buyer.band and provider.band:
        if row.score["budget"] < 1.0:
            over = provider.band.low / buyer.band.high - 1 if buyer.band.high else 0.0
            params = {"percent_over": round(100 * over)}
            out.append(Reason(rc.RATE_ABOVE_BUDGET, params, weight["budget"]))
        else:
            out.append(Reason(rc.BUDGET_FITS, {}, weight["budget"]))
    return out


def _text_reasons(
    buyer: Profile, provider: Profile, row: PairRow, scoring: Scoring, vectors: TextVectors | None
) -> list[Reason]:
    if row.present["text"] and vectors is not None:
        params: dict[str, ParamValue] = {
            "similarity": round(row.cosine, 2),
            "buyer_languages": vectors.languages.get(buyer.id, ()),
            "provider_languages": vectors.languages.get(provider.id, ()),
        }
        return [Reason(rc.SIMILAR_TEXTS, params, row.contribution["text"])]
    if scoring.weights.text > 0:
        # The score was renormalised over the other criteria; the reader should know.
        sides = tuple(
            side
            for side, profile in (("buyer", buyer), ("provider", provider))
            if vectors is None or profile.id not in vectors.languages
        )
        return [Reason(rc.TEXT_MISSING, {"sides": sides}, 0.0)]
    return []


def fit_reasons(
    buyer: Profile,
    provider: Profile,
    row: PairRow,
    *,
    day: WorkingDay,
    scoring: Scoring,
    vectors: TextVectors | None,
) -> list[Reason]:
    """Reasons for one pair. Criteria weighted 0 are left out, and so are absent ones,
    except missing text. Their weights add up to the pair's compatibility."""
    return [
        *_coverage_reasons(buyer, provider, row),
        *_delivery_reasons(buyer, provider, row, day),
        *_text_reasons(buyer, provider, row, scoring, vectors),
    ]


def _mark_reasons(
    own: MarkKind | None, theirs: MarkKind | None, policy: MarkPolicy
) -> list[Reason]:
    out: list[Reason] = []
    if own is not None and own is not MarkKind.NOT_INTERESTED:
        out.append(Reason(rc.YOU_MARKED, {"mark": own.value}, policy.own(own)))
    if theirs is not None:
        out.append(Reason(rc.THEY_MARKED, {"mark": theirs.value}, policy.theirs(theirs)))
    mutual = policy.mutual_bonus(own, theirs)
    if mutual > 0:
        out.append(Reason(rc.MUTUAL_INTEREST, {}, mutual))
    return out


def _by_weight(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    return tuple(sorted(reasons, key=lambda reason: -reason.weight))


def _suggestions(
    top: TopK,
    viewers: Sequence[Profile],
    candidates: Sequence[Profile],
    viewer_is_buyer: bool,
    fit: Mapping[tuple[int, int], list[Reason]] | None,
    marks: PairMarks,
    policy: MarkPolicy,
) -> dict[str, tuple[Suggestion, ...]]:
    out: dict[str, tuple[Suggestion, ...]] = {}
    for v, viewer in enumerate(viewers):
        row: list[Suggestion] = []
        for slot, c in enumerate(top.index[v].tolist()):
            if c < 0:
                break
            pair = (v, c) if viewer_is_buyer else (c, v)
            reasons: tuple[Reason, ...] = ()
            if fit is not None:
                own, theirs = marks.by_buyer.get(pair), marks.by_provider.get(pair)
                if not viewer_is_buyer:
                    own, theirs = theirs, own
                reasons = _by_weight([*_mark_reasons(own, theirs, policy), *fit[pair]])
            row.append(
                Suggestion(
                    candidates[c].id,
                    float(top.rank_score[v, slot]),
                    float(top.compatibility[v, slot]),
                    reasons,
                )
            )
        out[viewer.id] = tuple(row)
    return out


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Hundreds of thousands of reasons trigger repeated full collections that rescan the
    growing heap: measured 10.4 s with the collector on, 3.9 s off, for 211,000 pairs.
    Nothing built here forms cycles; other garbage is merely collected after the pause.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def explain_pairs(
    encoded: Encoded,
    pairs: NDArray[np.int64],
    buyers: Sequence[Profile],
    providers: Sequence[Profile],
    *,
    scoring: Scoring,
    vectors: TextVectors | None,
) -> dict[tuple[int, int], list[Reason]]:
    """Fit reasons for (buyer row, provider row) pairs, scored in one vectorised pass."""
    prepared = prepare(encoded, scoring)
    out: dict[tuple[int, int], list[Reason]] = {}
    with _gc_paused():
        # Chunks keep the gathered feature rows (up to ~5 kB per pair) to a few MB.
        for start in range(0, len(pairs), _EXPLAIN_CHUNK):
            chunk = pairs[start : start + _EXPLAIN_CHUNK]
            breakdown = score_pairs(encoded, prepared, scoring, chunk[:, 0], chunk[:, 1])
            for (b, p), row in zip(chunk.tolist(), pair_rows(breakdown), strict=True):
                out[b, p] = fit_reasons(
                    buyers[b],
                    providers[p],
                    row,
                    day=encoded.day,
                    scoring=scoring,
                    vectors=vectors,
                )
    return out


def recommend(
    buyers: Sequence[Profile],
    providers: Sequence[Profile],
    *,
    k: int = 20,
    vectors: TextVectors | None = None,
    marks: Iterable[Mark] = (),
    exclusions: Exclusions | None = None,
    scoring: Scoring | None = None,
    policy: MarkPolicy | None = None,
    day: WorkingDay | None = None,
    block: int = 2048,
    explain: bool = True,
) -> Recommendations:
    """Top ``k`` providers for each buyer and top ``k`` buyers for each provider.

    Without ``vectors`` (see ``embed_profiles``) the text criterion is absent for every
    pair. Same-organization, already-met and declined pairs are never suggested; marks
    reorder lists as ``MarkPolicy`` says. ``explain=False`` skips building reasons, the
    only part whose cost is per-suggestion Python. Raises ValueError on invalid input.
    """
    check_sides(buyers, providers)
    scoring = scoring or Scoring()
    policy = policy or MarkPolicy()
    encoded = encode(buyers, providers, vectors=vectors, day=day)
    buyer_ids = [profile.id for profile in buyers]
    provider_ids = [profile.id for profile in providers]
    pair_marks = resolve_marks(marks, buyer_ids, provider_ids)
    buyer_row = {profile_id: i for i, profile_id in enumerate(buyer_ids)}
    provider_row = {profile_id: i for i, profile_id in enumerate(provider_ids)}
    excluded = [
        (buyer_row[b], provider_row[p])
        for b, p in (exclusions or Exclusions()).pairs()
        if b in buyer_row and p in provider_row
    ]
    result: BothWays = top_k_both_ways(
        encoded,
        k=k,
        scoring=scoring,
        marks=pair_marks,
        excluded=excluded,
        policy=policy,
        block=block,
    )
    with _gc_paused():
        fit = None
        if explain:
            pairs = selected_pairs(result)
            fit = explain_pairs(encoded, pairs, buyers, providers, scoring=scoring, vectors=vectors)
        return Recommendations(
            for_buyers=_suggestions(
                result.for_buyers, buyers, providers, True, fit, pair_marks, policy
            ),
            for_providers=_suggestions(
                result.for_providers, providers, buyers, False, fit, pair_marks, policy
            ),
        )
