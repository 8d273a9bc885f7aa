"""The sample's participants as matching-engine profiles, for quality benchmarks.

The same composition that ``jisr sample-mission`` writes to the database, without the
database: ``matching_profiles(compose_sample(...))`` gives the engine's input and the
planted pairs to score its recommendations against.
"""

from __future__ import annotations

from jisr.engine.matching.profiles import Band, Profile
from jisr.missions.sample.specs import OrgSpec, SampleSpec


def matching_profiles(
    sample: SampleSpec,
) -> tuple[list[Profile], list[Profile], frozenset[tuple[str, str]]]:
    """Buyers, providers and the planted (buyer id, provider id) pairs; ids are org keys."""
    buyers = [_profile(spec, "buyer") for spec in sample.buyers]
    providers = [_profile(spec, "provider") for spec in sample.providers]
    return buyers, providers, frozenset(sample.fits)


def _profile(spec: OrgSpec, side: str) -> Profile:
    return Profile(
        id=spec.key,
        organization_id=spec.key,
        side=side,  # type: ignore[arg-type]
        country=spec.country,
        timezone=spec.timezone,
        service_lines=frozenset(spec.service_lines),
        technologies=frozenset(spec.technologies),
        languages=frozenset(spec.languages),
        certifications=frozenset(spec.certifications),
        headcount=spec.staff if side == "provider" else None,
        team_size=spec.team_size if side == "buyer" else None,
        band=Band(*spec.rate_band) if spec.rate_band else None,
        texts=tuple(spec.descriptions.items()),
    )
