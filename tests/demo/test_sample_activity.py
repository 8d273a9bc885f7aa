"""Demo activity on a small sample mission: what it creates, the rules it honours, its
determinism, its silence, and a schedule that places every accepted meeting."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.utils import timezone

from jisr.directory.models import Organization, Person
from jisr.marketplace.models import Listing
from jisr.matchmaking.models import CommercialProfile, Mark
from jisr.meetings.models import OPEN_STATUSES, MeetingPolicy, MeetingRequest, Unavailability
from jisr.messaging.models import Message
from jisr.missions.models import IntendedFit, MeetingDay, Mission, Slot
from jisr.missions.sample.programme import DEFAULT_SLUG
from jisr.outcomes.models import Attendance, Badge, CheckIn
from jisr.outcomes.services import check_in
from jisr.schedules.models import Publication, ScheduledMeeting, ScheduleRun
from jisr.schedules.queries import priority_report
from jisr.schedules.services import start_schedule_run

pytestmark = pytest.mark.django_db
Status = MeetingRequest.Status
CASABLANCA = ZoneInfo("Africa/Casablanca")


def make_mission(slug: str = DEFAULT_SLUG) -> Mission:
    call_command("sample_mission", buyers=4, providers=12, seed=11, slug=slug, stdout=StringIO())
    return Mission.objects.get(slug=slug)


def activity(*args: str, **options: object) -> str:
    out = StringIO()
    call_command("sample_activity", *args, stdout=out, **options)
    return out.getvalue()


def requests_of(mission: Mission):
    return MeetingRequest.objects.for_mission(mission).select_related(
        "requester__organization", "recipient__organization"
    )


def demo_people(mission: Mission) -> tuple[Person, Person]:
    logins = Person.objects.for_mission(mission).filter(user__isnull=False)
    return (
        logins.get(organization__kind=Organization.Kind.BUYER),
        logins.get(organization__kind=Organization.Kind.PROVIDER),
    )


def test_activity_creates_the_whole_workflow() -> None:
    mission = make_mission()

    output = activity()

    statuses = Counter(requests_of(mission).values_list("status", flat=True))
    assert statuses[Status.ACCEPTED] >= 8
    assert statuses[Status.DECLINED] >= 1
    assert statuses[Status.PENDING] >= 1
    assert all(r.decline_reason for r in requests_of(mission).filter(status=Status.DECLINED))
    listings = Counter(Listing.objects.for_mission(mission).values_list("kind", "language"))
    assert listings[(Listing.Kind.REQUEST, "en")] == 4
    assert sum(n for (kind, _lang), n in listings.items() if kind == Listing.Kind.OFFER) >= 3
    kinds = set(Mark.objects.for_mission(mission).values_list("kind", flat=True))
    assert {Mark.Kind.MUST_MEET, Mark.Kind.WOULD_LIKE} <= kinds
    profiles = CommercialProfile.objects.filter(organization__mission=mission)
    assert profiles.count() == 16
    assert all(p.band_low is not None and p.band_low <= p.band_high for p in profiles)
    assert all(p.team_size for p in profiles.filter(organization__kind="buyer"))
    assert "Accepted demo meeting" in output
    assert not ScheduledMeeting.objects.for_mission(mission).exists()  # left to the organizer


def test_demo_logins_meet_and_have_requests_both_ways() -> None:
    mission = make_mission()
    activity()
    buyer, provider = demo_people(mission)
    requests = requests_of(mission)

    assert requests.filter(requester=buyer, recipient=provider, status=Status.ACCEPTED).exists()
    for person in (buyer, provider):
        assert requests.filter(requester=person).exclude(recipient__in=[buyer, provider]).exists()
        assert requests.filter(recipient=person, status=Status.PENDING).exists()
    # the demo buyer asks its intended fits
    fits = IntendedFit.objects.for_mission(mission).filter(buyer=buyer.organization)
    assert set(fits.values_list("provider", flat=True)) <= set(
        requests.filter(requester=buyer).values_list("recipient__organization", flat=True)
    )


def test_every_request_honours_the_default_policy() -> None:
    mission = make_mission()
    activity()

    open_pairs: Counter[frozenset[int]] = Counter()
    for r in requests_of(mission):
        a, b = r.requester.organization, r.recipient.organization
        assert a.pk != b.pk
        assert {a.kind, b.kind} == {"buyer", "provider"}
        assert r.message
        if r.listing_id is not None:
            assert r.listing.organization_id in (a.pk, b.pk)
        if r.status in OPEN_STATUSES:
            open_pairs[frozenset((r.requester_id, r.recipient_id))] += 1
    assert max(open_pairs.values()) == 1


def test_activity_is_deterministic_for_a_seed() -> None:
    def signature(mission: Mission) -> list[tuple[str, str, str, str]]:
        return [
            (r.requester.email, r.recipient.email, r.status, r.message)
            for r in requests_of(mission).order_by("pk")
        ]

    first, second = make_mission("first"), make_mission("second")
    activity(slug="first", seed=5)
    activity(slug="second", seed=5)

    assert signature(first) == signature(second)
    assert Listing.objects.filter(mission=first).count() == (
        Listing.objects.filter(mission=second).count()
    )


def test_if_empty_is_a_no_op_when_requests_exist() -> None:
    mission = make_mission()
    activity("--if-empty")
    count = MeetingRequest.objects.for_mission(mission).count()

    output = activity("--if-empty")

    assert "no activity added" in output
    assert MeetingRequest.objects.for_mission(mission).count() == count


def test_no_mail_is_sent_unless_asked(django_capture_on_commit_callbacks) -> None:
    make_mission("quiet")
    make_mission("loud")

    with django_capture_on_commit_callbacks(execute=True):
        activity(slug="quiet")
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        activity("--send-mail", slug="loud")
    assert mail.outbox


def test_the_scheduler_places_every_accepted_meeting() -> None:
    mission = make_mission()
    activity()
    accepted = requests_of(mission).filter(status=Status.ACCEPTED).count()

    run = start_schedule_run(mission, by=mission.organizers.get(), parameters={"time_limit": 10})

    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.SUCCEEDED
    assert run.summary["placed"] == accepted
    assert ScheduledMeeting.objects.for_mission(mission).count() == accepted


def test_publish_flag_runs_and_publishes_quietly(django_capture_on_commit_callbacks) -> None:
    mission = make_mission()

    with django_capture_on_commit_callbacks(execute=True):
        output = activity("--publish")

    assert Publication.objects.for_mission(mission).count() == 1
    assert "Published schedule version 1" in output
    assert mail.outbox == []


def test_a_mission_not_made_by_sample_mission_is_refused() -> None:
    with pytest.raises(CommandError):
        activity(slug="no-such-mission")


def test_activity_writes_messages_and_check_ins_for_the_demo_logins() -> None:
    mission = make_mission()

    output = activity()

    buyer, provider = demo_people(mission)
    thread = Message.objects.for_mission(mission).filter(
        request__in=MeetingRequest.objects.filter(
            requester__in=[buyer, provider], recipient__in=[buyer, provider]
        )
    )
    assert [m.sender_id for m in thread] == [provider.pk, buyer.pk, provider.pk]
    assert [m.read_at is None for m in thread] == [False, False, True]
    assert {m.language for m in thread} == {provider.preferred_language, buyer.preferred_language}
    assert Badge.objects.filter(person=provider).exists()
    assert f"{CheckIn.objects.for_mission(mission).count()} check-ins" in output
    assert f"{Message.objects.for_mission(mission).count()} messages" in output


def test_check_ins_happen_at_day_one_registration_not_today() -> None:
    mission = make_mission()

    activity()

    buyer, provider = demo_people(mission)
    remote = Person.objects.for_mission(mission).get(attends_remotely=True)
    first_day = MeetingDay.objects.for_mission(mission).order_by("date").first().date
    entries = CheckIn.objects.for_mission(mission)
    assert set(entries.values_list("day", flat=True)) == {first_day}
    times = [timezone.localtime(e.checked_in_at, CASABLANCA).time() for e in entries]
    assert min(times) == dt.time(8, 30) and max(times) < dt.time(9, 30)
    checked_in = set(entries.values_list("person_id", flat=True))
    assert {buyer.pk, provider.pk} <= checked_in
    assert remote.pk not in checked_in  # a remote participant never comes to the desk
    badges = Badge.objects.for_mission(mission)
    # everyone with a badge came, but the remote buyer and the two who never showed up
    assert badges.count() - len(checked_in) == 3
    # "today" is still free: the organizers can check the demo provider in by hand
    check_in(mission, code=Badge.objects.get(person=provider).code, by=mission.organizers.get())


def test_a_remote_buyer_meets_online_in_their_own_time_zone() -> None:
    mission = make_mission()

    output = activity()

    remote = Person.objects.for_mission(mission).get(attends_remotely=True)
    _buyer, provider = demo_people(mission)
    assert remote.organization.kind == Organization.Kind.BUYER
    assert remote.timezone == remote.organization.timezone
    assert remote.timezone.startswith("America/")
    theirs = requests_of(mission).filter(Q(requester=remote) | Q(recipient=remote))
    assert theirs.filter(status=Status.ACCEPTED).count() >= 2
    assert all(theirs.values_list("online", flat=True))
    assert not requests_of(mission).filter(online=True).exclude(pk__in=theirs).exists()
    with_provider = theirs.get(recipient=provider)
    assert (with_provider.status, with_provider.prioritized) == (Status.ACCEPTED, True)
    assert with_provider.video_link("") == "https://video.example/j/4127-3390-jisr"
    pattern = MeetingPolicy.objects.get(mission=mission).video_url_pattern
    assert pattern == "https://meet.example/casablanca-rabat-{uid}"
    others = theirs.filter(status=Status.ACCEPTED).exclude(pk=with_provider.pk)
    assert {r.video_link(pattern) for r in others} == {
        f"https://meet.example/casablanca-rabat-{r.video_uid}" for r in others
    }
    accepted_online = requests_of(mission).filter(online=True, status=Status.ACCEPTED).count()
    assert f"{accepted_online} online meetings" in output
    # their thread with the demo provider is read on both sides
    thread = Message.objects.for_mission(mission).filter(request=with_provider)
    assert thread.count() == 2 and not thread.filter(read_at__isnull=True).exists()


def test_absences_cover_half_days_and_single_slots() -> None:
    mission = make_mission()

    activity()

    _buyer, provider = demo_people(mission)
    remote = Person.objects.for_mission(mission).get(attends_remotely=True)
    away = Unavailability.objects.for_mission(mission).select_related("slot__day")
    last_day = MeetingDay.objects.for_mission(mission).order_by("date").last()
    morning = Slot.objects.filter(day=last_day, block=Slot.Block.MORNING)
    assert set(away.filter(person=provider).values_list("slot", flat=True)) == set(
        morning.values_list("pk", flat=True)
    )
    # the remote buyer skips each morning's first slot (06:30 in Toronto)
    remote_slots = [u.slot for u in away.filter(person=remote)]
    assert len(remote_slots) == 2
    assert all(s.block == Slot.Block.MORNING for s in remote_slots)
    assert {timezone.localtime(s.start, CASABLANCA).time() for s in remote_slots} == {
        dt.time(11, 30)
    }
    assert away.values("person").distinct().count() == 5  # and three more half-days


def test_published_sample_shows_priorities_online_tables_and_no_shows(
    django_capture_on_commit_callbacks,
) -> None:
    mission = make_mission()

    with django_capture_on_commit_callbacks(execute=True):
        activity("--publish")

    published = ScheduledMeeting.objects.for_mission(mission).filter(state="published")
    online = published.filter(request__online=True)
    assert online.count() >= 2 and not online.filter(table__isnull=False).exists()
    assert not published.filter(request__online=False, table__isnull=True).exists()
    away = set(Unavailability.objects.for_mission(mission).values_list("person_id", "slot_id"))
    for meeting in published.select_related("request"):
        for side in (meeting.request.requester_id, meeting.request.recipient_id):
            assert (side, meeting.slot_id) not in away
    report = {line.reason: line for line in priority_report(mission)}
    assert report["organizer"].requested == 3
    assert set(report) == {"organizer", "must_meet", "mutual"}
    assert all(line.placed == line.requested for line in report.values())
    # no-shows follow day one's check-ins: one side came, the other never did
    no_shows = Attendance.objects.for_mission(mission).select_related("meeting__request")
    assert no_shows.exists()
    came = set(CheckIn.objects.for_mission(mission).values_list("person_id", flat=True))
    for answer in no_shows:
        request = answer.meeting.request
        assert answer.outcome == Attendance.Outcome.NO_SHOW and not request.online
        assert answer.person_id in came
        assert (
            request.recipient_id
            if answer.person_id == request.requester_id
            else request.requester_id
        ) not in came
