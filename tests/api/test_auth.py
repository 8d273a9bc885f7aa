import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from jisr.api.models import ApiToken
from jisr.api.tokens import create_token, revoke_token
from jisr.core.models import ActivityLogEntry
from tests.api.conftest import api_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_token_stores_only_the_sha256_of_the_token():
    user = UserFactory()

    issued = create_token(user, name="CRM sync")

    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert stored.token_hash == hashlib.sha256(issued.plain.encode()).hexdigest()
    assert issued.plain not in {stored.token_hash, stored.prefix, stored.name}
    assert issued.plain.startswith(stored.prefix)
    assert ActivityLogEntry.objects.filter(action="api.token.created").count() == 1


def test_token_authenticates_as_its_user_and_records_last_use(world):
    issued = create_token(world.buyer.user, name="script")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issued.plain}")

    response = client.get("/api/v1/missions/casa-2027")

    assert response.status_code == 200
    assert response.json()["viewer"]["person_id"] == world.buyer.pk
    issued.token.refresh_from_db()
    assert issued.token.last_used is not None


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer jisr_not-a-real-token", "Token whatever", "Basic dXNlcjpwYXNz"],
)
def test_missing_or_invalid_token_is_401_with_bearer_challenge(world, header):
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()

    response = client.get("/api/v1/missions")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_is_401(world):
    issued = create_token(world.buyer.user, name="old laptop")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issued.plain}")
    assert client.get("/api/v1/missions").status_code == 200

    revoke_token(issued.token)
    response = client.get("/api/v1/missions")

    assert response.status_code == 401
    assert response.json() == {
        "detail": "Send a valid API token: 'Authorization: Bearer <token>'.",
        "code": "not_authenticated",
    }


def test_token_of_deactivated_user_is_401(world):
    client = api_client(world.buyer.user)
    world.buyer.user.is_active = False
    world.buyer.user.save()

    response = client.get("/api/v1/missions")

    assert response.status_code == 401


def test_session_login_does_not_authenticate_the_api(world):
    client = Client()
    client.force_login(world.buyer.user)

    response = client.get("/api/v1/missions")

    assert response.status_code == 401


def test_health_needs_no_token(client):
    assert client.get("/api/v1/health").json() == {"status": "ok"}


def test_command_creates_lists_and_revokes_tokens():
    user = UserFactory(email="ops@test.example", username="ops@test.example")
    out = StringIO()

    call_command("api_token", "create", "OPS@test.example", "--name", "nightly export", stdout=out)

    plain = out.getvalue().splitlines()[1]
    token = ApiToken.objects.get(user=user)
    assert token.name == "nightly export"
    assert token.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get("/api/v1/missions").status_code == 200

    listing = StringIO()
    call_command("api_token", "list", "ops@test.example", stdout=listing)
    assert "nightly export" in listing.getvalue()
    assert "active" in listing.getvalue()
    assert plain not in listing.getvalue()

    call_command("api_token", "revoke", str(token.pk), stdout=StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get("/api/v1/missions").status_code == 401


def test_command_refuses_unknown_email_and_token():
    with pytest.raises(CommandError, match="no user"):
        call_command("api_token", "create", "nobody@test.example", "--name", "x")
    with pytest.raises(CommandError, match="no token"):
        call_command("api_token", "revoke", "999")


def test_admin_revokes_selected_tokens_and_never_shows_hashes(admin_client):
    issued = create_token(UserFactory(), name="to revoke")

    page = admin_client.get(f"/admin/api/apitoken/{issued.token.pk}/change/")
    admin_client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [issued.token.pk]},
    )

    assert page.status_code == 200
    assert issued.token.token_hash.encode() not in page.content
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {issued.plain}").get("/api/v1/missions").status_code
        == 401
    )
