"""Destination comparison (GSLI-style index) and the sourced default data."""

import math

import pytest

from jisr.engine import evaluation as ev
from jisr.engine.evaluation import destination_data as data
from jisr.engine.evaluation.destinations import DEFAULT_PILLAR_WEIGHTS, destination_index

# Illustrative pillar scores on GSLI's classic scales (0-4, 0-3, 0-3, made-up numbers).
FULL = {
    "MA": {
        "financial_attractiveness": 3.0,
        "people_skills_availability": 1.0,
        "business_environment": 1.5,
        "digital_resonance": 1.0,
    },
    "EG": {
        "financial_attractiveness": 3.2,
        "people_skills_availability": 1.4,
        "business_environment": 1.0,
        "digital_resonance": 1.0,
    },
    "TN": {
        "financial_attractiveness": 2.8,
        "people_skills_availability": 1.2,
        "business_environment": 1.25,
        "digital_resonance": 1.0,
    },
}


def test_destination_index_ranks_with_relative_pillar_scores():
    ranking = destination_index(FULL)

    # Relative scores (worst 0, best 1): MA = (.5, 0, 1, 0), EG = (1, 1, 0, 0),
    # TN = (0, .5, .5, 0); equal weights 1/4, out of 10.
    indexes = {e.country: e.index for e in ranking.entries}
    assert indexes == pytest.approx({"MA": 3.75, "EG": 5.0, "TN": 2.5})
    assert [e.country for e in ranking.entries] == ["EG", "MA", "TN"]
    assert ranking.entries[1].contributions == pytest.approx(
        {
            "financial_attractiveness": 1.25,
            "people_skills_availability": 0.0,
            "business_environment": 2.5,
            "digital_resonance": 0.0,
        }
    )


def test_destination_index_weights_are_editable():
    weights = {"business_environment": 1.0, "financial_attractiveness": 0.0}

    ranking = destination_index(FULL, weights)

    assert ranking.entries[0].country == "MA"
    assert ranking.used_pillars == ("business_environment", "financial_attractiveness")
    assert ranking.weights == {"business_environment": 1.0, "financial_attractiveness": 0.0}


def test_destination_index_skips_incomplete_pillar_and_rescales_weights():
    partial = {c: dict(v) for c, v in FULL.items()}
    partial["TN"]["digital_resonance"] = None

    ranking = destination_index(partial)

    assert ranking.skipped_pillars == ("digital_resonance",)
    assert ranking.weights == pytest.approx(dict.fromkeys(ranking.used_pillars, 1 / 3))


def test_destination_index_default_data_has_no_pillar_to_compare():
    with pytest.raises(ev.NoCompleteIndicatorError) as caught:
        destination_index(data.DEFAULT_PILLAR_SCORES)

    assert caught.value.code == "evaluation.no_complete_indicator"
    assert caught.value.params["skipped"] == data.PILLARS


def test_destination_index_no_countries_raises():
    with pytest.raises(ev.EmptyInputError):
        destination_index({})


def test_destination_index_unknown_pillar_raises():
    with pytest.raises(ev.UnknownCriterionError) as caught:
        destination_index(FULL, {"weather": 1.0})

    assert caught.value.params == {"criterion": "weather"}


def test_destination_index_nan_value_raises():
    broken = {c: dict(v) for c, v in FULL.items()}
    broken["EG"]["business_environment"] = math.nan

    with pytest.raises(ev.NonFiniteValueError) as caught:
        destination_index(broken)

    assert caught.value.params == {"country": "EG", "criterion": "business_environment"}


def test_destination_index_all_zero_weights_raise():
    with pytest.raises(ev.InvalidWeightsError):
        destination_index(FULL, dict.fromkeys(data.PILLARS, 0.0))


def test_default_pillar_weights_are_equal_and_cover_the_four_gsli_categories():
    assert dict.fromkeys(data.PILLARS, 0.25) == DEFAULT_PILLAR_WEIGHTS
    assert data.PILLARS == (
        "financial_attractiveness",
        "people_skills_availability",
        "business_environment",
        "digital_resonance",
    )


def test_default_pillar_scores_are_all_unknown():
    # No pillar score was seen in a source: nothing may be filled in by default.
    values = [v for row in data.DEFAULT_PILLAR_SCORES.values() for v in row.values()]

    assert "MA" in data.DEFAULT_PILLAR_SCORES
    assert values and all(v is None for v in values)


def test_gsli_ranks_for_morocco_match_the_sourced_editions():
    morocco = {
        (r.edition, r.rank, r.countries_ranked) for r in data.GSLI_RANKS if r.country == "MA"
    }

    assert morocco == {(2009, 30, None), (2021, 40, 60), (2023, 28, 78)}


def test_every_sourced_value_names_its_source():
    sources = [r.source for r in data.GSLI_RANKS]
    sources += [s for fact in data.WHY_MOROCCO for s in fact.sources]

    assert all(s.title and s.site and s.published for s in sources)
    assert all(s.url is None or s.url.startswith("https://") for s in sources)
    assert all(fact.sources for fact in data.WHY_MOROCCO)


def test_why_morocco_covers_fta_parks_languages_and_time_zone():
    facts = {fact.key: fact for fact in data.WHY_MOROCCO}
    parks = [f.params["name"] for f in data.WHY_MOROCCO if f.key == "offshoring_park"]

    assert facts["fta_signed"].params["date"] == "2004-06-15"
    assert facts["fta_in_force"].params["date"] == "2006-01-01"
    assert parks == ["Casanearshore", "Technopolis", "Fès Shore", "Oujda Shore", "Tétouan Shore"]
    assert facts["multilingual_workforce"].params["languages"] == ("en", "fr", "es")
    assert facts["time_zone"].params["zone"] == "Africa/Casablanca"
