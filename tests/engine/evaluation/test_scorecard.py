"""Partner scorecards: screening, weights, ranking with contributions, method comparison."""

import math

import numpy as np
import pytest

from jisr.engine import evaluation as ev
from jisr.engine.evaluation import scorecard as sc

CRITERIA = (
    sc.Criterion("cost_competitiveness", benefit=False, unit="usd_per_hour"),
    sc.Criterion("technical_fit", benefit=True, unit="score_0_5"),
    sc.Criterion("time_zone_overlap", benefit=True, unit="hours"),
)
ISO_27001 = sc.MustHave("certifications", frozenset({"iso_27001"}))


def provider(pid, cost, tech, overlap, *certifications):
    return sc.Candidate(
        id=pid,
        name=f"Provider {pid}",
        values={"cost_competitiveness": cost, "technical_fit": tech, "time_zone_overlap": overlap},
        attributes={"certifications": frozenset(certifications)},
    )


CANDIDATES = (
    provider("a", 30, 4, 4, "iso_27001", "iso_9001"),
    provider("b", 25, 3, 3, "iso_9001"),
    provider("c", 40, 5, 4, "iso_27001"),
)


def test_default_criteria_cover_the_issue_list_with_stable_keys():
    keys = [criterion.key for criterion in sc.DEFAULT_CRITERIA]

    assert keys == [
        "cost_competitiveness",
        "technical_fit",
        "language_fit",
        "quality_certifications",
        "information_security",
        "time_zone_overlap",
        "capacity",
        "references",
        "financial_stability",
    ]
    assert [c.key for c in sc.DEFAULT_CRITERIA if not c.benefit] == ["cost_competitiveness"]


def test_screen_excludes_candidates_missing_a_must_have():
    screening = sc.screen(CANDIDATES, [ISO_27001])

    assert [c.id for c in screening.kept] == ["a", "c"]
    assert screening.excluded == (sc.Exclusion("b", "certifications", ("iso_27001",), "any"),)


def test_screen_all_mode_lists_only_what_is_missing():
    gate = sc.MustHave("certifications", frozenset({"iso_27001", "iso_9001"}), mode="all")

    screening = sc.screen(CANDIDATES, [gate])

    assert [c.id for c in screening.kept] == ["a"]
    assert [(e.candidate_id, e.missing) for e in screening.excluded] == [
        ("b", ("iso_27001",)),
        ("c", ("iso_9001",)),
    ]


def test_direct_weights_are_rescaled_to_sum_one():
    weights = sc.direct_weights(
        CRITERIA, {"cost_competitiveness": 2, "technical_fit": 1, "time_zone_overlap": 1}
    )

    assert weights.weights == {
        "cost_competitiveness": 0.5,
        "technical_fit": 0.25,
        "time_zone_overlap": 0.25,
    }
    assert weights.source == "direct"
    assert weights.consistency_warning is False


def test_direct_weights_unknown_criterion_raises():
    with pytest.raises(ev.UnknownCriterionError) as caught:
        sc.direct_weights(CRITERIA, {"cost_competitiveness": 1, "price": 1})

    assert caught.value.params == {"criterion": "price"}


def test_direct_weights_missing_criterion_raises():
    with pytest.raises(ev.MissingValueError) as caught:
        sc.direct_weights(CRITERIA, {"cost_competitiveness": 1, "technical_fit": 1})

    assert caught.value.params == {"criterion": "time_zone_overlap"}


def test_direct_weights_all_zero_raise():
    with pytest.raises(ev.InvalidWeightsError):
        sc.direct_weights(
            CRITERIA,
            dict.fromkeys(("cost_competitiveness", "technical_fit", "time_zone_overlap"), 0),
        )


def test_ahp_weights_consistent_matrix_has_no_warning():
    weights = sc.ahp_weights(CRITERIA, [[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]])

    assert weights.weights == pytest.approx(
        {"cost_competitiveness": 4 / 7, "technical_fit": 2 / 7, "time_zone_overlap": 1 / 7}
    )
    assert weights.consistency_ratio == pytest.approx(0.0, abs=1e-12)
    assert weights.consistency_warning is False


def test_ahp_weights_inconsistent_matrix_warns_and_names_the_pair():
    # Cost beats tech 9x, tech beats overlap 9x, yet overlap is judged above cost.
    weights = sc.ahp_weights(CRITERIA, [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])

    assert weights.consistency_ratio > 0.10
    assert weights.consistency_warning is True
    assert weights.worst_judgment is not None
    assert set(weights.worst_judgment) <= {c.key for c in CRITERIA}


