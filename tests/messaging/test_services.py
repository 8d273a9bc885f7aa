import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from jisr.core.errors import DomainError, PermissionDenied
from jisr.core.models import ActivityLogEntry
from jisr.exchange.export import mission_rows
from jisr.meetings.models import MeetingRequest
from jisr.messaging import queries
from jisr.messaging.models import BODY_MAX, Message, MessagingSettings
from jisr.messaging.services import (
    MessagingDisabled,
    close_report,
    mark_thread_read,
    purge_expired_messages,
    report_message,
    send_message,
    update_messaging_settings,
)
from jisr.missions.models import Mission


def test_send_message_stores_it_with_the_senders_language_and_emails_the_recipient_in_theirs(
    world, django_capture_on_commit_callbacks
):
    request = world.meeting.request

    with django_capture_on_commit_callbacks(execute=True):
        message = send_message(request, by=world.buyer, body="  Shall we meet at 10?  ")

    assert (message.sender, message.recipient) == (world.buyer, world.provider)
    assert (message.body, message.language) == ("Shall we meet at 10?", "en")
    (email,) = mail.outbox
    assert email.to == [world.provider.email]
    assert email.extra_headers["Content-Language"] == "ar"
    assert "Brenda Hall" in email.subject
    assert "Shall we meet" not in email.body  # the text is read in Jisr, not by e-mail
    assert f"/ar/m/{world.mission.slug}/messages/{request.pk}/" in email.body
    entry = ActivityLogEntry.objects.get(action="messaging.message.sent")
    assert entry.data == {"request": request.pk, "recipient": world.provider.pk}


def test_send_message_emails_only_for_the_first_unread_message(
    world, django_capture_on_commit_callbacks
):
    request = world.meeting.request

    with django_capture_on_commit_callbacks(execute=True):
        send_message(request, by=world.buyer, body="One")
        send_message(request, by=world.buyer, body="Two")
    mark_thread_read(request, by=world.provider)
    with django_capture_on_commit_callbacks(execute=True):
        send_message(request, by=world.buyer, body="Three")

    assert len(mail.outbox) == 2


def test_send_message_oversized_is_refused_with_the_count_and_nothing_is_written(world):
    with pytest.raises(DomainError) as error:
        send_message(world.meeting.request, by=world.buyer, body="x" * (BODY_MAX + 1))

    assert error.value.field == "body"
    assert f"{BODY_MAX + 1}" in str(error.value.message)
    assert not Message.objects.exists()
    assert not ActivityLogEntry.objects.filter(action="messaging.message.sent").exists()


def test_send_message_empty_is_refused(world):
    with pytest.raises(DomainError):
        send_message(world.meeting.request, by=world.buyer, body="   ")

    assert Message.objects.count() == 0


def test_send_message_by_a_third_person_is_refused(world):
    with pytest.raises(PermissionDenied):
        send_message(world.meeting.request, by=world.colleague, body="Hello")

    assert Message.objects.count() == 0


def test_send_message_when_organizers_disabled_messaging_is_refused(world, organizer):
    update_messaging_settings(world.mission, by=organizer, enabled=False, retention_days=90)

    with pytest.raises(MessagingDisabled):
        send_message(world.meeting.request, by=world.buyer, body="Hello")

    assert Message.objects.count() == 0


def test_send_message_on_a_declined_request_is_refused(world):
    request = world.meeting.request
    MeetingRequest.objects.filter(pk=request.pk).update(status=MeetingRequest.Status.DECLINED)

    with pytest.raises(DomainError, match="closed"):
        send_message(request, by=world.buyer, body="Hello")

    assert Message.objects.count() == 0


def test_mark_thread_read_marks_only_what_the_reader_received(world):
    request = world.meeting.request
    received = send_message(request, by=world.buyer, body="To you")
    sent = send_message(request, by=world.provider, body="To Brenda")

    count = mark_thread_read(request, by=world.provider)

    received.refresh_from_db()
    sent.refresh_from_db()
    assert count == 1
    assert received.read_at is not None
    assert sent.read_at is None
    assert queries.unread_count(world.buyer) == 1
    assert queries.unread_count(world.provider) == 0


