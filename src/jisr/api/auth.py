"""Bearer-token authentication: the token's user is the request's user, so every rule
that the web asks about ``request.user`` applies unchanged."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from jisr.api.models import ApiToken
from jisr.api.tokens import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = user_for_token(token.strip())
        if api_token is None:
            return None
        request.user = api_token.user
        return api_token
