"""Input model of the matching engine: plain frozen dataclasses, no Django.

The web layer builds these from the database; benchmarks and tests build them directly.
A buyer's sets describe what it *needs*; a provider's sets describe what it *offers*.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Side = Literal["buyer", "provider"]


@dataclass(frozen=True)
class Band:
    """A money range in one unit shared by both sides (e.g. USD per person-day).

    Converting currencies is the caller's job: the engine compares numbers only.
    """

    low: float
    high: float

    def __post_init__(self) -> None:
        if not (0 <= self.low <= self.high):
            raise ValueError(f"band needs 0 <= low <= high, got ({self.low}, {self.high})")


@dataclass(frozen=True)
class Profile:
    """One participant of a mission, on one side of the market.

    - ``service_lines``, ``technologies``, ``certifications``: for a buyer, what it needs;
      for a provider, what it offers. Compare them as opaque identifiers (taxonomy slugs).
    - ``languages``: working languages (BCP 47 tags such as ``"en"``, ``"fr"``, ``"ar"``).
    - ``timezone``: IANA name, e.g. ``"Africa/Casablanca"``.
    - ``headcount``: a provider's delivery staff; ignored for buyers.
    - ``team_size``: the team a buyer wants staffed; ignored for providers.
    - ``band``: a buyer's budget or a provider's rate band, in the same unit.
    - ``texts``: ``(language_tag, text)`` pairs: description, offers, requests.
    """

    id: str
    organization_id: str
    side: Side
    country: str
    timezone: str
    service_lines: frozenset[str] = frozenset()
    technologies: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    certifications: frozenset[str] = frozenset()
    headcount: int | None = None
    team_size: int | None = None
    band: Band | None = None
    texts: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.side not in ("buyer", "provider"):
            raise ValueError(f"profile {self.id!r}: side must be 'buyer' or 'provider'")
        for name in ("headcount", "team_size"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"profile {self.id!r}: {name} must be >= 0")

    def text_values(self) -> tuple[str, ...]:
        """The non-blank texts, whitespace-collapsed, in their given order."""
        cleaned = (" ".join(text.split()) for _, text in self.texts)
        return tuple(text for text in cleaned if text)


class MarkKind(enum.StrEnum):
    MUST_MEET = "must_meet"
    WOULD_LIKE = "would_like"
    NOT_INTERESTED = "not_interested"


@dataclass(frozen=True)
class Mark:
    """``by`` (a profile id) marked ``target`` (a profile on the other side)."""

    by: str
    target: str
    kind: MarkKind


def _pair_set(pairs: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    return frozenset(pairs)


@dataclass(frozen=True)
class Exclusions:
    """Pairs never suggested, as ``(buyer_id, provider_id)``.

    ``met``: pairs that already met (this mission or an earlier one).
    ``declined``: pairs where one side declined a meeting request.
    Pairs from the same organization are always excluded; they need no entry here.
    """

    met: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    declined: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls,
        *,
        met: Iterable[tuple[str, str]] = (),
        declined: Iterable[tuple[str, str]] = (),
    ) -> Exclusions:
        return cls(met=_pair_set(met), declined=_pair_set(declined))

    def pairs(self) -> frozenset[tuple[str, str]]:
        return self.met | self.declined


def check_sides(buyers: Iterable[Profile], providers: Iterable[Profile]) -> None:
    """Raise ValueError when a profile sits on the wrong side or an id repeats."""
    seen: set[str] = set()
    for expected, profiles in (("buyer", buyers), ("provider", providers)):
        for profile in profiles:
            if profile.side != expected:
                raise ValueError(f"profile {profile.id!r} is a {profile.side}, not a {expected}")
            if profile.id in seen:
                raise ValueError(f"profile id {profile.id!r} appears twice")
            seen.add(profile.id)
