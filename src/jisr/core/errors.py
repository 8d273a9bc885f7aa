"""Typed domain errors with translatable messages; the web and API layers map them."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """Base of every error a user can cause; ``message`` is translatable."""

    status_code = 400

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class NotFound(DomainError):
    status_code = 404


class PermissionDenied(DomainError):
    status_code = 403
