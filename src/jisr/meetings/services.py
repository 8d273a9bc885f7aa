"""Writes on meeting requests and the organizers' meeting policy.

Every rule about who may request, accept, decline or cancel lives here (and in
``rules``), so the web pages and the API behave the same. Each service owns its
transaction, logs itself and notifies the other side in their language on commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError, NotFound, PermissionDenied
from jisr.core.services import log_activity
from jisr.directory.models import Organization, Person
from jisr.marketplace.models import Listing
from jisr.meetings import queries, rules
from jisr.meetings.errors import DuplicateRequest, InvalidTransition, NotAllowedPair, QuotaExceeded
from jisr.meetings.models import (
    MESSAGE_MAX,
    REASON_MAX,
    VIDEO_URL_MAX,
    MeetingPolicy,
    MeetingRequest,
    OnlineMeetings,
    QuotaOverride,
    Unavailability,
    pair_key,
)
from jisr.meetings.notifications import notify
from jisr.missions.models import Mission, Slot

User: TypeAlias = AbstractBaseUser | AnonymousUser


def request_meeting(
    mission: Mission,
    *,
    requester: Person,
    recipient: Person,
    message: str,
    listing: Listing | None = None,
    online: bool = False,
    video_url: str = "",
) -> MeetingRequest:
    """Ask ``recipient`` for a 1:1 meeting; they get an e-mail in their language.

    Refused, with nothing written, when: the mission is not open or requests are frozen;
    either person is not a participant of ``mission``; it is a request to oneself or to
    a colleague; the organizers' pairs do not allow the two kinds to meet; an open
    request already links the pair (either direction); the requester has reached their
    open-request quota, or either side their accepted-meeting quota; an online meeting
    the organizers do not allow for this pair, or a video link that is not https.
    """
    message = message.strip()
    if not message:
        raise DomainError(_("Write a short message to introduce yourself."), field="message")
    if len(message) > MESSAGE_MAX:
        raise DomainError(
            _("Keep the message under %(max)d characters.") % {"max": MESSAGE_MAX},
            field="message",
        )
    video_url = clean_video_url(video_url) if online else ""
    with transaction.atomic():
        # Lock both people, in a fixed order, so concurrent requests count quotas right.
        locked = {
            p.pk: p
            for p in Person.objects.select_for_update(of=("self",))
            .select_related("organization", "user")
            .filter(pk__in=[requester.pk, recipient.pk], mission=mission)
            .order_by("pk")
        }
        if requester.pk not in locked or recipient.pk not in locked:
            raise NotFound(_("There is no such person in this mission."))
        requester, recipient = locked[requester.pk], locked[recipient.pk]
        policy = queries.policy_for(mission)
        _check_can_request(mission, policy, requester, recipient)
        if listing is not None:
            _check_listing(mission, listing, requester, recipient)
        _check_quotas_for_request(policy, requester, recipient)
        if online:
            _check_online(policy, requester, recipient)
        try:
            with transaction.atomic():
                request: MeetingRequest = MeetingRequest.objects.create(
                    mission=mission,
                    requester=requester,
                    recipient=recipient,
                    message=message,
                    listing=listing,
                    online=online,
                    video_url=video_url,
                )
        except IntegrityError as error:
            raise DuplicateRequest(_duplicate_message()) from error
        log_activity(
            request,
            action="meetings.request.sent",
            actor=requester.user,
            mission=mission,
            data={"requester": requester.pk, "recipient": recipient.pk, "online": online},
        )
        notify(request, event="requested", to=recipient, actor=requester)
    return request


def check_request_allowed(mission: Mission, *, requester: Person, recipient: Person) -> None:
    """Raise the error ``request_meeting`` would raise for this pair, writing nothing.

    Lets a page explain a refusal before the person writes their message; the
    request itself checks everything again under locks.
    """
    if requester.mission_id != mission.pk or recipient.mission_id != mission.pk:
        raise NotFound(_("There is no such person in this mission."))
    policy = queries.policy_for(mission)
    _check_can_request(mission, policy, requester, recipient)
    _check_quotas_for_request(policy, requester, recipient)


def accept_meeting_request(request: MeetingRequest, *, by: Person) -> MeetingRequest:
    """The recipient accepts a pending request, within both sides' accepted quotas."""
    with transaction.atomic():
        # Both people first, in the order request_meeting locks them, so that concurrent
        # accepts of different requests count each side's accepted quota one at a time.
        _lock_people(request.mission_id, [request.requester_id, request.recipient_id])
        request = _locked(request, action="accept", by=by)
        if request.mission.status != Mission.Status.OPEN:
            raise NotAllowedPair(_("This mission is not open: meetings cannot be accepted now."))
        policy = queries.policy_for(request.mission)
        for person in (request.recipient, request.requester):
            _check_accepted_quota(policy, person, is_self=person.pk == by.pk)
        request.status = MeetingRequest.Status.ACCEPTED
        request.responded = timezone.now()
        request.save(update_fields=["status", "responded", "updated"])
        log_activity(
            request, action="meetings.request.accepted", actor=by.user, mission=request.mission
        )
        notify(request, event="accepted", to=request.requester, actor=by)
    return request


