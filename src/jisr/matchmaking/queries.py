"""Reads of matchmaking: marks and the "recommended for you" lists."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import NotFound, PermissionDenied
from jisr.directory.models import Organization, Person
from jisr.directory.queries import require_directory
from jisr.engine.matching import (
    FIT_ORDER,
    Exclusions,
    MarkKind,
    Reason,
    Suggestion,
    WorkingDay,
    default_encoder,
    embed_profiles,
    recommend,
)
from jisr.engine.matching import (
    Mark as EngineMark,
)
from jisr.engine.matching import reasons as reason_codes
from jisr.matchmaking import rules
from jisr.matchmaking.cache import DatabaseEmbeddingCache
from jisr.matchmaking.models import CommercialProfile, Mark, Recommendation, RecommendationRun
from jisr.matchmaking.profiles import matchable_organizations, split_profiles
from jisr.meetings.models import MeetingRequest
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission
from jisr.missions.queries import person_for

DEFAULT_K = 10
# Reasons that would tell the viewer how the counterpart marked them: marks are private
# to the organization that set them, so these only move the ranking, never show.
PRIVATE_REASON_CODES = frozenset({reason_codes.THEY_MARKED, reason_codes.MUTUAL_INTEREST})


@dataclass(frozen=True)
class Recommended:
    """One suggested organization; ``mark`` is the viewer's own mark on it, if any."""

    organization: Organization
    compatibility: float
    rank_score: float
    reasons: tuple[Reason, ...]
    mark: str | None


def marks_by(organization: Organization) -> dict[int, str]:
    """Target organization id -> kind, for the marks ``organization`` set."""
    return dict(Mark.objects.filter(by_organization=organization).values_list("target_id", "kind"))


def commercial_profile_of(organization: Organization) -> dict[str, object]:
    """The organization's team size and band, as initial form values (empty if none)."""
    profile = CommercialProfile.objects.filter(organization=organization).first()
    if profile is None:
        return {}
    return {
        "team_size": profile.team_size,
        "band_low": profile.band_low,
        "band_high": profile.band_high,
    }


def mark_of(organization: Organization, target: Organization) -> str | None:
    return (
        Mark.objects.filter(by_organization=organization, target=target)
        .values_list("kind", flat=True)
        .first()
    )


def access_mark_target(
    user: mission_rules.User, mission: Mission, organization_id: int
) -> tuple[Person, Organization]:
    """The signed-in participant and the organization of ``mission`` they may mark."""
    require_directory(user, mission)
    target = Organization.objects.for_mission(mission).filter(pk=organization_id).first()
    if target is None:
        raise NotFound(_("There is no such organization in this mission."))
    person = person_for(user, mission)
    if person is None or not rules.can_mark(person, target):
        raise PermissionDenied(_("Only buyers and providers of this mission mark each other."))
    return person, target


def excluded_pairs(mission: Mission, organization: Organization | None = None) -> Exclusions:
    """(buyer id, provider id) pairs never suggested: an accepted meeting (already met or
    booked) or a declined request between any of their people; only pairs involving
    ``organization`` when it is given."""
    requests = MeetingRequest.objects.for_mission(mission).filter(
        status__in=[MeetingRequest.Status.ACCEPTED, MeetingRequest.Status.DECLINED]
    )
    if organization is not None:
        requests = requests.filter(
            Q(requester__organization=organization) | Q(recipient__organization=organization)
        )
    rows = requests.values_list(
        "requester__organization_id",
        "requester__organization__kind",
        "recipient__organization_id",
        "status",
    )
    met: set[tuple[str, str]] = set()
    declined: set[tuple[str, str]] = set()
    for requester, requester_kind, recipient, status in rows:
        pair = (str(requester), str(recipient))
        if requester_kind != Organization.Kind.BUYER:
            pair = (pair[1], pair[0])
        (met if status == MeetingRequest.Status.ACCEPTED else declined).add(pair)
    return Exclusions.of(met=met, declined=declined)


def latest_run(mission: Mission) -> RecommendationRun | None:
    return (
        RecommendationRun.objects.for_mission(mission)
        .filter(status=RecommendationRun.Status.DONE)
        .order_by("-finished", "-id")
        .first()
    )


# Orders of the recommendations page: by fit (the default), or the viewer's own marks
# first (must meet, then would like), each group by fit.
ORDER_FIT = "fit"
ORDER_MARKS = "marks"
# Mark filters: one kind, or any mark of interest.
MARK_FILTERS = (Mark.Kind.MUST_MEET, Mark.Kind.WOULD_LIKE, "marked")
_MARK_RANK = {Mark.Kind.MUST_MEET: 0, Mark.Kind.WOULD_LIKE: 1}


