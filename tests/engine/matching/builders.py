"""Small profile builders: every field has a neutral default, tests set what they check."""

from __future__ import annotations

from typing import Any

from jisr.engine.matching.profiles import Band, Profile


def buyer(profile_id: str, **fields: Any) -> Profile:
    defaults: dict[str, Any] = {
        "organization_id": f"org-{profile_id}",
        "side": "buyer",
        "country": "US",
        "timezone": "America/New_York",
    }
    return Profile(id=profile_id, **{**defaults, **fields})


def provider(profile_id: str, **fields: Any) -> Profile:
    defaults: dict[str, Any] = {
        "organization_id": f"org-{profile_id}",
        "side": "provider",
        "country": "MA",
        "timezone": "Africa/Casablanca",
    }
    return Profile(id=profile_id, **{**defaults, **fields})


def sets(*items: str) -> frozenset[str]:
    return frozenset(items)


__all__ = ["Band", "buyer", "provider", "sets"]