def test_report_message_by_the_recipient_flags_it_for_organizers_once(world):
    message = send_message(world.meeting.request, by=world.buyer, body="Rude words")

    report_message(message, by=world.provider, reason="Insulting")

    assert list(queries.reported_messages(world.mission)) == [message]
    with pytest.raises(DomainError, match="already"):
        report_message(message, by=world.provider)


def test_report_message_by_the_sender_is_refused(world):
    message = send_message(world.meeting.request, by=world.buyer, body="Hello")

    with pytest.raises(PermissionDenied):
        report_message(message, by=world.buyer)

    message.refresh_from_db()
    assert message.reported_at is None


def test_close_report_with_hide_hides_the_text_and_closes_the_report(world, organizer):
    message = send_message(world.meeting.request, by=world.buyer, body="Spam")
    report_message(message, by=world.provider)

    close_report(message, by=organizer, hide=True)

    message.refresh_from_db()
    assert message.is_hidden
    assert list(queries.reported_messages(world.mission)) == []


def test_close_report_by_a_participant_is_refused(world):
    message = send_message(world.meeting.request, by=world.buyer, body="Spam")
    report_message(message, by=world.provider)

    with pytest.raises(PermissionDenied):
        close_report(message, by=world.provider.user, hide=True)

    message.refresh_from_db()
    assert message.hidden_at is None


def test_update_messaging_settings_out_of_range_retention_is_refused(world, organizer):
    with pytest.raises(DomainError):
        update_messaging_settings(world.mission, by=organizer, enabled=True, retention_days=0)

    assert not MessagingSettings.objects.exists()


def test_messages_are_deleted_with_the_participant(world):
    send_message(world.meeting.request, by=world.buyer, body="Hello")

    world.provider.delete()

    assert Message.objects.count() == 0


def test_purge_expired_messages_deletes_only_missions_past_their_retention(
    world, other_world, organizer
):
    send_message(world.meeting.request, by=world.buyer, body="Old mission")
    send_message(other_world.meeting.request, by=other_world.buyer, body="Still kept")
    update_messaging_settings(world.mission, by=organizer, enabled=True, retention_days=30)
    Mission.objects.filter(pk=other_world.mission.pk).update(end_date=dt.date(2027, 5, 1))
    today = world.mission.end_date + dt.timedelta(days=31)

    deleted = purge_expired_messages(today=today)

    assert deleted == 1
    assert list(Message.objects.values_list("body", flat=True)) == ["Still kept"]
    entry = ActivityLogEntry.objects.get(action="messaging.retention.purged")
    assert entry.data == {"messages": 1, "retention_days": 30}


def test_threads_of_lists_open_requests_with_unread_counts(world):
    send_message(world.meeting.request, by=world.buyer, body="One")
    send_message(world.meeting.request, by=world.buyer, body="Two")

    (thread,) = queries.threads_of(world.provider)

    assert thread.pk == world.meeting.request_id
    assert thread.unread == 2


def test_mission_export_leaves_messages_out(world):
    send_message(world.meeting.request, by=world.buyer, body="Private words about prices")

    sheets = mission_rows(world.mission)

    cells = [str(value) for rows in sheets.values() for row in rows for value in row]
    assert not any("Private words" in cell for cell in cells)
    assert "Let us talk about a Java team." in cells  # the request itself is exported


def test_purge_messages_command_reports_what_it_deleted(world):
    send_message(world.meeting.request, by=world.buyer, body="Kept: the mission is ahead")
    out = StringIO()

    call_command("purge_messages", stdout=out)

    assert out.getvalue().strip() == "Deleted 0 messages past their retention period."
    assert Message.objects.count() == 1