def decline_meeting_request(request: MeetingRequest, *, by: Person, reason: str) -> MeetingRequest:
    """The recipient declines a pending request; the reason is sent to the requester."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Tell the requester briefly why you decline."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("Keep the reason under %(max)d characters.") % {"max": REASON_MAX}, field="reason"
        )
    with transaction.atomic():
        request = _locked(request, action="decline", by=by)
        request.status = MeetingRequest.Status.DECLINED
        request.decline_reason = reason
        request.responded = timezone.now()
        request.save(update_fields=["status", "decline_reason", "responded", "updated"])
        log_activity(
            request, action="meetings.request.declined", actor=by.user, mission=request.mission
        )
        notify(request, event="declined", to=request.requester, actor=by)
    return request


def cancel_meeting_request(
    request: MeetingRequest, *, by: Person, reason: str = ""
) -> MeetingRequest:
    """The requester withdraws a pending request, or either side cancels an accepted one."""
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("Keep the reason under %(max)d characters.") % {"max": REASON_MAX}, field="reason"
        )
    with transaction.atomic():
        request = _locked(request, action="cancel", by=by)
        request.status = MeetingRequest.Status.CANCELLED
        request.cancel_reason = reason
        request.cancelled_by = by
        request.save(update_fields=["status", "cancel_reason", "cancelled_by", "updated"])
        log_activity(
            request, action="meetings.request.cancelled", actor=by.user, mission=request.mission
        )
        other = request.recipient if by.pk == request.requester_id else request.requester
        notify(request, event="cancelled", to=other, actor=by)
    return request


def update_meeting_policy(
    mission: Mission,
    *,
    by: User,
    allowed_pairs: Iterable[str],
    accepting_requests: bool,
    max_open_sent: int | None,
    max_accepted: int | None,
    online_meetings: str | None = None,
    video_url_pattern: str | None = None,
) -> MeetingPolicy:
    """Organizers set who may meet whom, the default quotas and online meetings
    (``None`` keeps the saved online settings).

    Lowering a quota never cancels existing requests; it only stops new ones.
    """
    if not rules.can_manage_meetings(by, mission):
        raise PermissionDenied(_("Only the organizers of this mission can change its rules."))
    kinds = Organization.Kind.values
    valid = {pair_key(a, b) for a in kinds for b in kinds}
    pairs = sorted(set(allowed_pairs))
    unknown = [p for p in pairs if p not in valid]
    if unknown:
        raise DomainError(_("Some of the pairs chosen are not known."), field="allowed_pairs")
    _check_limit(max_open_sent, field="max_open_sent")
    _check_limit(max_accepted, field="max_accepted")
    if online_meetings is not None and online_meetings not in OnlineMeetings.values:
        raise DomainError(_("Choose who may meet online."), field="online_meetings")
    if video_url_pattern is not None:
        video_url_pattern = clean_video_url_pattern(video_url_pattern)
    with transaction.atomic():
        policy: MeetingPolicy
        policy, _created = MeetingPolicy.objects.select_for_update().get_or_create(mission=mission)
        policy.allowed_pairs = pairs
        policy.accepting_requests = accepting_requests
        policy.max_open_sent = max_open_sent
        policy.max_accepted = max_accepted
        if online_meetings is not None:
            policy.online_meetings = online_meetings
        if video_url_pattern is not None:
            policy.video_url_pattern = video_url_pattern
        policy.save()
        log_activity(
            policy,
            action="meetings.policy.updated",
            actor=by,
            mission=mission,
            data={
                "allowed_pairs": pairs,
                "accepting_requests": accepting_requests,
                "max_open_sent": max_open_sent,
                "max_accepted": max_accepted,
                "online_meetings": policy.online_meetings,
                "video_url_pattern": policy.video_url_pattern,
            },
        )
    return policy


def set_quota_override(
    mission: Mission,
    *,
    by: User,
    person: Person,
    max_open_sent: int | None,
    max_accepted: int | None,
) -> QuotaOverride | None:
    """Give one person their own quotas; two empty values remove the exception."""
    if not rules.can_manage_meetings(by, mission):
        raise PermissionDenied(_("Only the organizers of this mission can change its rules."))
    if person.mission_id != mission.pk:
        raise NotFound(_("There is no such person in this mission."))
    _check_limit(max_open_sent, field="max_open_sent")
    _check_limit(max_accepted, field="max_accepted")
    with transaction.atomic():
        if max_open_sent is None and max_accepted is None:
            QuotaOverride.objects.for_mission(mission).filter(person=person).delete()
            log_activity(
                person, action="meetings.quota.removed", actor=by, mission=mission, data={}
            )
            return None
        override: QuotaOverride
        override, _created = QuotaOverride.objects.update_or_create(
            mission=mission,
            person=person,
            defaults={"max_open_sent": max_open_sent, "max_accepted": max_accepted},
        )
        log_activity(
            person,
            action="meetings.quota.set",
            actor=by,
            mission=mission,
            data={"max_open_sent": max_open_sent, "max_accepted": max_accepted},
        )
    return override


# --------------------------------------------------------------------------- online


_HTTPS = URLValidator(schemes=["https"])


def clean_video_url(value: str) -> str:
    """A pasted video link: empty, or an https URL of reasonable length."""
    value = value.strip()
    if not value:
        return ""
    try:
        if len(value) > VIDEO_URL_MAX:
            raise ValidationError("too long")
        _HTTPS(value)
    except ValidationError as error:
        raise DomainError(
            _("Enter a full https link to the video call, e.g. https://meet.example/room."),
            field="video_url",
        ) from error
    return value


def clean_video_url_pattern(value: str) -> str:
    """The mission's link pattern: empty, or an https URL containing ``{uid}``."""
    value = value.strip()
    if not value:
        return ""
    if "{uid}" not in value:
        raise DomainError(
            _("Put {uid} in the pattern where each meeting's own room name goes."),
            field="video_url_pattern",
        )
    try:
        clean_video_url(value.replace("{uid}", "room"))
    except DomainError as error:
        raise DomainError(
            _("Enter an https address, e.g. https://meet.example/jisr-{uid}."),
            field="video_url_pattern",
        ) from error
    return value


