"""One side's feedback after a meeting, and the lead that mutual interest creates."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError, PermissionDenied
from jisr.core.services import log_activity
from jisr.directory.models import Organization, Person
from jisr.outcomes import rules
from jisr.outcomes.models import Attendance, MeetingFeedback, Relationship
from jisr.outcomes.models.feedback import NEXT_STEP_TEXT_MAX, NOTE_MAX
from jisr.outcomes.services.pipeline import open_lead
from jisr.schedules.models import ScheduledMeeting


def record_feedback(
    scheduled_meeting: ScheduledMeeting,
    *,
    by: Person,
    interest: int,
    next_step: str,
    next_step_text: str = "",
    private_note: str = "",
    now: dt.datetime | None = None,
) -> tuple[MeetingFeedback, Relationship | None]:
    """Record or correct ``by``'s feedback on a meeting that ``by`` confirmed as held.

    When both sides are (very) interested and nobody reported a no-show, the buyer and
    the provider get a relationship at the "lead" stage, returned as the second value
    (None otherwise, or when it already existed).
    """
    now = now or timezone.now()
    _validate(interest, next_step, next_step_text, private_note)
    with transaction.atomic():
        meeting = (
            ScheduledMeeting.objects.select_for_update(of=("self",))
            .select_related("request", "slot", "mission")
            .get(pk=scheduled_meeting.pk)
        )
        if not rules.is_party(meeting, by):
            raise PermissionDenied(_("Only the two participants of a meeting can give feedback."))
        answers = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
        if not rules.can_give_feedback(meeting, by, answers.get(by.pk), now):
            raise DomainError(_("Confirm first that the meeting took place."))
        feedback, created = MeetingFeedback.objects.update_or_create(
            meeting=meeting,
            person=by,
            defaults={
                "mission_id": meeting.mission_id,
                "organization_id": by.organization_id,
                "interest": interest,
                "next_step": next_step,
                "next_step_text": next_step_text.strip(),
                "private_note": private_note.strip(),
                "recorded_by": by.user,
            },
        )
        log_activity(
            feedback,
            action="outcomes.feedback_recorded" if created else "outcomes.feedback_changed",
            actor=by.user,
            mission=meeting.mission,
            # The private note stays out of the log, which organizers read.
            data={"meeting": str(meeting.uuid), "interest": interest, "next_step": next_step},
        )
        lead = None
        if _mutual_interest(meeting, answers):
            lead = _lead_for(meeting, by=by, now=now)
    return feedback, lead


def _validate(interest: int, next_step: str, next_step_text: str, private_note: str) -> None:
    if interest not in MeetingFeedback.Interest.values:
        raise DomainError(_("Choose how interested you are."), field="interest")
    if next_step not in MeetingFeedback.NextStep.values:
        raise DomainError(_("Choose a next step from the list."), field="next_step")
    if len(next_step_text.strip()) > NEXT_STEP_TEXT_MAX:
        raise DomainError(
            _("Describe the next step in at most %(max)d characters.")
            % {"max": NEXT_STEP_TEXT_MAX},
            field="next_step_text",
        )
    if len(private_note.strip()) > NOTE_MAX:
        raise DomainError(
            _("Keep the private note under %(max)d characters.") % {"max": NOTE_MAX},
            field="private_note",
        )


def _mutual_interest(meeting: ScheduledMeeting, answers: dict[int, Attendance]) -> bool:
    if any(not answer.held for answer in answers.values()):
        return False  # a no-show reported by either side
    sides = (meeting.request.requester_id, meeting.request.recipient_id)
    interested = set(
        MeetingFeedback.objects.filter(
            meeting=meeting, person_id__in=sides, interest__gte=MeetingFeedback.Interest.INTERESTED
        ).values_list("person_id", flat=True)
    )
    return interested == set(sides)


def _lead_for(meeting: ScheduledMeeting, *, by: Person, now: dt.datetime) -> Relationship | None:
    """The buyer–provider pair of the meeting; only buyer/provider meetings make leads."""
    people = {
        p.pk: p
        for p in Person.objects.filter(
            pk__in=(meeting.request.requester_id, meeting.request.recipient_id)
        ).select_related("organization")
    }
    kinds = {p.organization.kind: p.organization for p in people.values()}
    buyer = kinds.get(Organization.Kind.BUYER)
    provider = kinds.get(Organization.Kind.PROVIDER)
    if buyer is None or provider is None:
        return None
    return open_lead(meeting, buyer=buyer, provider=provider, by=by, now=now)
