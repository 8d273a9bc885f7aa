"""On-site check-in: badge codes, checking people in, and the no-shows that follow.

Each service owns its transaction and records an activity-log entry.
"""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError, NotFound, PermissionDenied
from jisr.core.services import log_activity
from jisr.directory.models import Person
from jisr.missions.models import Mission
from jisr.missions.rules import User, is_organizer
from jisr.outcomes.models import Attendance, Badge, CheckIn
from jisr.outcomes.models.checkin import ALPHABET, CODE_LENGTH
from jisr.schedules.models import ScheduledMeeting

# What people type for letters Crockford's alphabet leaves out.
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


class UnknownBadge(NotFound):
    pass


class AlreadyCheckedIn(DomainError):
    status_code = 409

    def __init__(self, message: object, *, check_in: CheckIn) -> None:
        super().__init__(str(message))
        self.check_in = check_in


def normalize_code(text: str) -> str:
    """The code in a scanned address or as typed: case, spaces and dashes ignored."""
    text = text.strip()
    if "/" in text or "=" in text:  # a scanned check-in address: the code is its last part
        text = text.rstrip("/").rsplit("/", 1)[-1].rsplit("=", 1)[-1]
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return cleaned.translate(_READ_AS)


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def issue_badges(mission: Mission) -> int:
    """A badge with a random code for everyone of ``mission`` who has none; called when
    a schedule is published, so pages that show a badge never write. Returns how many."""
    with transaction.atomic():
        people = list(
            Person.objects.for_mission(mission)
            .filter(badge__isnull=True)
            .select_for_update(of=("self",))
            .order_by("pk")
        )
        if not people:
            return 0
        codes: set[str] = set()
        while len(codes) < len(people):
            codes.add(_new_code())
        try:
            with transaction.atomic():
                Badge.objects.bulk_create(
                    Badge(mission=mission, person=person, code=code)
                    for person, code in zip(people, sorted(codes), strict=True)
                )
        except IntegrityError:  # a code already in use (60 bits: hardly ever): one by one
            for person in people:
                issue_badge(person)
        log_activity(
            mission,
            action="outcomes.badges_issued",
            actor=None,
            mission=mission,
            data={"badges": len(people)},
        )
    return len(people)


def issue_badge(person: Person) -> Badge:
    """``person``'s badge, created with a new random code the first time."""
    existing: Badge | None = Badge.objects.filter(person=person).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        for _attempt in range(5):
            code = _new_code()
            try:
                with transaction.atomic():
                    badge: Badge
                    badge, created = Badge.objects.get_or_create(
                        person=person, defaults={"mission_id": person.mission_id, "code": code}
                    )
            except IntegrityError:
                continue  # the same code drawn twice: draw again
            if created:
                log_activity(
                    badge, action="outcomes.badge_issued", actor=None, mission=person.mission
                )
            return badge
    raise DomainError(_("No badge code could be made; try again."))


def replace_badge(person: Person, *, by: User) -> Badge:
    """An organizer gives ``person`` a new check-in code (a lost or shared badge): the old
    code is refused from now on. Their check-ins so far are kept. Someone without a
    badge yet (who joined after the schedule was published) gets their first one."""
    mission = person.mission
    if not is_organizer(by, mission):
        raise PermissionDenied(_("Only the organizers of this mission can do this."))
    with transaction.atomic():
        badge: Badge | None = Badge.objects.select_for_update().filter(person=person).first()
        if badge is None:
            return issue_badge(person)
        for _attempt in range(5):
            code = _new_code()
            try:
                with transaction.atomic():
                    Badge.objects.filter(pk=badge.pk).update(code=code)
            except IntegrityError:
                continue  # drawn an existing code: draw again
            badge.code = code
            log_activity(
                badge,
                action="outcomes.badge_replaced",
                actor=by,
                mission=mission,
                data={"person": person.pk},
            )
            return badge
    raise DomainError(_("No badge code could be made; try again."))


