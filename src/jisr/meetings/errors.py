"""Typed errors of meeting requests; each carries a message for the person who caused it."""

from __future__ import annotations

from jisr.core.errors import DomainError


class InvalidTransition(DomainError):
    """The request is not in a state that allows this action (e.g. accepting a declined one)."""

    status_code = 409


class NotAllowedPair(DomainError):
    """The mission's rules do not let these two people meet, or request at all now."""


class DuplicateRequest(DomainError):
    """An open request already exists between the same two people."""

    status_code = 409


class QuotaExceeded(DomainError):
    """Someone has reached the number of requests or meetings the organizers allow."""