def _check_online(policy: MeetingPolicy, requester: Person, recipient: Person) -> None:
    remote = requester.attends_remotely or recipient.attends_remotely
    if policy.allows_online(remote=remote):
        return
    if policy.online_meetings == OnlineMeetings.OFF:
        raise NotAllowedPair(
            _("The organizers do not offer online meetings in this mission."), field="online"
        )
    raise NotAllowedPair(
        _(
            "Online meetings are offered only when one of the two people attends remotely. "
            "Mark yourself as remote in your profile if you cannot travel."
        ),
        field="online",
    )


def set_request_priority(request: MeetingRequest, *, by: User, prioritized: bool) -> MeetingRequest:
    """An organizer marks a request as a priority for the scheduler, or removes it."""
    if not rules.can_manage_meetings(by, request.mission):
        raise PermissionDenied(_("Only the organizers of this mission can change its rules."))
    with transaction.atomic():
        MeetingRequest.objects.filter(pk=request.pk).update(prioritized=prioritized)
        request.prioritized = prioritized
        log_activity(
            request,
            action="meetings.request.prioritized" if prioritized else "meetings.request.ordinary",
            actor=by,
            mission=request.mission,
        )
    return request


# --------------------------------------------------------------------------- availability


def set_unavailability(
    person: Person,
    *,
    by: User,
    slot_ids: Iterable[int] = (),
    periods: Iterable[tuple[dt.date, str]] = (),
) -> list[Slot]:
    """Replace the slots in which ``person`` is away.

    ``slot_ids`` are slots of the person's mission; ``periods`` are (local date,
    "morning" | "afternoon" | "day") and add every slot of that half-day or day at any
    venue. Refused, with nothing changed, when a slot is unknown or when the person
    would keep no slot at all, or fewer free slots than their accepted meetings.
    Returns the slots now marked away. Only the person (or an organizer) may.
    """
    mission = person.mission
    if by.pk != person.user_id and not rules.can_manage_meetings(by, mission):
        raise PermissionDenied(_("Only this participant or the organizers can change it."))
    grid = list(Slot.objects.for_mission(mission).select_related("day").order_by("start", "pk"))
    by_id = {slot.pk: slot for slot in grid}
    wanted = set()
    for slot_id in slot_ids:
        if slot_id not in by_id:
            raise DomainError(_("One of the slots chosen is not in this mission."), field="slots")
        wanted.add(slot_id)
    for date, session in periods:
        if session not in ("morning", "afternoon", "day"):
            raise DomainError(_("Choose morning, afternoon or the whole day."), field="periods")
        matched = [
            slot.pk
            for slot in grid
            if slot.day.date == date and (session == "day" or slot.block == session)
        ]
        if not matched:
            raise DomainError(
                _("There are no meeting slots on %(date)s.") % {"date": date.isoformat()},
                field="periods",
            )
        wanted.update(matched)
    # A person is in one place at a time: slots at the same time at two venues are one.
    times = {(slot.start, slot.end) for slot in grid}
    away = {(by_id[pk].start, by_id[pk].end) for pk in wanted}
    free = len(times - away)
    accepted = queries.accepted_count(person)
    if times and free == 0:
        raise DomainError(
            _(
                "You cannot be away in every slot: keep at least one slot free so that "
                "meetings can be placed."
            ),
            field="slots",
        )
    if free < accepted:
        raise DomainError(
            _(
                "You have %(accepted)d accepted meetings but would keep only %(free)d free "
                "slots. Free more slots, or cancel meetings first."
            )
            % {"accepted": accepted, "free": free},
            field="slots",
        )
    with transaction.atomic():
        Person.objects.select_for_update(of=("self",)).filter(pk=person.pk).first()
        current = set(
            Unavailability.objects.for_mission(mission)
            .filter(person=person)
            .values_list("slot_id", flat=True)
        )
        Unavailability.objects.for_mission(mission).filter(
            person=person, slot_id__in=current - wanted
        ).delete()
        Unavailability.objects.bulk_create(
            Unavailability(mission=mission, person=person, slot_id=pk)
            for pk in sorted(wanted - current)
        )
        log_activity(
            person,
            action="meetings.availability.set",
            actor=by,
            mission=mission,
            data={"away": sorted(wanted)},
        )
    return [by_id[pk] for pk in sorted(wanted, key=lambda pk: (by_id[pk].start, pk))]


