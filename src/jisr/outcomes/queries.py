"""Reads of the outcomes app: whose agenda a user may open, the meeting behind a
confirmation link, attendance answers and calendar feeds."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import NotFound
from jisr.directory.models import Person
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission, Participation
from jisr.missions.queries import access_mission, person_for
from jisr.outcomes import rules
from jisr.outcomes.models import Attendance, CalendarFeed
from jisr.schedules.models import Publication, ScheduledMeeting

MEETING_RELATIONS = (
    "mission",
    "request__requester__organization",
    "request__recipient__organization",
    "slot__day__venue",
    "table",
)


def access_agenda_person(
    user: mission_rules.User, slug: str, person_id: int | None = None
) -> tuple[Mission, Person]:
    """The mission and whose agenda to show: the user's own (``person_id`` None), or,
    for the mission's organizers, any person of the mission. Anything else is
    ``NotFound``, so other people's agendas do not seem to exist."""
    mission = access_mission(user, slug)
    if person_id is None:
        person = person_for(user, mission)
    else:
        person = (
            Person.objects.for_mission(mission)
            .select_related("organization", "mission")
            .filter(pk=person_id)
            .first()
        )
    if person is None or not rules.can_see_agenda_of(user, mission, person):
        raise NotFound(_("There is no such agenda."))
    return mission, person


def access_scheduled_meeting(
    user: mission_rules.User, slug: str, meeting_uuid: uuid.UUID
) -> tuple[ScheduledMeeting, Person]:
    """A published or cancelled meeting of the mission in which the user takes part,
    with the user's person; draft meetings and other people's meetings are 404."""
    mission = access_mission(user, slug)
    person = person_for(user, mission)
    meeting = (
        ScheduledMeeting.objects.for_mission(mission)
        .exclude(state=ScheduledMeeting.State.DRAFT)
        .select_related(*MEETING_RELATIONS)
        .filter(uuid=meeting_uuid)
        .first()
    )
    if meeting is None or person is None or not rules.is_party(meeting, person):
        raise NotFound(_("There is no such meeting in your agenda."))
    return meeting, person


def is_schedule_published(mission: Mission) -> bool:
    return Publication.objects.for_mission(mission).exists()


def attendance_by_meeting(
    meetings: Iterable[ScheduledMeeting],
) -> dict[int, dict[int, Attendance]]:
    """Answers per meeting id, then per answering person id, in one query."""
    ids = [meeting.pk for meeting in meetings]
    answers: dict[int, dict[int, Attendance]] = defaultdict(dict)
    for attendance in Attendance.objects.filter(meeting_id__in=ids):
        answers[attendance.meeting_id][attendance.person_id] = attendance
    return answers


def feed_for(person: Person) -> CalendarFeed | None:
    return CalendarFeed.objects.for_mission(person.mission).filter(person=person).first()


def person_for_feed(slug: str, token: str) -> Person | None:
    """The owner of a feed address, only within the mission the address names."""
    if not token or len(token) > 64:
        return None
    feed = (
        CalendarFeed.objects.select_related("person__organization", "person__mission")
        .filter(mission__slug=slug, token=token)
        .first()
    )
    if feed is None or feed.person.mission_id != feed.mission_id:
        return None
    return feed.person


def agenda_people(mission: Mission) -> QuerySet[Person]:
    """Buyers and providers of the mission, for the organizers' agenda index."""
    roles = (Participation.Role.BUYER, Participation.Role.PROVIDER)
    return (
        Person.objects.for_mission(mission)
        .filter(participations__mission=mission, participations__role__in=roles)
        .select_related("organization")
        .distinct()
        .order_by("organization__kind", "last_name", "first_name", "pk")
    )


@dataclass
class AttendanceCounts:
    """One person's published meetings and what the two sides answered about them."""

    meetings: int = 0
    held: int = 0  # at least one side confirmed it, nobody reported a no-show
    no_show: int = 0  # at least one side reported that it did not take place
    unanswered: int = 0  # already started, nobody answered yet


def attendance_overview(mission: Mission, *, now: dt.datetime) -> dict[int, AttendanceCounts]:
    """Per person id, for the organizers' index; two queries whatever the mission's size."""
    meetings = list(
        ScheduledMeeting.objects.for_mission(mission)
        .filter(state=ScheduledMeeting.State.PUBLISHED)
        .values_list("pk", "request__requester_id", "request__recipient_id", "slot__start")
    )
    outcomes: dict[int, set[str]] = defaultdict(set)
    for meeting_id, outcome in Attendance.objects.for_mission(mission).values_list(
        "meeting_id", "outcome"
    ):
        outcomes[meeting_id].add(outcome)
    counts: dict[int, AttendanceCounts] = defaultdict(AttendanceCounts)
    for meeting_id, requester_id, recipient_id, start in meetings:
        answers = outcomes.get(meeting_id, set())
        for person_id in (requester_id, recipient_id):
            row = counts[person_id]
            row.meetings += 1
            if Attendance.Outcome.NO_SHOW in answers:
                row.no_show += 1
            elif answers:
                row.held += 1
            elif start <= now:
                row.unanswered += 1
    return dict(counts)
