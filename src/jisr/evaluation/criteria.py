"""The scorecard's criteria and how each provider's value is derived from its profile.

Derivations (``buyer`` is the scorecard's organization, ``provider`` the one scored):

- technical_fit (0-5): 5 x the mean of the shares of the buyer's needs the provider
  covers: its service lines (the buyer's own plus the scorecard's required ones) and its
  technologies; 0 when the buyer stated no needs (then it is the same for everyone and
  separates no one).
- language_fit (0-5): 5 x the share of the required languages (the scorecard's, else the
  buyer's working languages) the provider works in.
- quality_certifications (0-5): points for process certifications, capped at 5:
  ISO 9001 1, ISO/IEC 20000-1 1, eSCM-SP 1, COPC 1, CMMI level 3 1.5, CMMI level 5 2.5
  (CMMI counts once, at its highest level).
- information_security (0-5): ISO/IEC 27001 3, SOC 2 2, PCI DSS 1, capped at 5.
- time_zone_overlap (hours): shared office hours, 09:00-18:00 local on both sides, on the
  mission's first day, from ``jisr.engine.matching.overlap_hours`` (real zone rules).
- capacity (employees): the lower bound of the headcount band (1,000+ counts 1,000);
  0 when no band is given.
- cost_competitiveness, references, financial_stability: no reliable data exists in a
  profile, so the buyer rates each provider 1-5 (5 best, i.e. most competitive on cost);
  unrated providers get the neutral 3.

Any derived value can be overridden by the buyer for one provider.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from jisr.directory.models import Organization
from jisr.engine.evaluation.scorecard import DEFAULT_CRITERIA, Candidate, Criterion, MustHave
from jisr.engine.matching import WorkingDay, overlap_hours

MANUAL = ("cost_competitiveness", "references", "financial_stability")
NEUTRAL_RATING = 3.0
RATING_UNIT = "rating_1_5"

# The engine's defaults, with the manual ones rated 1-5 where higher is better.
CRITERIA: tuple[Criterion, ...] = tuple(
    replace(criterion, benefit=True, unit=RATING_UNIT) if criterion.key in MANUAL else criterion
    for criterion in DEFAULT_CRITERIA
)
CRITERION_KEYS: tuple[str, ...] = tuple(criterion.key for criterion in CRITERIA)
BY_KEY: Mapping[str, Criterion] = {criterion.key: criterion for criterion in CRITERIA}

# Allowed range of a value typed by the buyer, per unit.
UNIT_RANGES: Mapping[str, tuple[float, float]] = {
    "score_0_5": (0.0, 5.0),
    RATING_UNIT: (1.0, 5.0),
    "hours": (0.0, 24.0),
    "employees": (0.0, 1_000_000.0),
}

QUALITY_POINTS = {"iso-9001": 1.0, "iso-20000": 1.0, "escm-sp": 1.0, "copc": 1.0}
CMMI_POINTS = {"cmmi-3": 1.5, "cmmi-5": 2.5}
SECURITY_POINTS = {"iso-27001": 3.0, "soc-2": 2.0, "pci-dss": 1.0}


def criteria_in_use(keys: Iterable[str]) -> tuple[Criterion, ...]:
    """The criteria named by ``keys``, in the canonical order; unknown keys are dropped."""
    wanted = set(keys)
    return tuple(criterion for criterion in CRITERIA if criterion.key in wanted)


@dataclass(frozen=True)
class Needs:
    """What the buyer asks for, from its profile and its scorecard."""

    service_lines: frozenset[str]
    technologies: frozenset[str]
    languages: frozenset[str]
    timezone: str
    reference: WorkingDay


@dataclass(frozen=True)
class ScoredProvider:
    """A provider's values: ``derived`` from the profile, ``values`` after the buyer's
    ratings and overrides; ``overridden`` names the criteria the buyer typed."""

    organization: Organization
    derived: Mapping[str, float]
    values: Mapping[str, float]
    overridden: frozenset[str]

    def candidate(self) -> Candidate:
        org = self.organization
        return Candidate(
            id=str(org.pk),
            name=org.name,
            values=self.values,
            attributes={
                "certifications": frozenset(c.code for c in org.certifications.all()),
                "languages": frozenset(lang.code for lang in org.languages.all()),
                "service_lines": frozenset(line.code for line in org.service_lines.all()),
            },
        )


def derive(provider: Organization, needs: Needs) -> dict[str, float]:
    """Every criterion's value for ``provider``; needs its taxonomy prefetched."""
    certifications = {c.code for c in provider.certifications.all()}
    lines = {line.code for line in provider.service_lines.all()}
    technologies = {tech.name for tech in provider.technologies.all()}
    languages = {lang.code for lang in provider.languages.all()}
    shares = [
        len(need & offered) / len(need)
        for need, offered in (
            (needs.service_lines, lines),
            (needs.technologies, technologies),
        )
        if need
    ]
    cmmi = max((CMMI_POINTS.get(code, 0.0) for code in certifications), default=0.0)
    return {
        "technical_fit": 5 * sum(shares) / len(shares) if shares else 0.0,
        "language_fit": (
            5 * len(needs.languages & languages) / len(needs.languages) if needs.languages else 0.0
        ),
        "quality_certifications": min(
            5.0, cmmi + sum(QUALITY_POINTS.get(code, 0.0) for code in certifications)
        ),
        "information_security": min(
            5.0, sum(SECURITY_POINTS.get(code, 0.0) for code in certifications)
        ),
        "time_zone_overlap": _overlap(needs.timezone, provider.timezone, needs.reference),
        "capacity": float(Organization.HEADCOUNT_MINIMUM.get(provider.headcount, 0)),
        **dict.fromkeys(MANUAL, NEUTRAL_RATING),
    }


def score_providers(
    providers: Sequence[Organization],
    needs: Needs,
    ratings: Mapping[tuple[int, str], float],
) -> list[ScoredProvider]:
    """Derived values with the buyer's ratings (by (provider id, criterion)) on top."""
    out: list[ScoredProvider] = []
    for provider in providers:
        derived = derive(provider, needs)
        typed = {
            key: ratings[provider.pk, key]
            for key in CRITERION_KEYS
            if (provider.pk, key) in ratings
        }
        out.append(
            ScoredProvider(
                organization=provider,
                derived=derived,
                values={**derived, **typed},
                overridden=frozenset(typed),
            )
        )
    return out


def must_haves(
    certifications: Iterable[str], languages: Iterable[str], service_lines: Iterable[str]
) -> list[MustHave]:
    """Gates in "all" mode: a provider must hold every listed code of each kind."""
    gates = [
        ("certifications", frozenset(certifications)),
        ("languages", frozenset(languages)),
        ("service_lines", frozenset(service_lines)),
    ]
    return [MustHave(attribute, values, mode="all") for attribute, values in gates if values]


def _overlap(buyer_zone: str, provider_zone: str, day: WorkingDay) -> float:
    try:
        return overlap_hours(buyer_zone, provider_zone, day)
    except ValueError:  # an unknown zone name in a profile: no overlap can be shown
        return 0.0
