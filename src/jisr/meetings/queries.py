"""Reads about meeting requests: a person's meetings, quotas, organizer overviews, and the
permission-checked fetches that turn untrusted ids into objects."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import NotFound, PermissionDenied
from jisr.directory.models import Person
from jisr.directory.queries import require_directory
from jisr.meetings import rules
from jisr.meetings.models import (
    OPEN_STATUSES,
    MeetingPolicy,
    MeetingRequest,
    QuotaOverride,
    Unavailability,
)
from jisr.missions import rules as mission_rules
from jisr.missions.models import Mission, Participation, Slot
from jisr.missions.queries import person_for

TABS = ("incoming", "outgoing", "accepted", "closed")


@dataclass(frozen=True)
class Limits:
    """A person's quotas; None means no limit."""

    max_open_sent: int | None
    max_accepted: int | None


def policy_for(mission: Mission) -> MeetingPolicy:
    """The mission's saved policy, or an unsaved one holding the defaults."""
    return MeetingPolicy.objects.filter(mission=mission).first() or MeetingPolicy(mission=mission)


def limits_for(policy: MeetingPolicy, person: Person) -> Limits:
    override = QuotaOverride.objects.filter(mission_id=policy.mission_id, person=person).first()
    return Limits(
        max_open_sent=_first_set(override and override.max_open_sent, policy.max_open_sent),
        max_accepted=_first_set(override and override.max_accepted, policy.max_accepted),
    )


def _first_set(*values: int | None) -> int | None:
    for value in values:
        if value is not None:
            return value
    return None


def open_sent_count(person: Person) -> int:
    return MeetingRequest.objects.filter(requester=person, status__in=OPEN_STATUSES).count()


def accepted_sent_count(person: Person) -> int:
    return MeetingRequest.objects.filter(
        requester=person, status=MeetingRequest.Status.ACCEPTED
    ).count()


def accepted_count(person: Person) -> int:
    return MeetingRequest.objects.filter(
        Q(requester=person) | Q(recipient=person), status=MeetingRequest.Status.ACCEPTED
    ).count()


def open_request_between(a: Person, b: Person) -> MeetingRequest | None:
    return MeetingRequest.objects.filter(
        Q(requester=a, recipient=b) | Q(requester=b, recipient=a), status__in=OPEN_STATUSES
    ).first()


def _with_people(requests: QuerySet[MeetingRequest]) -> QuerySet[MeetingRequest]:
    return requests.select_related(
        "requester__organization", "recipient__organization", "listing", "cancelled_by"
    )


def meetings_of(person: Person, tab: str) -> QuerySet[MeetingRequest]:
    """A person's requests for one tab of "My meetings".

    incoming: pending, sent to them; outgoing: pending, sent by them; accepted: accepted
    either way; closed: declined or cancelled either way.
    """
    mine = MeetingRequest.objects.for_mission(person.mission)
    either = Q(requester=person) | Q(recipient=person)
    match tab:
        case "incoming":
            selected = mine.filter(recipient=person, status=MeetingRequest.Status.PENDING)
        case "outgoing":
            selected = mine.filter(requester=person, status=MeetingRequest.Status.PENDING)
        case "accepted":
            selected = mine.filter(either, status=MeetingRequest.Status.ACCEPTED)
        case _:
            selected = mine.filter(
                either,
                status__in=[MeetingRequest.Status.DECLINED, MeetingRequest.Status.CANCELLED],
            )
    return _with_people(selected).order_by("-updated", "-id")


def tab_counts(person: Person) -> dict[str, int]:
    pending = MeetingRequest.Status.PENDING
    counts = MeetingRequest.objects.for_mission(person.mission).aggregate(
        incoming=Count("id", filter=Q(recipient=person, status=pending)),
        outgoing=Count("id", filter=Q(requester=person, status=pending)),
        accepted=Count(
            "id",
            filter=(Q(requester=person) | Q(recipient=person))
            & Q(status=MeetingRequest.Status.ACCEPTED),
        ),
        closed=Count(
            "id",
            filter=(Q(requester=person) | Q(recipient=person))
            & Q(status__in=[MeetingRequest.Status.DECLINED, MeetingRequest.Status.CANCELLED]),
        ),
    )
    return {tab: counts[tab] or 0 for tab in TABS}


def mission_requests(
    mission: Mission, *, status: str = "", query: str = ""
) -> QuerySet[MeetingRequest]:
    """All requests of a mission for its organizers, optionally of one status, and whose
    people or organizations match every word of ``query``."""
    requests = MeetingRequest.objects.for_mission(mission)
    if status:
        requests = requests.filter(status=status)
    for word in query.split()[:6]:
        matches = Q()
        for side in ("requester", "recipient"):
            for field in ("first_name", "last_name", "organization__name"):
                matches |= Q(**{f"{side}__{field}__icontains": word})
        requests = requests.filter(matches)
    return _with_people(requests).order_by("-updated", "-id")


