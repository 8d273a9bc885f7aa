"""Fictional profiles for benchmarks and tests; every organization here is made up.

- ``random_profiles`` + ``random_vectors``: large, structure-only samples for
  throughput, with random unit vectors standing in for text embeddings.
- ``planted_sample``: a small mission with the generator's own list of the pairs it
  meant to fit, for measuring precision of the recommendations.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jisr.engine.matching.profiles import Band, Profile
from jisr.engine.matching.synthetic_themes import (
    NOISE_SERVICE_LINES,
    NOISE_TECHNOLOGIES,
    PROVIDER_INTROS,
    THEMES,
    Theme,
)
from jisr.engine.matching.text import TextVectors

BUYER_ZONES = (
    "America/New_York",
    "America/Toronto",
    "America/Montreal",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Vancouver",
    "America/Halifax",
)
PROVIDER_ZONES = ("Africa/Casablanca", "Europe/Paris", "Africa/Tunis", "Europe/Lisbon")


def _sample(rng: random.Random, items: Sequence[str], low: int, high: int) -> frozenset[str]:
    return frozenset(rng.sample(list(items), rng.randint(low, min(high, len(items)))))


def random_profiles(
    n_buyers: int, n_providers: int, *, seed: int = 0
) -> tuple[list[Profile], list[Profile]]:
    """Structured profiles with realistic vocabulary sizes (30 service lines,
    300 technologies, 6 languages, 20 certifications) and some missing values."""
    rng = random.Random(seed)
    service_lines = [f"sl-{i}" for i in range(30)]
    technologies = [f"tech-{i}" for i in range(300)]
    languages = ["en", "fr", "ar", "es", "de", "pt"]
    certifications = [f"cert-{i}" for i in range(20)]

    def band(low: float, high: float) -> Band | None:
        if rng.random() < 0.2:
            return None
        a = rng.uniform(low, high)
        return Band(a, a * rng.uniform(1.0, 1.6))

    buyers = [
        Profile(
            id=f"b{i}",
            organization_id=f"bo{i // 2}",
            side="buyer",
            country="US",
            timezone=rng.choice(BUYER_ZONES),
            service_lines=_sample(rng, service_lines, 1, 3),
            technologies=_sample(rng, technologies, 0, 6),
            languages=_sample(rng, languages[:2], 1, 2),
            certifications=_sample(rng, certifications, 0, 2),
            team_size=rng.choice([None, 3, 5, 10, 20, 50]),
            band=band(200, 600),
        )
        for i in range(n_buyers)
    ]
    providers = [
        Profile(
            id=f"p{i}",
            organization_id=f"po{i // 3}",
            side="provider",
            country="MA",
            timezone=rng.choice(PROVIDER_ZONES),
            service_lines=_sample(rng, service_lines, 1, 6),
            technologies=_sample(rng, technologies, 2, 15),
            languages=_sample(rng, languages[:3], 1, 3),
            certifications=_sample(rng, certifications, 0, 4),
            headcount=rng.choice([None, 10, 40, 120, 400, 2000]),
            band=band(150, 500),
        )
        for i in range(n_providers)
    ]
    return buyers, providers


def random_vectors(
    profiles: Sequence[Profile], *, dimension: int = 512, with_text: float = 0.9, seed: int = 0
) -> TextVectors:
    """Random unit vectors for a fraction ``with_text`` of the profiles, clustered
    around 40 topics so that cosines spread like real ones rather than all near 0."""
    rng = np.random.default_rng(seed)
    chosen = [p for p in profiles if rng.random() < with_text]
    topics = rng.standard_normal((40, dimension)).astype(np.float32)
    matrix = topics[rng.integers(0, 40, len(chosen))]
    matrix += 0.8 * rng.standard_normal((len(chosen), dimension)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    languages = {p.id: ("en",) for p in chosen}
    return TextVectors(tuple(p.id for p in chosen), matrix, languages)


@dataclass(frozen=True)
class PlantedSample:
    """Profiles plus ``fits``: the (buyer id, provider id) pairs the generator meant to
    match (same need, a common language, the provider's lowest rate within budget)."""

    buyers: list[Profile]
    providers: list[Profile]
    fits: frozenset[tuple[str, str]]
    themes: dict[str, str]


def _fits(buyer: Profile, provider: Profile, themes: dict[str, str]) -> bool:
    if themes[buyer.id] != themes[provider.id] or not buyer.languages & provider.languages:
        return False
    return not (buyer.band and provider.band and provider.band.low > buyer.band.high)


def _provider(rng: random.Random, i: int, theme: Theme) -> Profile:
    languages = {"fr"} | {lang for lang, p in (("en", 0.6), ("ar", 0.5)) if rng.random() < p}
    # The offer is written in one of the provider's languages, often not English.
    text_language = rng.choice(sorted(languages))
    texts: tuple[tuple[str, str], ...] = ()
    if rng.random() > 0.1:
        offer = rng.choice(theme.offers[text_language])
        intro = rng.choice(PROVIDER_INTROS[text_language])
        texts = ((text_language, f"{offer} {intro}"),)
    # Providers list more than they specialise in, and omit some of their own stack.
    technologies = {t for t in theme.technologies if rng.random() < 0.7}
    technologies |= set(rng.sample(NOISE_TECHNOLOGIES, rng.randint(1, 4)))
    service_lines = set(theme.service_lines) | set(rng.sample(NOISE_SERVICE_LINES, 1))
    if rng.random() < 0.4:
        other = rng.choice(THEMES)
        service_lines |= set(other.service_lines)
        technologies |= set(rng.sample(sorted(other.technologies), 1))
    low = rng.choice([180.0, 250.0, 320.0, 400.0])
    return Profile(
        id=f"provider-{i}",
        organization_id=f"provider-org-{i}",
        side="provider",
        country="MA",
        timezone="Africa/Casablanca",
        service_lines=frozenset(service_lines),
        technologies=frozenset(technologies),
        languages=frozenset(languages),
        headcount=rng.choice([15, 60, 150, 400]),
        band=Band(low, low * 1.4) if rng.random() > 0.15 else None,
        texts=texts,
    )


def _buyer(rng: random.Random, i: int, theme: Theme, technology_rate: float) -> Profile:
    languages = {"en"} | ({"fr"} if rng.random() < 0.25 else set())
    needed_lines = set(rng.sample(sorted(theme.service_lines), 1))
    texts = (("en", rng.choice(theme.requests)),) if rng.random() > 0.1 else ()
    listed = rng.random() < technology_rate
    technologies = frozenset(rng.sample(sorted(theme.technologies), 2)) if listed else frozenset()
    return Profile(
        id=f"buyer-{i}",
        organization_id=f"buyer-org-{i}",
        side="buyer",
        country="CA" if "fr" in languages else "US",
        timezone=rng.choice(BUYER_ZONES),
        service_lines=frozenset(needed_lines),
        technologies=technologies,
        languages=frozenset(languages),
        team_size=rng.choice([None, 5, 10, 25]),
        band=Band(200.0, rng.choice([260.0, 350.0, 500.0])) if rng.random() > 0.15 else None,
        texts=texts,
    )


def planted_sample(
    n_buyers: int = 200, n_providers: int = 400, *, seed: int = 0, technology_rate: float = 1.0
) -> PlantedSample:
    """A mission whose good pairs are known: buyers and providers share a theme.

    ``technology_rate`` is the share of buyers listing technologies; the others state
    their need in words only, as many first-time buyers do.
    """
    rng = random.Random(seed)
    themes: dict[str, str] = {}
    buyers, providers = [], []
    for i in range(n_buyers):
        theme = rng.choice(THEMES)
        buyers.append(_buyer(rng, i, theme, technology_rate))
        themes[buyers[-1].id] = theme.key
    for i in range(n_providers):
        theme = rng.choice(THEMES)
        providers.append(_provider(rng, i, theme))
        themes[providers[-1].id] = theme.key
    fits = frozenset((b.id, p.id) for b in buyers for p in providers if _fits(b, p, themes))
    return PlantedSample(buyers, providers, fits, themes)
