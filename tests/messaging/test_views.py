from django.urls import reverse
from django.utils import translation

from jisr.messaging.models import BODY_MAX, Message
from jisr.messaging.services import report_message, send_message, update_messaging_settings


def _url(name, world, *args):
    return reverse(f"web:{name}", args=[world.mission.slug, *args])


def test_thread_shows_messages_with_their_language_and_marks_them_read(client, world):
    message = send_message(
        world.meeting.request, by=world.buyer, body="Bonjour Karim", language="fr"
    )
    client.force_login(world.provider.user)

    response = client.get(_url("message_thread", world, world.meeting.request_id))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Bonjour Karim" in html
    assert 'lang="fr"' in html
    assert "written in French" in html
    message.refresh_from_db()
    assert message.read_at is not None


def test_thread_post_sends_and_redirects_to_the_latest_message(client, world):
    client.force_login(world.buyer.user)
    url = _url("message_thread", world, world.meeting.request_id)

    response = client.post(url, {"body": "See you at table T1"})

    assert response.status_code == 302
    assert response["Location"] == f"{url}#latest"
    assert list(Message.objects.values_list("body", "sender")) == [
        ("See you at table T1", world.buyer.pk)
    ]


def test_thread_htmx_post_answers_the_thread_fragment(client, world):
    client.force_login(world.buyer.user)

    response = client.post(
        _url("message_thread", world, world.meeting.request_id),
        {"body": "Fragment please"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section id="thread"')
    assert "Fragment please" in html
    assert "<html" not in html


def test_thread_post_oversized_keeps_the_text_and_writes_nothing(client, world):
    client.force_login(world.buyer.user)
    body = "y" * (BODY_MAX + 5)

    response = client.post(_url("message_thread", world, world.meeting.request_id), {"body": body})

    html = response.content.decode()
    assert response.status_code == 400
    assert f"at most {BODY_MAX} characters long; this one has {BODY_MAX + 5}" in html
    assert body in html
    assert Message.objects.count() == 0


def test_thread_of_people_who_are_not_party_answers_404(client, world):
    client.force_login(world.colleague.user)

    response = client.get(_url("message_thread", world, world.meeting.request_id))

    assert response.status_code == 404


def test_thread_of_another_missions_request_answers_404(client, world, other_world):
    client.force_login(world.buyer.user)

    response = client.get(_url("message_thread", world, other_world.meeting.request_id))
    posted = client.post(
        _url("message_thread", world, other_world.meeting.request_id), {"body": "Leak?"}
    )

    assert (response.status_code, posted.status_code) == (404, 404)
    assert Message.objects.count() == 0


def test_inbox_lists_conversations_with_unread_counts(client, world):
    send_message(world.meeting.request, by=world.buyer, body="Hi")
    client.force_login(world.provider.user)

    response = client.get(_url("messages", world))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Brenda Hall" in html
    assert "1 unread" in html


def test_inbox_for_someone_outside_the_mission_is_refused(client, world, other_world):
    client.force_login(other_world.buyer.user)

    response = client.get(_url("messages", world))

    assert response.status_code in (403, 404)
    assert b"Brenda" not in response.content


def test_report_flags_the_message_and_returns_to_the_thread(client, world):
    message = send_message(world.meeting.request, by=world.buyer, body="Nasty")
    client.force_login(world.provider.user)

    response = client.post(_url("message_report", world, message.pk), {"reason": "Insult"})

    message.refresh_from_db()
    assert response.status_code == 302
    assert message.report_reason == "Insult"
    assert message.reported_at is not None


def test_report_of_another_missions_message_answers_404(client, world, other_world):
    message = send_message(other_world.meeting.request, by=other_world.buyer, body="Hi")
    client.force_login(world.provider.user)

    response = client.post(_url("message_report", world, message.pk))

    message.refresh_from_db()
    assert response.status_code == 404
    assert message.reported_at is None


def test_moderation_shows_reports_and_hides_a_message(client, world, organizer):
    message = send_message(world.meeting.request, by=world.buyer, body="Nasty")
    report_message(message, by=world.provider, reason="Insult")
    client.force_login(organizer)

    page = client.get(_url("messages_moderation", world))
    hidden = client.post(_url("messages_close_report", world, message.pk), {"action": "hide"})

    message.refresh_from_db()
    assert "Nasty" in page.content.decode()
    assert hidden.status_code == 302
    assert message.hidden_at is not None


def test_moderation_saves_the_messaging_switch(client, world, organizer):
    client.force_login(organizer)

    response = client.post(_url("messages_moderation", world), {"retention_days": "60"})

    assert response.status_code == 302
    settings = world.mission.messaging_settings
    assert (settings.enabled, settings.retention_days) == (False, 60)


def test_moderation_for_participants_and_other_missions_organizers_answers_404(
    client, world, other_world
):
    message = send_message(world.meeting.request, by=world.buyer, body="Nasty")
    report_message(message, by=world.provider)
    other_world.mission.organizers.add(other_world.buyer.user)

    client.force_login(world.provider.user)
    as_participant = client.get(_url("messages_moderation", world))
    client.force_login(other_world.buyer.user)
    as_other = client.post(_url("messages_close_report", world, message.pk), {"action": "hide"})

    message.refresh_from_db()
    assert (as_participant.status_code, as_other.status_code) == (404, 404)
    assert message.hidden_at is None


def test_thread_when_messaging_is_off_shows_the_notice_and_no_form(client, world, organizer):
    update_messaging_settings(world.mission, by=organizer, enabled=False, retention_days=30)
    client.force_login(world.buyer.user)

    response = client.get(_url("message_thread", world, world.meeting.request_id))

    html = response.content.decode()
    assert "turned messaging off" in html
    assert 'name="body"' not in html


def test_thread_form_help_is_in_the_readers_language(client, world):
    client.force_login(world.provider.user)

    with translation.override("fr"):
        url = reverse("web:message_thread", args=[world.mission.slug, world.meeting.request_id])
    response = client.get(url)

    assert f"{BODY_MAX} caractères au plus." in response.content.decode()