def _check_limit(value: int | None, *, field: str) -> None:
    if value is not None and not 0 <= value <= 500:
        raise DomainError(_("Enter a number from 0 to 500, or leave it empty."), field=field)


def _check_can_request(
    mission: Mission, policy: MeetingPolicy, requester: Person, recipient: Person
) -> None:
    if mission.status != Mission.Status.OPEN:
        raise NotAllowedPair(_("Meeting requests can be sent only while the mission is open."))
    if not policy.accepting_requests:
        raise NotAllowedPair(_("The organizers have paused new meeting requests."))
    if requester.pk == recipient.pk:
        raise NotAllowedPair(_("You cannot request a meeting with yourself."))
    if requester.organization_id == recipient.organization_id:
        raise NotAllowedPair(
            _("You cannot request a meeting with someone of your own organization.")
        )
    if not rules.takes_part(requester, mission):
        raise PermissionDenied(_("Only participants of this mission can request meetings."))
    if not rules.takes_part(recipient, mission):
        raise NotAllowedPair(_("This person does not take part in the meetings of this mission."))
    if not policy.allows(requester.organization.kind, recipient.organization.kind):
        raise NotAllowedPair(
            _(
                "In this mission, %(kind)s participants cannot request meetings with "
                "%(other)s participants."
            )
            % {
                "kind": requester.organization.get_kind_display(),
                "other": recipient.organization.get_kind_display(),
            }
        )
    if queries.open_request_between(requester, recipient) is not None:
        raise DuplicateRequest(_duplicate_message())


