from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from jisr.engine.matching.features import encode
from jisr.engine.matching.scoring import Scoring, prepare, score_block
from jisr.engine.matching.text import (
    InMemoryEmbeddingCache,
    Usem3Encoder,
    Vector,
    cache_key,
    embed_profiles,
    embed_texts,
)

from .builders import buyer, provider

JAVA_REQUEST = (
    "We need a partner for Java application maintenance and test automation "
    "of our enterprise portfolio."
)
CALL_CENTRE_REQUEST = "We want to outsource our customer support call centre with bilingual agents."
JAVA_OFFER_FR = "Maintenance applicative Java et tests automatisés pour les grands comptes."
JAVA_OFFER_AR = "صيانة تطبيقات جافا وأتمتة الاختبارات للشركات الكبرى."


class CountingEncoder:
    """The real encoder, counting the texts it is asked to encode."""

    def __init__(self, inner: Usem3Encoder) -> None:
        self.inner = inner
        self.encoded: list[str] = []

    @property
    def version(self) -> str:
        return self.inner.version

    def encode(self, texts: Sequence[str]) -> Vector:
        self.encoded.extend(texts)
        return self.inner.encode(texts)


def test_cache_key_depends_on_model_version_and_text() -> None:
    key = cache_key("v1", "Java maintenance")

    assert key == cache_key("v1", "Java maintenance")
    assert key != cache_key("v2", "Java maintenance")
    assert key != cache_key("v1", "Java maintenance.")
    assert cache_key("ab", "c") != cache_key("a", "bc")
    assert len(key) == 64


def test_embed_texts_encodes_only_texts_missing_from_cache(encoder: Usem3Encoder) -> None:
    counting = CountingEncoder(encoder)
    cache = InMemoryEmbeddingCache()
    first = embed_texts([JAVA_REQUEST, JAVA_OFFER_FR], counting, cache)

    second = embed_texts([JAVA_OFFER_FR, CALL_CENTRE_REQUEST, JAVA_REQUEST], counting, cache)

    assert sorted(counting.encoded[:2]) == sorted([JAVA_REQUEST, JAVA_OFFER_FR])
    assert counting.encoded[2:] == [CALL_CENTRE_REQUEST]
    assert len(cache) == 3
    np.testing.assert_array_equal(second[0], first[1])
    np.testing.assert_array_equal(second[2], first[0])


def test_embed_texts_encodes_a_repeated_text_once(encoder: Usem3Encoder) -> None:
    counting = CountingEncoder(encoder)

    rows = embed_texts([JAVA_REQUEST, JAVA_REQUEST], counting, InMemoryEmbeddingCache())

    assert counting.encoded == [JAVA_REQUEST]
    np.testing.assert_array_equal(rows[0], rows[1])


def test_embed_texts_returns_unit_rows_of_dimension_512(encoder: Usem3Encoder) -> None:
    rows = embed_texts([JAVA_REQUEST, JAVA_OFFER_AR], encoder, InMemoryEmbeddingCache())

    assert rows.shape == (2, 512)
    assert rows.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), [1.0, 1.0], atol=1e-4)


def test_embed_profiles_without_text_leaves_profile_out(encoder: Usem3Encoder) -> None:
    silent = buyer("silent", texts=(("en", "   "),))
    talking = provider("talking", texts=(("fr", JAVA_OFFER_FR), ("en", "Java experts.")))

    vectors = embed_profiles([silent, talking], encoder)

    assert vectors.ids == ("talking",)
    assert vectors.languages == {"talking": ("en", "fr")}
    assert float(np.linalg.norm(vectors.matrix[0])) == pytest.approx(1.0, abs=1e-5)
    rows, mask = vectors.rows_for([silent, talking])
    assert mask.tolist() == [False, True]
    assert not rows[0].any()


def test_embed_profiles_with_no_profiles_returns_empty_vectors(encoder: Usem3Encoder) -> None:
    vectors = embed_profiles([], encoder)

    assert vectors.ids == ()
    assert vectors.matrix.shape == (0, 512)


def test_french_offer_scores_higher_on_matching_english_request(encoder: Usem3Encoder) -> None:
    java, call_centre = (
        buyer("java", texts=(("en", JAVA_REQUEST),)),
        buyer("calls", texts=(("en", CALL_CENTRE_REQUEST),)),
    )
    offer = provider("offer", texts=(("fr", JAVA_OFFER_FR),))
    vectors = embed_profiles([java, call_centre, offer], encoder)
    scoring = Scoring()
    encoded = encode([java, call_centre], [offer], vectors=vectors)
    block = score_block(encoded, prepare(encoded, scoring), scoring, slice(None), slice(None))

    cosine = vectors.matrix[2] @ vectors.matrix[:2].T

    assert cosine[0] > 0.5 > 0.2 > cosine[1]
    assert block[0, 0] > block[1, 0]


def test_arabic_offer_scores_higher_on_matching_english_request(encoder: Usem3Encoder) -> None:
    rows = embed_texts(
        [JAVA_OFFER_AR, JAVA_REQUEST, CALL_CENTRE_REQUEST], encoder, InMemoryEmbeddingCache()
    )

    related, unrelated = rows[0] @ rows[1], rows[0] @ rows[2]

    assert related > unrelated + 0.2
