"""Blockwise top-k both ways: for each buyer its best providers, and vice versa.

The score matrix is never materialised: tiles of ``block x block`` pairs are scored,
adjusted for marks and exclusions, and folded into running top-k tables for rows
(buyers) and columns (providers). Peak memory is a few tiles, whatever the mission size.

Marks change the *ranking score*, never the compatibility score (see ``MarkPolicy``).
Ties at the k-th place are broken by argpartition, deterministically for a given input
and block size; the scores returned do not depend on the block size.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from jisr.engine.matching.features import Encoded, Floats, Ints
from jisr.engine.matching.profiles import Mark, MarkKind
from jisr.engine.matching.scoring import Scoring, prepare, score_block

EXCLUDED = -np.inf


@dataclass(frozen=True)
class MarkPolicy:
    """How marks move a pair in the ranking of the person who sees it (the viewer).

    - The viewer's own mark counts most: they told us whom they came to meet.
    - The counterpart's interest counts less: a meeting they want is likely accepted.
    - Mutual interest (both marked must_meet or would_like) adds a further bonus.
    - The viewer's own not_interested removes the pair from the viewer's list; the
      counterpart's not_interested sinks it (``their_not_interested``) rather than
      removing it, so a list never goes empty because of other people's marks.
    Compatibility lies in [0, 1], so a bonus of 0.5 lifts a pair above nearly anything
    unmarked.
    """

    own_must_meet: float = 0.5
    own_would_like: float = 0.2
    their_must_meet: float = 0.3
    their_would_like: float = 0.1
    mutual: float = 0.2
    their_not_interested: float = -0.5

    def own(self, kind: MarkKind | None) -> float:
        """Change from the viewer's own mark; -inf (excluded) for not_interested."""
        if kind is MarkKind.NOT_INTERESTED:
            return EXCLUDED
        if kind is MarkKind.MUST_MEET:
            return self.own_must_meet
        if kind is MarkKind.WOULD_LIKE:
            return self.own_would_like
        return 0.0

    def theirs(self, kind: MarkKind | None) -> float:
        """Change from the counterpart's mark of the viewer."""
        if kind is MarkKind.NOT_INTERESTED:
            return self.their_not_interested
        if kind is MarkKind.MUST_MEET:
            return self.their_must_meet
        if kind is MarkKind.WOULD_LIKE:
            return self.their_would_like
        return 0.0

    def mutual_bonus(self, own: MarkKind | None, theirs: MarkKind | None) -> float:
        interested = (MarkKind.MUST_MEET, MarkKind.WOULD_LIKE)
        return self.mutual if own in interested and theirs in interested else 0.0

    def bonus(self, own: MarkKind | None, theirs: MarkKind | None) -> float:
        """Ranking change for a viewer whose mark is ``own`` and whose counterpart's is
        ``theirs``; ``-inf`` means excluded."""
        return self.own(own) + self.theirs(theirs) + self.mutual_bonus(own, theirs)


# Marks that never reorder: the list follows the fit alone, and only the viewer's own
# "not interested" still removes a pair. Jisr's pages use it, so a marked 62 % fit never
# sits above an unmarked 78 % one; marks show as badges and filters instead.
FIT_ORDER = MarkPolicy(
    own_must_meet=0.0,
    own_would_like=0.0,
    their_must_meet=0.0,
    their_would_like=0.0,
    mutual=0.0,
    their_not_interested=0.0,
)


@dataclass(frozen=True)
class PairMarks:
    """Marks resolved to (buyer row, provider row): what each side said of the other."""

    by_buyer: dict[tuple[int, int], MarkKind]
    by_provider: dict[tuple[int, int], MarkKind]


