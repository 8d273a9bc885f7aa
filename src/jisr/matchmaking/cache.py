"""The matching engine's ``EmbeddingCache`` protocol, stored in the database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from jisr.engine.matching.text import Vector
from jisr.matchmaking.models import EmbeddingCacheEntry

# Keeps each IN (...) under every database's parameter limit.
_CHUNK = 500


class DatabaseEmbeddingCache:
    """Embeddings by ``cache_key``; a text is encoded again only when it or the model
    changes, because both are inside the key."""

    def __init__(self, model_version: str) -> None:
        self.model_version = model_version

    def get_many(self, keys: Sequence[str]) -> dict[str, Vector]:
        unique = list(dict.fromkeys(keys))
        found: dict[str, Vector] = {}
        for start in range(0, len(unique), _CHUNK):
            rows = EmbeddingCacheEntry.objects.filter(key__in=unique[start : start + _CHUNK]).only(
                "key", "dimension", "vector"
            )
            found.update({row.key: row.as_array() for row in rows})
        return found

    def put_many(self, items: Mapping[str, Vector]) -> None:
        entries = [
            EmbeddingCacheEntry(
                key=key,
                model_version=self.model_version,
                dimension=int(vector.shape[0]),
                vector=np.ascontiguousarray(vector, dtype="<f4").tobytes(),
            )
            for key, vector in items.items()
        ]
        # Two requests may encode the same new text at once: the second insert is a no-op.
        EmbeddingCacheEntry.objects.bulk_create(entries, ignore_conflicts=True, batch_size=_CHUNK)
