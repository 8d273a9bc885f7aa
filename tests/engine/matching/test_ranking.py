from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jisr.engine.matching.features import encode
from jisr.engine.matching.profiles import Band, Mark, MarkKind, Profile
from jisr.engine.matching.ranking import (
    MarkPolicy,
    brute_force_both_ways,
    resolve_marks,
    top_k_both_ways,
)
from jisr.engine.matching.scoring import Scoring, prepare, score_block, score_pairs
from jisr.engine.matching.text import TextVectors

from .builders import buyer, provider, sets

ZONES = ("America/New_York", "America/Los_Angeles", "Africa/Casablanca", "Europe/Paris")
WORDS = ("a", "b", "c", "d", "e")


@st.composite
def profiles(draw: st.DrawFn, side: str, index: int) -> Profile:
    low = draw(st.none() | st.integers(0, 500))
    maker = buyer if side == "buyer" else provider
    return maker(
        f"{side}-{index}",
        organization_id=f"org-{draw(st.integers(0, 5))}",
        timezone=draw(st.sampled_from(ZONES)),
        service_lines=frozenset(draw(st.sets(st.sampled_from(WORDS), max_size=3))),
        technologies=frozenset(draw(st.sets(st.sampled_from(WORDS), max_size=4))),
        languages=frozenset(draw(st.sets(st.sampled_from(("en", "fr", "ar")), max_size=2))),
        certifications=frozenset(draw(st.sets(st.sampled_from(WORDS), max_size=2))),
        headcount=draw(st.none() | st.integers(0, 100)),
        team_size=draw(st.none() | st.integers(0, 20)),
        band=None if low is None else Band(low, low + draw(st.integers(0, 300))),
    )


@st.composite
def missions(draw: st.DrawFn) -> dict[str, object]:
    n_buyers, n_providers = draw(st.integers(0, 9)), draw(st.integers(0, 9))
    buyers = [draw(profiles("buyer", i)) for i in range(n_buyers)]
    providers = [draw(profiles("provider", i)) for i in range(n_providers)]
    with_text = [p for p in [*buyers, *providers] if draw(st.booleans())]
    seed = draw(st.integers(0, 2**16))
    matrix = np.random.default_rng(seed).standard_normal((len(with_text), 4)).astype(np.float32)
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-6)
    vectors = TextVectors(tuple(p.id for p in with_text), matrix, {})
    pairs = [(b, p) for b in range(n_buyers) for p in range(n_providers)]
    marks = (
        [
            Mark(by.id, target.id, draw(st.sampled_from(list(MarkKind))))
            for b, p in draw(st.lists(st.sampled_from(pairs), max_size=8))
            if pairs
            for by, target in [
                draw(st.sampled_from([(buyers[b], providers[p]), (providers[p], buyers[b])]))
            ]
        ]
        if pairs
        else []
    )
    excluded = draw(st.lists(st.sampled_from(pairs), max_size=4)) if pairs else []
    return {
        "buyers": buyers,
        "providers": providers,
        "vectors": vectors,
        "marks": marks,
        "excluded": excluded,
        "k": draw(st.integers(1, 5)),
        "block": draw(st.integers(1, 5)),
    }


def assert_top_k_matches(
    index: np.ndarray,
    rank: np.ndarray,
    compat: np.ndarray,
    full_rank: np.ndarray,
    full_compat: np.ndarray,
    k: int,
) -> None:
    for viewer in range(full_rank.shape[0]):
        expected = np.sort(full_rank[viewer][np.isfinite(full_rank[viewer])])[::-1][:k]
        got = index[viewer][index[viewer] >= 0]
        np.testing.assert_allclose(rank[viewer][: len(got)], expected, atol=1e-5)
        np.testing.assert_allclose(full_rank[viewer, got], rank[viewer][: len(got)], atol=1e-5)
        np.testing.assert_allclose(full_compat[viewer, got], compat[viewer][: len(got)], atol=1e-5)
        assert len(set(got.tolist())) == len(got)


@settings(max_examples=40, deadline=None)
@given(missions())
def test_blockwise_top_k_equals_brute_force_on_random_missions(mission: dict) -> None:  # type: ignore[type-arg]
    encoded = encode(mission["buyers"], mission["providers"], vectors=mission["vectors"])
    marks = resolve_marks(
        mission["marks"], [b.id for b in mission["buyers"]], [p.id for p in mission["providers"]]
    )
    k, excluded = mission["k"], mission["excluded"]

    result = top_k_both_ways(encoded, k=k, marks=marks, excluded=excluded, block=mission["block"])

    full = brute_force_both_ways(encoded, k=k, marks=marks, excluded=excluded)
    assert_top_k_matches(
        result.for_buyers.index,
        result.for_buyers.rank_score,
        result.for_buyers.compatibility,
        full["buyers"],
        full["compatibility"],
        k,
    )
    assert_top_k_matches(
        result.for_providers.index,
        result.for_providers.rank_score,
        result.for_providers.compatibility,
        full["providers"],
        full["compatibility"].T,
        k,
    )


