"""Availability, priorities and online meetings as the scheduler sees them."""

import pytest
from django.urls import reverse

from jisr.engine.scheduling.validate import evaluate
from jisr.matchmaking.models import Mark
from jisr.matchmaking.queries import meeting_priorities
from jisr.meetings.models import MeetingRequest, Unavailability
from jisr.schedules import queries, services
from jisr.schedules.adapter import ONLINE_VENUE, build_instance, engine_schedule, priority_of
from jisr.schedules.models import ScheduledMeeting, ScheduleRun
from jisr.schedules.solving import request_id
from tests.factories_matchmaking import MarkFactory
from tests.factories_schedules import accept, small_mission

pytestmark = pytest.mark.django_db
FAST = {"time_limit": 5}


def away(person, *slots):
    for slot in slots:
        Unavailability.objects.create(mission=person.mission, person=person, slot=slot)


def draft(mission):
    return {
        m.request_id: m
        for m in ScheduledMeeting.objects.filter(mission=mission, state="draft").select_related(
            "slot", "table"
        )
    }


def test_build_instance_passes_away_slots_as_unavailable():
    world = small_mission(n_slots=4)
    accept(world.buyers[0], world.providers[0])
    away(world.buyers[0], world.slots[0], world.slots[2])

    built = build_instance(world.mission)

    index = built.mapping["participants"].index(world.buyers[0].pk)
    assert built.instance.participants[index].unavailable == frozenset({0, 2})
    other = built.mapping["participants"].index(world.providers[0].pk)
    assert built.instance.participants[other].unavailable == frozenset()


def test_run_never_places_a_meeting_where_someone_is_away(organizer):
    world = small_mission(n_slots=3, n_tables=1)
    request = accept(world.buyers[0], world.providers[0])
    away(world.providers[0], world.slots[0], world.slots[1])

    run = services.start_schedule_run(world.mission, by=organizer, parameters=FAST)

    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.SUCCEEDED
    assert draft(world.mission)[request.pk].slot_id == world.slots[2].pk


def test_online_meetings_take_no_table_and_never_double_book(organizer):
    # One table and two slots hold two in-person meetings; the online ones come on top.
    world = small_mission(n_slots=2, n_tables=1, n_buyers=2, n_providers=3)
    in_person = [
        accept(world.buyers[0], world.providers[0]),
        accept(world.buyers[1], world.providers[1]),
    ]
    online = [
        accept(world.buyers[0], world.providers[2]),
        accept(world.buyers[1], world.providers[2]),
    ]
    MeetingRequest.objects.filter(pk__in=[r.pk for r in online]).update(online=True)

    built = build_instance(world.mission)
    assert sum(t.venue == ONLINE_VENUE for t in built.instance.tables) == 2
    assert {m.id[0] for m in built.instance.meetings} == {"r", "o"}
    run = services.start_schedule_run(world.mission, by=organizer, parameters=FAST)

    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.SUCCEEDED
    rows = draft(world.mission)
    assert len(rows) == 4
    assert all(rows[r.pk].table_id is not None for r in in_person)
    assert all(rows[r.pk].table_id is None for r in online)
    busy = {}
    for meeting in rows.values():
        request = meeting.request
        for person in (request.requester_id, request.recipient_id):
            assert (person, meeting.slot.start) not in busy
            busy[(person, meeting.slot.start)] = meeting.pk
    schedule = engine_schedule(
        built.mapping, [(m.request_id, m.slot_id, m.table_id) for m in rows.values()]
    )
    assert evaluate(built.instance, schedule, fairness=None).ok


def test_request_id_reads_in_person_and_online_ids():
    assert request_id("r12") == 12
    assert request_id("o7") == 7


def test_organizer_priority_wins_the_only_table(organizer):
    world = small_mission(n_slots=1, n_tables=1, n_buyers=2, n_providers=2)
    ordinary = accept(world.buyers[0], world.providers[0])
    chosen = accept(world.buyers[1], world.providers[1])
    MeetingRequest.objects.filter(pk=chosen.pk).update(prioritized=True)

    built = build_instance(world.mission)
    weights = {request_id(m.id): m.priority for m in built.instance.meetings}
    assert weights == {ordinary.pk: 1, chosen.pk: priority_of({"organizer"})}
    services.start_schedule_run(world.mission, by=organizer, parameters=FAST)

    assert set(draft(world.mission)) == {chosen.pk}
    [line] = queries.priority_report(world.mission)
    assert (line.reason, line.requested, line.placed) == ("organizer", 1, 1)


def test_must_meet_and_mutual_marks_become_priorities(organizer):
    world = small_mission(n_slots=1, n_tables=1, n_buyers=1, n_providers=3)
    buyer_org = world.buyers[0].organization
    must = accept(world.buyers[0], world.providers[0])
    mutual = accept(world.buyers[0], world.providers[1])
    plain = accept(world.buyers[0], world.providers[2])
    MarkFactory(by_organization=buyer_org, target=world.providers[0].organization)
    MarkFactory(
        by_organization=buyer_org, target=world.providers[1].organization, kind="would_like"
    )
    MarkFactory(
        by_organization=world.providers[1].organization, target=buyer_org, kind="would_like"
    )
    MarkFactory(
        by_organization=world.providers[2].organization,
        target=buyer_org,
        kind=Mark.Kind.NOT_INTERESTED,
    )

    priorities = meeting_priorities(world.mission)

    assert priorities == {must.pk: {"must_meet"}, mutual.pk: {"mutual"}}
    assert plain.pk not in priorities
    services.start_schedule_run(world.mission, by=organizer, parameters=FAST, priorities=priorities)
    # The buyer has one slot: the must-meet meeting outweighs the mutual one.
    assert set(draft(world.mission)) == {must.pk}
    report = {line.reason: line for line in queries.priority_report(world.mission)}
    assert (report["must_meet"].requested, report["must_meet"].placed) == (1, 1)
    assert (report["mutual"].requested, report["mutual"].placed) == (1, 0)
    [(missing, reason)] = report["mutual"].missing
    assert missing.pk == mutual.pk
    assert reason["code"] != "unknown"


