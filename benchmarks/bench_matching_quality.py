"""Precision@10 of matching recommendations on a sample with planted good-fit pairs.

Usage: python benchmarks/bench_matching_quality.py [--buyers 200] [--providers 400]
       [--seeds 0 1 2]

The generator (jisr.engine.matching.synthetic.planted_sample) records the pairs it meant
to fit: same need, a common working language, lowest rate within budget. Buyer
requests are English; provider offers are English, French or Arabic. Precision@10 is
|top 10 ∩ fits| / 10, averaged over viewers with at least one fit, in both directions.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict

import numpy as np

from jisr.engine.matching.features import encode
from jisr.engine.matching.ranking import top_k_both_ways
from jisr.engine.matching.scoring import COMPONENTS, Scoring, Weights
from jisr.engine.matching.synthetic import PlantedSample, planted_sample
from jisr.engine.matching.text import InMemoryEmbeddingCache, TextVectors, embed_profiles

# (precision, best achievable) for buyer -> providers, then provider -> buyers.
Figures = tuple[tuple[float, float], tuple[float, float]]

K = 10
VARIANTS = {
    "full model": Weights(),
    "structured only": Weights().only(*(c for c in COMPONENTS if c != "text")),
    "text only": Weights().only("text"),
}


def precision(
    index: np.ndarray, viewers: list[str], candidates: list[str], fits: set[tuple[str, str]]
) -> tuple[float, float]:
    """(precision@K, best achievable precision@K) over viewers with a fit."""
    scores, ceilings = [], []
    for row, viewer in enumerate(viewers):
        relevant = {c for c in candidates if (viewer, c) in fits}
        if not relevant:
            continue
        chosen = [candidates[i] for i in index[row][:K] if i >= 0]
        scores.append(len(relevant.intersection(chosen)) / K)
        ceilings.append(min(len(relevant), K) / K)
    return statistics.fmean(scores), statistics.fmean(ceilings)


def evaluate(sample: PlantedSample, vectors: TextVectors, seed: int) -> dict[str, Figures]:
    buyers = [b.id for b in sample.buyers]
    providers = [p.id for p in sample.providers]
    fits = set(sample.fits)
    reverse = {(p, b) for b, p in fits}
    encoded = encode(sample.buyers, sample.providers, vectors=vectors)
    out: dict[str, Figures] = {}
    for name, weights in VARIANTS.items():
        result = top_k_both_ways(encoded, k=K, scoring=Scoring(weights=weights))
        if name == "full model":
            textless = {p for p in providers if p not in vectors.languages}
            chosen = [providers[i] for i in result.for_buyers.index.ravel() if i >= 0]
            share = sum(p in textless for p in chosen) / len(chosen)
            print(
                f"  full model: providers without text are {len(textless) / len(providers):.1%} "
                f"of providers and {share:.1%} of suggestions"
            )
        out[name] = (
            precision(result.for_buyers.index, buyers, providers, fits),
            precision(result.for_providers.index, providers, buyers, reverse),
        )
    rng = np.random.default_rng(seed)
    random_b = np.array([rng.permutation(len(providers))[:K] for _ in buyers])
    random_p = np.array([rng.permutation(len(buyers))[:K] for _ in providers])
    out["random"] = (
        precision(random_b, buyers, providers, fits),
        precision(random_p, providers, buyers, reverse),
    )
    return out


def cosine_report(sample: PlantedSample, vectors: TextVectors) -> None:
    """Mean text cosine of buyer-provider pairs, by provider text language and theme."""
    row = {profile_id: i for i, profile_id in enumerate(vectors.ids)}
    groups: dict[tuple[str, bool], list[float]] = defaultdict(list)
    for b in sample.buyers:
        for p in sample.providers:
            if b.id in row and p.id in row:
                language = vectors.languages[p.id][0]
                same_need = sample.themes[b.id] == sample.themes[p.id]
                groups[language, same_need].append(
                    float(vectors.matrix[row[b.id]] @ vectors.matrix[row[p.id]])
                )
    print("mean cosine, English request vs offer (same need / different need):")
    for language in ("en", "fr", "ar"):
        same, other = groups[language, True], groups[language, False]
        print(
            f"  offer in {language}: {statistics.fmean(same):.3f} / "
            f"{statistics.fmean(other):.3f}  (pairs {len(same)} / {len(other)})"
        )


def run(args: argparse.Namespace, technology_rate: float, cache: InMemoryEmbeddingCache) -> None:
    per_variant: dict[str, list[Figures]] = defaultdict(list)
    for seed in args.seeds:
        sample = planted_sample(
            args.buyers, args.providers, seed=seed, technology_rate=technology_rate
        )
        started = time.perf_counter()
        vectors = embed_profiles([*sample.buyers, *sample.providers], cache=cache)
        fits_per_buyer = len(sample.fits) / len(sample.buyers)
        print(
            f"seed {seed}: {len(sample.buyers)} buyers, {len(sample.providers)} providers, "
            f"{len(sample.fits)} planted fits ({fits_per_buyer:.1f} per buyer); "
            f"embedded in {time.perf_counter() - started:.1f} s (cached texts are free)"
        )
        for name, figures in evaluate(sample, vectors, seed).items():
            per_variant[name].append(figures)
        if seed == args.seeds[0] and technology_rate == 1.0:
            cosine_report(sample, vectors)
    print(
        f"precision@{K}, {technology_rate:.0%} of buyers list technologies, mean over seeds "
        f"{args.seeds} (best achievable in brackets)"
    )
    print(f"{'variant':<18}{'buyer -> providers':>24}{'provider -> buyers':>24}")
    for name, runs in per_variant.items():
        cells = []
        for direction in (0, 1):
            value = statistics.fmean(run[direction][0] for run in runs)
            ceiling = statistics.fmean(run[direction][1] for run in runs)
            cells.append(f"{value:.3f} ({ceiling:.3f})")
        print(f"{name:<18}{cells[0]:>24}{cells[1]:>24}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=200)
    parser.add_argument("--providers", type=int, default=400)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--technology-rates", type=float, nargs="+", default=[1.0, 0.3])
    args = parser.parse_args()
    cache = InMemoryEmbeddingCache()
    for rate in args.technology_rates:
        run(args, rate, cache)


if __name__ == "__main__":
    main()
