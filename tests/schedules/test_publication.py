"""Publishing the draft, notifying only the people concerned, and rescheduling."""

import pytest
from django.core import mail

from jisr.core.errors import DomainError
from jisr.meetings.models import MeetingRequest
from jisr.schedules import services
from jisr.schedules.models import Publication, ScheduledMeeting
from jisr.schedules.queries import published_meetings_for, schedule_changes
from tests.factories_schedules import accept, scheduled, small_mission

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    # providers speak en, fr, ar; provider 0 gets no meeting
    world = small_mission(n_slots=4, n_tables=2, n_buyers=2, n_providers=3)
    world.first = accept(world.buyers[0], world.providers[1])
    world.second = accept(world.buyers[1], world.providers[2])
    return world


def publish(mission, organizer, capture):
    with capture(execute=True):
        return services.publish_schedule(mission, by=organizer)


def test_publish_notifies_only_participants_with_meetings_in_their_language(
    world, organizer, django_capture_on_commit_callbacks
):
    services.start_schedule_run(world.mission, by=organizer)

    publication = publish(world.mission, organizer, django_capture_on_commit_callbacks)

    languages = {m.to[0]: m.extra_headers["Content-Language"] for m in mail.outbox}
    assert languages == {
        world.buyers[0].email: "en",
        world.buyers[1].email: "en",
        world.providers[1].email: "fr",
        world.providers[2].email: "ar",
    }
    assert world.providers[0].email not in languages
    assert publication.version == 1
    assert publication.changes == {"added": 2, "moved": 0, "cancelled": 0, "notified": 4}
    body = next(m.body for m in mail.outbox if m.to == [world.buyers[0].email])
    assert world.providers[1].full_name in body
    assert "10:" in body or "09:" in body  # local venue time, not UTC 08:00


def test_publish_creates_published_rows_with_stable_identifiers(world, organizer):
    services.start_schedule_run(world.mission, by=organizer)

    services.publish_schedule(world.mission, by=organizer)

    published = list(published_meetings_for(world.buyers[0]))
    assert [m.request_id for m in published] == [world.first.pk]
    assert published[0].sequence == 0
    assert published[0].state == ScheduledMeeting.State.PUBLISHED
    assert list(published_meetings_for(world.providers[0])) == []


def test_publish_without_changes_is_refused(world, organizer):
    services.start_schedule_run(world.mission, by=organizer)
    services.publish_schedule(world.mission, by=organizer)

    with pytest.raises(DomainError, match="same as the published"):
        services.publish_schedule(world.mission, by=organizer)


def test_publish_without_draft_is_refused(world, organizer):
    with pytest.raises(DomainError, match="no draft"):
        services.publish_schedule(world.mission, by=organizer)
    assert not Publication.objects.exists()


def test_reschedule_after_cancellation_and_late_request_changes_only_those(
    world, organizer, django_capture_on_commit_callbacks
):
    third = accept(world.buyers[0], world.providers[0])
    services.start_schedule_run(world.mission, by=organizer)
    publish(world.mission, organizer, django_capture_on_commit_callbacks)
    before = {
        m.request_id: (m.uuid, m.slot_id, m.table_id)
        for m in ScheduledMeeting.objects.filter(state="published")
    }
    mail.outbox.clear()
    MeetingRequest.objects.filter(pk=world.second.pk).update(status=MeetingRequest.Status.CANCELLED)
    late = accept(world.buyers[1], world.providers[1])

    services.start_schedule_run(world.mission, by=organizer, kind="reschedule")
    changes = {(c.kind, c.request.pk) for c in schedule_changes(world.mission)}
    publication = publish(world.mission, organizer, django_capture_on_commit_callbacks)

    assert changes == {("cancelled", world.second.pk), ("added", late.pk)}
    assert publication.changes == {"added": 1, "moved": 0, "cancelled": 1, "notified": 3}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.buyers[1].email, world.providers[2].email, world.providers[1].email]
    )
    assert world.buyers[0].email not in {m.to[0] for m in mail.outbox}
    cancelled = ScheduledMeeting.objects.get(request=world.second, state="cancelled")
    assert (cancelled.uuid, cancelled.sequence) == (before[world.second.pk][0], 1)
    for request in (world.first, third):
        kept = ScheduledMeeting.objects.get(request=request, state="published")
        assert (kept.uuid, kept.slot_id, kept.table_id) == before[request.pk]
        assert kept.sequence == 0


