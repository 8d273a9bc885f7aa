import pytest

from jisr.api.idempotency import fingerprint
from jisr.api.models import IdempotencyKey
from jisr.directory.models import Organization
from jisr.meetings.models import MeetingRequest
from tests.api.conftest import api_client
from tests.factories_meetings import ListingFactory, MeetingRequestFactory, participant

pytestmark = pytest.mark.django_db

URL = "/api/v1/missions/casa-2027/meeting-requests"


def _post(client, body, **headers):
    return client.post(URL, body, content_type="application/json", **headers)


def test_create_meeting_request_sends_it_through_the_service(world, buyer_api):
    response = _post(buyer_api, {"recipient": world.provider.pk, "message": "  Hello Karim  "})

    assert response.status_code == 201
    body = response.json()
    meeting = MeetingRequest.objects.get()
    assert body["id"] == meeting.pk
    assert body["status"] == "pending"
    assert body["direction"] == "outgoing"
    assert body["message"] == "Hello Karim"
    assert body["requester"]["id"] == world.buyer.pk
    assert body["recipient"] == {
        "id": world.provider.pk,
        "first_name": "Karim",
        "last_name": "Alaoui",
        "organization": {
            "id": world.provider.organization_id,
            "name": world.provider.organization.name,
            "kind": "provider",
        },
    }
    assert body["listing"] is None and body["responded"] is None
    assert body["created"].endswith("+00:00")
    assert (meeting.mission, meeting.requester, meeting.recipient) == (
        world.mission,
        world.buyer,
        world.provider,
    )


def test_same_idempotency_key_and_body_replays_the_first_answer(world, buyer_api):
    body = {"recipient": world.provider.pk, "message": "Hello"}

    first = _post(buyer_api, body, HTTP_IDEMPOTENCY_KEY="order-42")
    again = _post(buyer_api, body, HTTP_IDEMPOTENCY_KEY="order-42")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert MeetingRequest.objects.count() == 1


def test_same_idempotency_key_with_another_body_is_422(world, buyer_api):
    _post(
        buyer_api, {"recipient": world.provider.pk, "message": "Hello"}, HTTP_IDEMPOTENCY_KEY="k1"
    )

    response = _post(
        buyer_api, {"recipient": world.provider.pk, "message": "Hi!"}, HTTP_IDEMPOTENCY_KEY="k1"
    )

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert MeetingRequest.objects.count() == 1


def test_idempotency_keys_belong_to_one_user(world, buyer_api):
    other_buyer = participant(world.mission, Organization.Kind.BUYER)
    body = {"recipient": world.provider.pk, "message": "Hello"}

    mine = _post(buyer_api, body, HTTP_IDEMPOTENCY_KEY="shared-key")
    theirs = _post(api_client(other_buyer.user), body, HTTP_IDEMPOTENCY_KEY="shared-key")

    assert mine.status_code == theirs.status_code == 201
    assert theirs.json()["requester"]["id"] == other_buyer.pk
    assert MeetingRequest.objects.count() == 2


def test_a_refused_request_does_not_burn_its_idempotency_key(world, buyer_api):
    colleague = participant(world.mission, organization=world.buyer.organization)
    body = {"recipient": colleague.pk, "message": "Hello"}

    refused = _post(buyer_api, body, HTTP_IDEMPOTENCY_KEY="retry-me")
    assert refused.status_code == 400
    assert refused.json()["code"] == "not_allowed_pair"
    assert not IdempotencyKey.objects.exists()

    accepted = _post(
        buyer_api,
        {"recipient": world.provider.pk, "message": "Hello"},
        HTTP_IDEMPOTENCY_KEY="retry-me",
    )
    assert accepted.status_code == 201


def test_a_second_open_request_between_the_same_people_is_409(world, buyer_api, provider_api):
    _post(buyer_api, {"recipient": world.provider.pk, "message": "Hello"})

    response = _post(provider_api, {"recipient": world.buyer.pk, "message": "Hello back"})

    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_request"


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"recipient": 1, "message": ""}, "message"),
        ({"recipient": 0, "message": "Hi"}, "recipient"),
        ({"message": "Hi"}, "recipient"),
        ({"recipient": 1, "message": "x" * 2001}, "message"),
    ],
)
def test_create_meeting_request_rejects_bad_bodies_with_field_paths(world, buyer_api, body, path):
    response = _post(buyer_api, body)

    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["loc"][0] == "body"
    assert error["loc"][-1] == path


def test_create_meeting_request_with_someone_of_another_mission_is_404(world, buyer_api):
    response = _post(buyer_api, {"recipient": world.stranger.pk, "message": "Hello"})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not MeetingRequest.objects.exists()


def test_create_meeting_request_needs_a_participant(world, organizer_api):
    response = _post(organizer_api, {"recipient": world.provider.pk, "message": "Hello"})

    assert response.status_code == 403
    assert response.json() == {
        "detail": "This page is for the participants of this mission.",
        "code": "forbidden",
    }


