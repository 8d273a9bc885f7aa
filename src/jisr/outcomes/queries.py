"""Reads of the outcomes app: whose agenda a user may open, the meeting behind a
confirmation link, attendance answers and calendar feeds; meeting feedback, the
partnership pipeline and success stories; and the figures reports read
(``pipeline_counts``, ``meetings_held``, ``no_show_rate``, ``success_stories``)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import NotFound
from jisr.directory.models import Organization, Person
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission, Participation
from jisr.missions.queries import access_mission, person_for
from jisr.outcomes import rules
from jisr.outcomes.models import (
    Attendance,
    Badge,
    CalendarFeed,
    CheckIn,
    MeetingFeedback,
    PartnershipRating,
    Relationship,
    Stage,
    StageChange,
    StoryConsent,
    SuccessStory,
)
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


# --------------------------------------------------------------------------- feedback


def feedback_of(meeting: ScheduledMeeting, person: Person) -> MeetingFeedback | None:
    """``person``'s own feedback on ``meeting``; the page shows it only to them."""
    return MeetingFeedback.objects.filter(meeting=meeting, person=person).first()


def feedback_for_organization(mission: Mission, organization_id: int) -> QuerySet[MeetingFeedback]:
    """Feedback written by people of one organization, private notes included: for that
    organization's own pages only."""
    return MeetingFeedback.objects.for_mission(mission).filter(organization_id=organization_id)


# --------------------------------------------------------------------------- pipeline

RELATIONSHIP_RELATIONS = ("mission", "buyer", "provider")


def access_partnerships(user: mission_rules.User, slug: str) -> tuple[Mission, Person | None]:
    """The mission and the user's person, or None for an organizer without one; anyone
    else gets ``NotFound``. Only buyers and providers have partnerships; other
    participants (advisors) see an empty list."""
    mission = access_mission(user, slug)
    person = person_for(user, mission)
    if person is not None:
        return mission, person
    if mission_rules.is_organizer(user, mission):
        return mission, None
    raise NotFound(_("There is no such page."))


def relationships_for(
    mission: Mission, *, organization_id: int | None = None
) -> QuerySet[Relationship]:
    """The mission's relationships (one organization's when given), with the pending
    proposal of each prefetched as ``pending_changes``."""
    relationships = Relationship.objects.for_mission(mission)
    if organization_id is not None:
        relationships = relationships.filter(
            Q(buyer_id=organization_id) | Q(provider_id=organization_id)
        )
    return relationships.select_related(*RELATIONSHIP_RELATIONS).prefetch_related(
        Prefetch(
            "changes",
            queryset=StageChange.objects.filter(status=StageChange.Status.PENDING).select_related(
                "proposed_by_organization"
            ),
            to_attr="pending_changes",
        )
    )


def access_relationship(
    user: mission_rules.User, slug: str, relationship_id: int
) -> tuple[Relationship, Person | None]:
    """A relationship of the mission that the user's organization is part of (or any,
    for organizers), with the user's person; others, and other missions', are 404."""
    mission, person = access_partnerships(user, slug)
    relationship = (
        relationships_for(mission).filter(pk=relationship_id).first() if relationship_id else None
    )
    if relationship is None or not rules.can_see_relationship(user, relationship, person):
        raise NotFound(_("There is no such partnership."))
    return relationship, person


def access_stage_change(relationship: Relationship, change_id: int) -> StageChange:
    change = (
        StageChange.objects.for_mission(relationship.mission)
        .select_related("relationship__mission", "proposed_by")
        .filter(relationship=relationship, pk=change_id)
        .first()
    )
    if change is None:
        raise NotFound(_("There is no such proposal."))
    return change


def stage_history(relationship: Relationship) -> QuerySet[StageChange]:
    return (
        StageChange.objects.for_mission(relationship.mission)
        .filter(relationship=relationship)
        .select_related("proposed_by_organization", "proposed_by", "answered_by")
        .order_by("-proposed_at", "-id")
    )


def meetings_between(relationship: Relationship) -> QuerySet[ScheduledMeeting]:
    """The published or cancelled meetings between people of the two organizations."""
    orgs = (relationship.buyer_id, relationship.provider_id)
    return (
        ScheduledMeeting.objects.for_mission(relationship.mission)
        .exclude(state=ScheduledMeeting.State.DRAFT)
        .filter(
            request__requester__organization_id__in=orgs,
            request__recipient__organization_id__in=orgs,
        )
        .exclude(request__requester__organization=F("request__recipient__organization"))
        .select_related(*MEETING_RELATIONS)
    )


def counterparts_for(person: Person) -> QuerySet[Organization]:
    """Organizations of the other kind that ``person``'s has no relationship with yet."""
    other = (
        Organization.Kind.PROVIDER
        if person.organization.kind == Organization.Kind.BUYER
        else Organization.Kind.BUYER
    )
    taken = Relationship.objects.for_mission(person.mission).filter(
        Q(buyer_id=person.organization_id) | Q(provider_id=person.organization_id)
    )
    return (
        Organization.objects.for_mission(person.mission)
        .filter(kind=other)
        .exclude(pk__in=taken.values("buyer_id"))
        .exclude(pk__in=taken.values("provider_id"))
        .order_by("name", "pk")
    )


