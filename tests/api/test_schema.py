"""The OpenAPI document is the contract: any change to it shows up in review as a diff of
the committed snapshot. After an intended change, regenerate the snapshot with

    JISR_UPDATE_SNAPSHOT=1 .venv/bin/pytest tests/api/test_schema.py

and commit it with the change (docs/api.md says which changes v1 allows).
"""

import json
import os
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")


def _dump(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_openapi_schema_matches_the_committed_snapshot(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    live = _dump(response.json())

    if os.environ.get("JISR_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(live, encoding="utf-8")

    assert SNAPSHOT.exists(), "No snapshot yet: run with JISR_UPDATE_SNAPSHOT=1 once."
    assert live == SNAPSHOT.read_text(encoding="utf-8"), (
        "The API schema changed. If intended (and allowed by docs/api.md), regenerate the "
        "snapshot: JISR_UPDATE_SNAPSHOT=1 .venv/bin/pytest tests/api/test_schema.py"
    )


def test_openapi_schema_documents_bearer_auth_and_every_v1_path(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert set(schema["paths"]) == {
        "/api/v1/health",
        "/api/v1/missions",
        "/api/v1/missions/{slug}",
        "/api/v1/missions/{slug}/programme",
        "/api/v1/missions/{slug}/organizations",
        "/api/v1/missions/{slug}/organizations/{organization_id}",
        "/api/v1/missions/{slug}/participants",
        "/api/v1/missions/{slug}/meeting-requests",
        "/api/v1/missions/{slug}/meeting-requests/{request_id}/accept",
        "/api/v1/missions/{slug}/meeting-requests/{request_id}/decline",
        "/api/v1/missions/{slug}/meeting-requests/{request_id}/cancel",
        "/api/v1/missions/{slug}/listings",
        "/api/v1/missions/{slug}/listings/{listing_id}",
        "/api/v1/missions/{slug}/listings/{listing_id}/close",
        "/api/v1/missions/{slug}/schedule",
        "/api/v1/missions/{slug}/agenda",
        "/api/v1/missions/{slug}/people/{person_id}/agenda",
        "/api/v1/missions/{slug}/meetings/{meeting_uuid}/attendance",
        "/api/v1/missions/{slug}/meetings/{meeting_uuid}/feedback",
        "/api/v1/missions/{slug}/partnerships",
        "/api/v1/missions/{slug}/partnerships/{relationship_id}/stage",
        "/api/v1/missions/{slug}/partnerships/{relationship_id}/stage/{change_id}/answer",
        "/api/v1/missions/{slug}/availability",
        "/api/v1/missions/{slug}/attendance",
        "/api/v1/missions/{slug}/meeting-requests/{request_id}/messages",
        "/api/v1/missions/{slug}/meeting-requests/{request_id}/messages/read",
        "/api/v1/missions/{slug}/messages/{message_id}/report",
        "/api/v1/missions/{slug}/check-ins",
        "/api/v1/missions/{slug}/badge",
        "/api/v1/missions/{slug}/agenda/feed",
        "/api/v1/missions/{slug}/stories",
        "/api/v1/missions/{slug}/invitations",
        "/api/v1/missions/{slug}/meeting-policy",
    }
    create = schema["paths"]["/api/v1/missions/{slug}/meeting-requests"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in create["parameters"]]
    assert set(create["responses"]) >= {"201", "401", "404", "409", "422"}
    for path in ("meeting-requests/{request_id}/messages", "check-ins", "invitations"):
        post = schema["paths"][f"/api/v1/missions/{{slug}}/{path}"]["post"]
        assert "Idempotency-Key" in [p["name"] for p in post["parameters"]]


def test_interactive_docs_are_served(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert b"openapi.json" in response.content
