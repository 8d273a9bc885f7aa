"""Reads of evaluation: permission-checked scorecards, rankings and destinations."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import NotFound
from jisr.directory.models import Organization, Person
from jisr.engine.evaluation import scorecard as engine
from jisr.engine.evaluation.destination_data import (
    DEFAULT_PILLAR_SCORES,
    GSLI_RANKS,
    PILLARS,
    GsliRank,
)
from jisr.engine.evaluation.destinations import DEFAULT_PILLAR_WEIGHTS
from jisr.engine.matching import WorkingDay
from jisr.evaluation import criteria as crit
from jisr.evaluation import rules
from jisr.evaluation.models import (
    DestinationTable,
    DestinationValue,
    PairwiseJudgment,
    ProviderRating,
    Scorecard,
)
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission
from jisr.missions.queries import person_for

COMPARE_TOP_K = 3


def default_scorecard(person: Person) -> Scorecard:
    """An unsaved scorecard with every criterion and equal weights: nothing is written
    until the buyer saves something."""
    return Scorecard(
        mission_id=person.mission_id,
        organization=person.organization,
        criteria=list(crit.CRITERION_KEYS),
    )


def access_scorecard(user: mission_rules.User, mission: Mission) -> tuple[Person, Scorecard]:
    """The signed-in buyer delegate and their organization's scorecard in ``mission``.

    Anyone else (providers, organizers, other missions) gets NotFound: a scorecard's
    existence is the buyer's business.
    """
    person = person_for(user, mission)
    if not rules.owns_scorecard(person):
        raise NotFound(_("Scorecards belong to buyer delegations of this mission."))
    assert person is not None
    scorecard = Scorecard.objects.filter(organization=person.organization).first()
    return person, scorecard or default_scorecard(person)


def access_provider(mission: Mission, provider_id: int) -> Organization:
    """A provider of ``mission``; never one of another mission."""
    provider = providers_of(mission).filter(pk=provider_id).first()
    if provider is None:
        raise NotFound(_("There is no such provider in this mission."))
    return provider


def providers_of(mission: Mission) -> QuerySet[Organization]:
    return (
        Organization.objects.for_mission(mission)
        .filter(kind=Organization.Kind.PROVIDER)
        .prefetch_related("certifications", "languages", "service_lines", "technologies")
        .order_by("name", "id")
    )


def needs_of(scorecard: Scorecard, mission: Mission) -> crit.Needs:
    buyer = scorecard.organization
    languages = set(scorecard.required_languages) or {lang.code for lang in buyer.languages.all()}
    return crit.Needs(
        service_lines=frozenset(
            {line.code for line in buyer.service_lines.all()}
            | set(scorecard.required_service_lines)
        ),
        technologies=frozenset(tech.name for tech in buyer.technologies.all()),
        languages=frozenset(languages),
        timezone=buyer.timezone,
        reference=WorkingDay(reference_date=mission.start_date),
    )


def ratings_of(scorecard: Scorecard) -> dict[tuple[int, str], float]:
    if scorecard.pk is None:
        return {}
    return {
        (provider_id, criterion): value
        for provider_id, criterion, value in ProviderRating.objects.filter(
            scorecard=scorecard
        ).values_list("provider_id", "criterion", "value")
    }


def judgments_of(scorecard: Scorecard) -> list[PairwiseJudgment]:
    """Members' matrices that match the scorecard's current criteria."""
    if scorecard.pk is None:
        return []
    return [
        judgment
        for judgment in scorecard.judgments.select_related("person").order_by("id")
        if judgment.criteria == list(scorecard.criteria)
    ]


def weights_of(scorecard: Scorecard) -> engine.WeightSet:
    """Direct weights, or the AHP weights of the members' matrices (group when several);
    equal weights until something was entered. Raises the engine's EvaluationError."""
    criteria = crit.criteria_in_use(scorecard.criteria)
    if scorecard.weighting == Scorecard.Weighting.AHP:
        matrices = [judgment.matrix for judgment in judgments_of(scorecard)]
        if len(matrices) == 1:
            return engine.ahp_weights(criteria, matrices[0])
        if matrices:
            return engine.group_ahp_weights(criteria, matrices)
        return engine.equal_weights(criteria)
    keys = tuple(criterion.key for criterion in criteria)
    typed = {key: value for key, value in scorecard.direct_weights.items() if key in keys}
    if not typed:
        return engine.equal_weights(criteria)
    return engine.direct_weights(criteria, {key: float(typed.get(key, 0.0)) for key in keys})


