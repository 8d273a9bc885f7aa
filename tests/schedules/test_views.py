"""The scheduling console and grid editor pages."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from jisr.missions.models import MeetingDay, Slot, Table
from jisr.schedules.models import Publication, ScheduledMeeting, ScheduleRun
from tests.factories import ParticipationFactory, UserFactory
from tests.factories_schedules import accept, add_slots, small_mission

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"web:{name}", args=args)


@pytest.fixture
def world(organizer):
    world = small_mission(n_slots=4, n_tables=2, n_buyers=2, n_providers=3)
    world.mission.organizers.add(organizer)
    for buyer in world.buyers:
        for provider in world.providers[:2]:
            accept(buyer, provider)
    return world


@pytest.fixture
def other(organizer):
    """Another mission, organized by someone else, with a run and a draft."""
    other = small_mission(n_slots=2, n_tables=1, n_buyers=1, n_providers=1)
    accept(other.buyers[0], other.providers[0])
    other.organizer = UserFactory()
    other.mission.organizers.add(other.organizer)
    return other


@pytest.fixture
def signed_in(client, organizer):
    client.force_login(organizer)
    return client


def start(client, mission, kind="solve", **fields):
    data = {
        "time_limit": 5,
        "workers": 1,
        "seed": 1,
        "fairness": 2,
        "travel_slots": 1,
        "kind": kind,
    }
    return client.post(url("schedule_start_run", mission.slug), {**data, **fields})


def test_console_shows_figures_after_a_run(signed_in, world):
    start(signed_in, world.mission)

    response = signed_in.get(url("schedule_console", world.mission.slug))

    assert response.status_code == 200
    html = response.text
    assert 'id="figure-placed">4 of 4<' in html
    assert "Load per participant" in html
    assert world.buyers[0].full_name in html
    assert "Publish the schedule" in html


def test_console_anonymous_is_sent_to_login(client, world):
    response = client.get(url("schedule_console", world.mission.slug))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_console_participant_who_is_not_organizer_gets_404(client, world):
    participant = UserFactory()
    ParticipationFactory(person=world.buyers[0])
    world.buyers[0].user = participant
    world.buyers[0].save()
    client.force_login(participant)

    response = client.get(url("schedule_console", world.mission.slug))

    assert response.status_code == 404


def test_console_of_another_mission_is_404_for_organizer(signed_in, world, other):
    response = signed_in.get(url("schedule_console", other.mission.slug))

    assert response.status_code == 404
    assert other.buyers[0].full_name not in response.text


def test_start_run_creates_a_draft(signed_in, world):
    response = start(signed_in, world.mission)

    assert response.status_code == 302
    run = ScheduleRun.objects.get(mission=world.mission)
    assert run.status == "succeeded"
    assert run.parameters["time_limit"] == 5
    assert ScheduledMeeting.objects.filter(mission=world.mission, state="draft").count() == 4


def test_start_run_invalid_parameters_starts_nothing(signed_in, world):
    response = start(signed_in, world.mission, time_limit=0)

    assert response.status_code == 302
    assert not ScheduleRun.objects.exists()
    page = signed_in.get(response["Location"])
    assert "greater than or equal to 1" in page.text


def test_start_run_on_other_mission_is_404_and_starts_nothing(signed_in, world, other):
    response = start(signed_in, other.mission)

    assert response.status_code == 404
    assert not ScheduleRun.objects.filter(mission=other.mission).exists()


def test_progress_fragment_shows_figures_and_refreshes_when_done(signed_in, world):
    start(signed_in, world.mission)
    run = ScheduleRun.objects.get()

    response = signed_in.get(
        url("schedule_run_progress", world.mission.slug, run.pk), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert f'class="run-objective">{run.objective}<' in response.text
    assert "Succeeded" in response.text
    assert response["HX-Refresh"] == "true"


def test_progress_fragment_of_active_run_polls_every_second(signed_in, world):
    run = ScheduleRun.objects.create(
        mission=world.mission,
        status="running",
        objective=7,
        bound=3,
        seconds=2.5,
        parameters={"time_limit": 10},
    )

    response = signed_in.get(url("schedule_run_progress", world.mission.slug, run.pk))

    assert 'hx-trigger="every 1s"' in response.text
    assert 'class="run-gap">57 %<' in response.text
    assert "Cancel the run" in response.text
    assert "HX-Refresh" not in response


def test_progress_of_other_missions_run_is_404(signed_in, world, other):
    run = ScheduleRun.objects.create(mission=other.mission, status="running")

    response = signed_in.get(url("schedule_run_progress", world.mission.slug, run.pk))

    assert response.status_code == 404


def test_cancel_run_sets_the_flag(signed_in, world):
    run = ScheduleRun.objects.create(mission=world.mission, status="running")

    response = signed_in.post(url("schedule_cancel_run", world.mission.slug, run.pk))

    run.refresh_from_db()
    assert response.status_code == 302
    assert run.cancel_requested is True


def test_lock_meeting_locks_it(signed_in, world):
    start(signed_in, world.mission)
    meeting = ScheduledMeeting.objects.filter(mission=world.mission).first()

    signed_in.post(url("schedule_lock_meeting", world.mission.slug, meeting.pk), {"locked": "1"})

    meeting.refresh_from_db()
    assert meeting.locked is True
    page = signed_in.get(url("schedule_console", world.mission.slug))
    assert "Unlock" in page.text


def test_lock_meeting_of_other_mission_is_404(signed_in, world, other):
    start(signed_in, world.mission)
    request = other.mission.meeting_requests.get()
    foreign = ScheduledMeeting.objects.create(
        mission=other.mission, request=request, slot=other.slots[0], table=other.tables[0]
    )

    response = signed_in.post(
        url("schedule_lock_meeting", world.mission.slug, foreign.pk), {"locked": "1"}
    )

    foreign.refresh_from_db()
    assert response.status_code == 404
    assert foreign.locked is False


def test_publish_publishes_and_notifies(signed_in, world, django_capture_on_commit_callbacks):
    start(signed_in, world.mission)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url("schedule_publish", world.mission.slug))

    assert response.status_code == 302
    assert Publication.objects.get(mission=world.mission).version == 1
    assert len(mail.outbox) == 4
    page = signed_in.get(url("schedule_console", world.mission.slug))
    assert "Version 1 is published" in page.text


def test_publish_other_mission_is_404(signed_in, world, other):
    response = signed_in.post(url("schedule_publish", other.mission.slug))

    assert response.status_code == 404
    assert not Publication.objects.exists()


def test_console_query_count_does_not_grow_with_the_draft(signed_in, organizer):
    def queries_for(n_buyers, n_providers):
        world = small_mission(n_slots=6, n_tables=4, n_buyers=n_buyers, n_providers=n_providers)
        world.mission.organizers.add(organizer)
        for buyer in world.buyers:
            for provider in world.providers:
                accept(buyer, provider)
        start(signed_in, world.mission)
        with CaptureQueriesContext(connection) as context:
            response = signed_in.get(url("schedule_console", world.mission.slug))
        assert response.status_code == 200
        return len(context)

    small = queries_for(1, 2)
    large = queries_for(3, 4)

    assert small == large


# --------------------------------------------------------------------------- grid


def test_grid_page_lists_days_and_tables(signed_in, world):
    response = signed_in.get(url("schedule_grid", world.mission.slug))

    assert response.status_code == 200
    assert "09:00–09:30" in response.text
    assert "T2" in response.text


def test_grid_of_other_mission_is_404(signed_in, other):
    response = signed_in.get(url("schedule_grid", other.mission.slug))

    assert response.status_code == 404


def test_add_day_and_generate_morning_and_afternoon_slots(signed_in, world):
    signed_in.post(
        url("schedule_add_day", world.mission.slug),
        {"date": "2027-04-13", "venue": world.venue.pk},
    )
    day = MeetingDay.objects.get(mission=world.mission, date=dt.date(2027, 4, 13))
    prefix = f"day{day.pk}"

    response = signed_in.post(
        url("schedule_generate_slots", world.mission.slug, day.pk),
        {
            f"{prefix}-morning_start": "09:00",
            f"{prefix}-morning_end": "12:30",
            f"{prefix}-afternoon_start": "14:00",
            f"{prefix}-afternoon_end": "17:30",
            f"{prefix}-slot_minutes": 30,
            f"{prefix}-gap_minutes": 0,
        },
    )

    assert response.status_code == 302
    slots = list(Slot.objects.filter(day=day))
    assert len(slots) == 14
    assert [s.block for s in slots].count("afternoon") == 7
    assert slots[0].start == dt.datetime(2027, 4, 13, 8, 0, tzinfo=dt.UTC)  # 09:00 Casablanca
    assert slots[-1].end == dt.datetime(2027, 4, 13, 16, 30, tzinfo=dt.UTC)


def test_generate_overlapping_slots_is_refused_with_a_message(signed_in, world):
    prefix = f"day{world.day.pk}"

    response = signed_in.post(
        url("schedule_generate_slots", world.mission.slug, world.day.pk),
        {
            f"{prefix}-morning_start": "10:00",
            f"{prefix}-morning_end": "11:00",
            f"{prefix}-slot_minutes": 30,
            f"{prefix}-gap_minutes": 0,
        },
    )

    assert response.status_code == 400
    assert "overlaps the existing slot at 10:00" in response.text
    assert Slot.objects.filter(day=world.day).count() == 4


def test_add_day_outside_mission_dates_is_refused(signed_in, world):
    response = signed_in.post(
        url("schedule_add_day", world.mission.slug), {"date": "2027-05-01", "venue": world.venue.pk}
    )

    assert response.status_code == 400
    assert "dates of the mission" in response.text
    assert MeetingDay.objects.filter(mission=world.mission).count() == 1


def test_add_day_with_other_missions_venue_is_refused(signed_in, world, other):
    response = signed_in.post(
        url("schedule_add_day", world.mission.slug), {"date": "2027-04-13", "venue": other.venue.pk}
    )

    assert response.status_code == 400
    assert not MeetingDay.objects.filter(venue=other.venue, date=dt.date(2027, 4, 13)).exists()


def test_add_tables_numbers_after_existing(signed_in, world):
    signed_in.post(
        url("schedule_add_tables", world.mission.slug),
        {"venue": world.venue.pk, "count": 3, "prefix": "T"},
    )

    labels = sorted(Table.objects.filter(venue=world.venue).values_list("label", flat=True))
    assert labels == ["T1", "T2", "T3", "T4", "T5"]


def test_delete_slot_with_scheduled_meeting_is_refused(signed_in, world):
    start(signed_in, world.mission)
    used = ScheduledMeeting.objects.filter(mission=world.mission).first().slot

    response = signed_in.post(url("schedule_delete_slot", world.mission.slug, used.pk), follow=True)

    assert Slot.objects.filter(pk=used.pk).exists()
    assert "Meetings are scheduled in this slot." in response.text


def test_delete_table_of_other_mission_is_404(signed_in, world, other):
    response = signed_in.post(url("schedule_delete_table", world.mission.slug, other.tables[0].pk))

    assert response.status_code == 404
    assert Table.objects.filter(pk=other.tables[0].pk).exists()


def test_infeasible_run_explains_conflicting_rules_and_keeps_draft(signed_in, world):
    b0 = world.buyers[0]
    first, second = (r for r in world.mission.meeting_requests.filter(requester=b0))
    ScheduledMeeting.objects.create(
        mission=world.mission,
        request=first,
        slot=world.slots[0],
        table=world.tables[0],
        locked=True,
    )
    ScheduledMeeting.objects.create(
        mission=world.mission,
        request=second,
        slot=world.slots[0],
        table=world.tables[1],
        locked=True,
    )  # the same buyer, twice in one slot: no schedule can keep both locks

    start(signed_in, world.mission)

    run = ScheduleRun.objects.get(mission=world.mission)
    assert run.status == "failed"
    assert run.error_code == "infeasible"
    assert ScheduledMeeting.objects.filter(mission=world.mission, state="draft").count() == 2
    page = signed_in.get(url("schedule_console", world.mission.slug))
    assert "No schedule satisfies every rule" in page.text
    assert "Rules in conflict:" in page.text


def test_grid_page_query_count_does_not_grow_with_days_and_tables(signed_in, organizer):
    def queries_for(n_days, n_tables):
        world = small_mission(n_slots=4, n_tables=n_tables)
        world.mission.organizers.add(organizer)
        for offset in range(1, n_days):
            day = MeetingDay.objects.create(
                mission=world.mission, venue=world.venue, date=dt.date(2027, 4, 12 + offset)
            )
            add_slots(day, ["09:00", "09:30"])
        with CaptureQueriesContext(connection) as context:
            response = signed_in.get(url("schedule_grid", world.mission.slug))
        assert response.status_code == 200
        return len(context)

    assert queries_for(1, 1) == queries_for(3, 6)


def test_console_after_publication_flags_cancelled_requests_and_offers_reschedule(
    signed_in, world, organizer
):
    start(signed_in, world.mission)
    signed_in.post(url("schedule_publish", world.mission.slug))
    request = world.mission.meeting_requests.first()
    request.status = "cancelled"
    request.save()

    page = signed_in.get(url("schedule_console", world.mission.slug))

    assert "1 published meeting was cancelled." in page.text
    assert "Reschedule with the fewest changes" in page.text
    assert 'class="meeting withdrawn"' in page.text
    assert "Publishing the draft changes the agendas of 2 participants" in page.text


def test_progress_fragment_shows_weight_held_and_its_proved_maximum(signed_in, world):
    run = ScheduleRun.objects.create(
        mission=world.mission,
        status="succeeded",
        objective=4,
        bound=0,
        parameters={"time_limit": 10},
        solution={"breakdown": {"weighted": 390, "weighted_bound": 408}},
    )

    response = signed_in.get(url("schedule_run_progress", world.mission.slug, run.pk))

    assert 'class="run-weight"><bdi>390 / 408</bdi><' in response.text