def test_top_k_both_ways_orders_best_first_in_each_direction() -> None:
    buyers = [
        buyer("java", service_lines=sets("java", "qa")),
        buyer("bpo", service_lines=sets("bpo", "calls"), timezone="America/Los_Angeles"),
    ]
    providers = [
        provider("p-bpo", service_lines=sets("bpo", "calls")),
        provider("p-java", service_lines=sets("java", "qa")),
        provider("p-both", service_lines=sets("java", "bpo")),
    ]

    result = top_k_both_ways(encode(buyers, providers), k=2)

    assert result.for_buyers.index.tolist() == [[1, 2], [0, 2]]
    assert result.for_providers.index.tolist() == [[1, 0], [0, 1], [0, 1]]
    # Service lines weigh 0.25 and time zone 0.10; the rest is absent.
    expected = [[1.0, 0.225 / 0.35], [0.275 / 0.35, 0.15 / 0.35]]
    np.testing.assert_allclose(result.for_buyers.compatibility, expected, rtol=1e-6)


def test_top_k_both_ways_excludes_same_organization() -> None:
    buyers = [buyer("b", organization_id="acme")]
    providers = [provider("p1", organization_id="acme"), provider("p2", organization_id="other")]

    result = top_k_both_ways(encode(buyers, providers), k=5)

    assert result.for_buyers.index[0].tolist() == [1, -1, -1, -1, -1]
    assert result.for_providers.index[0].tolist() == [-1] * 5
    assert result.for_providers.rank_score[0, 0] == -np.inf


def test_top_k_both_ways_excludes_given_pairs_both_ways() -> None:
    encoded = encode([buyer("b")], [provider("p1"), provider("p2")])

    result = top_k_both_ways(encoded, k=2, excluded=[(0, 0)])

    assert result.for_buyers.index[0].tolist() == [1, -1]
    assert result.for_providers.index[:, 0].tolist() == [-1, 0]


def test_top_k_both_ways_with_no_providers_returns_empty_rows() -> None:
    result = top_k_both_ways(encode([buyer("b")], []), k=3)

    assert result.for_buyers.index.tolist() == [[-1, -1, -1]]
    assert result.for_providers.index.shape == (0, 3)


def test_top_k_both_ways_rejects_k_below_one() -> None:
    with pytest.raises(ValueError, match="k and block"):
        top_k_both_ways(encode([], []), k=0)


def marked(*marks: Mark) -> tuple[np.ndarray, np.ndarray]:
    """Rank scores seen by buyer 'b' (over p1, p2) and by provider 'p1' (over b)."""
    buyers, providers = [buyer("b")], [provider("p1"), provider("p2")]
    pair_marks = resolve_marks(marks, ["b"], ["p1", "p2"])
    full = brute_force_both_ways(encode(buyers, providers), k=2, marks=pair_marks)
    return full["buyers"][0], full["providers"][0]


def test_own_must_meet_outranks_would_like() -> None:
    buyer_view, _ = marked(
        Mark("b", "p1", MarkKind.WOULD_LIKE), Mark("b", "p2", MarkKind.MUST_MEET)
    )

    assert buyer_view.tolist() == pytest.approx([1.2, 1.5])


def test_mutual_interest_adds_bonus_to_both_views() -> None:
    buyer_view, provider_view = marked(
        Mark("b", "p1", MarkKind.MUST_MEET), Mark("p1", "b", MarkKind.WOULD_LIKE)
    )

    # Buyer: 1 + own must_meet 0.5 + their would_like 0.1 + mutual 0.2.
    assert buyer_view.tolist() == pytest.approx([1.8, 1.0])
    # Provider p1: 1 + own would_like 0.2 + their must_meet 0.3 + mutual 0.2.
    assert provider_view[0] == pytest.approx(1.7)


def test_not_interested_excludes_for_marker_and_sinks_for_the_other() -> None:
    buyer_view, provider_view = marked(Mark("p1", "b", MarkKind.NOT_INTERESTED))

    assert buyer_view.tolist() == pytest.approx([0.5, 1.0])
    assert provider_view[0] == -np.inf


def test_marks_naming_unknown_profiles_are_ignored() -> None:
    marks = resolve_marks(
        [Mark("ghost", "p1", MarkKind.MUST_MEET), Mark("b", "b", MarkKind.MUST_MEET)], ["b"], ["p1"]
    )

    assert marks.by_buyer == {} and marks.by_provider == {}


def test_mark_policy_bonus_of_unmarked_pair_is_zero() -> None:
    assert MarkPolicy().bonus(None, None) == 0.0


@settings(max_examples=25, deadline=None)
@given(missions())
def test_block_scores_equal_pair_breakdown_on_random_missions(mission: dict) -> None:  # type: ignore[type-arg]
    # The block path skips masking because absent criteria score 0; the pair path masks
    # explicitly. Agreement checks that shortcut on every kind of missing data.
    encoded = encode(mission["buyers"], mission["providers"], vectors=mission["vectors"])
    scoring = Scoring()
    prepared = prepare(encoded, scoring)
    rows, cols = np.indices((len(encoded.buyers), len(encoded.providers)))

    block = score_block(encoded, prepared, scoring, slice(None), slice(None))

    pairs = score_pairs(encoded, prepared, scoring, rows.ravel(), cols.ravel())
    np.testing.assert_allclose(block.ravel(), pairs.compatibility, atol=1e-5)
    assert ((block >= 0) & (block <= 1 + 1e-6)).all()
