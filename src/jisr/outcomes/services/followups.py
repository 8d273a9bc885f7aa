"""Follow-up e-mails one and six months after a mission's end date.

Run ``send_followups`` once a day (``jisr send-followups``, or the
``send_due_followups`` task): each run e-mails whoever is due and not yet reminded, so
missing a day only delays the e-mails, and running twice sends nothing new.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from jisr.core.mail import send_in_language
from jisr.core.services import log_activity
from jisr.directory.models import Person
from jisr.meetings.notifications import site_url
from jisr.missions.models import Mission
from jisr.outcomes.models import FollowUpReminder, Relationship
from jisr.outcomes.notifications import PARTICIPANT_ROLES
from jisr.schedules.models import ScheduledMeeting

Kind = FollowUpReminder.Kind
# A reminder still goes out this many days after it fell due (a worker that was down,
# a command run late), but not later: a one-month reminder in month five reads oddly.
GRACE = dt.timedelta(days=60)
MONTHS = {Kind.ONE_MONTH: 1, Kind.SIX_MONTHS: 6}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_kind(end_date: dt.date, today: dt.date) -> str | None:
    """Which reminder a mission that ended on ``end_date`` owes on ``today``: "6m" from
    six months after the end, "1m" from one month after (until the six-month one is
    due), each for ``GRACE`` days; None before, between and after."""
    for kind in (Kind.SIX_MONTHS, Kind.ONE_MONTH):
        due = add_months(end_date, MONTHS[kind])
        if due <= today <= due + GRACE:
            return str(kind)
    return None


def send_followups(*, today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """E-mail every meeting participant (and every registered person of an
    organization in a partnership) of every mission that owes a reminder on
    ``today``, in their preferred language; returns how many e-mails were queued."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    earliest_end = add_months(today - GRACE, -6)
    missions = Mission.objects.exclude(status=Mission.Status.DRAFT).filter(
        end_date__gte=earliest_end, end_date__lt=today
    )
    sent = 0
    for mission in missions.order_by("pk"):
        kind = due_kind(mission.end_date, today)
        if kind is not None:
            sent += _remind_mission(mission, kind=kind, now=now)
    return sent


def _remind_mission(mission: Mission, *, kind: str, now: dt.datetime) -> int:
    met = ScheduledMeeting.objects.for_mission(mission).filter(
        state=ScheduledMeeting.State.PUBLISHED
    )
    partners = Relationship.objects.for_mission(mission)
    people = (
        Person.objects.for_mission(mission)
        .filter(
            Q(pk__in=met.values("request__requester_id"))
            | Q(pk__in=met.values("request__recipient_id"))
            # People of organizations in a partnership, e.g. one added by hand.
            | Q(
                organization__in=partners.values("buyer_id"),
                participations__role__in=PARTICIPANT_ROLES,
            )
            | Q(
                organization__in=partners.values("provider_id"),
                participations__role__in=PARTICIPANT_ROLES,
            )
        )
        .distinct()
        .exclude(follow_up_reminders__kind=kind)
        .select_related("organization")
        .order_by("pk")
    )
    sent = 0
    for person in people:
        if _remind(mission, person, kind=kind, now=now):
            sent += 1
    return sent


def _remind(mission: Mission, person: Person, *, kind: str, now: dt.datetime) -> bool:
    """One person's reminder, in its own transaction: the log row and the e-mail go
    together, and a concurrent run that wrote the row first makes this one skip."""
    relationships = list(
        Relationship.objects.for_mission(mission)
        .filter(Q(buyer=person.organization) | Q(provider=person.organization))
        .select_related("buyer", "provider")
    )
    try:
        with transaction.atomic():
            reminder = FollowUpReminder.objects.create(
                mission=mission,
                person=person,
                kind=kind,
                email=person.email,
                language=person.preferred_language,
                sent_at=now,
            )
            send_in_language(
                to=person.email,
                language=person.preferred_language,
                template=f"jisr/email/outcomes/followup_{kind}",
                context={
                    "mission": mission,
                    "recipient": person,
                    "organization": person.organization,
                    "relationships": relationships,
                    "site_url": site_url(),
                },
            )
            log_activity(
                reminder,
                action="outcomes.followup_sent",
                actor=None,
                mission=mission,
                data={"person": person.pk, "kind": kind},
            )
    except IntegrityError:
        return False  # another run reminded this person in the meantime
    return True
