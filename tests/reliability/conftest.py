"""Helpers for the tests that race real threads against the database."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection, connections

# Enough threads to make a race likely on two shared cores, few enough to stay quick.
WORKERS = 8

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real concurrent writers need PostgreSQL: SQLite serializes every write "
    "(make test runs this on a throwaway PostgreSQL)",
)

# A worker process must reach the test database: the SQLite one lives in memory.
postgres_worker = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a separate db_worker process needs a shared database; the SQLite test "
    "database is in memory (make test runs this on a throwaway PostgreSQL)",
)


@dataclass
class Race:
    results: list[Any] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)

    @property
    def operations(self) -> int:
        return len(self.results) + len(self.errors)


def race(*calls: Callable[[], Any]) -> Race:
    """Run ``calls`` at the same instant, one thread and one connection each."""
    barrier = threading.Barrier(len(calls))
    outcome = Race()
    lock = threading.Lock()

    def body(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            value = call()
            with lock:
                outcome.results.append(value)
        except BaseException as error:  # collected and asserted on by the test
            with lock:
                outcome.errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=body, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(t.is_alive() for t in threads), "a racing thread hung"
    return outcome


FIGURES: list[str] = []


def report(
    name: str, *, operations: int, double_bookings: int, what: str = "double bookings"
) -> None:
    """Record the figures the issue asks for; printed at the end of the test session."""
    FIGURES.append(f"{name}: {operations} concurrent operations, {double_bookings} {what}")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.write_sep("-", "reliability figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
