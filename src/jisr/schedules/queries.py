"""Reads of the schedule: permission-checked fetches, the draft and its quality figures,
the difference with the published schedule, and each person's published meetings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError, NotFound
from jisr.directory.models import Person
from jisr.engine.scheduling.validate import evaluate
from jisr.meetings.models import MeetingRequest
from jisr.meetings.queries import unavailable_by_person
from jisr.missions import rules
from jisr.missions.models import MeetingDay, Mission, Slot, Table, Venue
from jisr.missions.queries import access_mission
from jisr.schedules import rules as schedule_rules
from jisr.schedules.adapter import PRIORITY_REASONS, build_instance, engine_schedule
from jisr.schedules.models import Publication, PublicationNotice, ScheduledMeeting, ScheduleRun

State = ScheduledMeeting.State
MEETING_RELATIONS = (
    "request__requester__organization",
    "request__recipient__organization",
    "slot__day__venue",
    "table",
)


# --------------------------------------------------------------------------- access


def access_schedule_mission(user: rules.User, slug: str) -> Mission:
    """The mission if ``user`` organizes it; anyone else gets ``NotFound``, so the
    console of another mission does not even seem to exist."""
    mission = access_mission(user, slug)
    if not schedule_rules.can_schedule(user, mission):
        raise NotFound(_("There is no such page."))
    return mission


def _scoped(queryset: QuerySet[Any], mission: Mission, pk: int) -> Any:
    found = queryset.filter(mission=mission, pk=pk).first()
    if found is None:
        raise NotFound(_("There is no such page."))
    return found


def access_run(user: rules.User, slug: str, run_id: int) -> ScheduleRun:
    return _scoped(ScheduleRun.objects.all(), access_schedule_mission(user, slug), run_id)


def access_draft_meeting(user: rules.User, slug: str, meeting_id: int) -> ScheduledMeeting:
    mission = access_schedule_mission(user, slug)
    return _scoped(ScheduledMeeting.objects.filter(state=State.DRAFT), mission, meeting_id)


def access_meeting_day(user: rules.User, slug: str, day_id: int) -> MeetingDay:
    mission = access_schedule_mission(user, slug)
    return _scoped(MeetingDay.objects.select_related("venue", "mission"), mission, day_id)


def access_slot(user: rules.User, slug: str, slot_id: int) -> Slot:
    return _scoped(Slot.objects.all(), access_schedule_mission(user, slug), slot_id)


def access_venue(user: rules.User, slug: str, venue_id: int) -> Venue:
    return _scoped(Venue.objects.all(), access_schedule_mission(user, slug), venue_id)


def access_table(user: rules.User, slug: str, table_id: int) -> Table:
    return _scoped(Table.objects.all(), access_schedule_mission(user, slug), table_id)


# --------------------------------------------------------------------------- runs


def recent_runs(mission: Mission, *, limit: int = 10) -> list[ScheduleRun]:
    return list(
        ScheduleRun.objects.for_mission(mission)
        .select_related("requested_by")
        .defer("instance", "solution", "mapping")[:limit]
    )


def active_run(mission: Mission) -> ScheduleRun | None:
    return (
        ScheduleRun.objects.for_mission(mission)
        .filter(status__in=ScheduleRun.ACTIVE)
        .defer("instance", "solution", "mapping")
        .first()
    )


def draft_run(mission: Mission) -> ScheduleRun | None:
    """The successful run the current draft came from."""
    return (
        ScheduleRun.objects.for_mission(mission)
        .filter(status=ScheduleRun.Status.SUCCEEDED)
        .defer("instance", "solution")
        .first()
    )


def current_publication(mission: Mission) -> Publication | None:
    return Publication.objects.for_mission(mission).select_related("published_by").first()


def notice_counts(publication: Publication) -> dict[str, int]:
    """How many of a publication's e-mails are ``sent``, ``pending`` and ``failed``."""
    counts = PublicationNotice.objects.filter(publication=publication).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=PublicationNotice.Status.SENT)),
        pending=Count("pk", filter=Q(status=PublicationNotice.Status.PENDING)),
        failed=Count("pk", filter=Q(status=PublicationNotice.Status.FAILED)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def unsent_notices(publication: Publication, *, limit: int = 50) -> list[PublicationNotice]:
    """The publication's e-mails not sent yet (failed first), with their recipient."""
    return list(
        PublicationNotice.objects.filter(publication=publication)
        .exclude(status=PublicationNotice.Status.SENT)
        .select_related("person__organization")
        .order_by("status", "person__last_name", "pk")[:limit]
    )


# --------------------------------------------------------------------------- meetings


def draft_meetings(mission: Mission) -> QuerySet[ScheduledMeeting]:
    return (
        ScheduledMeeting.objects.for_mission(mission)
        .filter(state=State.DRAFT)
        .select_related(*MEETING_RELATIONS)
        .order_by("slot__start", "table__label", "pk")
    )


def published_meetings(mission: Mission, *, include_cancelled: bool = False) -> QuerySet[Any]:
    states = [State.PUBLISHED, State.CANCELLED] if include_cancelled else [State.PUBLISHED]
    return (
        ScheduledMeeting.objects.for_mission(mission)
        .filter(state__in=states)
        .select_related(*MEETING_RELATIONS)
        .order_by("slot__start", "table__label", "pk")
    )


def published_meetings_for(
    person: Person, *, include_cancelled: bool = False
) -> QuerySet[ScheduledMeeting]:
    """A person's published meetings in time order. Each row keeps a stable ``uuid``
    and a ``sequence`` bumped on every change (iCalendar UID and SEQUENCE); cancelled
    meetings are included on request, for calendar cancellations."""
    return published_meetings(person.mission, include_cancelled=include_cancelled).filter(
        Q(request__requester=person) | Q(request__recipient=person)
    )


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class ScheduleChange:
    """How the draft differs from the published schedule for one request."""

    kind: str  # "added", "moved" or "cancelled"
    request: MeetingRequest
    draft: ScheduledMeeting | None
    published: ScheduledMeeting | None

    @property
    def person_ids(self) -> tuple[int, int]:
        return (self.request.requester_id, self.request.recipient_id)

    def for_person(self, person_id: int) -> dict[str, Any]:
        """What one of the two participants needs to know, for e-mails."""
        other = (
            self.request.recipient
            if self.request.requester_id == person_id
            else self.request.requester
        )
        me = (
            self.request.requester
            if self.request.requester_id == person_id
            else self.request.recipient
        )
        before = self.published if self.kind != "added" else None
        after = self.draft if self.kind != "cancelled" else None
        # A remote participant reads times in their own time zone.
        zone = getattr(me, "timezone", "")
        return {
            "kind": self.kind,
            "other": other,
            "online": self.request.online,
            "before": _when(before, zone),
            "after": _when(after, zone),
        }


def _when(meeting: ScheduledMeeting | None, zone: str = "") -> dict[str, Any] | None:
    if meeting is None:
        return None
    venue = meeting.slot.day.venue
    return {
        "start": meeting.slot.start,
        "end": meeting.slot.end,
        "timezone": zone or venue.timezone,
        "venue": venue,
        "table": meeting.table.label if meeting.table else "",
    }


def schedule_changes(mission: Mission) -> list[ScheduleChange]:
    """Meetings added, moved (slot or table) or cancelled by publishing the draft.

    A draft meeting whose request is no longer accepted counts as absent, so a
    cancellation after the last run still cancels the published meeting.
    """
    rows = (
        ScheduledMeeting.objects.for_mission(mission)
        .select_related(*MEETING_RELATIONS)
        .order_by("slot__start", "pk")
    )
    drafts: dict[int, ScheduledMeeting] = {}
    published: dict[int, ScheduledMeeting] = {}
    for row in rows:
        if row.state == State.DRAFT:
            if row.request.status == MeetingRequest.Status.ACCEPTED:
                drafts[row.request_id] = row
        else:
            published[row.request_id] = row
    changes: list[ScheduleChange] = []
    for request_id in list(drafts) + [r for r in published if r not in drafts]:
        draft, live = drafts.get(request_id), published.get(request_id)
        request = (draft or live).request  # type: ignore[union-attr]
        if draft is not None and (live is None or live.state == State.CANCELLED):
            changes.append(ScheduleChange("added", request, draft, live))
        elif draft is not None and live is not None:
            if (draft.slot_id, draft.table_id) != (live.slot_id, live.table_id):
                changes.append(ScheduleChange("moved", request, draft, live))
        elif live is not None and live.state == State.PUBLISHED:
            changes.append(ScheduleChange("cancelled", request, None, live))
    return changes


@dataclass
class PersonChanges:
    person: Person
    changes: list[dict[str, Any]] = field(default_factory=list)


def changes_by_person(changes: list[ScheduleChange]) -> list[PersonChanges]:
    """The diff seen from each affected participant, by name."""
    grouped: dict[int, PersonChanges] = {}
    for change in changes:
        for person in (change.request.requester, change.request.recipient):
            entry = grouped.setdefault(person.pk, PersonChanges(person))
            entry.changes.append(change.for_person(person.pk))
    return sorted(grouped.values(), key=lambda e: (e.person.last_name, e.person.first_name))


def pending_request_changes(mission: Mission) -> dict[str, int]:
    """Since publication: requests accepted but not published, published meetings
    whose request is no longer accepted, and published meetings at a time one of the
    two people has since marked away. Any of them calls for a reschedule."""
    published = ScheduledMeeting.objects.for_mission(mission).filter(state=State.PUBLISHED)
    accepted = MeetingRequest.objects.for_mission(mission).filter(
        status=MeetingRequest.Status.ACCEPTED
    )
    return {
        "new": accepted.exclude(pk__in=published.values("request_id")).count(),
        "withdrawn": published.exclude(request__status=MeetingRequest.Status.ACCEPTED).count(),
        "unavailable": len(unavailable_clashes(mission)),
    }


def unavailable_clashes(mission: Mission) -> list[ScheduledMeeting]:
    """Published meetings held at a time either participant marked away (at any venue:
    away at 10:00 means away at 10:00 everywhere)."""
    away = unavailable_by_person(mission)
    if not away:
        return []
    times = dict(Slot.objects.for_mission(mission).values_list("pk", "start"))
    away_at = {pid: {times[s] for s in slots if s in times} for pid, slots in away.items()}
    return [
        meeting
        for meeting in published_meetings(mission)
        if meeting.slot.start in away_at.get(meeting.request.requester_id, set())
        or meeting.slot.start in away_at.get(meeting.request.recipient_id, set())
    ]


@dataclass
class PriorityLine:
    """What one priority reason bought in the draft: placed of requested, and the
    requests left out with the engine's reason."""

    reason: str
    requested: int = 0
    placed: int = 0
    missing: list[tuple[MeetingRequest, dict[str, Any]]] = field(default_factory=list)


def priority_report(mission: Mission) -> list[PriorityLine]:
    """For each priority reason of the draft's run (organizer, must meet, mutual
    interest), how many of its meetings the draft holds and why the others are out."""
    run = draft_run(mission)
    if run is None:
        return []
    priorities: dict[str, list[str]] = run.mapping.get("priorities", {}) or {}
    if not priorities:
        return []
    reasons: dict[str, Any] = run.summary.get("unscheduled", {}) or {}
    placed = set(
        ScheduledMeeting.objects.for_mission(mission)
        .filter(state=State.DRAFT)
        .values_list("request_id", flat=True)
    )
    requests = (
        MeetingRequest.objects.for_mission(mission)
        .select_related("requester__organization", "recipient__organization")
        .in_bulk([int(pk) for pk in priorities])
    )
    lines = {reason: PriorityLine(reason) for reason in PRIORITY_REASONS}
    for pk, found in priorities.items():
        request = requests.get(int(pk))
        if request is None or request.status != MeetingRequest.Status.ACCEPTED:
            continue
        for reason in found:
            line = lines.get(reason)
            if line is None:
                continue
            line.requested += 1
            if request.pk in placed:
                line.placed += 1
            else:
                line.missing.append((request, reasons.get(pk) or {"code": "unknown"}))
    return [line for line in lines.values() if line.requested]


# --------------------------------------------------------------------------- preview


@dataclass(frozen=True)
class Load:
    person: Person
    meetings: int
    breaks: int


@dataclass(frozen=True)
class Unscheduled:
    request: MeetingRequest
    reason: str
    detail: str = ""


@dataclass
class Preview:
    """Quality figures of the draft, recomputed by the engine's validator."""

    requested: int
    placed: int
    total_breaks: int
    min_breaks: int
    max_breaks: int
    loads: list[Load]
    unscheduled: list[Unscheduled]
    violations: list[str]

    @property
    def fairness_spread(self) -> int:
        return self.max_breaks - self.min_breaks


def schedule_preview(mission: Mission) -> Preview:
    """Figures of the current draft against the current grid and accepted requests.

    Raises ``DomainError`` when the grid cannot be turned into an engine instance.
    """
    built = build_instance(mission)
    rows = list(
        ScheduledMeeting.objects.for_mission(mission)
        .filter(state=State.DRAFT)
        .values_list("request_id", "slot_id", "table_id")
    )
    schedule = engine_schedule(built.mapping, rows)
    evaluation = evaluate(built.instance, schedule, fairness=None)
    people = (
        Person.objects.for_mission(mission)
        .select_related("organization")
        .in_bulk(built.mapping["participants"])
    )
    loads = [
        Load(people[pid], evaluation.meetings_per_participant[i], evaluation.breaks[i])
        for i, pid in enumerate(built.mapping["participants"])
    ]
    loads.sort(key=lambda load: (-load.meetings, load.person.last_name, load.person.pk))
    run = draft_run(mission)
    reasons: dict[str, Any] = (run.summary.get("unscheduled", {}) if run else {}) or {}
    run_requests = set(run.mapping.get("meetings", [])) if run else set()
    requests = MeetingRequest.objects.for_mission(mission).in_bulk(built.mapping["meetings"])
    unscheduled: list[Unscheduled] = []
    for m, slot in enumerate(schedule.slots):
        if slot is not None:
            continue
        request_id = built.mapping["meetings"][m]
        if request_id not in run_requests:
            reason = {"code": "not_in_run"}
        else:
            reason = reasons.get(str(request_id)) or {"code": "unknown"}
        unscheduled.append(
            Unscheduled(requests[request_id], reason["code"], reason.get("detail", ""))
        )
    breaks = evaluation.breaks or (0,)
    return Preview(
        requested=len(built.instance.meetings),
        placed=evaluation.scheduled,
        total_breaks=evaluation.total_breaks,
        min_breaks=min(breaks),
        max_breaks=max(breaks),
        loads=loads,
        unscheduled=unscheduled,
        violations=sorted(evaluation.rules_broken()),
    )


def preview_or_error(mission: Mission) -> tuple[Preview | None, str]:
    try:
        return schedule_preview(mission), ""
    except DomainError as error:
        return None, str(error.message)


# --------------------------------------------------------------------------- grids


@dataclass
class GridDay:
    day: MeetingDay
    tables: list[Table]
    rows: list[tuple[Slot, list[ScheduledMeeting | None]]]
    unseated: list[ScheduledMeeting] = field(default_factory=list)


def draft_grid(mission: Mission, meetings: list[ScheduledMeeting]) -> list[GridDay]:
    """Slots x tables per meeting day, with the given (draft) meetings in their cells."""
    days = list(MeetingDay.objects.for_mission(mission).select_related("venue"))
    slots = defaultdict(list)
    for slot in Slot.objects.for_mission(mission).order_by("start", "pk"):
        slots[slot.day_id].append(slot)
    tables = defaultdict(list)
    for table in Table.objects.for_mission(mission).order_by("label", "pk"):
        tables[table.venue_id].append(table)
    at: dict[tuple[int, int | None], ScheduledMeeting] = {}
    unseated: dict[int, list[ScheduledMeeting]] = defaultdict(list)
    for meeting in meetings:
        if meeting.table_id is None:
            unseated[meeting.slot.day_id].append(meeting)
        else:
            at[(meeting.slot_id, meeting.table_id)] = meeting
    grid: list[GridDay] = []
    for day in days:
        venue_tables = tables[day.venue_id]
        rows = [
            (slot, [at.get((slot.pk, table.pk)) for table in venue_tables])
            for slot in slots[day.pk]
        ]
        grid.append(GridDay(day, venue_tables, rows, unseated[day.pk]))
    return grid


def grid_setup(mission: Mission) -> list[dict[str, Any]]:
    """Days with their slots, for the grid editing page."""
    slots = defaultdict(list)
    for slot in Slot.objects.for_mission(mission).order_by("start", "pk"):
        slots[slot.day_id].append(slot)
    return [
        {"day": day, "slots": slots[day.pk]}
        for day in MeetingDay.objects.for_mission(mission).select_related("venue")
    ]


def venues_with_tables(mission: Mission) -> list[dict[str, Any]]:
    tables = defaultdict(list)
    for table in Table.objects.for_mission(mission).order_by("label", "pk"):
        tables[table.venue_id].append(table)
    return [
        {"venue": venue, "tables": tables[venue.pk]} for venue in Venue.objects.for_mission(mission)
    ]
