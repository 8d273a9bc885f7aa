"""Writes of evaluation: scorecards, members' AHP judgments, ratings and destinations.

Engine validation runs before anything is written, inside the service's transaction,
so invalid input (a non-reciprocal matrix, NaN, all-zero weights) leaves no trace: the
engine's ``EvaluationError`` reaches the caller, which words it for the reader.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError, NotFound, PermissionDenied
from jisr.core.services import log_activity
from jisr.directory.models import Certification, Language, Organization, Person, ServiceLine
from jisr.engine.evaluation import scorecard as engine
from jisr.engine.evaluation.destination_data import DEFAULT_PILLAR_SCORES, PILLARS
from jisr.engine.evaluation.destinations import DEFAULT_PILLAR_WEIGHTS
from jisr.evaluation import criteria as crit
from jisr.evaluation import rules
from jisr.evaluation.models import (
    Destination,
    DestinationTable,
    DestinationValue,
    PairwiseJudgment,
    ProviderRating,
    Scorecard,
)
from jisr.missions.models import Mission

Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None


def _scorecard_for_update(person: Person) -> Scorecard:
    if not rules.owns_scorecard(person):
        raise NotFound(_("Scorecards belong to buyer delegations of this mission."))
    scorecard: Scorecard
    scorecard, _created = Scorecard.objects.select_for_update().get_or_create(
        organization=person.organization,
        defaults={"mission_id": person.mission_id, "criteria": list(crit.CRITERION_KEYS)},
    )
    return scorecard


def save_scorecard_settings(
    person: Person,
    *,
    method: str,
    weighting: str,
    criteria: Sequence[str],
    required_certifications: Sequence[str] = (),
    required_languages: Sequence[str] = (),
    required_service_lines: Sequence[str] = (),
) -> Scorecard:
    """Method, weighting, criteria in use and must-haves of ``person``'s organization.

    Changing the criteria makes earlier AHP matrices out of date (they are kept, and
    ignored until re-entered for the new criteria).
    """
    keys = [key for key in crit.CRITERION_KEYS if key in set(criteria)]
    if len(keys) < 2 or len(keys) != len(set(criteria)):
        raise DomainError(_("Choose at least two of the listed criteria."), field="criteria")
    if method not in Scorecard.Method.values:
        raise DomainError(_("Choose one of the listed ranking methods."), field="method")
    if weighting not in Scorecard.Weighting.values:
        raise DomainError(_("Choose direct weights or pairwise comparisons."), field="weighting")
    _check_codes(Certification, required_certifications, "required_certifications")
    _check_codes(Language, required_languages, "required_languages")
    _check_codes(ServiceLine, required_service_lines, "required_service_lines")
    with transaction.atomic():
        scorecard = _scorecard_for_update(person)
        scorecard.method = method
        scorecard.weighting = weighting
        scorecard.criteria = keys
        scorecard.required_certifications = sorted(set(required_certifications))
        scorecard.required_languages = sorted(set(required_languages))
        scorecard.required_service_lines = sorted(set(required_service_lines))
        scorecard.save()
        log_activity(
            scorecard,
            action="evaluation.scorecard_settings_saved",
            actor=person.user,
            mission=person.mission,
            data={"method": method, "weighting": weighting, "criteria": keys},
        )
    return scorecard


def save_direct_weights(person: Person, *, weights: Mapping[str, float]) -> Scorecard:
    """Typed weights on any positive scale; the engine rescales them to sum 1.

    Raises the engine's errors for NaN, negative or all-zero weights; nothing is saved.
    """
    with transaction.atomic():
        scorecard = _scorecard_for_update(person)
        criteria = crit.criteria_in_use(scorecard.criteria)
        engine.direct_weights(criteria, weights)
        scorecard.direct_weights = {key: float(weights[key]) for key in weights}
        scorecard.weighting = Scorecard.Weighting.DIRECT
        scorecard.save(update_fields=["direct_weights", "weighting", "updated"])
        log_activity(
            scorecard,
            action="evaluation.weights_saved",
            actor=person.user,
            mission=person.mission,
            data={"weights": scorecard.direct_weights},
        )
    return scorecard


def check_judgment(
    criteria_keys: Sequence[str], matrix: Sequence[Sequence[float]]
) -> engine.WeightSet:
    """Weights and consistency of one matrix, without saving (for live feedback)."""
    return engine.ahp_weights(crit.criteria_in_use(criteria_keys), matrix)


def save_judgment(person: Person, *, matrix: Sequence[Sequence[float]]) -> PairwiseJudgment:
    """``person``'s own pairwise matrix over the scorecard's criteria; the scorecard then
    uses AHP weights. An inconsistent matrix (CR > 0.10) is saved and flagged; an
    invalid one (not reciprocal, not positive, wrong size) raises and saves nothing."""
    with transaction.atomic():
        scorecard = _scorecard_for_update(person)
        check_judgment(scorecard.criteria, matrix)
        judgment: PairwiseJudgment
        judgment, _created = PairwiseJudgment.objects.update_or_create(
            scorecard=scorecard,
            person=person,
            defaults={
                "criteria": list(scorecard.criteria),
                "matrix": [[float(value) for value in row] for row in matrix],
            },
        )
        scorecard.weighting = Scorecard.Weighting.AHP
        scorecard.save(update_fields=["weighting", "updated"])
        log_activity(
            judgment,
            action="evaluation.judgment_saved",
            actor=person.user,
            mission=person.mission,
            data={"criteria": list(scorecard.criteria)},
        )
    return judgment


def rate_provider(
    person: Person, *, provider: Organization, values: Mapping[str, float | None]
) -> Scorecard:
    """The buyer's ratings (manual criteria, 1-5) and overrides (derived criteria) for
    one provider; None removes a value so the derived one (or neutral 3) applies."""
    if provider.mission_id != person.mission_id or provider.kind != Organization.Kind.PROVIDER:
        raise NotFound(_("There is no such provider in this mission."))
    for key, value in values.items():
        if key not in crit.BY_KEY:
            raise DomainError(_("Unknown criterion."), field=key)
        if value is None:
            continue
        low, high = crit.UNIT_RANGES[crit.BY_KEY[key].unit]
        if not math.isfinite(value) or not low <= value <= high:
            raise DomainError(
                _("Enter a number from %(low)s to %(high)s.")
                % {"low": f"{low:g}", "high": f"{high:g}"},
                field=key,
            )
    with transaction.atomic():
        scorecard = _scorecard_for_update(person)
        for key, value in values.items():
            if value is None:
                ProviderRating.objects.filter(
                    scorecard=scorecard, provider=provider, criterion=key
                ).delete()
            else:
                ProviderRating.objects.update_or_create(
                    scorecard=scorecard,
                    provider=provider,
                    criterion=key,
                    defaults={"value": float(value)},
                )
        log_activity(
            scorecard,
            action="evaluation.provider_rated",
            actor=person.user,
            mission=person.mission,
            data={"provider": provider.pk, "values": dict(values)},
        )
    return scorecard


def _check_codes(model: type, codes: Sequence[str], field: str) -> None:
    known = set(model.objects.filter(code__in=list(codes)).values_list("code", flat=True))  # type: ignore[attr-defined]
    if set(codes) - known:
        raise DomainError(_("Choose from the listed options."), field=field)


# Destinations ----------------------------------------------------------------------


@dataclass(frozen=True)
class SourcedValue:
    """A pillar score and where it was published; a value without a source is refused."""

    value: float
    title: str
    site: str
    published: str
    url: str = ""


def _table_for_update(mission: Mission, by: Actor) -> DestinationTable:
    if by is None or not rules.can_edit_destinations(by, mission):
        raise PermissionDenied(_("Only the mission's organizers edit the comparison."))
    table: DestinationTable
    table, created = DestinationTable.objects.select_for_update().get_or_create(
        mission=mission, defaults={"weights": dict(DEFAULT_PILLAR_WEIGHTS)}
    )
    if created:
        Destination.objects.bulk_create(
            Destination(table=table, country=country) for country in sorted(DEFAULT_PILLAR_SCORES)
        )
    return table


def save_destination_weights(
    mission: Mission, *, by: Actor, weights: Mapping[str, float]
) -> DestinationTable:
    """Pillar weights on any non-negative scale; at least one must be positive."""
    values = [weights.get(pillar, 0.0) for pillar in PILLARS]
    if set(weights) - set(PILLARS):
        raise DomainError(_("Unknown pillar."))
    if any(not math.isfinite(v) or v < 0 for v in values) or sum(values) <= 0:
        raise DomainError(_("Weights must be zero or more, and at least one above zero."))
    with transaction.atomic():
        table = _table_for_update(mission, by)
        table.weights = {pillar: float(weights.get(pillar, 0.0)) for pillar in PILLARS}
        table.save(update_fields=["weights", "updated"])
        log_activity(
            table,
            action="evaluation.destination_weights_saved",
            actor=by,
            mission=mission,
            data={"weights": table.weights},
        )
    return table


def add_destination(mission: Mission, *, by: Actor, country: str) -> Destination:
    code = country.strip().upper()
    if len(code) != 2 or not code.isalpha() or not code.isascii():
        raise DomainError(_("Enter a two-letter ISO 3166 country code, e.g. MA."), field="country")
    with transaction.atomic():
        table = _table_for_update(mission, by)
        destination: Destination
        destination, _created = Destination.objects.get_or_create(table=table, country=code)
        log_activity(
            destination,
            action="evaluation.destination_added",
            actor=by,
            mission=mission,
            data={"country": code},
        )
    return destination


def remove_destination(mission: Mission, *, by: Actor, country: str) -> None:
    with transaction.atomic():
        table = _table_for_update(mission, by)
        destination = Destination.objects.filter(table=table, country=country.upper()).first()
        if destination is None:
            raise NotFound(_("There is no such country in this comparison."))
        log_activity(
            destination,
            action="evaluation.destination_removed",
            actor=by,
            mission=mission,
            data={"country": destination.country},
        )
        destination.delete()


def save_destination_values(
    mission: Mission, *, by: Actor, country: str, values: Mapping[str, SourcedValue | None]
) -> Destination:
    """Pillar values of one country, each with its source; None clears a pillar."""
    for pillar, sourced in values.items():
        if pillar not in PILLARS:
            raise DomainError(_("Unknown pillar."))
        if sourced is None:
            continue
        if not math.isfinite(sourced.value):
            raise DomainError(_("Enter a number."), field=pillar)
        if not (sourced.title.strip() and sourced.site.strip() and sourced.published.strip()):
            raise DomainError(
                _("A value needs its source: title, publisher and date."), field=pillar
            )
    with transaction.atomic():
        table = _table_for_update(mission, by)
        destination: Destination | None = Destination.objects.filter(
            table=table, country=country.upper()
        ).first()
        if destination is None:
            raise NotFound(_("There is no such country in this comparison."))
        for pillar, sourced in values.items():
            if sourced is None:
                DestinationValue.objects.filter(destination=destination, pillar=pillar).delete()
                continue
            DestinationValue.objects.update_or_create(
                destination=destination,
                pillar=pillar,
                defaults={
                    "value": sourced.value,
                    "source_title": sourced.title.strip(),
                    "source_site": sourced.site.strip(),
                    "source_published": sourced.published.strip(),
                    "source_url": sourced.url.strip(),
                },
            )
        log_activity(
            destination,
            action="evaluation.destination_values_saved",
            actor=by,
            mission=mission,
            data={"pillars": sorted(values)},
        )
    return destination