def test_away_after_publication_is_flagged_and_rescheduled_with_a_diff(
    organizer, django_capture_on_commit_callbacks
):
    world = small_mission(n_slots=3, n_tables=1)
    request = accept(world.buyers[0], world.providers[0])
    services.start_schedule_run(world.mission, by=organizer, parameters=FAST)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_schedule(world.mission, by=organizer)
    published = ScheduledMeeting.objects.get(request=request, state="published")

    away(world.buyers[0], published.slot)

    assert queries.pending_request_changes(world.mission)["unavailable"] == 1
    run = services.start_schedule_run(
        world.mission, by=organizer, kind="reschedule", parameters=FAST
    )
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.SUCCEEDED
    [change] = queries.schedule_changes(world.mission)
    assert change.kind == "moved"
    assert change.draft.slot_id != published.slot_id
    [person_view] = [
        p for p in queries.changes_by_person([change]) if p.person.pk == world.buyers[0].pk
    ]
    assert person_view.changes[0]["kind"] == "moved"
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_schedule(world.mission, by=organizer)
    published.refresh_from_db()
    assert published.sequence == 1
    assert queries.pending_request_changes(world.mission)["unavailable"] == 0


def test_console_shows_what_priorities_bought_and_away_clashes(
    client, organizer, django_capture_on_commit_callbacks
):
    world = small_mission(n_slots=1, n_tables=1, n_buyers=2, n_providers=2)
    world.mission.organizers.add(organizer)
    chosen = accept(world.buyers[1], world.providers[1])
    accept(world.buyers[0], world.providers[0])
    MeetingRequest.objects.filter(pk=chosen.pk).update(prioritized=True)
    services.start_schedule_run(world.mission, by=organizer, parameters=FAST)
    client.force_login(organizer)

    html = client.get(reverse("web:schedule_console", args=[world.mission.slug])).text

    assert 'id="priority-organizer"' in html
    row = html.split('id="priority-organizer"', 1)[1].split("</tr>", 1)[0]
    assert "Organizer priority" in row and "1 of 1" in row
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_schedule(world.mission, by=organizer)
    away(world.buyers[1], world.slots[0])
    html = client.get(reverse("web:schedule_console", args=[world.mission.slug])).text
    assert "1 published meeting is at a time a participant is now away." in html


def test_console_of_another_mission_shows_nothing_of_it(client, organizer):
    world = small_mission(n_slots=1, n_tables=1)
    accept(world.buyers[0], world.providers[0])
    client.force_login(organizer)  # staff, but not an organizer of this mission

    response = client.get(reverse("web:schedule_console", args=[world.mission.slug]))

    assert response.status_code == 404


def test_publish_mails_a_remote_participant_in_their_time_zone_without_a_table(
    organizer, django_capture_on_commit_callbacks, mailoutbox
):
    world = small_mission(n_slots=1, n_tables=1, n_buyers=1, n_providers=1)
    request = accept(world.buyers[0], world.providers[0])
    MeetingRequest.objects.filter(pk=request.pk).update(online=True)
    world.buyers[0].timezone = "America/Toronto"
    world.buyers[0].save()
    services.start_schedule_run(world.mission, by=organizer, parameters=FAST)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_schedule(world.mission, by=organizer)

    [mail] = [m for m in mailoutbox if world.buyers[0].email in m.to]
    # 09:00 in Casablanca (UTC+1) on 12 April 2027 is 04:00 in Toronto (UTC-4).
    assert "04:00" in mail.body
    assert "online meeting (video call, link in your agenda)" in mail.body
    assert "Times are in your time zone, America/Toronto." in mail.body
    assert "table" not in mail.body.split("Your meetings:", 1)[1].split("Times are", 1)[0]


def test_reschedule_moves_an_online_meeting_out_of_a_new_absence(
    organizer, django_capture_on_commit_callbacks
):
    world = small_mission(n_slots=3, n_tables=1, n_buyers=2, n_providers=2)
    in_person = accept(world.buyers[0], world.providers[0])
    online = accept(world.buyers[1], world.providers[1])
    MeetingRequest.objects.filter(pk=online.pk).update(online=True)
    services.start_schedule_run(world.mission, by=organizer, parameters=FAST)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_schedule(world.mission, by=organizer)
    live = {m.request_id: m for m in ScheduledMeeting.objects.filter(state="published")}
    away(world.providers[1], live[online.pk].slot)

    run = services.start_schedule_run(
        world.mission, by=organizer, kind="reschedule", parameters=FAST
    )

    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.SUCCEEDED, run.error_message
    changes = {c.request.pk: c for c in queries.schedule_changes(world.mission)}
    assert set(changes) == {online.pk}  # the in-person meeting stays where it was
    assert changes[online.pk].kind == "moved"
    assert changes[online.pk].draft.table_id is None
    assert draft(world.mission)[in_person.pk].slot_id == live[in_person.pk].slot_id