def ratings_of(relationship: Relationship) -> dict[int, PartnershipRating]:
    """Per organization id; each side sees both answers."""
    return {
        r.organization_id: r
        for r in PartnershipRating.objects.for_mission(relationship.mission).filter(
            relationship=relationship
        )
    }


def pipeline_counts(mission: Mission) -> dict[str, int]:
    """Relationships per confirmed stage (every ``Stage`` value, zero included); the
    key "" counts those whose first stage is still waiting for confirmation."""
    counts = dict.fromkeys(["", *Stage.values], 0)
    rows = Relationship.objects.for_mission(mission).values_list("stage").annotate(n=Count("id"))
    for stage, n in rows:
        counts[stage] = n
    return counts


def meetings_held(mission: Mission) -> int:
    """Published meetings that at least one side confirmed and neither reported as a
    no-show (the same rule as the agenda index)."""
    return _answered_meetings(mission).filter(has_held=True, has_no_show=False).count()


def no_show_rate(mission: Mission) -> float | None:
    """Share of answered published meetings that a side reported as not held; None
    while no meeting has an answer."""
    answered = _answered_meetings(mission)
    total = answered.count()
    if not total:
        return None
    return answered.filter(has_no_show=True).count() / total


def _answered_meetings(mission: Mission) -> QuerySet[ScheduledMeeting]:
    answers = Attendance.objects.filter(meeting=OuterRef("pk"))
    return (
        ScheduledMeeting.objects.for_mission(mission)
        .filter(state=ScheduledMeeting.State.PUBLISHED)
        .annotate(
            has_held=Exists(answers.filter(outcome=Attendance.Outcome.HELD)),
            has_no_show=Exists(answers.filter(outcome=Attendance.Outcome.NO_SHOW)),
        )
        .filter(Q(has_held=True) | Q(has_no_show=True))
    )


# --------------------------------------------------------------------------- stories

STORY_RELATIONS = (
    "mission",
    "relationship__buyer",
    "relationship__provider",
    "quote_author__organization",
)


def success_stories(mission: Mission, *, published_only: bool = True) -> QuerySet[SuccessStory]:
    """The mission's stories, featured first, newest first; with ``published_only``
    (the default) only those both organizations consent to and an organizer approved.
    Stories carry only what their authors wrote for publication: no feedback, notes or
    stages."""
    stories = SuccessStory.objects.for_mission(mission)
    if published_only:
        active = StoryConsent.objects.filter(story=OuterRef("pk"), withdrawn_at__isnull=True)
        stories = stories.filter(
            Exists(active.filter(organization=OuterRef("relationship__buyer"))),
            Exists(active.filter(organization=OuterRef("relationship__provider"))),
            approved_at__isnull=False,
        )
    return stories.select_related(*STORY_RELATIONS).order_by("-featured", "-created", "-id")


def stories_of(relationship: Relationship) -> QuerySet[SuccessStory]:
    """A relationship's stories, each with its active consents as ``active_consents``."""
    return (
        SuccessStory.objects.for_mission(relationship.mission)
        .filter(relationship=relationship)
        .select_related(*STORY_RELATIONS)
        .prefetch_related(_active_consents())
        .order_by("-created", "-id")
    )


def stories_for_review(mission: Mission) -> QuerySet[SuccessStory]:
    """Every story of the mission with its active consents, for the organizers."""
    return (
        SuccessStory.objects.for_mission(mission)
        .select_related(*STORY_RELATIONS)
        .prefetch_related(_active_consents())
        .order_by("-created", "-id")
    )


def access_story(
    user: mission_rules.User, slug: str, story_id: int
) -> tuple[SuccessStory, Person | None]:
    """A story of a relationship the user may see (see ``access_relationship``)."""
    mission, person = access_partnerships(user, slug)
    story = (
        SuccessStory.objects.for_mission(mission)
        .select_related(*STORY_RELATIONS)
        .prefetch_related(_active_consents())
        .filter(pk=story_id)
        .first()
    )
    if story is None or not rules.can_see_relationship(user, story.relationship, person):
        raise NotFound(_("There is no such story."))
    return story, person


def _active_consents() -> Prefetch[StoryConsent]:
    return Prefetch(
        "consents",
        queryset=StoryConsent.objects.filter(withdrawn_at__isnull=True).select_related("given_by"),
        to_attr="active_consents",
    )


def people_of_relationship(relationship: Relationship) -> QuerySet[Person]:
    """People of the two organizations, e.g. to choose whom a story quotes."""
    return (
        Person.objects.for_mission(relationship.mission)
        .filter(organization_id__in=(relationship.buyer_id, relationship.provider_id))
        .select_related("organization")
        .order_by("organization__kind", "last_name", "first_name", "pk")
    )


# --------------------------------------------------------------------------- check-in


def check_ins_on(mission: Mission, day: dt.date) -> QuerySet[CheckIn]:
    """Who was checked in on ``day`` (the mission's local date), latest first."""
    return (
        CheckIn.objects.for_mission(mission)
        .filter(day=day)
        .select_related("person__organization")
        .order_by("-checked_in_at", "-id")
    )


def check_in_of(person: Person, day: dt.date) -> CheckIn | None:
    return CheckIn.objects.for_mission(person.mission).filter(person=person, day=day).first()


def badge_of(person: Person) -> Badge | None:
    return Badge.objects.for_mission(person.mission).filter(person=person).first()
