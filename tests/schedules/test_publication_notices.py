"""A publication's e-mails are sent by a worker after it commits, each at most once, and
a failed one leaves the publication standing and waits for the organizer's retry."""

from __future__ import annotations

import smtplib
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from jisr.schedules import services
from jisr.schedules.models import Publication, PublicationNotice, ScheduledMeeting
from jisr.schedules.notices import send_pending_notices
from tests.factories import UserFactory
from tests.factories_schedules import accept, scheduled, small_mission

pytestmark = pytest.mark.django_db
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REFUSED = set()


class RefusingBackend(EmailBackend):
    """The mail server (the outside boundary) refuses the addresses in ``REFUSED``."""

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & REFUSED:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"mailbox full")})
        return super().send_messages(messages)


@pytest.fixture
def world(organizer):
    world = small_mission(n_slots=4, n_tables=2, n_buyers=2, n_providers=3)
    world.mission.organizers.add(organizer)
    world.first = accept(world.buyers[0], world.providers[1])
    world.second = accept(world.buyers[1], world.providers[2])
    scheduled(world.first, world.slots[0], world.tables[0])
    scheduled(world.second, world.slots[1], world.tables[1])
    return world


def console(client, mission):
    with translation.override("en"):
        return client.get(reverse("web:schedule_console", args=[mission.slug])).content.decode()


@override_settings(TASKS=DB_TASKS)
def test_publish_queues_the_emails_and_a_rerun_sends_none_twice(
    world, organizer, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publication = services.publish_schedule(world.mission, by=organizer)

    assert mail.outbox == []  # nothing sent in the request
    [queued] = DBTaskResult.objects.filter(task_path__endswith="send_publication_notices")
    assert queued.args_kwargs["args"] == [publication.pk]
    assert PublicationNotice.objects.filter(publication=publication, status="pending").count() == 4
    client.force_login(organizer)
    page = console(client, world.mission)
    assert "E-mails of version 1: 0 of 4 sent." in page
    assert 'hx-trigger="every 2s"' in page

    assert send_pending_notices(publication.pk) == {"sent": 4, "failed": 0, "skipped": 0}
    assert send_pending_notices(publication.pk) == {"sent": 0, "failed": 0, "skipped": 0}

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        p.email for p in (world.buyers[0], world.buyers[1], world.providers[1], world.providers[2])
    )
    languages = {m.to[0]: m.extra_headers["Content-Language"] for m in mail.outbox}
    assert languages[world.providers[2].email] == "ar"
    body = next(m.body for m in mail.outbox if m.to == [world.buyers[0].email])
    assert world.providers[1].full_name in body
    assert set(PublicationNotice.objects.values_list("status", "attempts")) == {("sent", 1)}
    page = console(client, world.mission)
    assert "E-mails of version 1: 4 of 4 sent." in page
    assert 'hx-trigger="every 2s"' not in page


def test_moved_meeting_email_tells_the_time_it_had_before(
    world, organizer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_schedule(world.mission, by=organizer)
    mail.outbox.clear()
    ScheduledMeeting.objects.filter(request=world.first, state="draft").update(slot=world.slots[3])

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_schedule(world.mission, by=organizer)

    [to_buyer] = [m for m in mail.outbox if m.to == [world.buyers[0].email]]
    zone = ZoneInfo(world.slots[0].day.venue.timezone)
    venue_time, later = world.slots[0].start.astimezone(zone), world.slots[3].start.astimezone(zone)
    assert f"moves from {venue_time:%A} {venue_time.day}" in to_buyer.body
    assert f"{venue_time:%H:%M} to" in to_buyer.body and f"{later:%H:%M}" in to_buyer.body


def test_failed_email_keeps_the_publication_and_the_retry_sends_only_it(
    world, organizer, client, django_capture_on_commit_callbacks
):
    refused = world.providers[2]
    REFUSED.add(refused.email)
    try:
        with (
            override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            publication = services.publish_schedule(world.mission, by=organizer)
    finally:
        REFUSED.clear()

    assert Publication.objects.get(pk=publication.pk).version == 1
    assert ScheduledMeeting.objects.filter(mission=world.mission, state="published").count() == 2
    failed = PublicationNotice.objects.get(publication=publication, status="failed")
    assert failed.person_id == refused.pk
    assert "SMTPRecipientsRefused" in failed.error and failed.attempts == 1
    assert len(mail.outbox) == 3 and refused.email not in [m.to[0] for m in mail.outbox]
    client.force_login(organizer)
    page = console(client, world.mission)
    assert "E-mails of version 1: 3 of 4 sent." in page
    assert "1 e-mail could not be sent. The publication stands" in page
    assert refused.full_name in page
    assert "Send the unsent e-mails again" in page

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        response = client.post(reverse("web:schedule_notices_retry", args=[world.mission.slug]))

    assert response.status_code == 302
    assert [m.to[0] for m in mail.outbox].count(refused.email) == 1
    assert len(mail.outbox) == 4  # the three sent ones were not sent again
    assert set(PublicationNotice.objects.values_list("status", flat=True)) == {"sent"}
    failed.refresh_from_db()
    assert (failed.attempts, failed.error) == (2, "")


def test_retry_with_everything_sent_says_so_and_sends_nothing(
    world, organizer, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_schedule(world.mission, by=organizer)
    client.force_login(organizer)

    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        response = client.post(
            reverse("web:schedule_notices_retry", args=[world.mission.slug]), follow=True
        )

    assert "Every e-mail of this publication has been sent." in response.content.decode()
    assert len(mail.outbox) == 4


def test_notices_of_another_mission_are_404_and_show_nothing(world, organizer, client):
    services.publish_schedule(world.mission, by=organizer)
    elsewhere = small_mission(n_slots=1, n_tables=1, n_buyers=1, n_providers=1)
    other_organizer = UserFactory()
    elsewhere.mission.organizers.add(other_organizer)
    client.force_login(other_organizer)

    with translation.override("en"):
        status = client.get(reverse("web:schedule_notices", args=[world.mission.slug]))
        retry = client.post(reverse("web:schedule_notices_retry", args=[world.mission.slug]))

    assert status.status_code == retry.status_code == 404
    assert b"E-mails of version" not in status.content
    assert world.buyers[0].full_name not in status.content.decode()
    assert PublicationNotice.objects.filter(status="pending").count() == 4


def test_publish_without_notify_records_no_email(
    world, organizer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publication = services.publish_schedule(world.mission, by=organizer, notify=False)

    assert publication.changes["notified"] == 0
    assert not PublicationNotice.objects.exists()
    assert mail.outbox == []
