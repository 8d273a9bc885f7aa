"""Bearer-token authentication: the token's user is the request's user, so every rule
that the web asks about ``request.user`` applies unchanged.

Before the token is even looked up, the client's address is counted against the API's
per-address limit; an unknown token counts against a stricter one (guessing), and a
known one against its own limit. A read token may only read (GET, HEAD, OPTIONS).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import Throttled
from ninja.security import HttpBearer

from jisr.api.errors import InsufficientScope, TokenExpired
from jisr.api.models import ApiToken
from jisr.api.tokens import find_token, record_use
from jisr.core.ratelimits import Key, client_address, retry_after

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        _limit(request, scope="api-address")
        api_token = find_token(token.strip())
        if api_token is None:
            _limit(request, scope="api-bad-token")
            return None
        if api_token.is_expired(timezone.now()):
            _limit(request, scope="api-bad-token")
            raise TokenExpired
        _limit(request, scope="api-token", key=lambda _scope, _request: f"t{api_token.pk}")
        if request.method not in SAFE_METHODS and not api_token.can_write:
            raise InsufficientScope
        record_use(api_token)
        request.user = api_token.user
        return api_token


def _limit(request: HttpRequest, *, scope: str, key: Key = client_address) -> None:
    wait = retry_after(request, scope=scope, key=key)
    if wait is not None:
        raise Throttled(wait)
