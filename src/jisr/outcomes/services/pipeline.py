"""The partnership pipeline: relationships, stage proposals and their confirmation,
and the six-month rating."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError, PermissionDenied
from jisr.core.services import log_activity
from jisr.directory.models import Organization, Person
from jisr.outcomes import notifications, rules
from jisr.outcomes.models import PartnershipRating, Relationship, Stage, StageChange
from jisr.outcomes.models.followups import COMMENT_MAX
from jisr.outcomes.models.pipeline import NOTE_MAX
from jisr.schedules.models import ScheduledMeeting

Status = StageChange.Status


def open_lead(
    meeting: ScheduledMeeting,
    *,
    buyer: Organization,
    provider: Organization,
    by: Person,
    now: dt.datetime,
) -> Relationship | None:
    """Inside the caller's transaction: make the pair a confirmed lead after mutual
    interest. A relationship already past "lead" is left alone; one created by hand and
    still waiting for "lead" gets it confirmed. Returns the relationship if it changed."""
    relationship: Relationship
    relationship, created = Relationship.objects.get_or_create(
        mission_id=meeting.mission_id,
        buyer=buyer,
        provider=provider,
        defaults={"origin": Relationship.Origin.INTEREST, "meeting": meeting},
    )
    if not created and relationship.stage:
        return None
    StageChange.objects.filter(relationship=relationship, status=Status.PENDING).update(
        status=Status.SUPERSEDED, answered_at=now
    )
    StageChange.objects.create(
        mission_id=meeting.mission_id,
        relationship=relationship,
        stage=Stage.LEAD,
        status=Status.CONFIRMED,
        proposed_at=now,
        answered_at=now,
    )
    relationship.stage, relationship.stage_confirmed_at = Stage.LEAD, now
    relationship.save(update_fields=["stage", "stage_confirmed_at", "updated"])
    log_activity(
        relationship,
        action="outcomes.lead_from_interest",
        actor=by.user,
        mission=meeting.mission,
        data={"meeting": str(meeting.uuid), "buyer": buyer.pk, "provider": provider.pk},
    )
    return relationship


def start_relationship(
    counterpart: Organization, *, by: Person, note: str = "", now: dt.datetime | None = None
) -> Relationship:
    """``by`` adds a partnership with ``counterpart`` by hand; it starts as a pending
    "lead" that the other side confirms."""
    now = now or timezone.now()
    kinds = {by.organization.kind, counterpart.kind}
    if counterpart.mission_id != by.mission_id or kinds != {
        Organization.Kind.BUYER,
        Organization.Kind.PROVIDER,
    }:
        raise PermissionDenied(_("Partnerships are between a buyer and a provider of the mission."))
    buyer, provider = (
        (by.organization, counterpart)
        if by.organization.kind == Organization.Kind.BUYER
        else (counterpart, by.organization)
    )
    with transaction.atomic():
        if Relationship.objects.filter(
            mission_id=by.mission_id, buyer=buyer, provider=provider
        ).exists():
            raise DomainError(
                _("You already have a partnership with %(name)s.") % {"name": counterpart.name},
                field="organization",
            )
        relationship: Relationship = Relationship.objects.create(
            mission_id=by.mission_id,
            buyer=buyer,
            provider=provider,
            origin=Relationship.Origin.MANUAL,
        )
        log_activity(
            relationship,
            action="outcomes.relationship_started",
            actor=by.user,
            mission=by.mission,
            data={"buyer": buyer.pk, "provider": provider.pk},
        )
        _propose(relationship, by=by, stage=str(Stage.LEAD), note=note, now=now)
    return relationship


def propose_stage(
    relationship: Relationship,
    *,
    by: Person,
    stage: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> StageChange:
    """``by``'s side proposes ``stage``; it replaces any earlier pending proposal. If the
    other side had already proposed the same stage, this confirms it."""
    now = now or timezone.now()
    if stage not in Stage.values:
        raise DomainError(_("Choose a stage from the list."), field="stage")
    if len(note.strip()) > NOTE_MAX:
        raise DomainError(
            _("Keep the note under %(max)d characters.") % {"max": NOTE_MAX}, field="note"
        )
    with transaction.atomic():
        locked = _lock(relationship)
        if not rules.side_of(locked, by):
            raise PermissionDenied(_("Only the two organizations of a partnership can change it."))
        if stage == locked.stage:
            raise DomainError(_("The partnership is already at this stage."), field="stage")
        pending = StageChange.objects.filter(relationship=locked, status=Status.PENDING).first()
        if pending is not None and pending.stage == stage and rules.can_answer(pending, by):
            return _answer(pending, locked, by=by, accept=True, now=now)
        change = _propose(locked, by=by, stage=stage, note=note, now=now)
    return change


def answer_stage(
    change: StageChange, *, by: Person, accept: bool, now: dt.datetime | None = None
) -> StageChange:
    """The other side confirms (``accept``) or declines a pending stage; a confirmed
    stage becomes the relationship's stage."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(change.relationship)
        current = StageChange.objects.select_related("relationship").get(pk=change.pk)
        if not current.pending:
            raise DomainError(_("This proposal was already answered or replaced."))
        if not rules.can_answer(current, by):
            raise PermissionDenied(_("Only the other organization can answer this proposal."))
        return _answer(current, locked, by=by, accept=accept, now=now)


