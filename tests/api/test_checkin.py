import pytest
from django.conf import settings

from jisr.outcomes.models import Badge, CheckIn
from jisr.outcomes.services import issue_badge, issue_badges

pytestmark = pytest.mark.django_db

BASE = "/api/v1/missions/casa-2027"


def _post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", **headers)


def test_check_in_answers_201_then_409_with_the_time(world, organizer_api):
    badge = issue_badge(world.provider)

    created = _post(organizer_api, f"{BASE}/check-ins", {"code": badge.display_code})
    repeated = _post(organizer_api, f"{BASE}/check-ins", {"code": badge.code.lower()})

    assert created.status_code == 201
    assert created.json()["person"]["id"] == world.provider.pk
    assert repeated.status_code == 409
    assert repeated.json()["code"] == "already_checked_in"
    assert "Karim Alaoui is already checked in, at" in repeated.json()["detail"]
    assert CheckIn.objects.count() == 1


def test_check_in_replayed_with_its_idempotency_key_answers_the_first_201(world, organizer_api):
    badge = issue_badge(world.provider)
    key = {"HTTP_IDEMPOTENCY_KEY": "scan-1"}

    first = _post(organizer_api, f"{BASE}/check-ins", {"code": badge.code}, **key)
    again = _post(organizer_api, f"{BASE}/check-ins", {"code": badge.code}, **key)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert CheckIn.objects.count() == 1


def test_check_in_unknown_code_answers_404_unknown_badge(world, organizer_api):
    response = _post(organizer_api, f"{BASE}/check-ins", {"code": "NOPE-NOPE-NOPE"})

    assert response.status_code == 404
    assert response.json()["code"] == "unknown_badge"
    assert CheckIn.objects.count() == 0


def test_check_in_with_another_missions_badge_is_unknown(world, organizer_api):
    badge = issue_badge(world.stranger)

    response = _post(organizer_api, f"{BASE}/check-ins", {"code": badge.code})

    assert response.json()["code"] == "unknown_badge"
    assert CheckIn.objects.count() == 0


def test_check_ins_for_participants_answer_404(world, buyer_api):
    badge = issue_badge(world.provider)

    posted = _post(buyer_api, f"{BASE}/check-ins", {"code": badge.code})
    listed = buyer_api.get(f"{BASE}/check-ins")

    assert (posted.status_code, listed.status_code) == (404, 404)
    assert CheckIn.objects.count() == 0


def test_list_check_ins_shows_today(world, organizer_api):
    _post(organizer_api, f"{BASE}/check-ins", {"code": issue_badge(world.buyer).code})

    body = organizer_api.get(f"{BASE}/check-ins").json()

    assert [c["person"]["id"] for c in body["results"]] == [world.buyer.pk]


def test_badge_gives_your_code_and_check_in_state(world, buyer_api, organizer_api):
    issue_badges(world.mission)  # what publishing the schedule does
    before = buyer_api.get(f"{BASE}/badge").json()
    _post(organizer_api, f"{BASE}/check-ins", {"code": before["code"]})
    after = buyer_api.get(f"{BASE}/badge").json()

    assert before["checked_in"] is None
    assert before["check_in_url"] == (
        f"{settings.SITE_URL}/en/m/casa-2027/check-in/?code={before['code']}"
    )
    assert after["code"] == before["code"]
    assert after["checked_in"] is not None


def test_badge_before_publication_answers_404_and_writes_nothing(world, buyer_api):
    response = buyer_api.get(f"{BASE}/badge")

    assert response.status_code == 404
    assert "comes with the published schedule" in response.json()["detail"]
    assert not Badge.objects.exists()


def test_badge_outside_the_mission_answers_404(world, stranger_api):
    response = stranger_api.get(f"{BASE}/badge")

    assert response.status_code == 404