def test_meeting_requests_lists_only_mine_by_tab(world, buyer_api):
    other_buyer = participant(world.mission, Organization.Kind.BUYER)
    sent = MeetingRequestFactory(requester=world.buyer, recipient=world.provider)
    accepted = MeetingRequestFactory(
        requester=participant(world.mission, Organization.Kind.PROVIDER),
        recipient=world.buyer,
        status=MeetingRequest.Status.ACCEPTED,
    )
    MeetingRequestFactory(requester=other_buyer, recipient=world.provider)
    MeetingRequestFactory(requester=world.stranger, recipient=participant(world.other_mission))

    everything = buyer_api.get(URL).json()
    outgoing = buyer_api.get(f"{URL}?tab=outgoing").json()
    accepted_tab = buyer_api.get(f"{URL}?tab=accepted").json()

    assert sorted(r["id"] for r in everything["results"]) == sorted([sent.pk, accepted.pk])
    assert [(r["id"], r["direction"]) for r in outgoing["results"]] == [(sent.pk, "outgoing")]
    assert [(r["id"], r["direction"]) for r in accepted_tab["results"]] == [
        (accepted.pk, "incoming")
    ]
    assert buyer_api.get(f"{URL}?tab=elsewhere").status_code == 422


def test_recipient_accepts_and_requester_cannot(world, buyer_api, provider_api):
    meeting = MeetingRequestFactory(requester=world.buyer, recipient=world.provider)

    refused = buyer_api.post(f"{URL}/{meeting.pk}/accept")
    accepted = provider_api.post(f"{URL}/{meeting.pk}/accept")
    again = provider_api.post(f"{URL}/{meeting.pk}/accept")

    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["direction"] == "incoming"
    assert accepted.json()["responded"] is not None
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"
    meeting.refresh_from_db()
    assert meeting.status == MeetingRequest.Status.ACCEPTED


def test_decline_needs_a_reason_and_records_it(world, provider_api):
    meeting = MeetingRequestFactory(requester=world.buyer, recipient=world.provider)

    missing = provider_api.post(f"{URL}/{meeting.pk}/decline", {}, content_type="application/json")
    declined = provider_api.post(
        f"{URL}/{meeting.pk}/decline", {"reason": "Not our field."}, content_type="application/json"
    )

    assert missing.status_code == 422
    assert missing.json()["errors"][0]["loc"][-1] == "reason"
    assert declined.status_code == 200
    assert declined.json()["status"] == "declined"
    assert declined.json()["decline_reason"] == "Not our field."


def test_requester_withdraws_a_pending_request(world, buyer_api):
    meeting = MeetingRequestFactory(requester=world.buyer, recipient=world.provider)

    # A body-less POST, as `curl -X POST` sends it: the reason is optional.
    response = buyer_api.generic("POST", f"{URL}/{meeting.pk}/cancel")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancelled_by"] == world.buyer.pk


def test_meeting_request_of_another_mission_is_404(world, buyer_api, stranger_api):
    theirs = MeetingRequestFactory(
        requester=world.stranger, recipient=participant(world.other_mission)
    )
    mine = MeetingRequestFactory(requester=world.buyer, recipient=world.provider)

    through_my_mission = buyer_api.generic("POST", f"{URL}/{theirs.pk}/cancel")
    from_outside = stranger_api.generic("POST", f"{URL}/{mine.pk}/cancel")
    list_from_outside = stranger_api.get(URL)

    assert through_my_mission.status_code == 404
    assert from_outside.status_code == 404
    assert from_outside.json() == {
        "detail": "There is no such meeting request.",
        "code": "not_found",
    }
    assert list_from_outside.status_code == 403
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.status == mine.status == MeetingRequest.Status.PENDING


def test_same_idempotency_key_while_the_first_request_runs_is_409(world, buyer_api, rf):
    body = {"recipient": world.provider.pk, "message": "Hello", "listing": None}
    running = rf.post(URL, body, content_type="application/json")
    IdempotencyKey.objects.create(
        user=world.buyer.user, key="in-flight", fingerprint=fingerprint(running, body)
    )

    response = _post(buyer_api, body, HTTP_IDEMPOTENCY_KEY="in-flight")

    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_in_use"
    assert not MeetingRequest.objects.exists()


def test_listing_of_another_mission_cannot_be_linked(world, buyer_api):
    theirs = ListingFactory(author=world.stranger)

    response = _post(
        buyer_api, {"recipient": world.provider.pk, "message": "Hello", "listing": theirs.pk}
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not MeetingRequest.objects.exists()


def test_listing_of_the_recipient_is_linked(world, buyer_api):
    offer = ListingFactory(author=world.provider, title="Nearshore QA team")

    response = _post(
        buyer_api, {"recipient": world.provider.pk, "message": "About QA", "listing": offer.pk}
    )

    assert response.status_code == 201
    assert response.json()["listing"] == {
        "id": offer.pk,
        "kind": "offer",
        "title": "Nearshore QA team",
    }
