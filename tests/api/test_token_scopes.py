"""Token scopes and expiry: a read token only reads, an expired token is refused."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from jisr.api.models import ApiToken
from jisr.api.tokens import create_token
from jisr.meetings.models import MeetingRequest

pytestmark = pytest.mark.django_db


def client_for(issued):
    return Client(HTTP_AUTHORIZATION=f"Bearer {issued.plain}")


def ask(client, world):
    return client.post(
        "/api/v1/missions/casa-2027/meeting-requests",
        {"recipient": world.provider.pk, "message": "Shall we meet in Casablanca?"},
        content_type="application/json",
    )


def test_read_token_reads(world):
    client = client_for(create_token(world.buyer.user, name="dashboard", scope="read"))

    response = client.get("/api/v1/missions/casa-2027")

    assert response.status_code == 200
    assert response.json()["slug"] == "casa-2027"


def test_write_with_read_token_is_403_insufficient_scope_and_writes_nothing(world):
    client = client_for(create_token(world.buyer.user, name="dashboard", scope="read"))

    response = ask(client, world)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "This API token may only read. Use a token with the write scope to change data.",
        "code": "insufficient_scope",
    }
    assert 'error="insufficient_scope"' in response["WWW-Authenticate"]
    assert MeetingRequest.objects.count() == 0


def test_write_token_writes(world):
    client = client_for(create_token(world.buyer.user, name="crm", scope="write"))

    response = ask(client, world)

    assert response.status_code == 201
    assert MeetingRequest.objects.get().requester == world.buyer


def test_expired_token_is_401_token_expired(world):
    issued = create_token(world.buyer.user, name="old", scope="write", days=7)
    ApiToken.objects.filter(pk=issued.token.pk).update(
        expires=timezone.now() - dt.timedelta(seconds=1)
    )

    response = client_for(issued).get("/api/v1/missions")

    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_token_expires_after_its_days(world):
    issued = create_token(world.buyer.user, name="month", days=30)

    expected = timezone.now() + dt.timedelta(days=30)
    assert abs((issued.token.expires - expected).total_seconds()) < 5
    assert not issued.token.is_expired(timezone.now())
    assert issued.token.is_expired(expected + dt.timedelta(minutes=1))


@pytest.mark.parametrize("days", [0, -1, 367])
def test_token_lifetime_outside_limits_is_refused(world, days):
    with pytest.raises(ValueError, match="1 to 366 days"):
        create_token(world.buyer.user, name="x", days=days)


def test_command_creates_read_token_with_expiry(world):
    out = StringIO()

    call_command(
        "api_token",
        "create",
        world.buyer.user.email,
        "--name",
        "report",
        "--scope",
        "read",
        "--days",
        "7",
        stdout=out,
    )

    token = ApiToken.objects.get(name="report")
    assert token.scope == "read"
    assert token.expires is not None
    assert "read, expires" in out.getvalue()