def rate_partnership(
    relationship: Relationship,
    *,
    by: Person,
    rating: int,
    comment: str = "",
    now: dt.datetime | None = None,
) -> PartnershipRating:
    """``by``'s organization rates how the partnership turned out, 1 to 5 (the
    six-month question); a later answer replaces the earlier one."""
    now = now or timezone.now()
    if rating not in range(1, 6):
        raise DomainError(_("Choose a rating from 1 to 5."), field="rating")
    if len(comment.strip()) > COMMENT_MAX:
        raise DomainError(
            _("Keep the comment under %(max)d characters.") % {"max": COMMENT_MAX},
            field="comment",
        )
    with transaction.atomic():
        locked = _lock(relationship)
        if not rules.side_of(locked, by):
            raise PermissionDenied(_("Only the two organizations of a partnership can rate it."))
        answer: PartnershipRating
        answer, created = PartnershipRating.objects.update_or_create(
            relationship=locked,
            organization_id=by.organization_id,
            defaults={
                "mission_id": locked.mission_id,
                "rating": rating,
                "comment": comment.strip(),
                "rated_by": by,
                "recorded_by": by.user,
                "rated_at": now,
            },
        )
        log_activity(
            answer,
            action="outcomes.partnership_rated" if created else "outcomes.partnership_rerated",
            actor=by.user,
            mission=locked.mission,
            data={"relationship": locked.pk, "rating": rating},
        )
    return answer


def _lock(relationship: Relationship) -> Relationship:
    locked: Relationship = (
        Relationship.objects.select_for_update(of=("self",))
        .select_related("mission", "buyer__mission", "provider__mission")
        .get(pk=relationship.pk)
    )
    return locked


def _propose(
    relationship: Relationship, *, by: Person, stage: str, note: str, now: dt.datetime
) -> StageChange:
    StageChange.objects.filter(relationship=relationship, status=Status.PENDING).update(
        status=Status.SUPERSEDED, answered_at=now
    )
    change: StageChange = StageChange.objects.create(
        mission_id=relationship.mission_id,
        relationship=relationship,
        stage=stage,
        proposed_by_organization_id=by.organization_id,
        proposed_by=by,
        proposed_at=now,
        note=note.strip(),
    )
    log_activity(
        change,
        action="outcomes.stage_proposed",
        actor=by.user,
        mission=relationship.mission,
        data={"relationship": relationship.pk, "stage": stage},
    )
    notifications.stage_proposed(change, relationship)
    return change


def _answer(
    change: StageChange, relationship: Relationship, *, by: Person, accept: bool, now: dt.datetime
) -> StageChange:
    change.status = Status.CONFIRMED if accept else Status.DECLINED
    change.answered_by, change.answered_at = by, now
    change.save(update_fields=["status", "answered_by", "answered_at"])
    if accept:
        relationship.stage, relationship.stage_confirmed_at = change.stage, now
        relationship.save(update_fields=["stage", "stage_confirmed_at", "updated"])
    log_activity(
        change,
        action="outcomes.stage_confirmed" if accept else "outcomes.stage_declined",
        actor=by.user,
        mission=relationship.mission,
        data={"relationship": relationship.pk, "stage": change.stage},
    )
    notifications.stage_answered(change, relationship)
    return change