def _duplicate_message() -> str:
    return str(
        _("There is already an open meeting request between you and this person; see My meetings.")
    )


def _check_listing(
    mission: Mission, listing: Listing, requester: Person, recipient: Person
) -> None:
    if (
        listing.mission_id != mission.pk
        or not listing.is_active
        or listing.organization_id not in (requester.organization_id, recipient.organization_id)
    ):
        raise DomainError(
            _("This listing cannot be linked to this meeting request."), field="listing"
        )


def _check_quotas_for_request(policy: MeetingPolicy, requester: Person, recipient: Person) -> None:
    limits = queries.limits_for(policy, requester)
    if (
        limits.max_open_sent is not None
        and queries.open_sent_count(requester) >= limits.max_open_sent
    ):
        raise QuotaExceeded(
            _(
                "You have reached your limit of %(max)d open meeting requests. Cancel one or wait "
                "for answers before sending more."
            )
            % {"max": limits.max_open_sent}
        )
    _check_accepted_quota(policy, requester, is_self=True)
    _check_accepted_quota(policy, recipient, is_self=False)


def _check_accepted_quota(policy: MeetingPolicy, person: Person, *, is_self: bool) -> None:
    limit = queries.limits_for(policy, person).max_accepted
    if limit is None or queries.accepted_count(person) < limit:
        return
    if is_self:
        raise QuotaExceeded(
            _("You have reached your limit of %(max)d accepted meetings.") % {"max": limit}
        )
    raise QuotaExceeded(_("This person's meeting agenda is full."))


def _lock_people(mission_id: int, person_ids: list[int]) -> None:
    list(
        Person.objects.select_for_update()
        .filter(pk__in=person_ids, mission_id=mission_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _locked(request: MeetingRequest, *, action: str, by: Person) -> MeetingRequest:
    """Re-read the request under a row lock and check the transition and the actor."""
    fresh: MeetingRequest = (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("mission", "requester__organization", "recipient__organization", "listing")
        .get(pk=request.pk)
    )
    if not rules.is_party(fresh, by) or by.mission_id != fresh.mission_id:
        raise NotFound(_("There is no such meeting request."))
    if not rules.can_transition(fresh, action):
        raise InvalidTransition(
            _("This request is %(status)s; it can no longer be changed that way.")
            % {"status": fresh.get_status_display()}
        )
    if not rules.may_act(fresh, action, by):
        raise PermissionDenied(_ACTOR_MESSAGES[action])
    return fresh


_ACTOR_MESSAGES = {
    "accept": _("Only the person who received the request can accept it."),
    "decline": _("Only the person who received the request can decline it."),
    "cancel": _(
        "A pending request can be withdrawn only by the person who sent it; decline it instead."
    ),
}