def test_reschedule_never_moves_locked_meetings(world, organizer):
    services.start_schedule_run(world.mission, by=organizer)
    services.publish_schedule(world.mission, by=organizer)
    draft = ScheduledMeeting.objects.get(request=world.first, state="draft")
    services.set_meeting_lock(draft, locked=True, by=organizer)
    accept(world.buyers[0], world.providers[0])
    accept(world.buyers[0], world.providers[2])

    run = services.start_schedule_run(world.mission, by=organizer, kind="reschedule")

    run.refresh_from_db()
    assert run.status == "succeeded"
    again = ScheduledMeeting.objects.get(request=world.first, state="draft")
    assert (again.slot_id, again.table_id, again.locked) == (draft.slot_id, draft.table_id, True)


def test_moved_meeting_bumps_sequence_and_notifies_both(
    world, organizer, django_capture_on_commit_callbacks
):
    scheduled(world.first, world.slots[0], world.tables[0])
    scheduled(world.second, world.slots[0], world.tables[1])
    publish(world.mission, organizer, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    ScheduledMeeting.objects.filter(request=world.first, state="draft").update(slot=world.slots[2])

    publication = publish(world.mission, organizer, django_capture_on_commit_callbacks)

    moved = ScheduledMeeting.objects.get(request=world.first, state="published")
    assert (moved.slot_id, moved.sequence) == (world.slots[2].pk, 1)
    assert publication.changes["moved"] == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.buyers[0].email, world.providers[1].email]
    )
    assert "moves from" in next(m.body for m in mail.outbox if m.to == [world.buyers[0].email])


def test_reschedule_before_publication_is_refused(world, organizer):
    with pytest.raises(DomainError, match="Publish a schedule before"):
        services.start_schedule_run(world.mission, by=organizer, kind="reschedule")


def test_discard_draft_changes_restores_published_schedule(world, organizer):
    services.start_schedule_run(world.mission, by=organizer)
    services.publish_schedule(world.mission, by=organizer)
    ScheduledMeeting.objects.filter(state="draft").delete()

    services.discard_draft_changes(world.mission, by=organizer)

    assert schedule_changes(world.mission) == []


def test_reschedule_moves_fewest_meetings_but_never_a_locked_one(
    organizer, django_capture_on_commit_callbacks
):
    world = small_mission(n_slots=3, n_tables=2, n_buyers=2, n_providers=3)
    b0, b1 = world.buyers
    p0, p1, p2 = world.providers
    s, t = world.slots, world.tables
    r1, r2, r3 = accept(b0, p0), accept(b0, p2), accept(b1, p1)
    scheduled(r1, s[0], t[0])
    scheduled(r2, s[2], t[0])
    scheduled(r3, s[1], t[0])
    publish(world.mission, organizer, django_capture_on_commit_callbacks)
    services.set_meeting_lock(
        ScheduledMeeting.objects.get(request=r3, state="draft"), locked=True, by=organizer
    )
    mail.outbox.clear()
    late = accept(b0, p1)  # b0 is free only at s1, where p1 is busy with the locked r3

    run = services.start_schedule_run(
        world.mission, by=organizer, kind="reschedule", parameters={"time_limit": 2}
    )

    run.refresh_from_db()
    assert run.status == "succeeded", run.error_message
    changes = {(c.kind, c.request.pk) for c in schedule_changes(world.mission)}
    assert ("added", late.pk) in changes
    moved = {pk for kind, pk in changes if kind == "moved"}
    assert len(moved) == 1 and moved <= {r1.pk, r2.pk}
    locked = ScheduledMeeting.objects.get(request=r3, state="draft")
    assert (locked.slot_id, locked.table_id) == (s[1].pk, t[0].pk)
    publication = publish(world.mission, organizer, django_capture_on_commit_callbacks)
    assert publication.changes["moved"] == 1
    assert b1.email not in {m.to[0] for m in mail.outbox}  # r3's people are untouched
    assert p1.email in {m.to[0] for m in mail.outbox}  # the new meeting is theirs


def test_publish_issues_every_participant_a_badge_once(world, organizer):
    from jisr.outcomes.models import Badge

    services.start_schedule_run(world.mission, by=organizer)
    assert not Badge.objects.exists()

    services.publish_schedule(world.mission, by=organizer)
    codes = dict(Badge.objects.values_list("person_id", "code"))

    people = set(world.mission.people.values_list("pk", flat=True))
    assert set(codes) == people  # provider 0 too, though they have no meeting
    assert len(set(codes.values())) == len(people)