def resolve_marks(
    marks: Iterable[Mark], buyer_ids: Sequence[str], provider_ids: Sequence[str]
) -> PairMarks:
    """Index marks by rows; marks naming someone outside this run, or on the same side,
    are ignored (e.g. a withdrawn participant). A later mark replaces an earlier one."""
    buyers = {profile_id: i for i, profile_id in enumerate(buyer_ids)}
    providers = {profile_id: i for i, profile_id in enumerate(provider_ids)}
    by_buyer: dict[tuple[int, int], MarkKind] = {}
    by_provider: dict[tuple[int, int], MarkKind] = {}
    for mark in marks:
        if mark.by in buyers and mark.target in providers:
            by_buyer[buyers[mark.by], providers[mark.target]] = mark.kind
        elif mark.by in providers and mark.target in buyers:
            by_provider[buyers[mark.target], providers[mark.by]] = mark.kind
    return PairMarks(by_buyer, by_provider)


@dataclass(frozen=True)
class _Adjustments:
    """Sparse per-pair ranking changes, sorted by row for cheap tile slicing."""

    rows: Ints
    cols: Ints
    buyer_view: Floats
    provider_view: Floats


def _adjustments(
    marks: PairMarks, excluded: Iterable[tuple[int, int]], policy: MarkPolicy
) -> _Adjustments:
    pairs = set(marks.by_buyer) | set(marks.by_provider)
    excluded = set(excluded)
    ordered = sorted(pairs | excluded)
    buyer_view = np.zeros(len(ordered), dtype=np.float32)
    provider_view = np.zeros(len(ordered), dtype=np.float32)
    for i, pair in enumerate(ordered):
        if pair in excluded:
            buyer_view[i] = provider_view[i] = EXCLUDED
            continue
        buyer_mark, provider_mark = marks.by_buyer.get(pair), marks.by_provider.get(pair)
        buyer_view[i] = policy.bonus(buyer_mark, provider_mark)
        provider_view[i] = policy.bonus(provider_mark, buyer_mark)
    rows = np.array([pair[0] for pair in ordered], dtype=np.int64)
    cols = np.array([pair[1] for pair in ordered], dtype=np.int64)
    return _Adjustments(rows, cols, buyer_view, provider_view)


@dataclass(frozen=True)
class TopK:
    """Row ``i`` holds the best candidates for viewer ``i``, best first.

    ``index`` is -1 and ``rank_score`` -inf where fewer than k candidates remain.
    ``compatibility`` is the unadjusted score of the same pairs.
    """

    index: Ints
    rank_score: Floats
    compatibility: Floats


@dataclass(frozen=True)
class BothWays:
    for_buyers: TopK
    for_providers: TopK


class _Running:
    """Running top-k over candidates seen so far, one row per viewer."""

    def __init__(self, viewers: int, k: int) -> None:
        self.k = k
        self.index = np.full((viewers, k), -1, dtype=np.int64)
        self.rank = np.full((viewers, k), EXCLUDED, dtype=np.float32)
        self.compat = np.zeros((viewers, k), dtype=np.float32)

    def fold(self, viewers: slice, rank: Floats, compat: Floats, offset: int) -> None:
        """Merge a tile (viewers x candidates starting at ``offset``) into the table."""
        k = self.k
        n = rank.shape[1]
        if n > k:
            # Partitioning at n - k leaves the k largest at the end, with no negated copy.
            keep = np.argpartition(rank, n - k, axis=1)[:, n - k :]
        else:
            keep = np.broadcast_to(np.arange(rank.shape[1]), rank.shape)
        merged_rank = np.concatenate(
            [self.rank[viewers], np.take_along_axis(rank, keep, axis=1)], axis=1
        )
        merged_compat = np.concatenate(
            [self.compat[viewers], np.take_along_axis(compat, keep, axis=1)], axis=1
        )
        merged_index = np.concatenate([self.index[viewers], keep + offset], axis=1)
        # Stable sort on -rank: among equal ranks the earlier entries (lower candidate
        # blocks) win, which keeps the merge deterministic.
        order = np.argsort(-merged_rank, axis=1, kind="stable")[:, :k]
        self.rank[viewers] = np.take_along_axis(merged_rank, order, axis=1)
        self.compat[viewers] = np.take_along_axis(merged_compat, order, axis=1)
        self.index[viewers] = np.take_along_axis(merged_index, order, axis=1)

    def result(self) -> TopK:
        index = np.where(np.isfinite(self.rank), self.index, -1)
        return TopK(index, self.rank.copy(), np.where(index >= 0, self.compat, 0.0))


