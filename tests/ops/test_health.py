import json
import logging

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.migrations.recorder import MigrationRecorder

from jisr.ops import health
from jisr.ops.logs import JsonFormatter


def test_healthz_answers_ok_without_the_database(client):
    # No django_db mark: any query would raise.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ok_when_every_migration_is_applied(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "applied"}


@pytest.mark.django_db
def test_readyz_is_unavailable_when_a_migration_is_not_applied(client, monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)
    MigrationRecorder.Migration.objects.filter(app="ops").delete()

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["unapplied_migrations"] == ["ops.0001_worker_heartbeat_periodic_run"]


@pytest.mark.django_db
def test_readyz_hides_the_database_error_from_the_caller_and_logs_it(client, monkeypatch, caplog):
    # The database server is the outside boundary: it refuses as a real one would.
    secret = 'connection to server at "db.internal" (10.0.0.5), port 5432 failed: FATAL'

    def refuse(*args, **kwargs):
        raise OperationalError(secret + "\n  password authentication failed for user jisr")

    monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "cursor", refuse)

    with caplog.at_level(logging.ERROR, logger="jisr.health"):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unreachable",
        "detail": "not ready: database",
    }
    assert b"db.internal" not in response.content and b"jisr" not in response.content
    [record] = [r for r in caplog.records if r.name == "jisr.health"]
    assert "db.internal" in str(record.exc_info[1])


def test_request_id_from_the_proxy_is_returned_and_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="jisr.request"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")

    assert response["X-Request-ID"] == "abc-123"
    assert response["X-Served-By"].endswith(f":{__import__('os').getpid()}")
    [record] = [r for r in caplog.records if r.name == "jisr.request"]
    line = json.loads(JsonFormatter().format(record))
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert line["duration_ms"] >= 0


def test_request_id_is_made_when_missing_or_unsafe(client):
    first = client.get("/healthz")["X-Request-ID"]
    unsafe = client.get("/healthz", HTTP_X_REQUEST_ID="a b\nInjected: yes")["X-Request-ID"]

    assert len(first) == 32 and first.isalnum()
    assert len(unsafe) == 32 and unsafe != first


def test_log_lines_carry_the_request_id_of_the_request_being_served():
    from jisr.ops.logs import request_id_var

    token = request_id_var.set("req-7")
    try:
        record = logging.LogRecord(
            "jisr.x", logging.WARNING, __file__, 1, "hello %s", ("you",), None
        )
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)

    assert line["request_id"] == "req-7"
    assert line["message"] == "hello you"
    assert line["level"] == "WARNING"
