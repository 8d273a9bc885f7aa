"""The generated hard variants: reproducible from the shared set, readable, consistent."""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate_hard_scheduling import SPECS, Dzn, min_tables, read, variant, write

from jisr.engine.scheduling.formats.dzn import read_dzn

HARD = Path(__file__).resolve().parents[3] / "benchmarks" / "b2b-hard"


def test_generator_reproduces_committed_files_for_tic12(shared_dir: Path, tmp_path: Path) -> None:
    base = read(shared_dir / "instances" / "tic-12.original.dzn")
    for kind in SPECS:
        target = tmp_path / f"tic-12.{kind}.dzn"
        write(variant(base, "tic-12", kind, 9), target)
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
