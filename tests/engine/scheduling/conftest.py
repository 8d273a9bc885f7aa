from __future__ import annotations

from pathlib import Path

import pytest

from jisr.engine.scheduling.benchdata import benchmark_dir


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = benchmark_dir()
    if not (path / "instances").is_dir():
        pytest.skip("shared B2B benchmark folder is not available")
    return path
