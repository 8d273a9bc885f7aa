"""The generated hard variants: reproducible from the shared set, readable, consistent,
and never infeasible by the engine's preprocessing alone."""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate_hard_scheduling import (
    SPECS,
    Dzn,
    add_checked,
    min_tables,
    passes_preprocessing,
    read,
    render,
    variant,
    write,
)

from jisr.engine.scheduling.formats.dzn import read_dzn
from jisr.engine.scheduling.preprocess import compute_domains

HARD = Path(__file__).resolve().parents[3] / "benchmarks" / "b2b-hard"


def test_generator_reproduces_committed_files_for_tic12(shared_dir: Path, tmp_path: Path) -> None:
    base = read(shared_dir / "instances" / "tic-12.original.dzn")
    for kind in SPECS:
        target = tmp_path / f"tic-12.{kind}.dzn"
        write(variant(base, "tic-12", kind, 9).data, target)
        committed = HARD / target.name
        assert target.read_text() == committed.read_text(), kind


def test_hard_files_parse_with_tables_within_their_step_of_the_limit() -> None:
    files = sorted(HARD.glob("*.dzn"))
    assert len(files) == 69
    for path in files:
        instance = read_dzn(path)
        n_morning = sum(1 for slot in instance.slots if slot.session == "morning")
        data = Dzn(
            n_business=len(instance.participants),
            n_tables=len(instance.tables),
            n_slots=instance.n_slots,
            n_morning=n_morning,
            requested=[
                (m.first + 1, m.second + 1, {"morning": 1, "afternoon": 2, "any": 3}[m.session])
                for m in instance.meetings
            ],
            forbidden=[set(p.unavailable) for p in instance.participants],
            fixed=[0 if m.fixed_slot is None else m.fixed_slot + 1 for m in instance.meetings],
        )
        step = SPECS[path.name.split(".")[1]][0]
        assert min_tables(data) <= len(instance.tables) <= min_tables(data) + step, path.name


def test_hard_files_pass_preprocessing_without_conflict() -> None:
    # The added rules never make a file trivially infeasible. Two table-only files
    # at the counting limit are infeasible for a deeper reason, which preprocessing
    # proves: their participants cannot move enough meetings out of the morning.
    files = sorted(HARD.glob("*.dzn"))
    assert len(files) == 69
    conflicts = {path.name: compute_domains(read_dzn(path)).conflicts for path in files}
    assert {
        name: [conflict.code for conflict in found] for name, found in conflicts.items() if found
    } == {
        "forum-13.t0.dzn": ["window_overbooked"],
        "ticf-13crafa.t0.dzn": ["window_overbooked"],
    }


def _two_slot_event() -> Dzn:
    # Participant 1 meets 2 and 3 in a 2-slot day: every slot of 1 is needed.
    return Dzn(
        n_business=3,
        n_tables=2,
        n_slots=2,
        n_morning=2,
        requested=[(1, 2, 3), (1, 3, 3)],
        forbidden=[set(), set(), set()],
        fixed=[0, 0],
        precedences=[set(), set()],
    )


def _forbid(state: Dzn, cell: tuple[int, int]) -> bool:
    state.forbidden[cell[0]].add(cell[1])
    return True


def test_add_checked_keeps_a_rule_that_preprocessing_accepts() -> None:
    data, tally = add_checked(_two_slot_event(), [(1, 2)], 1, _forbid, rule="forbidden")

    assert data.forbidden == [set(), {2}, set()]
    assert (tally.added, tally.target, tally.rejected) == (1, 1, 0)


def test_add_checked_skips_a_rule_that_makes_preprocessing_fail() -> None:
    # Forbidding a slot of participant 1 leaves two meetings for one slot.
    candidates = [(0, 1), (1, 1), (0, 2), (2, 2)]

    data, tally = add_checked(_two_slot_event(), candidates, 2, _forbid, rule="forbidden")

    assert data.forbidden == [set(), {1}, {2}]
    assert (tally.added, tally.target, tally.rejected) == (2, 2, 2)  # both slots of 1
    assert passes_preprocessing(data)
    assert not passes_preprocessing(Dzn(**{**vars(data), "forbidden": [{1}, set(), set()]}))


def test_add_checked_stops_when_candidates_run_out() -> None:
    data, tally = add_checked(_two_slot_event(), [(0, 1), (0, 2)], 1, _forbid, rule="forbidden")

    assert data.forbidden == [set(), set(), set()]
    assert (tally.added, tally.target, tally.rejected) == (0, 1, 2)


def test_chunked_generation_keeps_what_one_at_a_time_keeps(shared_dir: Path) -> None:
    base = read(shared_dir / "instances" / "tic-12.original.dzn")

    chunked = variant(base, "tic-12", "mix-t1", 9)
    single = variant(base, "tic-12", "mix-t1", 9, chunk=1)

    assert any(tally.rejected for tally in chunked.tallies)  # bisection was exercised
    assert chunked.tallies == single.tallies
    assert render(chunked.data) == render(single.data)
    assert passes_preprocessing(chunked.data)
