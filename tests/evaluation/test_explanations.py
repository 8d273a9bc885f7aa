"""Every engine code the evaluation pages can meet has its own translatable sentence."""

import pytest
from django.utils import translation

from jisr.engine.evaluation import errors
from jisr.engine.evaluation.destination_data import PILLARS, WHY_MOROCCO
from jisr.evaluation.criteria import CRITERION_KEYS
from jisr.web import explanations

ERROR_CLASSES = [
    cls
    for cls in vars(errors).values()
    if isinstance(cls, type)
    and issubclass(cls, errors.EvaluationError)
    and cls is not errors.EvaluationError
]


@pytest.mark.parametrize("error_class", ERROR_CLASSES, ids=lambda c: c.code)
def test_every_evaluation_error_code_has_its_own_message(error_class):
    message = explanations.evaluation_error(error_class("developer text", excluded=3))

    assert message != "These values cannot be evaluated."
    assert "developer text" not in message


def test_no_candidates_message_carries_the_excluded_count():
    error = errors.NoCandidatesError("none", given=4, excluded=4)

    assert "4 failed a must-have" in explanations.evaluation_error(error)


def test_criteria_and_pillars_all_have_labels_and_help():
    assert all(explanations.criterion_label(k) != k for k in CRITERION_KEYS)
    assert all(explanations.criterion_help(k) for k in CRITERION_KEYS)
    assert all(explanations.pillar_label(p) != p for p in PILLARS)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_why_morocco_fact_has_a_sentence_with_its_params(language):
    with translation.override(language):
        names = explanations.Names.load()
        sentences = {fact.key: explanations.fact_sentence(fact, names) for fact in WHY_MOROCCO}

    assert all(sentence != key for key, sentence in sentences.items())
    assert "2004-06-15" in sentences["fta_signed"]
    assert "2.18.855" in sentences["time_zone"]
    assert "28" in sentences["gsli_rank"] and "78" in sentences["gsli_rank"]
