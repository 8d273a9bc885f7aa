"""The page where a participant creates and revokes their own API tokens."""

import re

import pytest
from django.test import Client

from jisr.api.models import ApiToken
from jisr.api.tokens import create_token, hash_token
from tests.api.conftest import World
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PAGE = "/en/account/api-tokens/"


@pytest.fixture
def me(world: World) -> Client:
    client = Client()
    client.force_login(world.buyer.user)
    return client


def shown_token(response) -> str:
    found = re.search(r'<code class="token-value">(jisr_[^<]+)</code>', response.content.decode())
    assert found, "the new token is shown"
    return found.group(1)


def test_create_token_shows_it_once_and_it_works_with_its_scope(world, me):
    response = me.post(PAGE, {"name": "CRM sync", "scope": "read", "days": "30"})

    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    plain = shown_token(response)
    token = ApiToken.objects.get(user=world.buyer.user)
    assert (token.name, token.scope, token.token_hash) == ("CRM sync", "read", hash_token(plain))
    assert token.expires is not None
    assert plain not in me.get(PAGE).content.decode()  # never shown again
    api = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert api.get("/api/v1/missions/casa-2027").status_code == 200
    assert (
        api.post(
            "/api/v1/missions/casa-2027/meeting-requests",
            {"recipient": world.provider.pk, "message": "Hello"},
            content_type="application/json",
        ).json()["code"]
        == "insufficient_scope"
    )


def test_token_page_lists_own_tokens_only(world, me):
    create_token(world.buyer.user, name="my laptop")
    create_token(world.provider.user, name="someone else's script")

    page = me.get(PAGE).content.decode()

    assert "my laptop" in page
    assert "someone else" not in page


def test_token_page_in_french_and_arabic(me):
    assert "Jetons d’API" in me.get("/fr/account/api-tokens/").content.decode()
    arabic = me.get("/ar/account/api-tokens/").content.decode()
    assert "رموز واجهة البرمجة" in arabic and 'dir="rtl"' in arabic


def test_token_without_name_is_refused_and_nothing_created(world, me):
    response = me.post(PAGE, {"name": " ", "scope": "write", "days": "90"})

    assert response.status_code == 200
    assert "token-value" not in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_own_token_stops_it(world, me):
    issued = create_token(world.buyer.user, name="old laptop")

    response = me.post(f"{PAGE}{issued.token.pk}/revoke/")

    assert response.status_code == 302
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    api = Client(HTTP_AUTHORIZATION=f"Bearer {issued.plain}")
    assert api.get("/api/v1/missions").status_code == 401


def test_revoking_someone_elses_token_is_404_and_keeps_it(world, me):
    """The owner is a participant of another mission: their token is not found."""
    issued = create_token(world.stranger.user, name="stranger's script")

    response = me.post(f"{PAGE}{issued.token.pk}/revoke/")

    assert response.status_code == 404
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None


def test_token_page_needs_login():
    response = Client().get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/login/")


def test_revoke_needs_post(world, me):
    issued = create_token(world.buyer.user, name="x")

    assert me.get(f"{PAGE}{issued.token.pk}/revoke/").status_code == 405


def test_staff_cannot_revoke_a_participants_token_from_this_page(world):
    issued = create_token(world.buyer.user, name="x")
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))

    assert staff.post(f"{PAGE}{issued.token.pk}/revoke/").status_code == 404
