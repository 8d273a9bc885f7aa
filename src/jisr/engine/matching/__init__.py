"""Buyer-provider matching: compatibility scores, recommendations and their reasons.

Typical use::

    vectors = embed_profiles([*buyers, *providers], cache=my_cache)
    result = recommend(buyers, providers, k=20, vectors=vectors, marks=marks,
                       exclusions=Exclusions.of(met=met_pairs, declined=declined_pairs))
    for suggestion in result.for_buyers[buyer.id]:
        ...  # suggestion.reasons: codes + params for the web layer to translate

Pure numpy; never imports Django.
"""

from jisr.engine.matching.profiles import Band, Exclusions, Mark, MarkKind, Profile, Side
from jisr.engine.matching.ranking import FIT_ORDER, MarkPolicy, top_k_both_ways
from jisr.engine.matching.reasons import Reason, describe
from jisr.engine.matching.recommend import Recommendations, Suggestion, recommend
from jisr.engine.matching.scoring import COMPONENTS, Scoring, Weights
from jisr.engine.matching.text import (
    EmbeddingCache,
    InMemoryEmbeddingCache,
    TextEncoder,
    TextVectors,
    Usem3Encoder,
    cache_key,
    default_encoder,
    embed_profiles,
)
from jisr.engine.matching.timezones import WorkingDay, overlap_hours

__all__ = [
    "COMPONENTS",
    "FIT_ORDER",
    "Band",
    "EmbeddingCache",
    "Exclusions",
    "InMemoryEmbeddingCache",
    "Mark",
    "MarkKind",
    "MarkPolicy",
    "Profile",
    "Reason",
    "Recommendations",
    "Scoring",
    "Side",
    "Suggestion",
    "TextEncoder",
    "TextVectors",
    "Usem3Encoder",
    "Weights",
    "WorkingDay",
    "cache_key",
    "default_encoder",
    "describe",
    "embed_profiles",
    "overlap_hours",
    "recommend",
    "top_k_both_ways",
]
