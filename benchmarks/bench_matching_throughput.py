"""Throughput of the matching engine: blockwise top-k both ways, and text embedding.

Usage: python benchmarks/bench_matching_throughput.py [--buyers N] [--providers N]
       [--k 20] [--block 2048] [--explain] [--embed-texts 2000]

Set OPENBLAS_NUM_THREADS=1 to measure with single-threaded BLAS: on a busy 2-core machine
it was faster for both steps, markedly so for the encoder's small matrix products.

Synthetic profiles carry random unit vectors in place of text embeddings, because
embedding 20,000 texts is a separate, cached cost; that cost is measured on its own at
the end, on real multilingual sentences. Peak RSS comes from getrusage (kB on Linux).
"""

from __future__ import annotations

import argparse
import os
import resource
import time

from jisr.engine.matching.features import encode
from jisr.engine.matching.ranking import top_k_both_ways
from jisr.engine.matching.recommend import recommend
from jisr.engine.matching.synthetic import planted_sample, random_profiles, random_vectors
from jisr.engine.matching.text import InMemoryEmbeddingCache, Usem3Encoder, embed_texts


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_matching(args: argparse.Namespace) -> None:
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset (one per core)")
    print(f"OPENBLAS_NUM_THREADS: {threads}; load average: {os.getloadavg()[0]:.1f}")
    started = time.perf_counter()
    buyers, providers = random_profiles(args.buyers, args.providers, seed=args.seed)
    vectors = random_vectors([*buyers, *providers], seed=args.seed)
    print(
        f"generated {len(buyers)} buyers, {len(providers)} providers "
        f"in {time.perf_counter() - started:.1f} s (not counted)"
    )

    started = time.perf_counter()
    encoded = encode(buyers, providers, vectors=vectors)
    encoding = time.perf_counter() - started
    started = time.perf_counter()
    top_k_both_ways(encoded, k=args.k, block=args.block)
    ranking = time.perf_counter() - started
    pairs = len(buyers) * len(providers)
    total = encoding + ranking
    print(f"feature encoding: {encoding:.2f} s")
    print(f"scoring + top-{args.k} both ways (block {args.block}): {ranking:.2f} s")
    print(f"total: {total:.2f} s for {pairs:,} pairs = {pairs / total:,.0f} pairs/s")
    print(f"peak RSS after matching: {peak_rss_mb():.0f} MB")
    if args.explain:
        # The web layer's entry point, end to end: encoding, ranking, reasons, suggestions.
        started = time.perf_counter()
        result = recommend(buyers, providers, k=args.k, vectors=vectors, block=args.block)
        seconds = time.perf_counter() - started
        suggestions = sum(map(len, result.for_buyers.values())) + sum(
            map(len, result.for_providers.values())
        )
        print(
            f"recommend() with reasons, {suggestions:,} suggestions: {seconds:.2f} s; "
            f"peak RSS {peak_rss_mb():.0f} MB"
        )


def bench_embedding(n_texts: int) -> None:
    sample = planted_sample(n_buyers=n_texts, n_providers=n_texts, seed=1)
    texts = [text for p in [*sample.buyers, *sample.providers] for text in p.text_values()]
    texts = texts[:n_texts]
    languages = sorted({tag for p in sample.providers for tag, _ in p.texts})
    started = time.perf_counter()
    encoder = Usem3Encoder()
    encoder.encode(["warm-up"])
    print(f"model load: {time.perf_counter() - started:.2f} s")
    # The encoder itself, bypassing the cache: the sample repeats catalogue sentences,
    # which the cache would otherwise serve for free.
    started = time.perf_counter()
    encoder.encode(texts)
    seconds = time.perf_counter() - started
    mean_chars = sum(map(len, texts)) / len(texts)
    print(
        f"embedding {len(texts)} texts ({'/'.join(languages)}, mean {mean_chars:.0f} chars): "
        f"{seconds:.2f} s = {len(texts) / seconds:,.0f} texts/s"
    )
    cache = InMemoryEmbeddingCache()
    embed_texts(texts, encoder, cache)
    started = time.perf_counter()
    embed_texts(texts, encoder, cache)
    print(f"same texts again through the cache: {time.perf_counter() - started:.3f} s")
    print(f"peak RSS after embedding: {peak_rss_mb():.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=10_000)
    parser.add_argument("--providers", type=int, default=10_000)
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--block", type=int, default=2048)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--explain", action="store_true", help="also time all the reasons")
    parser.add_argument("--embed-texts", type=int, default=2000)
    args = parser.parse_args()
    bench_matching(args)
    if args.embed_texts:
        bench_embedding(args.embed_texts)


if __name__ == "__main__":
    main()
