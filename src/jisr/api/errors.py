"""Every error the API answers with, mapped in one place.

Body: ``{"detail": human message, "code": stable machine code}``; validation errors add
``errors`` (one per field, with its path), domain errors about one field add ``field``.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from jisr.core.errors import DomainError

# Codes for the base classes; subclasses get their class name in snake case.
BASE_CODES = {"DomainError": "invalid", "NotFound": "not_found", "PermissionDenied": "forbidden"}
HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "validation_error",
    429: "throttled",
}


class TokenExpired(AuthenticationError):
    """The token was valid once; its owner must make a new one."""


class InsufficientScope(Exception):
    """A write with a token that may only read."""


class FieldError(Schema):
    loc: list[str | int]
    message: str
    type: str


class ErrorOut(Schema):
    detail: str
    code: str
    field: str | None = None
    errors: list[FieldError] | None = None


def responses(*codes: int) -> dict[int, type[ErrorOut]]:
    """The documented error answers of an operation, e.g. ``{**ok, **responses(401, 404)}``."""
    return dict.fromkeys(codes, ErrorOut)


def error_code(error: DomainError) -> str:
    name = type(error).__name__
    return BASE_CODES.get(name) or re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def install(api: NinjaAPI) -> None:
    """Register the handlers on ``api``; ninja's default for anything else (500) stays."""

    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(
            request, {k: v for k, v in body.items() if v is not None}, status=status
        )

    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
        return respond(
            request,
            {"detail": str(error.message), "code": error_code(error), "field": error.field},
            error.status_code,
        )

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
        errors = [
            {
                "loc": [
                    str(part) if not isinstance(part, int) else part for part in e.get("loc", ())
                ],
                "message": str(e.get("msg", "Invalid value.")),
                "type": str(e.get("type", "value_error")),
            }
            for e in error.errors
        ]
        return respond(
            request,
            {"detail": "The request is not valid.", "code": "validation_error", "errors": errors},
            422,
        )

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
        response = respond(
            request,
            {
                "detail": "Send a valid API token: 'Authorization: Bearer <token>'.",
                "code": "not_authenticated",
            },
            401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="jisr"'
        return response

    @api.exception_handler(TokenExpired)
    def token_expired(request: HttpRequest, error: TokenExpired) -> HttpResponse:
        response = respond(
            request,
            {
                "detail": "This API token has expired. Create a new one on your API tokens page.",
                "code": "token_expired",
            },
            401,
        )
        response["WWW-Authenticate"] = (
            'Bearer realm="jisr", error="invalid_token", error_description="The token expired"'
        )
        return response

    @api.exception_handler(InsufficientScope)
    def insufficient_scope(request: HttpRequest, error: InsufficientScope) -> HttpResponse:
        response = respond(
            request,
            {
                "detail": "This API token may only read. Use a token with the write scope "
                "to change data.",
                "code": "insufficient_scope",
            },
            403,
        )
        response["WWW-Authenticate"] = 'Bearer realm="jisr", error="insufficient_scope"'
        return response

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
        wait = max(1, int(error.wait or 60))
        response = respond(
            request,
            {
                "detail": f"Too many requests. Retry after {wait} seconds.",
                "code": "throttled",
            },
            429,
        )
        response["Retry-After"] = str(wait)
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        code = HTTP_CODES.get(error.status_code, "error")
        return respond(request, {"detail": str(error), "code": code}, error.status_code)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
        return respond(request, {"detail": "Not found.", "code": "not_found"}, 404)
