import pytest

from jisr.messaging.models import BODY_MAX, Message
from jisr.messaging.services import (
    close_report,
    report_message,
    send_message,
    update_messaging_settings,
)
from tests.factories import UserFactory
from tests.factories_meetings import MeetingRequestFactory
from tests.factories_schedules import accept

pytestmark = pytest.mark.django_db

BASE = "/api/v1/missions/casa-2027"


@pytest.fixture
def request_(world):
    return accept(world.buyer, world.provider)


def _post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", **headers)


def test_send_message_answers_201_and_the_recipient_lists_it(
    world, request_, buyer_api, provider_api
):
    url = f"{BASE}/meeting-requests/{request_.pk}/messages"

    created = _post(buyer_api, url, {"body": "Shall we meet at 10?"})
    listed = provider_api.get(url).json()

    assert created.status_code == 201
    body = created.json()
    assert (body["sender"], body["recipient"], body["language"]) == (
        world.buyer.pk,
        world.provider.pk,
        "en",
    )
    assert body["read"] is None
    assert [m["body"] for m in listed["results"]] == ["Shall we meet at 10?"]


def test_send_message_with_an_idempotency_key_writes_once(request_, buyer_api):
    url = f"{BASE}/meeting-requests/{request_.pk}/messages"
    key = {"HTTP_IDEMPOTENCY_KEY": "3f1c2b9e-msg"}

    first = _post(buyer_api, url, {"body": "Hello"}, **key)
    again = _post(buyer_api, url, {"body": "Hello"}, **key)

    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Message.objects.count() == 1


def test_send_message_oversized_answers_400_with_the_field_and_writes_nothing(request_, buyer_api):
    response = _post(
        buyer_api, f"{BASE}/meeting-requests/{request_.pk}/messages", {"body": "x" * (BODY_MAX + 1)}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["field"] == "body"
    assert f"{BODY_MAX + 1}" in response.json()["detail"]
    assert Message.objects.count() == 0


def test_send_message_in_french_answers_the_error_in_french(request_, buyer_api):
    response = _post(
        buyer_api,
        f"{BASE}/meeting-requests/{request_.pk}/messages",
        {"body": "x" * (BODY_MAX + 1)},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.json()["detail"].startswith("Un message peut compter au plus")


def test_send_message_when_messaging_is_off_answers_messaging_disabled(world, request_, buyer_api):
    organizer = UserFactory()
    world.mission.organizers.add(organizer)
    update_messaging_settings(world.mission, by=organizer, enabled=False, retention_days=30)

    response = _post(buyer_api, f"{BASE}/meeting-requests/{request_.pk}/messages", {"body": "Hi"})

    assert response.status_code == 400
    assert response.json()["code"] == "messaging_disabled"
    assert Message.objects.count() == 0


def test_messages_of_another_missions_request_answer_404(world, buyer_api):
    other = MeetingRequestFactory(requester=world.stranger)
    url = f"{BASE}/meeting-requests/{other.pk}/messages"

    listed = buyer_api.get(url)
    sent = _post(buyer_api, url, {"body": "Leak?"})

    assert (listed.status_code, sent.status_code) == (404, 404)
    assert listed.json()["code"] == "not_found"
    assert Message.objects.count() == 0


def test_mark_messages_read_marks_what_you_received(world, request_, provider_api):
    message = send_message(request_, by=world.buyer, body="Hi")

    response = provider_api.post(f"{BASE}/meeting-requests/{request_.pk}/messages/read")

    message.refresh_from_db()
    assert response.json() == {"marked": 1}
    assert message.read_at is not None


def test_report_message_flags_it_and_a_second_report_answers_400(world, request_, provider_api):
    message = send_message(request_, by=world.buyer, body="Rude")
    url = f"{BASE}/messages/{message.pk}/report"

    first = _post(provider_api, url, {"reason": "Insult"})
    second = _post(provider_api, url, {})

    assert first.status_code == 200
    assert first.json()["reported"] is True
    assert second.status_code == 400


def test_report_message_of_another_mission_answers_404(world, stranger_api, request_):
    message = send_message(request_, by=world.buyer, body="Hi")

    response = _post(stranger_api, f"{BASE}/messages/{message.pk}/report", {})

    message.refresh_from_db()
    assert response.status_code == 404
    assert message.reported_at is None


def test_hidden_message_has_no_body(world, request_, provider_api):
    message = send_message(request_, by=world.buyer, body="Spam")
    report_message(message, by=world.provider)
    organizer = UserFactory()
    world.mission.organizers.add(organizer)
    close_report(message, by=organizer, hide=True)

    listed = provider_api.get(f"{BASE}/meeting-requests/{request_.pk}/messages").json()

    assert listed["results"][0]["body"] is None
    assert listed["results"][0]["hidden"] is True
