"""Writes on messages: sending, reading, reporting, moderating, the organizers'
settings and the retention purge. Each service owns its transaction and logs itself;
the log records who and which thread, never the text."""

from __future__ import annotations

import datetime as dt
from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError, PermissionDenied
from jisr.core.i18n import LANGUAGE_CODES
from jisr.core.services import log_activity
from jisr.directory.models import Person
from jisr.meetings.models import MeetingRequest
from jisr.messaging import queries, rules
from jisr.messaging.models import (
    BODY_MAX,
    DEFAULT_RETENTION_DAYS,
    MAX_RETENTION_DAYS,
    REPORT_REASON_MAX,
    Message,
    MessagingSettings,
)
from jisr.messaging.notifications import notify_new_message
from jisr.missions.models import Mission

User: TypeAlias = AbstractBaseUser | AnonymousUser


class MessagingDisabled(DomainError):
    pass


def send_message(
    request: MeetingRequest,
    *,
    by: Person,
    body: str,
    language: str | None = None,
    now: dt.datetime | None = None,
) -> Message:
    """``by`` writes to the other side of ``request``; ``language`` (default: ``by``'s
    interface language) is shown beside the message.

    The recipient gets an e-mail in their language for the first unread message of the
    thread only, so a conversation does not become a stream of e-mails. Refused, with
    nothing written, for an empty or oversized message, when messaging is off, the
    mission not open, or the request declined or cancelled.
    """
    body = body.strip()
    if not body:
        raise DomainError(_("Write a message first."), field="body")
    if len(body) > BODY_MAX:
        raise DomainError(
            _("A message can be at most %(max)d characters long; this one has %(count)d.")
            % {"max": BODY_MAX, "count": len(body)},
            field="body",
        )
    with transaction.atomic():
        request = (
            MeetingRequest.objects.select_for_update(of=("self",))
            .select_related("mission", "requester__organization", "recipient__organization")
            .get(pk=request.pk)
        )
        settings = queries.settings_for(request.mission)
        if not rules.can_read(request, by):
            raise PermissionDenied(_("Only the two people of a meeting request can write here."))
        if not settings.enabled:
            raise MessagingDisabled(_("The organizers turned messaging off for this mission."))
        if not rules.can_write(request, by, settings):
            raise DomainError(
                _("This conversation is closed: the request was declined or cancelled.")
            )
        recipient = request.recipient if by.pk == request.requester_id else request.requester
        first_unread = not Message.objects.filter(
            request=request, recipient=recipient, read_at__isnull=True
        ).exists()
        message: Message = Message.objects.create(
            mission=request.mission,
            request=request,
            sender=by,
            recipient=recipient,
            body=body,
            language=language if language in LANGUAGE_CODES else by.preferred_language,
            created=now or timezone.now(),
        )
        log_activity(
            message,
            action="messaging.message.sent",
            actor=by.user,
            mission=request.mission,
            data={"request": request.pk, "recipient": recipient.pk},
        )
        if first_unread:
            notify_new_message(message)
    return message


def mark_thread_read(request: MeetingRequest, *, by: Person, now: dt.datetime | None = None) -> int:
    """Mark the messages ``by`` received in the thread as read; returns how many."""
    if not rules.can_read(request, by):
        raise PermissionDenied(_("Only the two people of a meeting request can read this."))
    with transaction.atomic():
        unread = Message.objects.filter(request=request, recipient=by, read_at__isnull=True)
        count: int = unread.update(read_at=now or timezone.now())
        if count:
            log_activity(
                request,
                action="messaging.thread.read",
                actor=by.user,
                mission=request.mission,
                data={"messages": count},
            )
    return count


def report_message(message: Message, *, by: Person, reason: str = "") -> Message:
    """The recipient flags a message for the organizers, who may hide it."""
    reason = reason.strip()
    if len(reason) > REPORT_REASON_MAX:
        raise DomainError(
            _("Keep the reason under %(max)d characters.") % {"max": REPORT_REASON_MAX},
            field="reason",
        )
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.recipient_id != by.pk:
            raise PermissionDenied(_("Only the recipient can report a message."))
        if message.reported_at is not None:
            raise DomainError(_("You already reported this message; the organizers will look."))
        message.reported_at = timezone.now()
        message.report_reason = reason
        message.save(update_fields=["reported_at", "report_reason"])
        log_activity(
            message,
            action="messaging.message.reported",
            actor=by.user,
            mission=message.mission,
            data={"request": message.request_id},
        )
    return message


def close_report(message: Message, *, by: User, hide: bool) -> Message:
    """An organizer handles a report: ``hide`` takes the text out of the thread."""
    with transaction.atomic():
        message = Message.objects.select_for_update().select_related("mission").get(pk=message.pk)
        if not rules.can_moderate(by, message.mission):
            raise PermissionDenied(_("Only the organizers of this mission can do this."))
        now = timezone.now()
        message.report_closed_at = now
        fields = ["report_closed_at"]
        if hide:
            message.hidden_at = now
            fields.append("hidden_at")
        message.save(update_fields=fields)
        log_activity(
            message,
            action="messaging.message.hidden" if hide else "messaging.report.dismissed",
            actor=by,
            mission=message.mission,
        )
    return message


def update_messaging_settings(
    mission: Mission, *, by: User, enabled: bool, retention_days: int
) -> MessagingSettings:
    """Organizers turn messaging on or off and set how long messages are kept."""
    if not rules.can_moderate(by, mission):
        raise PermissionDenied(_("Only the organizers of this mission can change its rules."))
    if not 1 <= retention_days <= MAX_RETENTION_DAYS:
        raise DomainError(
            _("Keep messages between 1 and %(max)d days.") % {"max": MAX_RETENTION_DAYS},
            field="retention_days",
        )
    with transaction.atomic():
        settings: MessagingSettings
        settings, _created = MessagingSettings.objects.update_or_create(
            mission=mission, defaults={"enabled": enabled, "retention_days": retention_days}
        )
        log_activity(
            settings,
            action="messaging.settings.changed",
            actor=by,
            mission=mission,
            data={"enabled": enabled, "retention_days": retention_days},
        )
    return settings


def purge_expired_messages(*, today: dt.date | None = None) -> int:
    """Delete the messages of missions that ended more than their retention period
    ago (180 days unless the organizers chose otherwise). Returns how many."""
    today = today or timezone.localdate()
    custom = dict(MessagingSettings.objects.values_list("mission_id", "retention_days"))
    total = 0
    for mission in Mission.objects.filter(end_date__lt=today, messages__isnull=False).distinct():
        days = custom.get(mission.pk, DEFAULT_RETENTION_DAYS)
        if mission.end_date + dt.timedelta(days=days) >= today:
            continue
        with transaction.atomic():
            count, _by_model = Message.objects.for_mission(mission).delete()
            log_activity(
                mission,
                action="messaging.retention.purged",
                actor=None,
                mission=mission,
                data={"messages": count, "retention_days": days},
            )
        total += count
    return total
