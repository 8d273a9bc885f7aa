from __future__ import annotations

import numpy as np
import pytest

from jisr.engine.matching.features import encode
from jisr.engine.matching.profiles import Band, Profile
from jisr.engine.matching.scoring import (
    COMPONENTS,
    Scoring,
    Weights,
    prepare,
    score_block,
    score_pairs,
)
from jisr.engine.matching.text import TextVectors

from .builders import buyer, provider, sets


def breakdown(
    b: Profile, p: Profile, scoring: Scoring | None = None, vectors: TextVectors | None = None
) -> dict[str, float]:
    """Per-criterion scores of one pair, by criterion name."""
    scoring = scoring or Scoring()
    encoded = encode([b], [p], vectors=vectors)
    rows = np.array([0], dtype=np.int64)
    pair = score_pairs(encoded, prepare(encoded, scoring), scoring, rows, rows)
    return {name: float(pair.scores[0, i]) for i, name in enumerate(COMPONENTS)}


def compatibility(
    b: Profile, p: Profile, scoring: Scoring | None = None, vectors: TextVectors | None = None
) -> float:
    scoring = scoring or Scoring()
    encoded = encode([b], [p], vectors=vectors)
    block = score_block(encoded, prepare(encoded, scoring), scoring, slice(0, 1), slice(0, 1))
    return float(block[0, 0])


def test_service_lines_score_is_share_of_buyer_need_covered() -> None:
    b = buyer("b", service_lines=sets("appdev", "qa"))
    p = provider("p", service_lines=sets("appdev", "cloud", "bpo"))

    assert breakdown(b, p)["service_lines"] == 0.5


def test_technologies_score_ignores_what_buyer_does_not_need() -> None:
    b = buyer("b", technologies=sets("java", "spring", "selenium", "jenkins"))
    p = provider("p", technologies=sets("java", "spring", "selenium", "php", "go"))

    assert breakdown(b, p)["technologies"] == 0.75


def test_languages_score_is_one_when_any_language_is_shared() -> None:
    b = buyer("b", languages=sets("en", "fr"))
    shared = provider("p1", languages=sets("fr", "ar"))
    none = provider("p2", languages=sets("ar"))

    assert breakdown(b, shared)["languages"] == 1.0
    assert breakdown(b, none)["languages"] == 0.0


def test_certifications_score_is_share_of_required_held() -> None:
    b = buyer("b", certifications=sets("iso27001", "soc2", "pci-dss", "cmmi3"))
    p = provider("p", certifications=sets("iso27001"))

    assert breakdown(b, p)["certifications"] == 0.25


@pytest.mark.parametrize(("headcount", "expected"), [(30, 1.0), (600, 1.0), (15, 0.5), (0, 0.0)])
def test_capacity_score_saturates_at_three_times_the_team(headcount: int, expected: float) -> None:
    b = buyer("b", team_size=10)
    p = provider("p", headcount=headcount)

    assert breakdown(b, p)["capacity"] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("zone", "expected"), [("America/New_York", 1.0), ("America/Los_Angeles", 0.25)]
)
def test_timezone_score_is_overlap_over_four_hours(zone: str, expected: float) -> None:
    # Default reference date 2026-10-14: 4 h with New York, 1 h with Los Angeles.
    b = buyer("b", timezone=zone)

    assert breakdown(b, provider("p"))["timezone"] == expected


@pytest.mark.parametrize(
    ("budget", "rate", "expected"),
    [
        ((300, 400), (250, 350), 1.0),
        ((300, 400), (100, 150), 1.0),
        ((300, 400), (500, 700), 0.8),
        ((300, 400), (0, 100), 1.0),
        ((0, 0), (0, 50), 1.0),
        ((0, 0), (100, 150), 0.0),
    ],
)
def test_budget_score_decays_when_lowest_rate_exceeds_budget(
    budget: tuple[float, float], rate: tuple[float, float], expected: float
) -> None:
    b = buyer("b", band=Band(*budget))
    p = provider("p", band=Band(*rate))

    assert breakdown(b, p)["budget"] == pytest.approx(expected)


def test_text_score_maps_cosine_between_floor_and_ceiling() -> None:
    vectors = TextVectors(
        ("b", "p"),
        np.array([[1.0, 0.0], [0.4, 0.916515]], dtype=np.float32),
        {"b": ("en",), "p": ("fr",)},
    )

    score = breakdown(buyer("b"), provider("p"), vectors=vectors)["text"]

    assert score == pytest.approx((0.4 - 0.15) / 0.35, abs=1e-6)


def test_compatibility_without_text_renormalises_the_other_weights() -> None:
    b = buyer("b", service_lines=sets("appdev"), languages=sets("en"))
    p = provider("p", service_lines=sets("appdev"), languages=sets("ar"))
    vectors = TextVectors(("b",), np.array([[1.0, 0.0]], dtype=np.float32), {"b": ("en",)})

    score = compatibility(b, p, vectors=vectors)

    # Present: service lines 1.0 (0.25), languages 0.0 (0.10), timezone 1.0 (0.10).
    assert score == pytest.approx((0.25 + 0.10) / (0.25 + 0.10 + 0.10))


def test_compatibility_of_bare_profiles_rests_on_timezone_alone() -> None:
    score = compatibility(buyer("b", timezone="America/Los_Angeles"), provider("p"))

    assert score == pytest.approx(0.25)


def test_compatibility_with_all_weights_on_absent_criteria_is_zero() -> None:
    scoring = Scoring(weights=Weights().only("text"))

    assert compatibility(buyer("b"), provider("p"), scoring) == 0.0


def test_contributions_add_up_to_block_score() -> None:
    b = buyer(
        "b",
        service_lines=sets("qa"),
        technologies=sets("java", "go"),
        languages=sets("en"),
        team_size=5,
        band=Band(200, 300),
    )
    p = provider(
        "p",
        service_lines=sets("qa"),
        technologies=sets("java"),
        languages=sets("en", "fr"),
        headcount=8,
        band=Band(320, 400),
    )
    scoring = Scoring()
    encoded = encode([b], [p])
    rows = np.array([0], dtype=np.int64)

    pair = score_pairs(encoded, prepare(encoded, scoring), scoring, rows, rows)

    assert float(pair.contributions.sum()) == pytest.approx(compatibility(b, p))
    assert float(pair.compatibility[0]) == pytest.approx(compatibility(b, p))


def test_weights_reject_negative_values() -> None:
    with pytest.raises(ValueError, match=">= 0"):
        Weights(text=-0.1)


def test_weights_only_keeps_named_criteria() -> None:
    weights = Weights().only("text", "languages")

    assert weights.as_array().tolist() == pytest.approx([0, 0, 0.1, 0, 0, 0, 0, 0.2])


def test_scoring_rejects_negative_text_floor() -> None:
    with pytest.raises(ValueError, match="text_floor"):
        Scoring(text_floor=-0.2)
