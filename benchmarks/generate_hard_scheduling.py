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
* ``forb-t1``, ``forb-t2``: 0.5 % of the (participant, slot) pairs made forbidden;
* ``fixed-t2``: 10 % of the meetings fixed to a random slot allowed by the
  meeting's session and neither forbidden nor already fixed for one of its
  participants (as in JAIR 2022 §7.4);
* ``mix-t1``, ``mix-t2``: 5 % precedences, 0.3 % forbidden pairs and 10 % fixed
  (added in that order).

The percentages are target counts, rounded. Each added rule (a precedence, a
forbidden pair, a fixed meeting) is a candidate drawn in random order and kept only
if the engine's preprocessing (``compute_domains`` on the instance read back from
the text that would be written) still finds no conflict; a rejected candidate is
skipped and the next one tried, until the target is reached or the candidates run
out (then the file has fewer rules; the script prints per file how many were added
and rejected). So no file is infeasible by preprocessing alone; a file can still be
infeasible for a solver. To stay fast, candidates are added in chunks and a failing
chunk is bisected to its first failing candidate; preprocessing only shrinks domains
as rules are added, so this keeps exactly the candidates the one-at-a-time test keeps.

A variant identical to its original (the table count already at the limit and no
other change) is skipped.

Everything is drawn from ``random.Random(f"{seed}:{base}:{kind}")``, so the files
depend only on the seed and the shared input, not on the order of generation.
The generator knows nothing about the solver: no file was chosen or edited after
solving; only the preprocessing above is consulted.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from jisr.engine.scheduling.benchdata import benchmark_dir
from jisr.engine.scheduling.formats.dzn import instance_from_dzn, parse_dzn
from jisr.engine.scheduling.preprocess import compute_domains

Candidate = TypeVar("Candidate")
# Candidates tested together before bisecting; 1 = strictly one at a time.
CHUNK = 16


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


def copy(data: Dzn) -> Dzn:
    return Dzn(
        n_business=data.n_business,
        n_tables=data.n_tables,
        n_slots=data.n_slots,
        n_morning=data.n_morning,
        requested=list(data.requested),
        forbidden=[set(f) for f in data.forbidden],
        fixed=list(data.fixed),
        precedences=[set(p) for p in data.precedences],
    )


def write(data: Dzn, path: Path) -> None:
    path.write_text(render(data), encoding="utf-8")


def render(data: Dzn) -> str:
    """The .dzn text of ``data``, with the redundant fields recomputed."""
    meetings_of = _meetings_of(data)
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
    return "\n".join(lines) + "\n"


def passes_preprocessing(data: Dzn) -> bool:
    """No conflict in the engine's preprocessing of the text that would be written."""
    return not compute_domains(instance_from_dzn(render(data))).conflicts


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


@dataclass(frozen=True)
class Tally:
    """How one kind of rule went for one file: kept, aimed at, refused by preprocessing."""

    rule: str
    added: int
    target: int
    rejected: int

    def __str__(self) -> str:
        return f"{self.rule} {self.added}/{self.target} ({self.rejected} rejected)"


def add_checked(
    data: Dzn,
    candidates: Sequence[Candidate],
    target: int,
    apply: Callable[[Dzn, Candidate], bool],
    *,
    rule: str,
    chunk: int = CHUNK,
) -> tuple[Dzn, Tally]:
    """Add candidates in order while preprocessing passes, skipping the ones that fail.

    ``apply`` adds one candidate's rule to ``data`` in place, or returns False when the
    candidate does not apply there (nothing changed, not counted). ``data`` must pass
    preprocessing. A chunk that fails is bisected to its first failing candidate: the
    ones before it are kept, it is rejected and the search resumes right after it.
    """
    added = rejected = 0
    position = 0
    while added < target and position < len(candidates):
        trial = copy(data)
        taken: list[int] = []  # positions of the candidates applied to ``trial``
        while len(taken) < min(chunk, target - added) and position < len(candidates):
            if apply(trial, candidates[position]):
                taken.append(position)
            position += 1
        if not taken:
            break
        if passes_preprocessing(trial):
            data, added = trial, added + len(taken)
            continue
        good, bad, good_state = 0, len(taken), data
        while bad - good > 1:
            middle = (good + bad) // 2
            state = copy(data)
            for index in taken[:middle]:
                applied = apply(state, candidates[index])
                assert applied, "apply must depend only on the state"
            if passes_preprocessing(state):
                good, good_state = middle, state
            else:
                bad = middle
        data, added, rejected = good_state, added + good, rejected + 1
        position = taken[bad - 1] + 1
    return data, Tally(rule, added, target, rejected)


