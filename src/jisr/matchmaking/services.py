"""Writes of matchmaking: marks and precomputed recommendations."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError, PermissionDenied
from jisr.core.services import log_activity
from jisr.directory.models import Organization, Person
from jisr.engine.matching import (
    FIT_ORDER,
    MarkKind,
    WorkingDay,
    default_encoder,
    embed_profiles,
    recommend,
)
from jisr.engine.matching import (
    Mark as EngineMark,
)
from jisr.matchmaking import rules
from jisr.matchmaking.cache import DatabaseEmbeddingCache
from jisr.matchmaking.models import CommercialProfile, Mark, Recommendation, RecommendationRun
from jisr.matchmaking.profiles import matchable_organizations, split_profiles
from jisr.matchmaking.queries import excluded_pairs
from jisr.missions.models import Mission


def set_mark(person: Person, *, target: Organization, kind: str) -> Mark:
    """Record (or change) what ``person``'s organization thinks of meeting ``target``."""
    if kind not in Mark.Kind.values:
        raise DomainError(_("Choose must meet, would like to meet or not interested."))
    if not rules.can_mark(person, target):
        raise PermissionDenied(_("Only buyers and providers of this mission mark each other."))
    with transaction.atomic():
        mark: Mark
        mark, created = Mark.objects.update_or_create(
            by_organization=person.organization,
            target=target,
            defaults={"mission_id": person.mission_id, "by_person": person, "kind": kind},
        )
        log_activity(
            mark,
            action="matchmaking.mark_set",
            actor=person.user,
            mission=person.mission,
            data={"target": target.pk, "kind": kind, "created": created},
        )
        _refresh_precomputed_on_commit(person.mission)
    return mark


def clear_mark(person: Person, *, target: Organization) -> None:
    """Remove ``person``'s organization's mark on ``target``; nothing happens if none."""
    if not rules.can_mark(person, target):
        raise PermissionDenied(_("Only buyers and providers of this mission mark each other."))
    with transaction.atomic():
        mark = Mark.objects.filter(by_organization=person.organization, target=target).first()
        if mark is None:
            return
        log_activity(
            mark,
            action="matchmaking.mark_cleared",
            actor=person.user,
            mission=person.mission,
            data={"target": target.pk, "kind": mark.kind},
        )
        mark.delete()
        _refresh_precomputed_on_commit(person.mission)


def save_commercial_profile(
    person: Person,
    *,
    team_size: int | None,
    band_low: Decimal | None,
    band_high: Decimal | None,
) -> CommercialProfile:
    """Team size (buyers) and daily rate or budget band in USD per person-day for
    ``person``'s organization; both band ends or neither."""
    if not rules.has_recommendations(person):
        raise PermissionDenied(
            _("Only buyers and providers of this mission take part in matching.")
        )
    if (band_low is None) != (band_high is None):
        raise DomainError(_("Give both ends of the band, or neither."), field="band_high")
    if band_low is not None and band_high is not None and (band_low < 0 or band_low > band_high):
        raise DomainError(
            _("The band must start at zero or more and end at or above its start."),
            field="band_high",
        )
    if team_size is not None and team_size < 0:
        raise DomainError(_("Enter a team size of zero or more."), field="team_size")
    organization = person.organization
    with transaction.atomic():
        profile: CommercialProfile
        profile, _created = CommercialProfile.objects.update_or_create(
            organization=organization,
            defaults={
                "team_size": team_size if organization.kind == Organization.Kind.BUYER else None,
                "band_low": band_low,
                "band_high": band_high,
            },
        )
        log_activity(
            profile,
            action="matchmaking.commercial_profile_saved",
            actor=person.user,
            mission=person.mission,
            data={
                "team_size": profile.team_size,
                "band": [str(band_low), str(band_high)] if band_low is not None else None,
            },
        )
    return profile


def precompute_recommendations(
    mission: Mission, *, k: int = 20, by: AbstractBaseUser | AnonymousUser | None = None
) -> RecommendationRun:
    """Compute every participant's top ``k`` and store them as the mission's newest run.

    For missions too large to compute on request; pages use the newest finished run.
    Exclusions and marks are those of the moment the run starts.
    """
    run: RecommendationRun = RecommendationRun.objects.create(
        mission=mission, k=k, requested_by=by if by is not None and by.is_authenticated else None
    )
    try:
        rows = _compute_rows(mission, run, k)
    except Exception as error:
        RecommendationRun.objects.filter(pk=run.pk).update(
            status=RecommendationRun.Status.FAILED, finished=timezone.now(), error=str(error)
        )
        raise
    with transaction.atomic():
        Recommendation.objects.bulk_create(rows, batch_size=1000)
        run.status = RecommendationRun.Status.DONE
        run.finished = timezone.now()
        run.save(update_fields=["status", "finished"])
        # Older runs are superseded; keep only the newest to bound the table's size.
        RecommendationRun.objects.for_mission(mission).exclude(pk=run.pk).filter(
            status=RecommendationRun.Status.DONE
        ).delete()
        log_activity(
            run,
            action="matchmaking.recommendations_precomputed",
            actor=by,
            mission=mission,
            data={"k": k, "rows": len(rows)},
        )
    return run


def _compute_rows(mission: Mission, run: RecommendationRun, k: int) -> list[Recommendation]:
    buyers, providers = split_profiles(matchable_organizations(mission))
    if not buyers or not providers:
        return []
    marks = [
        EngineMark(str(by), str(target), MarkKind(kind))
        for by, target, kind in Mark.objects.for_mission(mission).values_list(
            "by_organization_id", "target_id", "kind"
        )
    ]
    encoder = default_encoder()
    vectors = embed_profiles(
        [*buyers, *providers], encoder, DatabaseEmbeddingCache(encoder.version)
    )
    result = recommend(
        buyers,
        providers,
        k=k,
        vectors=vectors,
        marks=marks,
        exclusions=excluded_pairs(mission),
        policy=FIT_ORDER,
        day=WorkingDay(reference_date=mission.start_date),
    )
    rows: list[Recommendation] = []
    for lists in (result.for_buyers, result.for_providers):
        for viewer_id, suggestions in lists.items():
            rows.extend(
                Recommendation(
                    run=run,
                    mission=mission,
                    viewer_id=int(viewer_id),
                    candidate_id=int(suggestion.profile_id),
                    position=position,
                    rank_score=suggestion.rank_score,
                    compatibility=suggestion.compatibility,
                    reasons=[reason.to_dict() for reason in suggestion.reasons],
                )
                for position, suggestion in enumerate(suggestions)
            )
    return rows


def _refresh_precomputed_on_commit(mission: Mission) -> None:
    """A mission that uses precomputed lists gets them recomputed after a mark changes."""
    if not RecommendationRun.objects.for_mission(mission).exists():
        return
    from jisr.matchmaking.tasks import precompute_mission_recommendations

    mission_id = mission.pk
    transaction.on_commit(lambda: precompute_mission_recommendations.enqueue(mission_id))
