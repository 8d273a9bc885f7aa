"""A few shared benchmark files that solve in about a second, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jisr.engine.scheduling.cli import main
from jisr.engine.scheduling.formats.dzn import read_dzn
from jisr.engine.scheduling.solver import solve
from jisr.engine.scheduling.validate import evaluate


def test_portfolio_proves_tic12_original_optimum(shared_dir: Path) -> None:
    instance = read_dzn(shared_dir / "instances" / "tic-12.original.dzn")

    result = solve(instance, time_limit=30, workers=2)

    assert (result.status, result.objective, result.bound) == ("OPTIMAL", 0, 0)
    assert result.schedule is not None
    assert evaluate(instance, result.schedule).ok


def test_sat_search_proves_tic12_fixed_variant_optimum(shared_dir: Path) -> None:
    instance = read_dzn(shared_dir / "instances" / "tic-12.fixed020-Forb.dzn")

    result = solve(instance, time_limit=30, workers=1, engine="sat_search")

    assert (result.status, result.objective, result.bound) == ("OPTIMAL", 1, 1)
    assert result.schedule is not None
    assert evaluate(instance, result.schedule).total_breaks == 1


def test_preprocessing_proves_forum13_prec25_infeasible(shared_dir: Path) -> None:
    instance = read_dzn(shared_dir / "instances" / "forum-13.prec25.dzn")

    result = solve(instance, time_limit=30, workers=1)

    assert result.status == "INFEASIBLE"
    assert result.engine == "preprocess"
    assert "precedences" in result.conflicts[0].rules


def test_cli_solve_prints_one_json_object(
    shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["solve", str(shared_dir / "instances" / "tic-12.original.dzn"), "--time-limit", "30"]
    )

    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert payload["instance"] == "tic-12.original.dzn"
    assert payload["status"] == "OPTIMAL"
    assert payload["objective"] == 0
    assert len(payload["slots"]) == 125
    assert min(payload["slots"]) == 1


def test_cli_solve_malformed_file_names_field_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.dzn"
    broken.write_text("nBusiness = 3;\nnMeetings = x;\n", encoding="utf-8")

    code = main(["solve", str(broken)])

    error = capsys.readouterr().err
    assert code == 2
    assert "line 2" in error
    assert "nMeetings" in error


def test_cli_bench_writes_csv_with_published_value(
    shared_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "bench.csv"

    code = main(
        ["bench", str(shared_dir / "instances" / "tic-12.forb0003.dzn"), "--csv", str(target)]
    )

    out = capsys.readouterr().out
    assert code == 0
    assert "INFEASIBLE" in out
    rows = target.read_text(encoding="utf-8").splitlines()
    assert rows[1].startswith("tic-12.forb0003.dzn,INFEASIBLE,,,infeasible,")
