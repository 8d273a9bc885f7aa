"""What came of a mission, in figures: the reads behind the dashboard, the comparison
page and the exports.

Every figure is computed for a list of missions at once with a fixed number of
aggregate queries (grouped by mission), so the dashboard and the comparison cost the
same whatever the size of the missions.

How we count (the dashboard says the same in its "how we count" note):

- **invitations**: invitations sent and not revoked (pending, expired or accepted);
  **registrations**: invitations accepted, i.e. someone registered through the link.
- **participants**: people of a buyer or provider organization of the mission.
- **requests**: meeting requests in any status; **acceptance rate** = accepted /
  (accepted + declined); pending and cancelled requests are left out, because they
  were never answered or were withdrawn ("—" when nothing was answered yet).
- **meetings scheduled**: meetings of the published schedule, not cancelled.
  **meetings held**: scheduled meetings that at least one side confirmed and nobody
  reported as a no-show. **no-show rate** = meetings with at least one no-show report /
  meetings with any attendance report ("—" when there is no report).
- **meetings per participant** (by side): each scheduled meeting counts once for each of
  its two participants; the sum over the participants of a side is divided by the
  number of participants of that side ("—" for a side without participants).

Filters (country, service line, side) select organizations: the organizations of the
mission with that country, offering that service line and of that side (buyer or
provider). Every figure then counts only what involves a selected organization:
invitations to them (by the invitation's role and country; by service line through the
organization the invitation names or the one the invitee registered with), their
people, requests and meetings with at least one of them on either side, and in the
per-side figures only their own people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import NotFound
from jisr.directory.models import Organization, Person, ServiceLine
from jisr.meetings.models import MeetingRequest
from jisr.missions.models import Invitation, Mission
from jisr.missions.queries import access_mission
from jisr.outcomes.models import Attendance
from jisr.reports import rules
from jisr.reports.models import ReportExport
from jisr.reports.pipeline import Pipeline, pipelines_for
from jisr.schedules.models import ScheduledMeeting

SIDES = (Organization.Kind.BUYER, Organization.Kind.PROVIDER)
PARTIES = ("requester", "recipient")


@dataclass(frozen=True)
class Filters:
    """Which organizations a report is about; empty fields select everyone."""

    country: str = ""  # ISO 3166 code, e.g. "MA"
    service_line: str = ""  # ServiceLine.code
    side: str = ""  # "buyer", "provider" or ""

    @property
    def active(self) -> bool:
        return bool(self.country or self.service_line or self.side)

    def organizations(self, mission_ids: Sequence[int]) -> QuerySet[Organization]:
        """The selected organizations of these missions (a subquery, never listed)."""
        organizations = Organization.objects.filter(mission_id__in=mission_ids)
        if self.country:
            organizations = organizations.filter(country=self.country)
        if self.side:
            organizations = organizations.filter(kind=self.side)
        if self.service_line:
            organizations = organizations.filter(service_lines__code=self.service_line)
        return organizations.values("pk")

    def party(self, mission_ids: Sequence[int], prefix: str) -> Q:
        """Rows whose organization at ``prefix`` (e.g. ``request__requester__``) is selected."""
        if not self.active:
            return Q()
        return Q(**{f"{prefix}organization_id__in": self.organizations(mission_ids)})

    def either_party(self, mission_ids: Sequence[int], prefix: str = "") -> Q:
        """Requests (or meetings, with ``prefix="request__"``) involving a selected one."""
        if not self.active:
            return Q()
        return self.party(mission_ids, f"{prefix}requester__") | self.party(
            mission_ids, f"{prefix}recipient__"
        )


def ratio(part: int, whole: int) -> float | None:
    """``part / whole``, or None when ``whole`` is zero (shown as "—", never an error)."""
    return part / whole if whole else None


@dataclass
class SideFigures:
    side: str
    label: str
    participants: int = 0
    meetings_scheduled: int = 0  # participant-meetings: one per participant per meeting
    meetings_held: int = 0

    @property
    def scheduled_per_participant(self) -> float | None:
        return ratio(self.meetings_scheduled, self.participants)

    @property
    def held_per_participant(self) -> float | None:
        return ratio(self.meetings_held, self.participants)


@dataclass
class MissionFigures:
    """The headline figures of one mission under one set of filters."""

    mission: Mission
    filters: Filters
    invitations: int = 0
    registrations: int = 0
    participants: int = 0
    requests: int = 0
    requests_pending: int = 0
    requests_accepted: int = 0
    requests_declined: int = 0
    requests_cancelled: int = 0
    meetings_scheduled: int = 0
    meetings_cancelled: int = 0
    meetings_reported: int = 0
    meetings_held: int = 0
    meetings_no_show: int = 0
    sides: list[SideFigures] = field(default_factory=list)
    pipeline: Pipeline = field(default_factory=Pipeline)

    @property
    def registration_rate(self) -> float | None:
        return ratio(self.registrations, self.invitations)

    @property
    def acceptance_rate(self) -> float | None:
        return ratio(self.requests_accepted, self.requests_accepted + self.requests_declined)

    @property
    def no_show_rate(self) -> float | None:
        return ratio(self.meetings_no_show, self.meetings_reported)

    @property
    def held_rate(self) -> float | None:
        return ratio(self.meetings_held, self.meetings_scheduled)


def access_report_mission(user: rules.User, slug: str) -> Mission:
    """The mission called ``slug`` if ``user`` may read its reports; otherwise ``NotFound``,
    so participants and organizers of other missions learn nothing of it."""
    mission = access_mission(user, slug)
    if not rules.can_see_reports(user, mission):
        raise NotFound(_("There is no such page."))
    return mission


def comparable_missions(user: rules.User) -> QuerySet[Mission]:
    """Missions ``user`` organizes (being a superuser is not enough), newest first."""
    if not user.is_authenticated:
        return Mission.objects.none()
    return Mission.objects.filter(organizers__pk=user.pk).distinct().order_by("-start_date", "id")


def mission_figures(mission: Mission, filters: Filters | None = None) -> MissionFigures:
    return figures_for([mission], filters)[0]


def figures_for(
    missions: Sequence[Mission], filters: Filters | None = None
) -> list[MissionFigures]:
    """Figures of each mission, in the given order; seven queries whatever the number
    and size of the missions."""
    filters = filters or Filters()
    ids = [mission.pk for mission in missions]
    figures = {m.pk: MissionFigures(mission=m, filters=filters, sides=_sides()) for m in missions}
    if not ids:
        return []
    _count_invitations(figures, ids, filters)
    _count_participants(figures, ids, filters)
    _count_requests(figures, ids, filters)
    _count_meetings(figures, ids, filters)
    for mission_id, pipeline in pipelines_for(ids, filters).items():
        figures[mission_id].pipeline = pipeline
    return [figures[pk] for pk in ids]


def _sides() -> list[SideFigures]:
    return [SideFigures(side=str(kind), label=str(kind.label)) for kind in SIDES]


def _count_invitations(figures: dict[int, MissionFigures], ids: list[int], f: Filters) -> None:
    invitations = Invitation.objects.filter(mission_id__in=ids).exclude(
        status=Invitation.Status.REVOKED
    )
    if f.country:
        invitations = invitations.filter(
            Q(country=f.country) | Q(country="", organization__country=f.country)
        )
    if f.side:
        invitations = invitations.filter(role=f.side)
    if f.service_line:
        offering = Filters(service_line=f.service_line).organizations(ids)
        invitations = invitations.filter(
            Q(organization_id__in=offering) | Q(person__organization_id__in=offering)
        )
    rows = invitations.values("mission_id").annotate(
        total=Count("pk"), accepted=Count("pk", filter=Q(status=Invitation.Status.ACCEPTED))
    )
    for row in rows:
        figures[row["mission_id"]].invitations = row["total"]
        figures[row["mission_id"]].registrations = row["accepted"]


def _count_participants(figures: dict[int, MissionFigures], ids: list[int], f: Filters) -> None:
    rows = (
        participants_of(ids, f)
        .values("mission_id", "organization__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        mission = figures[row["mission_id"]]
        mission.participants += row["n"]
        for side in mission.sides:
            if side.side == row["organization__kind"]:
                side.participants = row["n"]


def participants_of(ids: Sequence[int], f: Filters) -> QuerySet[Person]:
    """People of the selected buyer and provider organizations of these missions."""
    people = Person.objects.filter(mission_id__in=ids, organization__kind__in=SIDES)
    return people.filter(f.party(ids, ""))


def _count_requests(figures: dict[int, MissionFigures], ids: list[int], f: Filters) -> None:
    status = MeetingRequest.Status
    rows = (
        MeetingRequest.objects.filter(mission_id__in=ids)
        .filter(f.either_party(ids))
        .values("mission_id")
        .annotate(
            total=Count("pk"),
            pending=Count("pk", filter=Q(status=status.PENDING)),
            accepted=Count("pk", filter=Q(status=status.ACCEPTED)),
            declined=Count("pk", filter=Q(status=status.DECLINED)),
            cancelled=Count("pk", filter=Q(status=status.CANCELLED)),
        )
        .order_by()
    )
    for row in rows:
        mission = figures[row["mission_id"]]
        mission.requests = row["total"]
        mission.requests_pending = row["pending"]
        mission.requests_accepted = row["accepted"]
        mission.requests_declined = row["declined"]
        mission.requests_cancelled = row["cancelled"]


def attendance_flags() -> dict[str, Exists]:
    """Per meeting: ``answered`` (any report), ``no_show`` (at least one side reported a
    no-show) and ``confirmed`` (at least one side confirmed it took place)."""
    answers = Attendance.objects.filter(meeting_id=OuterRef("pk"))
    return {
        "answered": Exists(answers),
        "no_show": Exists(answers.filter(outcome=Attendance.Outcome.NO_SHOW)),
        "confirmed": Exists(answers.filter(outcome=Attendance.Outcome.HELD)),
    }


def reported_meetings(ids: Sequence[int]) -> QuerySet[ScheduledMeeting]:
    """Published and cancelled meetings of these missions (drafts are not meetings yet)."""
    return ScheduledMeeting.objects.filter(mission_id__in=ids).exclude(
        state=ScheduledMeeting.State.DRAFT
    )


def _count_meetings(figures: dict[int, MissionFigures], ids: list[int], f: Filters) -> None:
    flags = attendance_flags()
    published = Q(state=ScheduledMeeting.State.PUBLISHED)
    # Held: confirmed by at least one side, and nobody reported a no-show.
    held = published & flags["confirmed"] & ~flags["no_show"]
    involved = f.either_party(ids, "request__")
    counts = {
        "scheduled": Count("pk", filter=published & involved),
        "cancelled": Count("pk", filter=Q(state=ScheduledMeeting.State.CANCELLED) & involved),
        "reported": Count("pk", filter=published & flags["answered"] & involved),
        "no_show": Count("pk", filter=published & flags["no_show"] & involved),
        "held": Count("pk", filter=held & involved),
    }
    for side in SIDES:
        for party in PARTIES:
            prefix = f"request__{party}__"
            mine = Q(**{f"{prefix}organization__kind": side}) & f.party(ids, prefix)
            counts[f"{side}_{party}_scheduled"] = Count("pk", filter=published & mine)
            counts[f"{side}_{party}_held"] = Count("pk", filter=held & mine)
    rows = reported_meetings(ids).values("mission_id").annotate(**counts).order_by()
    for row in rows:
        mission = figures[row["mission_id"]]
        mission.meetings_scheduled = row["scheduled"]
        mission.meetings_cancelled = row["cancelled"]
        mission.meetings_reported = row["reported"]
        mission.meetings_no_show = row["no_show"]
        mission.meetings_held = row["held"]
        for side in mission.sides:
            side.meetings_scheduled = sum(row[f"{side.side}_{p}_scheduled"] for p in PARTIES)
            side.meetings_held = sum(row[f"{side.side}_{p}_held"] for p in PARTIES)


@dataclass
class FilterChoices:
    countries: list[str]
    service_lines: list[tuple[str, str]]


def filter_choices(missions: Sequence[Mission]) -> FilterChoices:
    """Countries of the missions' buyers and providers, and the service lines they offer;
    two queries."""
    ids = [m.pk for m in missions]
    organizations = Organization.objects.filter(mission_id__in=ids, kind__in=SIDES)
    countries = sorted(set(organizations.values_list("country", flat=True)))
    lines = ServiceLine.objects.filter(organization__in=organizations).distinct()
    return FilterChoices(countries, [(line.code, line.name) for line in lines])


def per_person_tallies(mission: Mission) -> dict[int, dict[str, int]]:
    """Requests sent and received, meetings scheduled, held and no-shows per person id;
    two queries. Used by the participants sheet of the export."""
    tallies: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for requester, recipient in MeetingRequest.objects.for_mission(mission).values_list(
        "requester_id", "recipient_id"
    ):
        tallies[requester]["sent"] += 1
        tallies[recipient]["received"] += 1
    rows = (
        reported_meetings([mission.pk])
        .filter(state=ScheduledMeeting.State.PUBLISHED)
        .annotate(**attendance_flags())
        .values_list("request__requester_id", "request__recipient_id", "confirmed", "no_show")
    )
    for requester, recipient, confirmed, no_show in rows:
        for person_id in (requester, recipient):
            tallies[person_id]["scheduled"] += 1
            tallies[person_id]["held"] += int(confirmed and not no_show)
            tallies[person_id]["no_show"] += int(no_show)
    return tallies


def access_report_export(user: rules.User, slug: str, export_id: int) -> ReportExport:
    """An export of the mission ``slug`` whose reports ``user`` may read; otherwise
    ``NotFound``, also for an export of another mission."""
    mission = access_report_mission(user, slug)
    export = ReportExport.objects.for_mission(mission).filter(pk=export_id).first()
    if export is None:
        raise NotFound(_("There is no such page."))
    return export