def check_in(mission: Mission, *, code: str, by: User, now: dt.datetime | None = None) -> CheckIn:
    """An organizer checks in the participant whose badge carries ``code``, for today
    (the mission's local date).

    Refused, with nothing written, for someone who is not an organizer
    (``PermissionDenied``), a code of no badge of this mission (``UnknownBadge``) and a
    second scan on the same day (``AlreadyCheckedIn``, which says when the first was).
    """
    if not is_organizer(by, mission):
        raise PermissionDenied(_("Only the organizers of this mission can check people in."))
    now = now or timezone.now()
    zone = ZoneInfo(mission.timezone)
    normalized = normalize_code(code)
    badge = (
        Badge.objects.for_mission(mission)
        .select_related("person__organization")
        .filter(code=normalized)
        .first()
        if len(normalized) == CODE_LENGTH
        else None
    )
    if badge is None or badge.person.mission_id != mission.pk:
        raise UnknownBadge(_("No badge of this mission has the code “%(code)s”.") % {"code": code})
    day = timezone.localtime(now, zone).date()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=badge.person_id)
        earlier = CheckIn.objects.filter(person=person, day=day).first()
        if earlier is not None:
            raise _already(earlier, badge.person, zone)
        entry: CheckIn = CheckIn.objects.create(
            mission=mission, person=person, day=day, checked_in_at=now, checked_in_by=by
        )
        log_activity(
            entry,
            action="outcomes.checked_in",
            actor=by,
            mission=mission,
            data={"person": person.pk, "day": day.isoformat()},
        )
    entry.person = badge.person
    return entry


def _already(earlier: CheckIn, person: Person, zone: ZoneInfo) -> AlreadyCheckedIn:
    at = time_format(timezone.localtime(earlier.checked_in_at, zone), "H:i")
    return AlreadyCheckedIn(
        _("%(name)s is already checked in, at %(time)s. Nothing was changed.")
        % {"name": person.full_name, "time": at},
        check_in=earlier,
    )


def record_no_shows(mission: Mission, *, by: User, now: dt.datetime | None = None) -> int:
    """Attendance that follows from check-in, for meetings that have ended.

    On a day when check-in ran (someone was checked in), a published meeting nobody
    answered for, where one side was checked in and the other was not, gets a no-show
    answer on behalf of the side that came (``recorded_by`` is the organizer; that
    person may correct it on their agenda). Meetings where both or neither came are
    left to the participants, and so are online meetings: a remote participant never
    checks in. Returns how many answers were written.
    """
    if not is_organizer(by, mission):
        raise PermissionDenied(_("Only the organizers of this mission can do this."))
    now = now or timezone.now()
    zone = ZoneInfo(mission.timezone)
    arrived: dict[dt.date, set[int]] = {}
    for person_id, day in CheckIn.objects.for_mission(mission).values_list("person_id", "day"):
        arrived.setdefault(day, set()).add(person_id)
    meetings = (
        ScheduledMeeting.objects.for_mission(mission)
        .filter(state=ScheduledMeeting.State.PUBLISHED, slot__end__lte=now)
        .exclude(Q(attendances__isnull=False) | Q(request__online=True))
        .select_related("request", "slot")
    )
    written = 0
    with transaction.atomic():
        for meeting in meetings:
            present = arrived.get(timezone.localtime(meeting.slot.start, zone).date())
            if not present:
                continue
            sides = (meeting.request.requester_id, meeting.request.recipient_id)
            came = [side for side in sides if side in present]
            if len(came) != 1:
                continue
            Attendance.objects.create(
                mission=mission,
                meeting=meeting,
                person_id=came[0],
                outcome=Attendance.Outcome.NO_SHOW,
                recorded_by=by,
                recorded_at=now,
            )
            written += 1
        if written:
            log_activity(
                mission,
                action="outcomes.no_shows_from_check_in",
                actor=by,
                mission=mission,
                data={"answers": written},
            )
    return written
