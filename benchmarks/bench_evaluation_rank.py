"""Time ranking a buyer's scorecard over many providers with each method.

Run: .venv/bin/python benchmarks/bench_evaluation_rank.py
"""

from __future__ import annotations

import random
import time

from jisr.engine.evaluation import scorecard as sc


def main() -> None:
    rng = random.Random(7)
    criteria = sc.DEFAULT_CRITERIA
    weights = sc.equal_weights(criteria)
    for size in (300, 3000):
        candidates = [
            sc.Candidate(
                id=str(i),
                name=f"Provider {i}",
                values={c.key: rng.uniform(1, 5) for c in criteria},
            )
            for i in range(size)
        ]
        for method in ("weighted_sum", "topsis", "promethee_ii"):
            start = time.perf_counter()
            ranking = sc.rank(candidates, criteria, weights, method)
            seconds = time.perf_counter() - start
            print(
                f"{method:13s} {size:5d} providers: {seconds:.3f} s ({len(ranking.entries)} ranked)"
            )


if __name__ == "__main__":
    main()
