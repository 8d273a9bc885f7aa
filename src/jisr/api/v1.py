"""API v1. Compatibility policy (docs/api.md): additive changes only; removals need v2."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.operation import Operation

from jisr.api import (
    administration,
    availability,
    calendar,
    checkin,
    errors,
    listings,
    meetings,
    messaging,
    missions,
    organizations,
    outcomes,
    partnerships,
    schedules,
    stories,
)
from jisr.api.auth import TokenAuth


class JisrAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # The view's name alone, so moving a view to another module changes no contract.
        return str(operation.view_func.__name__)


api = JisrAPI(
    title="Jisr API",
    version="1",
    description="Trade missions of Jisr: missions, directory, programme and meeting "
    "requests. Authenticate with a personal token: `Authorization: Bearer <token>`, "
    "created on the API tokens page of your account (or `jisr api-token create EMAIL "
    "--name NAME`). A token has a scope (`read`: GET only; `write`) and an expiry: a "
    "write with a read token answers 403 `insufficient_scope`, an expired token 401 "
    "`token_expired`. Requests are rate-limited per token and per address: over the "
    "limit the API answers 429 `throttled` with a `Retry-After` header (seconds).",
    urls_namespace="api-v1",
    auth=TokenAuth(),
)
errors.install(api)


@api.get("/health", summary="Liveness probe", tags=["meta"], auth=None)
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


api.add_router("", missions.router)
api.add_router("", organizations.router)
api.add_router("", meetings.router)
api.add_router("", listings.router)
api.add_router("", schedules.router)
api.add_router("", outcomes.router)
api.add_router("", partnerships.router)
api.add_router("", availability.router)
api.add_router("", messaging.router)
api.add_router("", checkin.router)
api.add_router("", calendar.router)
api.add_router("", stories.router)
api.add_router("", administration.router)