@dataclass(frozen=True)
class Evaluation:
    """Everything the scorecard page shows about the ranking."""

    weights: engine.WeightSet
    ranking: engine.Ranking
    comparison: engine.MethodComparison
    providers: dict[str, crit.ScoredProvider]
    judges: int


def evaluate(scorecard: Scorecard, mission: Mission) -> Evaluation:
    """Rank the mission's providers for ``scorecard``. Raises the engine's
    EvaluationError (e.g. NoCandidatesError when every provider fails a must-have)."""
    criteria = crit.criteria_in_use(scorecard.criteria)
    weights = weights_of(scorecard)
    scored = crit.score_providers(
        list(providers_of(mission)), needs_of(scorecard, mission), ratings_of(scorecard)
    )
    candidates = [provider.candidate() for provider in scored]
    gates = crit.must_haves(
        scorecard.required_certifications,
        scorecard.required_languages,
        scorecard.required_service_lines,
    )
    # compare_methods ranks with every method; the scorecard's own is one of them.
    comparison = engine.compare_methods(
        candidates, criteria, weights, k=COMPARE_TOP_K, must_haves=gates
    )
    ranking = comparison.rankings[scorecard.method]
    return Evaluation(
        weights=weights,
        ranking=ranking,
        comparison=comparison,
        providers={str(p.organization.pk): p for p in scored},
        judges=len(judgments_of(scorecard))
        if scorecard.weighting == Scorecard.Weighting.AHP
        else 0,
    )


# Destinations ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One pillar of one country: a sourced value, or None ("no sourced value")."""

    pillar: str
    value: DestinationValue | None


@dataclass(frozen=True)
class CountryRow:
    country: str
    cells: tuple[Cell, ...]
    gsli: tuple[GsliRank, ...]


@dataclass(frozen=True)
class DestinationView:
    rows: tuple[CountryRow, ...]
    weights: dict[str, float]
    saved: bool

    def scores(self) -> dict[str, dict[str, float | None]]:
        return {
            row.country: {
                cell.pillar: cell.value.value if cell.value else None for cell in row.cells
            }
            for row in self.rows
        }


def destination_view(mission: Mission) -> DestinationView:
    """The mission's table, or the engine's sourced defaults (ranked countries, no pillar
    value, since no pillar score was seen in a source) until an organizer saves one."""
    table = DestinationTable.objects.filter(mission=mission).first()
    ranks: dict[str, list[GsliRank]] = {}
    for rank in GSLI_RANKS:
        ranks.setdefault(rank.country, []).append(rank)
    if table is None:
        rows = tuple(
            CountryRow(
                country,
                tuple(Cell(p, None) for p in PILLARS),
                tuple(ranks.get(country, ())),
            )
            for country in sorted(DEFAULT_PILLAR_SCORES)
        )
        return DestinationView(rows, dict(DEFAULT_PILLAR_WEIGHTS), saved=False)
    countries = list(table.countries.prefetch_related("values").order_by("country"))
    rows = tuple(
        CountryRow(
            destination.country,
            tuple(
                Cell(p, next((v for v in destination.values.all() if v.pillar == p), None))
                for p in PILLARS
            ),
            tuple(ranks.get(destination.country, ())),
        )
        for destination in countries
    )
    weights = {p: float(table.weights.get(p, DEFAULT_PILLAR_WEIGHTS[p])) for p in PILLARS}
    return DestinationView(rows, weights, saved=True)


def access_country(user: mission_rules.User, mission: Mission, country: str) -> CountryRow:
    """A country row of ``mission``'s comparison, for an organizer of that mission."""
    if not rules.can_edit_destinations(user, mission):
        raise NotFound(_("There is no such country in this comparison."))
    for row in destination_view(mission).rows:
        if row.country == country.upper():
            return row
    raise NotFound(_("There is no such country in this comparison."))