def status_counts(mission: Mission) -> dict[str, int]:
    rows = (
        MeetingRequest.objects.for_mission(mission)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {status: 0 for status in MeetingRequest.Status.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def quota_overrides(mission: Mission) -> QuerySet[QuotaOverride]:
    return QuotaOverride.objects.for_mission(mission).select_related("person__organization")


def participants_of(mission: Mission) -> QuerySet[Person]:
    """People taking part in the mission, for organizer pickers."""
    ids = Participation.objects.for_mission(mission).values("person_id")
    return (
        Person.objects.for_mission(mission)
        .filter(pk__in=ids)
        .select_related("organization")
        .order_by("organization__name", "last_name", "first_name", "id")
    )


def access_meeting_request(
    user: mission_rules.User, mission: Mission, request_id: int
) -> tuple[MeetingRequest, Person]:
    """A request of ``mission`` that the user is a party to, with the user's person.

    A request of another mission, or between other people, answers like a missing one.
    """
    person = person_for(user, mission)
    request = (
        _with_people(MeetingRequest.objects.for_mission(mission)).filter(pk=request_id).first()
        if person is not None
        else None
    )
    if request is None or not rules.is_party(request, person):
        raise NotFound(_("There is no such meeting request."))
    assert person is not None
    return request, person


def access_recipient(user: mission_rules.User, mission: Mission, person_id: int) -> Person:
    """Someone of ``mission`` the user may see in the directory; never of another mission."""
    require_directory(user, mission)
    person = (
        Person.objects.for_mission(mission)
        .select_related("organization")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise NotFound(_("There is no such person in this mission."))
    return person


def access_mission_request(
    user: mission_rules.User, mission: Mission, request_id: int
) -> MeetingRequest:
    """Any request of ``mission`` for its organizers; everyone else, and a request of
    another mission, gets ``NotFound``."""
    request = (
        MeetingRequest.objects.for_mission(mission)
        .select_related("mission")
        .filter(pk=request_id)
        .first()
        if rules.can_manage_meetings(user, mission)
        else None
    )
    if request is None:
        raise NotFound(_("There is no such meeting request."))
    return request


def require_organizer(user: mission_rules.User, mission: Mission) -> None:
    if not rules.can_manage_meetings(user, mission):
        raise PermissionDenied(_("Only the organizers of this mission can see this page."))


@dataclass(frozen=True)
class RequestOption:
    """What the viewer may do about meeting one person on a profile page."""

    person: Person
    can_request: bool
    existing: MeetingRequest | None = None


def request_options(
    viewer: Person | None, mission: Mission, people: list[Person]
) -> list[RequestOption]:
    """For each person of one organization, whether ``viewer`` may ask them for a meeting.

    Uses a fixed number of queries whatever the number of people; the services check
    everything again (quotas included) when the request is sent.
    """
    if (
        viewer is None
        or mission.status != Mission.Status.OPEN
        or not people
        or viewer.organization_id == people[0].organization_id
    ):
        return []
    policy = policy_for(mission)
    if not policy.accepting_requests or not rules.takes_part(viewer, mission):
        return []
    ids = [p.pk for p in people]
    participating = set(
        Participation.objects.for_mission(mission)
        .filter(person_id__in=ids)
        .values_list("person_id", flat=True)
    )
    open_requests = {
        (r.requester_id if r.recipient_id == viewer.pk else r.recipient_id): r
        for r in MeetingRequest.objects.for_mission(mission).filter(
            Q(requester=viewer, recipient_id__in=ids) | Q(recipient=viewer, requester_id__in=ids),
            status__in=OPEN_STATUSES,
        )
    }
    # Everyone shown belongs to one organization, so its kind is read once.
    allowed = policy.allows(viewer.organization.kind, people[0].organization.kind)
    options = []
    for person in people:
        if person.pk not in participating:
            continue
        existing = open_requests.get(person.pk)
        options.append(
            RequestOption(
                person=person, can_request=allowed and existing is None, existing=existing
            )
        )
    return [o for o in options if o.can_request or o.existing is not None]


# --------------------------------------------------------------------------- availability


def unavailable_slot_ids(person: Person) -> set[int]:
    return set(
        Unavailability.objects.for_mission(person.mission)
        .filter(person=person)
        .values_list("slot_id", flat=True)
    )


def unavailable_by_person(mission: Mission) -> dict[int, set[int]]:
    """Person id -> the slot ids they marked away, for the scheduler."""
    found: dict[int, set[int]] = defaultdict(set)
    for person_id, slot_id in Unavailability.objects.for_mission(mission).values_list(
        "person_id", "slot_id"
    ):
        found[person_id].add(slot_id)
    return dict(found)


@dataclass
class HalfDay:
    """The slots of one session (morning or afternoon) of one local date."""

    session: str
    slots: list[tuple[Slot, bool]] = dataclass_field(default_factory=list)

    @property
    def all_away(self) -> bool:
        return bool(self.slots) and all(away for _slot, away in self.slots)


@dataclass
class AvailabilityDay:
    date: dt.date
    half_days: list[HalfDay] = dataclass_field(default_factory=list)


def availability_of(person: Person) -> list[AvailabilityDay]:
    """The mission's meeting slots by date and session, each with whether ``person`` is
    away. Slots at the same time at two venues appear once per venue."""
    away = unavailable_slot_ids(person)
    days: dict[dt.date, AvailabilityDay] = {}
    zone = ZoneInfo(person.timezone) if person.timezone else None
    slots = Slot.objects.for_mission(person.mission).select_related("day__venue")
    for slot in slots.order_by("start", "pk"):
        day = days.setdefault(slot.day.date, AvailabilityDay(slot.day.date))
        half = next((h for h in day.half_days if h.session == slot.block), None)
        if half is None:
            half = HalfDay(slot.block)
            day.half_days.append(half)
        slot.local_start = slot.start.astimezone(  # type: ignore[attr-defined]
            zone or ZoneInfo(slot.day.venue.timezone)
        )
        slot.local_end = slot.end.astimezone(  # type: ignore[attr-defined]
            zone or ZoneInfo(slot.day.venue.timezone)
        )
        half.slots.append((slot, slot.pk in away))
    for day in days.values():
        day.half_days.sort(key=lambda h: h.session != Slot.Block.MORNING)
    return [days[date] for date in sorted(days)]
