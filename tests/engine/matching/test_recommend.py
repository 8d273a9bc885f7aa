from __future__ import annotations

import json

import pytest

from jisr.engine.matching import reasons as rc
from jisr.engine.matching.profiles import Band, Exclusions, Mark, MarkKind
from jisr.engine.matching.reasons import Reason, describe
from jisr.engine.matching.recommend import recommend
from jisr.engine.matching.text import Usem3Encoder, embed_profiles

from .builders import buyer, provider, sets

JAVA_BUYER = buyer(
    "acme",
    service_lines=sets("application-maintenance", "testing-qa"),
    technologies=sets("java", "selenium"),
    languages=sets("en"),
    certifications=sets("iso27001"),
    team_size=10,
    band=Band(300, 400),
    texts=(("en", "Java application maintenance and automated testing of our portfolio."),),
)
JAVA_PROVIDER = provider(
    "atlas",
    service_lines=sets("application-maintenance", "testing-qa", "consulting"),
    technologies=sets("java", "spring"),
    languages=sets("fr", "en"),
    headcount=20,
    band=Band(500, 600),
    texts=(("fr", "Tierce maintenance applicative Java et tests automatisés."),),
)
CALL_CENTRE = provider(
    "voix",
    service_lines=sets("bpo-customer-service"),
    languages=sets("fr", "ar"),
    headcount=300,
    texts=(("ar", "مركز اتصال لخدمة العملاء"),),
)


def codes(reasons: tuple[Reason, ...]) -> list[str]:
    return [reason.code for reason in reasons]


def test_recommend_explains_each_criterion_with_params(encoder: Usem3Encoder) -> None:
    vectors = embed_profiles([JAVA_BUYER, JAVA_PROVIDER, CALL_CENTRE], encoder)

    result = recommend([JAVA_BUYER], [JAVA_PROVIDER, CALL_CENTRE], k=2, vectors=vectors)

    first = result.for_buyers["acme"][0]
    by_code = {reason.code: reason for reason in first.reasons}
    assert first.profile_id == "atlas"
    assert by_code[rc.SHARED_SERVICE_LINES].params == {
        "items": ("application-maintenance", "testing-qa"),
        "shared": 2,
        "needed": 2,
    }
    assert by_code[rc.SHARED_TECHNOLOGIES].params["items"] == ("java",)
    assert by_code[rc.COMMON_LANGUAGES].params == {"items": ("en",)}
    assert by_code[rc.CERTIFICATIONS_MISSING].params == {"items": ("iso27001",), "covered": ()}
    assert by_code[rc.CAPACITY_SHORT].params == {"headcount": 20, "team_size": 10}
    assert by_code[rc.WORKING_HOURS_OVERLAP].params["hours"] == 4.0
    assert by_code[rc.RATE_ABOVE_BUDGET].params == {"percent_over": 25}
    assert by_code[rc.SIMILAR_TEXTS].params["provider_languages"] == ("fr",)
    assert sum(r.weight for r in first.reasons) == pytest.approx(first.compatibility, abs=1e-5)
    weights = [reason.weight for reason in first.reasons]
    assert weights == sorted(weights, reverse=True)


def test_recommend_ranks_cross_lingual_fit_first_both_ways(encoder: Usem3Encoder) -> None:
    vectors = embed_profiles([JAVA_BUYER, JAVA_PROVIDER, CALL_CENTRE], encoder)

    result = recommend([JAVA_BUYER], [JAVA_PROVIDER, CALL_CENTRE], k=5, vectors=vectors)

    assert [s.profile_id for s in result.for_buyers["acme"]] == ["atlas", "voix"]
    assert [s.profile_id for s in result.for_providers["voix"]] == ["acme"]
    assert (
        result.for_buyers["acme"][0].compatibility
        > 0.6
        > result.for_buyers["acme"][1].compatibility
    )


def test_recommend_without_vectors_says_text_is_missing() -> None:
    result = recommend([JAVA_BUYER], [JAVA_PROVIDER], k=1)

    reasons = result.for_buyers["acme"][0].reasons
    missing = [reason for reason in reasons if reason.code == rc.TEXT_MISSING]
    assert missing == [Reason(rc.TEXT_MISSING, {"sides": ("buyer", "provider")}, 0.0)]
    assert describe(missing[0]).startswith("No description to compare on the buyer, provider")


