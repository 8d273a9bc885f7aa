"""API v1. Compatibility policy: additive changes only; removals need v2."""

from ninja import NinjaAPI

api = NinjaAPI(title="Jisr API", version="1", urls_namespace="api-v1")


@api.get("/health", summary="Liveness probe", tags=["meta"])
def health(request) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"status": "ok"}
