"""The folded search document of an organization, shared by services and queries."""

from __future__ import annotations

from collections.abc import Iterable

from jisr.core.text import fold


def build_search_document(
    *,
    name: str,
    city: str,
    country: str,
    descriptions: Iterable[str],
    service_lines: Iterable[tuple[str, str, str]],
    certifications: Iterable[tuple[str, str, str]],
    technologies: Iterable[str],
) -> str:
    """Everything a participant may type to find an organization, in every language."""
    parts: list[str] = [name, city, country, *descriptions, *technologies]
    for names in (*service_lines, *certifications):
        parts.extend(names)
    return fold(" ".join(part for part in parts if part))
