"""Abuse limits: log-in, password reset, invitation links and the API answer 429 with
Retry-After once an address, an account or a token has made too many attempts."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

from jisr.api.tokens import create_token
from tests.factories import MissionFactory, UserFactory
from tests.reliability.conftest import WORKERS, postgres_only, race, report

pytestmark = pytest.mark.django_db

# Windows of an hour: django-ratelimit counts in fixed windows, and a test that
# straddled the end of a one-minute window would see its count start again.
RATES = {
    "login": "3/h",
    "login-account": "2/h",
    "password-reset": "2/h",
    "password-reset-account": "5/h",
    "invitation": "3/h",
    "api-address": "4/h",
    "api-token": "2/h",
    "api-bad-token": "2/h",
}
limits = override_settings(RATELIMIT_ENABLE=True, RATE_LIMITS=RATES)


def from_address(address: str, **headers: str) -> Client:
    return Client(REMOTE_ADDR=address, **headers)


def log_in(client: Client, email: str, language: str = "en"):
    return client.post(f"/{language}/login/", {"username": email, "password": "wrong password"})


def assert_throttled(response, *, window: int) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= window


@limits
def test_login_is_limited_per_address_with_a_translated_page():
    client = from_address("198.51.100.7")
    answers = [log_in(client, f"user{i}@test.example", "fr").status_code for i in range(3)]

    response = log_in(client, "user9@test.example", "fr")

    assert answers == [200, 200, 200]  # the form again, with its error
    assert_throttled(response, window=3600)
    assert "Veuillez réessayer dans" in response.content.decode()
    assert 'lang="fr"' in response.content.decode()


@limits
def test_login_is_limited_per_account_across_addresses():
    user = UserFactory(email="brenda@test.example", username="brenda@test.example")
    answers = [log_in(from_address(f"203.0.113.{i}"), user.email).status_code for i in range(2)]

    response = log_in(from_address("203.0.113.99"), "BRENDA@test.example")

    assert answers == [200, 200]
    assert_throttled(response, window=3600)


@limits
def test_arabic_limit_page_speaks_arabic():
    client = from_address("198.51.100.8")
    for i in range(3):
        log_in(client, f"a{i}@test.example", "ar")

    response = log_in(client, "a9@test.example", "ar")

    assert_throttled(response, window=3600)
    assert 'dir="rtl"' in response.content.decode()
    assert "يُرجى المحاولة مرة أخرى" in response.content.decode()


@limits
def test_password_reset_is_limited_per_address():
    client = from_address("198.51.100.9")
    answers = [
        client.post("/en/password-reset/", {"email": f"x{i}@test.example"}).status_code
        for i in range(2)
    ]

    response = client.post("/en/password-reset/", {"email": "x9@test.example"})

    assert answers == [302, 302]
    assert_throttled(response, window=3600)


def test_password_reset_sends_a_link_that_sets_a_new_password():
    user = UserFactory(email="karim@test.example", username="karim@test.example")
    client = Client()

    response = client.post("/fr/password-reset/", {"email": "karim@test.example"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/password-reset/sent/"
    [message] = mail.outbox
    assert message.to == ["karim@test.example"]
    link = next(line for line in message.body.splitlines() if "/password-reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a long new passphrase 42", "new_password2": "a long new passphrase 42"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a long new passphrase 42")


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing():
    response = Client().post("/en/password-reset/", {"email": "nobody@test.example"})

    assert response.status_code == 302
    assert response["Location"] == "/en/password-reset/sent/"
    assert mail.outbox == []


@limits
def test_invitation_links_are_limited_per_address():
    mission = MissionFactory(slug="casa-2027")
    client = from_address("198.51.100.10")
    answers = [client.get(f"/en/m/{mission.slug}/join/guess{i}/").status_code for i in range(3)]

    response = client.get(f"/en/m/{mission.slug}/join/guess9/")

    assert answers == [404, 404, 404]
    assert_throttled(response, window=3600)


@limits
def test_api_is_limited_per_token():
    token = create_token(UserFactory(), name="script")
    client = from_address("198.51.100.11", HTTP_AUTHORIZATION=f"Bearer {token.plain}")
    answers = [client.get("/api/v1/missions").status_code for _ in range(2)]

    response = client.get("/api/v1/missions")

    assert answers == [200, 200]
    assert_throttled(response, window=3600)
    assert response.json()["code"] == "throttled"
    assert response.json()["detail"].startswith("Too many requests")


@limits
def test_api_is_limited_per_address_across_tokens():
    user = UserFactory()
    answers = [
        from_address(
            "198.51.100.12", HTTP_AUTHORIZATION=f"Bearer {create_token(user, name=f't{i}').plain}"
        )
        .get("/api/v1/missions")
        .status_code
        for i in range(4)
    ]

    response = from_address(
        "198.51.100.12", HTTP_AUTHORIZATION=f"Bearer {create_token(user, name='t9').plain}"
    ).get("/api/v1/missions")

    assert answers == [200, 200, 200, 200]
    assert_throttled(response, window=3600)
    other = from_address(
        "198.51.100.13", HTTP_AUTHORIZATION=f"Bearer {create_token(user, name='t10').plain}"
    )
    assert other.get("/api/v1/missions").status_code == 200


@limits
def test_guessed_api_tokens_are_limited_per_address():
    client = from_address("198.51.100.14", HTTP_AUTHORIZATION="Bearer jisr_guess")
    answers = [client.get("/api/v1/missions").status_code for _ in range(2)]

    response = client.get("/api/v1/missions")

    assert answers == [401, 401]
    assert_throttled(response, window=3600)


def test_limits_off_lets_every_request_through():
    client = from_address("198.51.100.15")
    answers = {log_in(client, "z@test.example").status_code for _ in range(12)}

    assert answers == {200}


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_counter_increments_are_atomic_across_connections():
    cache.add("race-counter", 0, 60)

    outcome = race(*(lambda: cache.incr("race-counter") for _ in range(WORKERS)))

    lost = WORKERS - cache.get("race-counter")
    report(
        "rate-limit counter increments",
        operations=outcome.operations,
        double_bookings=lost,
        what="lost increments",
    )
    assert outcome.errors == []
    assert sorted(outcome.results) == list(range(1, WORKERS + 1))
    cache.delete("race-counter")
