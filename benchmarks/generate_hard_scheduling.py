"""Generate hard variants of the shared B2B benchmark (issue 9): scarce tables and more rules.

Usage: python benchmarks/generate_hard_scheduling.py [--seed 9] [--out benchmarks/b2b-hard]

From each distinct base of the 13 shared ``*.original.dzn`` files (copies that
differ only in ``nTables``, e.g. forum-13 and forum-13crafc, count once: 7 bases),
up to eleven variants, written in the same .dzn format (redundant fields recomputed).
The table count of a variant is ``limit + step`` (never above the original), where
``limit`` is the fewest tables the per-slot capacity allows: the smallest L with
|M| <= L*|T|, |M_AM| <= L*|T_AM| and |M_PM| <= L*|T_PM|.

* ``t0`` .. ``t3``: only the tables reduced (step 0..3);
* ``prec-t1``, ``prec-t2``: precedences between 10 % of the pairs of meetings that
  share a participant (oriented along a random total order, so never a cycle);
* ``forb-t1``, ``forb-t2``: 0.5 % random forbidden (participant, slot) pairs added;
* ``fixed-t2``: 10 % of the meetings fixed to a random slot allowed by the
  meeting's session and neither forbidden nor already fixed for one of its
  participants (as in JAIR 2022 §7.4);
* ``mix-t1``, ``mix-t2``: 5 % precedences, 0.3 % forbidden pairs and 10 % fixed.

A variant identical to its original (the table count already at the limit and no
other change) is skipped.

Everything is drawn from ``random.Random(f"{seed}:{base}:{kind}")``, so the files
depend only on the seed and the shared input, not on the order of generation.
The generator knows nothing about the solver: no file was chosen or edited after
solving.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from jisr.engine.scheduling.benchdata import benchmark_dir
from jisr.engine.scheduling.formats.dzn import parse_dzn


@dataclass
class Dzn:
    """The published fields, 1-based as in the files."""

    n_business: int
    n_tables: int
    n_slots: int
    n_morning: int
    requested: list[tuple[int, int, int]]
    forbidden: list[set[int]]
    fixed: list[int]
    precedences: list[set[int]] = field(default_factory=list)


def read(path: Path) -> Dzn:
    fields = {name: value for name, (value, _line) in parse_dzn(path.read_text()).items()}

    def integer(name: str) -> int:
        value = fields[name]
        assert isinstance(value, int)
        return value

    rows = fields["requested"]
    assert isinstance(rows, list)
    requested = []
    for row in rows:
        assert isinstance(row, list)
        first, second, session = (int(v) for v in row if isinstance(v, int))
        requested.append((first, second, session))

    def sets(name: str) -> list[set[int]]:
        value = fields[name]
        assert isinstance(value, list)
        return [{v for v in item if v > 0} for item in value if isinstance(item, frozenset)]

    fixed = fields["fixed"]
    assert isinstance(fixed, list)
    return Dzn(
        n_business=integer("nBusiness"),
        n_tables=integer("nTables"),
        n_slots=integer("nTotalSlots"),
        n_morning=integer("nMorningSlots"),
        requested=requested,
        forbidden=sets("forbidden"),
        fixed=[int(v) for v in fixed if isinstance(v, int)],
        precedences=sets("precedences"),
    )


def _set(values: set[int], *, placeholder: bool) -> str:
    items = sorted(values)
    if not items and placeholder:
        items = [0]
    return "{" + ",".join(str(v) for v in items) + "}"


def write(data: Dzn, path: Path) -> None:
    meetings_of: list[list[int]] = [[] for _ in range(data.n_business)]
    for m, (first, second, _session) in enumerate(data.requested):
        meetings_of[first - 1].append(m)
        meetings_of[second - 1].append(m)
    rows = "".join(f"|{a}, {b},{s}, \n" for a, b, s in data.requested)
    lines = [
        f"nBusiness = {data.n_business};",
        f"nMeetings = {len(data.requested)};",
        f"nTables = {data.n_tables};",
        f"nTotalSlots = {data.n_slots};",
        f"nMorningSlots = {data.n_morning};",
        "",
        f"requested = [{rows}|];",
        "meetingsxBusiness = ["
        + ",".join("{" + ",".join(["1", *(str(m + 2) for m in own)]) + "}" for own in meetings_of)
        + "];",
        "nMeetingsBusiness = [" + ",".join(str(len(own)) for own in meetings_of) + "];",
        "forbidden = [" + ",".join(_set(f, placeholder=True) for f in data.forbidden) + "];",
        "fixed = [" + ",".join(str(v) for v in data.fixed) + "];",
        "precedences = [" + ",".join(_set(p, placeholder=False) for p in data.precedences) + "];",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def min_tables(data: Dzn) -> int:
    """Fewest tables the per-slot capacity allows (sessions counted separately)."""
    total = len(data.requested)
    morning = sum(1 for _a, _b, s in data.requested if s == 1)
    afternoon = sum(1 for _a, _b, s in data.requested if s == 2)
    bound = math.ceil(total / data.n_slots)
    if morning:
        bound = max(bound, math.ceil(morning / max(1, data.n_morning)))
    if afternoon:
        bound = max(bound, math.ceil(afternoon / max(1, data.n_slots - data.n_morning)))
    return bound


def add_precedences(data: Dzn, rng: random.Random, density: float) -> None:
    order = list(range(len(data.requested)))
    rng.shuffle(order)
    rank = {m: i for i, m in enumerate(order)}
    meetings_of: list[list[int]] = [[] for _ in range(data.n_business)]
    for m, (first, second, _s) in enumerate(data.requested):
        meetings_of[first - 1].append(m)
        meetings_of[second - 1].append(m)
    pairs = sorted(
        {(min(a, b), max(a, b)) for own in meetings_of for a in own for b in own if a != b}
    )
    for a, b in pairs:
        if rng.random() < density:
            before, after = (a, b) if rank[a] < rank[b] else (b, a)
            data.precedences[after].add(before + 1)


def add_forbidden(data: Dzn, rng: random.Random, density: float) -> None:
    for p in range(data.n_business):
        for slot in range(1, data.n_slots + 1):
            if rng.random() < density:
                data.forbidden[p].add(slot)


def add_fixed(data: Dzn, rng: random.Random, share: float) -> None:
    taken: list[set[int]] = [set() for _ in range(data.n_business)]
    for m, slot in enumerate(data.fixed):
        if slot:
            first, second, _s = data.requested[m]
            taken[first - 1].add(slot)
            taken[second - 1].add(slot)
    for m in rng.sample(range(len(data.requested)), round(share * len(data.requested))):
        if data.fixed[m]:
            continue
        first, second, session = data.requested[m]
        allowed = [
            s
            for s in range(1, data.n_slots + 1)
            if (session == 3 or (session == 1) == (s <= data.n_morning))
            and all(s not in data.forbidden[p - 1] | taken[p - 1] for p in (first, second))
        ]
        if allowed:
            slot = rng.choice(allowed)
            data.fixed[m] = slot
            taken[first - 1].add(slot)
            taken[second - 1].add(slot)


# kind -> (tables above the limit, precedence density, forbidden density, fixed share)
SPECS: dict[str, tuple[int, float, float, float]] = {
    "t0": (0, 0.0, 0.0, 0.0),
    "t1": (1, 0.0, 0.0, 0.0),
    "t2": (2, 0.0, 0.0, 0.0),
    "t3": (3, 0.0, 0.0, 0.0),
    "prec-t1": (1, 0.10, 0.0, 0.0),
    "prec-t2": (2, 0.10, 0.0, 0.0),
    "forb-t1": (1, 0.0, 0.005, 0.0),
    "forb-t2": (2, 0.0, 0.005, 0.0),
    "fixed-t2": (2, 0.0, 0.0, 0.10),
    "mix-t1": (1, 0.05, 0.003, 0.10),
    "mix-t2": (2, 0.05, 0.003, 0.10),
}


def variant(base: Dzn, name: str, kind: str, seed: int) -> Dzn:
    rng = random.Random(f"{seed}:{name}:{kind}")
    step, precedence, forbidden, fixed = SPECS[kind]
    data = Dzn(
        n_business=base.n_business,
        n_tables=min(base.n_tables, min_tables(base) + step),
        n_slots=base.n_slots,
        n_morning=base.n_morning,
        requested=list(base.requested),
        forbidden=[set(f) for f in base.forbidden],
        fixed=list(base.fixed),
        precedences=[set(p) for p in base.precedences],
    )
    if precedence:
        add_precedences(data, rng, precedence)
    if forbidden:
        add_forbidden(data, rng, forbidden)
    if fixed:
        add_fixed(data, rng, fixed)
    return data


def _content(data: Dzn) -> tuple[object, ...]:
    """Everything but the table count: copies that differ only there share a base."""
    return (
        data.n_business,
        data.n_slots,
        data.n_morning,
        tuple(data.requested),
        tuple(frozenset(f) for f in data.forbidden),
        tuple(data.fixed),
        tuple(frozenset(p) for p in data.precedences),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "b2b-hard")
    args = parser.parse_args()
    sources = sorted((benchmark_dir() / "instances").glob("*.original.dzn"))
    if not sources:
        print(f"no benchmark files under {benchmark_dir()}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    seen: set[tuple[object, ...]] = set()
    for source in sources:
        base = read(source)
        if _content(base) in seen:  # e.g. forum-13crafc = forum-13 with fewer tables
            continue
        seen.add(_content(base))
        name = source.name.removesuffix(".original.dzn")
        for kind in SPECS:
            data = variant(base, name, kind, args.seed)
            if data.n_tables == base.n_tables and SPECS[kind][1:] == (0.0, 0.0, 0.0):
                continue  # the original itself: already in the shared set
            target = args.out / f"{name}.{kind}.dzn"
            write(data, target)
            written.append(target.name)
            print(f"{target.name:32} tables {data.n_tables:3} (original {base.n_tables})")
    print(f"{len(written)} files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
