"""The plain, frozen records a composed sample is made of, and small shared helpers."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

HEADCOUNTS = ("1-9", "10-49", "50-249", "250-999", "1000+")
STAFF = {"1-9": 6, "10-49": 30, "50-249": 150, "250-999": 600, "1000+": 2500}


@dataclass(frozen=True)
class PersonSpec:
    first_name: str
    last_name: str
    title: str
    email: str
    preferred_language: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class SiteSpec:
    park: str
    city: str
    country: str


@dataclass(frozen=True)
class OrgSpec:
    """One organization; ``key`` is stable within a sample (``b0001``, ``p0001``, ...)."""

    key: str
    kind: str
    name: str
    slug: str
    country: str
    city: str
    timezone: str
    headcount: str
    founded: int
    industries: tuple[str, ...] = ()
    service_lines: tuple[str, ...] = ()
    technologies: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    team_size: int | None = None
    rate_band: tuple[int, int] | None = None
    sites: tuple[SiteSpec, ...] = ()
    descriptions: dict[str, str] = field(default_factory=dict)
    people: tuple[PersonSpec, ...] = ()

    @property
    def website(self) -> str:
        return f"https://{self.slug}.example"

    @property
    def staff(self) -> int:
        """A point estimate of the headcount band, for engines that want a number."""
        return STAFF[self.headcount]


@dataclass(frozen=True)
class SampleSpec:
    seed: int
    buyers: tuple[OrgSpec, ...]
    providers: tuple[OrgSpec, ...]
    hosts: tuple[OrgSpec, ...]  # the organizer association and the diaspora partner
    fits: tuple[tuple[str, str], ...]  # (buyer key, provider key)

    @property
    def organizations(self) -> tuple[OrgSpec, ...]:
        return (*self.hosts, *self.buyers, *self.providers)


def slugify(name: str) -> str:
    """ASCII, lower-case, dash-separated: "Zellige Numérique Labs" -> "zellige-numerique-labs"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = "".join(ch if ch.isalnum() else " " for ch in ascii_name.lower()).split()
    return "-".join(words)


def unique(
    used: set[str],
    make: Callable[[], str],
    *,
    key: Callable[[str], str] = str,
    tries: int = 40,
    sep: str = " ",
) -> str:
    """Draw until ``key(value)`` is unused; then number the last draw (always terminates)."""
    value = make()
    for _ in range(tries - 1):
        if key(value) not in used:
            break
        value = make()
    base, n = value, 2
    while key(value) in used:
        value, n = f"{base}{sep}{n}", n + 1
    used.add(key(value))
    return value


def fresh(rng: random.Random, options: Sequence[str], used: set[str]) -> str:
    """A title not yet given in this organization when possible."""
    left = [option for option in options if option not in used] or list(options)
    choice = rng.choice(left)
    used.add(choice)
    return choice


def dedupe(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
