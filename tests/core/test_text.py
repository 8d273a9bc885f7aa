from hypothesis import given
from hypothesis import strategies as st

from jisr.core.text import fold, search_tokens


def test_fold_strips_french_accents_and_case():
    assert fold("Rabât Télécom") == "rabat telecom"


def test_fold_unifies_arabic_alef_and_drops_diacritics():
    assert fold("إِدَارَةُ") == fold("ادارة")


def test_search_tokens_treat_operators_and_quotes_as_text():
    assert search_tokens('"java AND (cloud" -- OR *') == ["java", "and", "cloud", "or"]


def test_search_tokens_empty_for_punctuation_only():
    assert search_tokens("()*&^%$#@!") == []


@given(st.text())
def test_search_tokens_never_raise_and_are_folded(query):
    tokens = search_tokens(query)
    assert all(token == fold(token) for token in tokens)
    assert len(tokens) <= 12