def test_recommend_skips_met_declined_and_same_organization_pairs() -> None:
    sister = provider("sister", organization_id=JAVA_BUYER.organization_id)
    providers = [JAVA_PROVIDER, CALL_CENTRE, sister, provider("fresh")]
    exclusions = Exclusions.of(met=[("acme", "atlas")], declined=[("acme", "voix")])

    result = recommend([JAVA_BUYER], providers, k=5, exclusions=exclusions)

    assert [s.profile_id for s in result.for_buyers["acme"]] == ["fresh"]
    assert result.for_providers["atlas"] == ()
    assert result.for_providers["fresh"][0].profile_id == "acme"


def test_recommend_marks_appear_as_reasons_for_each_viewer() -> None:
    marks = [Mark("acme", "voix", MarkKind.MUST_MEET), Mark("voix", "acme", MarkKind.WOULD_LIKE)]

    result = recommend([JAVA_BUYER], [JAVA_PROVIDER, CALL_CENTRE], k=2, marks=marks)

    top = result.for_buyers["acme"][0]
    assert top.profile_id == "voix"
    assert codes(top.top_reasons(2)) == [rc.YOU_MARKED, rc.MUTUAL_INTEREST]
    assert Reason(rc.THEY_MARKED, {"mark": "would_like"}, 0.1) in top.reasons
    assert top.rank_score == pytest.approx(top.compatibility + 0.5 + 0.2 + 0.1)
    seen_by_provider = result.for_providers["voix"][0].reasons
    assert seen_by_provider[0] == Reason(rc.THEY_MARKED, {"mark": "must_meet"}, 0.3)


def test_recommend_with_no_profiles_returns_empty_mappings() -> None:
    result = recommend([], [], k=3)

    assert result.for_buyers == {} and result.for_providers == {}


def test_recommend_rejects_profile_on_wrong_side() -> None:
    with pytest.raises(ValueError, match="is a provider, not a buyer"):
        recommend([JAVA_PROVIDER], [CALL_CENTRE])


def test_recommend_without_explain_returns_no_reasons() -> None:
    result = recommend([JAVA_BUYER], [JAVA_PROVIDER], explain=False)

    assert result.for_buyers["acme"][0].reasons == ()


def test_reason_to_dict_is_json_ready() -> None:
    reason = Reason(rc.SHARED_SERVICE_LINES, {"items": ("qa",), "shared": 1, "needed": 2}, 0.12345)

    data = json.loads(json.dumps(reason.to_dict()))

    assert data == {
        "code": "shared_service_lines",
        "params": {"items": ["qa"], "shared": 1, "needed": 2},
        "weight": 0.1235,
    }


@pytest.mark.parametrize(
    ("reason", "sentence"),
    [
        (
            Reason(rc.SHARED_SERVICE_LINES, {"items": ("qa", "web"), "shared": 2, "needed": 3}),
            "Offers 2 of 3 needed service lines: qa, web",
        ),
        (Reason(rc.RATE_ABOVE_BUDGET, {"percent_over": 25}), "Lowest rate is 25% above budget"),
        (Reason(rc.MUTUAL_INTEREST), "Both sides want to meet"),
        (Reason("code_from_the_future"), "code_from_the_future"),
    ],
)
def test_describe_gives_plain_english(reason: Reason, sentence: str) -> None:
    assert describe(reason) == sentence


def test_recommend_unknown_time_zone_raises_value_error() -> None:
    lost = buyer("lost", timezone="America/Atlantis")

    with pytest.raises(ValueError, match="America/Atlantis"):
        recommend([lost], [JAVA_PROVIDER])


def test_recommend_ignores_exclusions_naming_absent_profiles() -> None:
    exclusions = Exclusions.of(met=[("acme", "gone")], declined=[("gone", "atlas")])

    result = recommend([JAVA_BUYER], [JAVA_PROVIDER], exclusions=exclusions)

    assert [s.profile_id for s in result.for_buyers["acme"]] == ["atlas"]


def test_profile_with_negative_headcount_is_rejected() -> None:
    with pytest.raises(ValueError, match="headcount must be >= 0"):
        provider("p", headcount=-1)


def test_band_with_low_above_high_is_rejected() -> None:
    with pytest.raises(ValueError, match="low <= high"):
        Band(500, 400)


def test_describe_has_a_sentence_for_every_code() -> None:
    codes = [value for name, value in vars(rc).items() if name.isupper() and isinstance(value, str)]

    undescribed = [code for code in codes if describe(Reason(code)) == code]

    assert len(codes) == 19
    assert undescribed == []