def test_ahp_weights_matrix_of_wrong_size_raises():
    with pytest.raises(ev.InvalidParameterError):
        sc.ahp_weights(CRITERIA, [[1, 2], [1 / 2, 1]])


def test_group_ahp_weights_report_consensus_and_spread():
    buyer_1 = [[1, 3, 3], [1 / 3, 1, 1], [1 / 3, 1, 1]]
    buyer_2 = [[1, 1 / 3, 1 / 3], [3, 1, 1], [3, 1, 1]]

    weights = sc.group_ahp_weights(CRITERIA, [buyer_1, buyer_2])

    assert weights.source == "ahp_group"
    assert weights.weights == pytest.approx(dict.fromkeys(weights.weights, 1 / 3))
    assert weights.spread["cost_competitiveness"] == pytest.approx((1 / 7, 3 / 5))


def test_rank_weighted_sum_orders_and_explains():
    weights = {"cost_competitiveness": 2, "technical_fit": 1, "time_zone_overlap": 1}

    ranking = sc.rank(CANDIDATES, CRITERIA, weights)

    # Min-max per criterion: cost a .667 b 1 c 0; tech a .5 b 0 c 1; overlap a 1 b 0 c 1.
    assert ranking.top(3) == ("a", "b", "c")
    first = ranking.entries[0]
    assert first.score == pytest.approx(0.5 * 2 / 3 + 0.25 * 0.5 + 0.25 * 1)
    assert first.contributions == pytest.approx(
        {"cost_competitiveness": 1 / 3, "technical_fit": 0.125, "time_zone_overlap": 0.25}
    )
    # b (0.5 + 0 + 0) and c (0 + 0.25 + 0.25) tie: same rank, input order kept.
    assert [e.score for e in ranking.entries[1:]] == pytest.approx([0.5, 0.5])
    assert [e.rank for e in ranking.entries] == [1, 2, 2]


def test_rank_applies_must_haves_and_reports_exclusions():
    weights = sc.equal_weights(CRITERIA)

    ranking = sc.rank(CANDIDATES, CRITERIA, weights, "topsis", must_haves=[ISO_27001])

    assert set(ranking.top(5)) == {"a", "c"}
    assert [e.candidate_id for e in ranking.excluded] == ["b"]


@pytest.mark.parametrize("method", sc.METHODS)
def test_rank_contributions_sum_to_each_score(method):
    ranking = sc.rank(CANDIDATES, CRITERIA, sc.equal_weights(CRITERIA), method)

    for entry in ranking.entries:
        assert sum(entry.contributions.values()) == pytest.approx(entry.score)


def test_rank_constant_criterion_is_reported_by_key():
    same_overlap = [provider("a", 30, 4, 4), provider("b", 25, 3, 4)]

    ranking = sc.rank(same_overlap, CRITERIA, sc.equal_weights(CRITERIA))

    assert ranking.constant_criteria == ("time_zone_overlap",)
    assert all(e.contributions["time_zone_overlap"] == 0 for e in ranking.entries)


def test_rank_promethee_linear_uses_thresholds_in_criterion_units():
    ranking = sc.rank(
        CANDIDATES,
        CRITERIA,
        sc.equal_weights(CRITERIA),
        "promethee_ii",
        preference="linear",
        q={"cost_competitiveness": 5},
        p={"cost_competitiveness": 15, "technical_fit": 2, "time_zone_overlap": 1},
    )

    # Cost: b over a by 5 -> 0 (within q); a over c by 10 -> .5; b over c by 15 -> 1.
    # Tech: a over b by 1 -> .5; c over a by 1 -> .5; c over b by 2 -> 1.
    # Overlap: a, c over b by 1 -> 1 each. Net flows (each criterion weight 1/3, m-1 = 2):
    # a = (.5 + (.5 - .5) + 1)/6, b = (1 - 1.5 - 2)/6, c = (-1.5 + 1.5 + 1)/6.
    scores = {e.candidate.id: e.score for e in ranking.entries}
    assert scores == pytest.approx({"a": 1.5 / 6, "b": -2.5 / 6, "c": 1 / 6})


def test_rank_promethee_unknown_threshold_key_raises():
    with pytest.raises(ev.UnknownCriterionError):
        sc.rank(
            CANDIDATES,
            CRITERIA,
            sc.equal_weights(CRITERIA),
            "promethee_ii",
            preference="linear",
            p={"price": 1},
        )


def test_rank_empty_candidate_set_raises():
    with pytest.raises(ev.NoCandidatesError) as caught:
        sc.rank([], CRITERIA, sc.equal_weights(CRITERIA))

    assert caught.value.code == "evaluation.no_candidates"
    assert caught.value.params == {"given": 0, "excluded": 0}


