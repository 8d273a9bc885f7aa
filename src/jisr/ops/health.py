"""``/healthz`` (the process answers) and ``/readyz`` (it can serve: the database answers
and every migration is applied), for the proxy and the orchestrator."""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("jisr.health")
# Once every migration is applied it stays so for this process's code: checked once.
_migrated = False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def unapplied_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return [f"{m.app_label}.{m.name}" for m, _backwards in executor.migration_plan(targets)]


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    global _migrated
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = [] if _migrated else unapplied_migrations()
    except DatabaseError:
        # The error names hosts, users and versions: for the logs, not for whoever asks.
        logger.exception("readyz: the database does not answer")
        return JsonResponse(
            {"status": "unavailable", "database": "unreachable", "detail": "not ready: database"},
            status=503,
        )
    if pending:
        # Migration names are in the public code; they tell the operator what to run.
        return JsonResponse(
            {"status": "unavailable", "database": "ok", "unapplied_migrations": pending},
            status=503,
        )
    _migrated = True
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "applied"})
