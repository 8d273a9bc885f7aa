"""Reads about messages: a person's threads and unread count, one thread, the reported
messages organizers review, and the permission-checked fetches."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import NotFound
from jisr.directory.models import Person
from jisr.meetings.models import MeetingRequest
from jisr.messaging import rules
from jisr.messaging.models import Message, MessagingSettings
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission
from jisr.missions.queries import person_for


def settings_for(mission: Mission) -> MessagingSettings:
    """The mission's saved settings, or an unsaved row holding the defaults."""
    return MessagingSettings.objects.filter(mission=mission).first() or MessagingSettings(
        mission=mission
    )


def access_thread(
    user: mission_rules.User, mission: Mission, request_id: int
) -> tuple[MeetingRequest, Person]:
    """The meeting request whose thread the user may read, with the user's person.

    Another mission's request, or one between other people, answers like a missing one.
    """
    person = person_for(user, mission)
    request = (
        MeetingRequest.objects.for_mission(mission)
        .select_related("mission", "requester__organization", "recipient__organization")
        .filter(pk=request_id)
        .first()
        if person is not None
        else None
    )
    if request is None or not rules.can_read(request, person):
        raise NotFound(_("There is no such conversation."))
    assert person is not None
    return request, person


def access_message(
    user: mission_rules.User, mission: Mission, message_id: int
) -> tuple[Message, Person]:
    """A message of ``mission`` the user sent or received, with the user's person."""
    person = person_for(user, mission)
    message = (
        Message.objects.for_mission(mission)
        .select_related("request", "sender", "recipient")
        .filter(Q(sender=person) | Q(recipient=person), pk=message_id)
        .first()
        if person is not None
        else None
    )
    if message is None:
        raise NotFound(_("There is no such message."))
    assert person is not None
    return message, person


def access_reported_message(user: mission_rules.User, mission: Mission, message_id: int) -> Message:
    """A reported message of ``mission``, for its organizers only."""
    message = (
        Message.objects.for_mission(mission)
        .filter(pk=message_id, reported_at__isnull=False)
        .first()
        if rules.can_moderate(user, mission)
        else None
    )
    if message is None:
        raise NotFound(_("There is no such message."))
    return message


def thread_messages(request: MeetingRequest) -> QuerySet[Message]:
    """The request's messages, oldest first."""
    return Message.objects.filter(mission_id=request.mission_id, request=request).select_related(
        "sender"
    )


def threads_of(person: Person) -> QuerySet[MeetingRequest]:
    """The person's requests that have messages or can still get some, most recent
    message first, each with ``unread`` (messages to them not read yet) and ``last``."""
    either = Q(requester=person) | Q(recipient=person)
    return (
        MeetingRequest.objects.for_mission(person.mission)
        .filter(either)
        .filter(Q(status__in=["pending", "accepted"]) | Q(messages__isnull=False))
        .annotate(
            unread=Count(
                "messages",
                filter=Q(messages__recipient=person, messages__read_at__isnull=True),
                distinct=True,
            ),
            last=Max("messages__created"),
        )
        .select_related("requester__organization", "recipient__organization")
        .order_by("-last", "-updated", "-id")
        .distinct()
    )


def unread_count(person: Person) -> int:
    return (
        Message.objects.for_mission(person.mission)
        .filter(recipient=person, read_at__isnull=True)
        .count()
    )


def reported_messages(mission: Mission, *, open_only: bool = True) -> QuerySet[Message]:
    """Messages participants reported, oldest report first, for the organizers."""
    reported = Message.objects.for_mission(mission).filter(reported_at__isnull=False)
    if open_only:
        reported = reported.filter(report_closed_at__isnull=True)
    return reported.select_related("sender__organization", "recipient__organization").order_by(
        "reported_at", "id"
    )