def test_rank_everyone_screened_out_raises():
    gate = sc.MustHave("certifications", frozenset({"cmmi_3"}))

    with pytest.raises(ev.NoCandidatesError) as caught:
        sc.rank(CANDIDATES, CRITERIA, sc.equal_weights(CRITERIA), must_haves=[gate])

    assert caught.value.params == {"given": 3, "excluded": 3}


def test_rank_missing_value_names_candidate_and_criterion():
    incomplete = sc.Candidate("x", "X", {"cost_competitiveness": 1, "technical_fit": 2})

    with pytest.raises(ev.MissingValueError) as caught:
        sc.rank([incomplete], CRITERIA, sc.equal_weights(CRITERIA))

    assert caught.value.params == {"candidate_id": "x", "criterion": "time_zone_overlap"}


def test_rank_nan_value_names_candidate_and_criterion():
    with pytest.raises(ev.NonFiniteValueError) as caught:
        sc.rank([provider("x", math.nan, 1, 1)], CRITERIA, sc.equal_weights(CRITERIA))

    assert caught.value.params == {"candidate_id": "x", "criterion": "cost_competitiveness"}


def test_rank_duplicate_candidate_ids_raise():
    with pytest.raises(ev.InvalidParameterError):
        sc.rank([provider("a", 1, 1, 1)] * 2, CRITERIA, sc.equal_weights(CRITERIA))


def test_rank_unknown_method_raises():
    with pytest.raises(ev.InvalidParameterError):
        sc.rank(CANDIDATES, CRITERIA, sc.equal_weights(CRITERIA), "vikor")


def test_compare_methods_flags_disagreement_on_hwang_yoon_fighters():
    """Hwang & Yoon (1981) fighter data as candidates: TOPSIS puts A1 first, min-max WSM
    puts A3 first (see test_methods_published), so the badge must show."""
    keys = ["speed", "range", "payload", "cost", "reliability", "manoeuvrability"]
    criteria = [sc.Criterion(k, benefit=k != "cost", unit="raw") for k in keys]
    rows = [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ]
    candidates = [
        sc.Candidate(f"A{i + 1}", f"A{i + 1}", dict(zip(keys, row, strict=True)))
        for i, row in enumerate(rows)
    ]
    weights = dict(zip(keys, [0.2, 0.1, 0.1, 0.1, 0.2, 0.3], strict=True))

    comparison = sc.compare_methods(candidates, criteria, weights, k=1)

    assert comparison.top_k["topsis"] == ("A1",)
    assert comparison.top_k["weighted_sum"] == ("A3",)
    assert comparison.disagree is True


def test_compare_methods_agree_when_one_candidate_dominates():
    dominant = [provider("a", 10, 5, 5), provider("b", 20, 3, 3), provider("c", 30, 1, 1)]

    comparison = sc.compare_methods(dominant, CRITERIA, sc.equal_weights(CRITERIA), k=3)

    assert set(comparison.top_k.values()) == {("a", "b", "c")}
    assert comparison.disagree is False


def test_compare_methods_rejects_k_below_one():
    with pytest.raises(ev.InvalidParameterError):
        sc.compare_methods(CANDIDATES, CRITERIA, sc.equal_weights(CRITERIA), k=0)


def test_rank_scores_match_the_low_level_method():
    weights = sc.equal_weights(CRITERIA)
    matrix = [[30, 4, 4], [25, 3, 3], [40, 5, 4]]

    ranking = sc.rank(CANDIDATES, CRITERIA, weights, "topsis")

    expected = ev.topsis(matrix, [1, 1, 1], [False, True, True])
    scores = {e.candidate.id: e.score for e in ranking.entries}
    np.testing.assert_allclose([scores["a"], scores["b"], scores["c"]], expected)


def test_rank_promethee_linear_default_p_is_the_widest_gap():
    # Only cost differs (25, 30, 40): p = 15, so b over a by 5 -> 1/3, a over c -> 2/3.
    same = [provider("a", 30, 3, 3), provider("b", 25, 3, 3), provider("c", 40, 3, 3)]
    weights = {"cost_competitiveness": 1, "technical_fit": 0, "time_zone_overlap": 0}

    ranking = sc.rank(same, CRITERIA, weights, "promethee_ii", preference="linear")

    scores = {e.candidate.id: e.score for e in ranking.entries}
    assert scores == pytest.approx({"b": (1 / 3 + 1) / 2, "a": (2 / 3 - 1 / 3) / 2, "c": -5 / 6})
