"""Typed errors of the scheduling engine."""

from __future__ import annotations


class SchedulingError(Exception):
    """Base class of every error raised by ``jisr.engine.scheduling``."""


class InstanceError(SchedulingError):
    """Malformed or inconsistent input; ``field`` (and ``line`` when known) locate it."""

    def __init__(self, message: str, *, field: str, line: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.line = line