def top_k_both_ways(
    encoded: Encoded,
    *,
    k: int = 20,
    scoring: Scoring | None = None,
    marks: PairMarks | None = None,
    excluded: Iterable[tuple[int, int]] = (),
    policy: MarkPolicy | None = None,
    block: int = 2048,
) -> BothWays:
    """Top ``k`` providers per buyer and top ``k`` buyers per provider.

    ``excluded`` holds (buyer row, provider row) pairs; pairs within one organization
    are excluded here too. Memory grows with ``block``**2, not with the mission size.
    """
    if k < 1 or block < 1:
        raise ValueError("k and block must be >= 1")
    scoring = scoring or Scoring()
    prepared = prepare(encoded, scoring)
    adjust = _adjustments(marks or PairMarks({}, {}), excluded, policy or MarkPolicy())
    n_buyers, n_providers = len(encoded.buyers), len(encoded.providers)
    for_buyers, for_providers = _Running(n_buyers, k), _Running(n_providers, k)
    for r0 in range(0, n_buyers, block):
        rows = slice(r0, min(r0 + block, n_buyers))
        # Adjustments are sorted by row, so this tile row's share is one contiguous run.
        lo, hi = np.searchsorted(adjust.rows, [rows.start, rows.stop])
        row_cols = adjust.cols[lo:hi]
        for c0 in range(0, n_providers, block):
            cols = slice(c0, min(c0 + block, n_providers))
            compat = score_block(encoded, prepared, scoring, rows, cols)
            same_org = (
                encoded.buyers.organization[rows, None]
                == encoded.providers.organization[None, cols]
            )
            buyer_rank = np.where(same_org, np.float32(EXCLUDED), compat)
            provider_rank = buyer_rank.copy()
            hit = lo + np.flatnonzero((row_cols >= cols.start) & (row_cols < cols.stop))
            r, c = adjust.rows[hit] - rows.start, adjust.cols[hit] - cols.start
            buyer_rank[r, c] += adjust.buyer_view[hit]
            provider_rank[r, c] += adjust.provider_view[hit]
            for_buyers.fold(rows, buyer_rank, compat, cols.start)
            for_providers.fold(cols, provider_rank.T, compat.T, rows.start)
    return BothWays(for_buyers.result(), for_providers.result())


def brute_force_both_ways(
    encoded: Encoded,
    *,
    k: int,
    scoring: Scoring | None = None,
    marks: PairMarks | None = None,
    excluded: Iterable[tuple[int, int]] = (),
    policy: MarkPolicy | None = None,
) -> Mapping[str, Floats]:
    """Full ranking matrices for tests: {"buyers": B x P, "providers": P x B}."""
    scoring = scoring or Scoring()
    prepared = prepare(encoded, scoring)
    everything = slice(0, None)
    compat = score_block(encoded, prepared, scoring, everything, everything)
    same_org = encoded.buyers.organization[:, None] == encoded.providers.organization[None, :]
    buyer_rank = np.where(same_org, np.float32(EXCLUDED), compat)
    provider_rank = buyer_rank.copy()
    adjust = _adjustments(marks or PairMarks({}, {}), excluded, policy or MarkPolicy())
    buyer_rank[adjust.rows, adjust.cols] += adjust.buyer_view
    provider_rank[adjust.rows, adjust.cols] += adjust.provider_view
    return {"buyers": buyer_rank, "providers": provider_rank.T, "compatibility": compat}


def selected_pairs(result: BothWays) -> NDArray[np.int64]:
    """Distinct (buyer row, provider row) pairs appearing in either direction."""
    b_rows, b_slots = np.nonzero(result.for_buyers.index >= 0)
    p_rows, p_slots = np.nonzero(result.for_providers.index >= 0)
    pairs = np.concatenate(
        [
            np.stack([b_rows, result.for_buyers.index[b_rows, b_slots]], axis=1),
            np.stack([result.for_providers.index[p_rows, p_slots], p_rows], axis=1),
        ]
    ).astype(np.int64)
    return np.unique(pairs, axis=0) if len(pairs) else pairs.reshape(0, 2)