def recommendations_for(
    viewer: Person | Organization,
    mission: Mission,
    k: int = DEFAULT_K,
    *,
    order: str = ORDER_FIT,
    mark: str = "",
) -> list[Recommended]:
    """Top ``k`` organizations of the other side for ``viewer``'s organization.

    Ordered by fit (compatibility), never lifted by marks: ``order="marks"`` puts the
    viewer's must-meet, then would-like organizations first, each group by fit; ``mark``
    keeps only organizations with that mark ("marked": either). Organizations the viewer
    marked not interested, already met or declined are left out.

    Uses the mission's newest precomputed run when there is one (large missions, see
    ``tasks.precompute_recommendations``); otherwise computes on request, which takes a
    fraction of a second for tens of buyers and hundreds of providers once the text
    embeddings are cached. Marked organizations are always computed on request (they are
    few). Query count does not depend on the mission's size.
    """
    organization = viewer.organization if isinstance(viewer, Person) else viewer
    if organization.mission_id != mission.pk or organization.kind not in rules.MATCHED_KINDS:
        return []
    own_marks = marks_by(organization)
    interested = {target: kind for target, kind in own_marks.items() if kind in _MARK_RANK}
    if mark in ("marked", "") and (mark or order == ORDER_MARKS):
        wanted = set(interested)
    else:
        wanted = {target for target, kind in interested.items() if kind == mark}
    if mark:
        chosen = _computed(mission, organization, len(wanted), own_marks, only=wanted)
        return sorted(chosen, key=_by_mark_then_fit)[:k] if order == ORDER_MARKS else chosen[:k]
    run = latest_run(mission)
    extra = len(wanted) if order == ORDER_MARKS else 0
    if run is not None:
        by_fit = _stored(run, organization, k + extra, own_marks)
    else:
        by_fit = _computed(mission, organization, k + extra, own_marks)
    if order != ORDER_MARKS or not wanted:
        return by_fit[:k]
    marked = sorted(
        _computed(mission, organization, len(wanted), own_marks, only=wanted),
        key=_by_mark_then_fit,
    )
    return [*marked, *(item for item in by_fit if item.organization.pk not in wanted)][:k]


def _by_mark_then_fit(item: Recommended) -> tuple[int, float]:
    return (_MARK_RANK.get(item.mark or "", 2), -item.compatibility)


def _stored(
    run: RecommendationRun, organization: Organization, k: int, own_marks: dict[int, str]
) -> list[Recommended]:
    rows = (
        Recommendation.objects.filter(run=run, viewer=organization)
        .select_related("candidate")
        .order_by("-compatibility", "position")[:k]
    )
    return [
        Recommended(
            organization=row.candidate,
            compatibility=row.compatibility,
            rank_score=row.rank_score,
            reasons=tuple(
                Reason(
                    item["code"],
                    {
                        key: tuple(value) if isinstance(value, list) else value
                        for key, value in item["params"].items()
                    },
                    item["weight"],
                )
                for item in row.reasons
                if item["code"] not in PRIVATE_REASON_CODES
            ),
            mark=own_marks.get(row.candidate_id),
        )
        for row in rows
    ]


def _computed(
    mission: Mission,
    organization: Organization,
    k: int,
    own_marks: dict[int, str],
    *,
    only: set[int] | None = None,
) -> list[Recommended]:
    """Computed by fit; ``only``: the candidates to consider (all when None)."""
    if k <= 0:
        return []
    organizations = {org.pk: org for org in matchable_organizations(mission)}
    buyers, providers = split_profiles(organizations.values())
    viewer_id = str(organization.pk)
    is_buyer = organization.kind == Organization.Kind.BUYER
    candidates = {str(pk) for pk in only} if only is not None else None
    if is_buyer:
        buyers = [profile for profile in buyers if profile.id == viewer_id]
        if candidates is not None:
            providers = [profile for profile in providers if profile.id in candidates]
    else:
        providers = [profile for profile in providers if profile.id == viewer_id]
        if candidates is not None:
            buyers = [profile for profile in buyers if profile.id in candidates]
    if not buyers or not providers:
        return []
    marks = Mark.objects.for_mission(mission).filter(
        Q(by_organization=organization) | Q(target=organization)
    )
    engine_marks = [
        EngineMark(str(mark.by_organization_id), str(mark.target_id), MarkKind(mark.kind))
        for mark in marks
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
        marks=engine_marks,
        exclusions=excluded_pairs(mission, organization),
        policy=FIT_ORDER,
        day=WorkingDay(reference_date=mission.start_date),
    )
    suggestions: tuple[Suggestion, ...] = (
        result.for_buyers if is_buyer else result.for_providers
    ).get(viewer_id, ())
    return [
        Recommended(
            organization=organizations[int(suggestion.profile_id)],
            compatibility=suggestion.compatibility,
            rank_score=suggestion.rank_score,
            reasons=tuple(
                reason for reason in suggestion.reasons if reason.code not in PRIVATE_REASON_CODES
            ),
            mark=own_marks.get(int(suggestion.profile_id)),
        )
        for suggestion in suggestions
    ]


POSITIVE_MARKS = frozenset({Mark.Kind.MUST_MEET, Mark.Kind.WOULD_LIKE})


def meeting_priorities(mission: Mission) -> dict[int, set[str]]:
    """Accepted request id -> its priority reasons for the scheduler: "must_meet" when
    either organization marked the other must meet, "mutual" when both marked each
    other must meet or would like to meet. Requests without either are left out."""
    marks = dict(
        (((by, target), kind))
        for by, target, kind in Mark.objects.for_mission(mission).values_list(
            "by_organization_id", "target_id", "kind"
        )
    )
    found: dict[int, set[str]] = {}
    accepted = MeetingRequest.objects.for_mission(mission).filter(
        status=MeetingRequest.Status.ACCEPTED
    )
    for pk, first, second in accepted.values_list(
        "pk", "requester__organization_id", "recipient__organization_id"
    ):
        there, back = marks.get((first, second)), marks.get((second, first))
        reasons = set()
        if Mark.Kind.MUST_MEET in (there, back):
            reasons.add("must_meet")
        if there in POSITIVE_MARKS and back in POSITIVE_MARKS:
            reasons.add("mutual")
        if reasons:
            found[pk] = reasons
    return found