def _meetings_of(data: Dzn) -> list[list[int]]:
    meetings_of: list[list[int]] = [[] for _ in range(data.n_business)]
    for m, (first, second, _s) in enumerate(data.requested):
        meetings_of[first - 1].append(m)
        meetings_of[second - 1].append(m)
    return meetings_of


def add_precedences(
    data: Dzn, rng: random.Random, density: float, *, chunk: int = CHUNK
) -> tuple[Dzn, Tally]:
    order = list(range(len(data.requested)))
    rng.shuffle(order)
    rank = {m: i for i, m in enumerate(order)}
    pairs = sorted(
        {(min(a, b), max(a, b)) for own in _meetings_of(data) for a in own for b in own if a != b}
    )
    rng.shuffle(pairs)
    # Oriented along one random total order: the precedences never form a cycle.
    candidates = [(a, b) if rank[a] < rank[b] else (b, a) for a, b in pairs]

    def apply(state: Dzn, pair: tuple[int, int]) -> bool:
        before, after = pair
        if before + 1 in state.precedences[after]:
            return False
        state.precedences[after].add(before + 1)
        return True

    target = round(density * len(pairs))
    return add_checked(data, candidates, target, apply, rule="precedences", chunk=chunk)


def add_forbidden(
    data: Dzn, rng: random.Random, density: float, *, chunk: int = CHUNK
) -> tuple[Dzn, Tally]:
    cells = [
        (p, slot)
        for p in range(data.n_business)
        for slot in range(1, data.n_slots + 1)
        if slot not in data.forbidden[p]
    ]
    rng.shuffle(cells)

    def apply(state: Dzn, cell: tuple[int, int]) -> bool:
        p, slot = cell
        state.forbidden[p].add(slot)
        return True

    target = round(density * data.n_business * data.n_slots)
    return add_checked(data, cells, target, apply, rule="forbidden", chunk=chunk)


def add_fixed(
    data: Dzn, rng: random.Random, share: float, *, chunk: int = CHUNK
) -> tuple[Dzn, Tally]:
    meetings = [m for m in range(len(data.requested)) if not data.fixed[m]]
    rng.shuffle(meetings)
    # One draw per candidate, made now, so a meeting's slot depends only on the
    # rules kept before it, not on how the candidates were batched.
    candidates = [(m, rng.random()) for m in meetings]
    meetings_of = _meetings_of(data)

    def apply(state: Dzn, candidate: tuple[int, float]) -> bool:
        m, draw = candidate
        first, second, session = state.requested[m]
        blocked = set().union(
            *(
                state.forbidden[p - 1] | {state.fixed[x] for x in meetings_of[p - 1]}
                for p in (first, second)
            )
        )
        allowed = [
            s
            for s in range(1, state.n_slots + 1)
            if (session == 3 or (session == 1) == (s <= state.n_morning)) and s not in blocked
        ]
        if not allowed:
            return False
        state.fixed[m] = allowed[int(draw * len(allowed))]
        return True

    target = round(share * len(data.requested))
    return add_checked(data, candidates, target, apply, rule="fixed", chunk=chunk)


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


@dataclass
class Variant:
    data: Dzn
    tallies: list[Tally]


def variant(base: Dzn, name: str, kind: str, seed: int, *, chunk: int = CHUNK) -> Variant:
    rng = random.Random(f"{seed}:{name}:{kind}")
    step, precedence, forbidden, fixed = SPECS[kind]
    data = copy(base)
    data.n_tables = min(base.n_tables, min_tables(base) + step)
    tallies: list[Tally] = []
    if not (precedence or forbidden or fixed):
        return Variant(data, tallies)
    if not passes_preprocessing(data):
        raise ValueError(f"{name}.{kind}: fails preprocessing before any rule is added")
    if precedence:
        data, tally = add_precedences(data, rng, precedence, chunk=chunk)
        tallies.append(tally)
    if forbidden:
        data, tally = add_forbidden(data, rng, forbidden, chunk=chunk)
        tallies.append(tally)
    if fixed:
        data, tally = add_fixed(data, rng, fixed, chunk=chunk)
        tallies.append(tally)
    return Variant(data, tallies)


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
            made = variant(base, name, kind, args.seed)
            data = made.data
            if data.n_tables == base.n_tables and SPECS[kind][1:] == (0.0, 0.0, 0.0):
                continue  # the original itself: already in the shared set
            target = args.out / f"{name}.{kind}.dzn"
            write(data, target)
            written.append(target.name)
            rules = "".join(f", {tally}" for tally in made.tallies)
            print(f"{target.name:32} tables {data.n_tables:3} (original {base.n_tables}){rules}")
    print(f"{len(written)} files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
