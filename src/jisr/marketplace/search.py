"""The folded search document of a listing, shared by services and tests."""

from __future__ import annotations

from collections.abc import Iterable

from jisr.core.text import fold


def build_listing_document(
    *,
    title: str,
    body: str,
    partner_role: str,
    organization_name: str,
    service_lines: Iterable[tuple[str, str, str]],
) -> str:
    """Everything a reader may type to find a listing; service lines in all languages, so
    a French query finds an English listing tagged with the same line."""
    parts: list[str] = [title, body, partner_role, organization_name]
    for names in service_lines:
        parts.extend(names)
    return fold(" ".join(part for part in parts if part))
