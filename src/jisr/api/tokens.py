"""Creating, finding and revoking API tokens. Only hashes are stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from jisr.api.models import ApiToken
from jisr.core.services import log_activity

TOKEN_PREFIX = "jisr_"
# A busy client would otherwise write to the database on every request.
LAST_USED_PRECISION = dt.timedelta(minutes=1)
# A token made on the web page lives this long unless its owner picks another term.
DEFAULT_DAYS = 90
MAX_DAYS = 366


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plain: str  # shown once, never stored


def hash_token(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def create_token(
    user: AbstractBaseUser,
    *,
    name: str,
    scope: str = ApiToken.Scope.WRITE,
    days: int | None = DEFAULT_DAYS,
) -> IssuedToken:
    """A new token for ``user``; the plain value exists only in the returned object.

    ``scope`` "read" allows GET requests only; ``days`` is its lifetime (None: it
    never expires)."""
    name = name.strip()
    if not name:
        raise ValueError("A token needs a name, e.g. the script or machine that uses it.")
    if scope not in ApiToken.Scope.values:
        raise ValueError(f"Unknown scope {scope!r}; use read or write.")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise ValueError(f"A token lives from 1 to {MAX_DAYS} days.")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = None if days is None else timezone.now() + dt.timedelta(days=days)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            token_hash=hash_token(plain),
            prefix=plain[:12],
            scope=scope,
            expires=expires,
        )
        log_activity(
            token,
            action="api.token.created",
            actor=user,
            data={"name": token.name, "scope": scope, "days": days},
        )
    return IssuedToken(token=token, plain=plain)


def revoke_token(token: ApiToken) -> ApiToken:
    """Revoke for good; a revoked token answers 401 from its next request on."""
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            log_activity(token, action="api.token.revoked", actor=token.user, data={})
    return token


def tokens_of(user: AbstractBaseUser) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created", "-id")


def find_token(plain: str) -> ApiToken | None:
    """The unrevoked token behind ``plain`` with its active user, or None (unknown,
    revoked, or the user is deactivated). An expired token is returned: the caller
    tells its owner so."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token: ApiToken | None = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(plain), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token


def record_use(token: ApiToken) -> None:
    """Remember when the token was last used, at most once a minute."""
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now


def user_for_token(plain: str) -> ApiToken | None:
    """The usable (unrevoked, unexpired) token behind ``plain``, its use recorded."""
    token = find_token(plain)
    if token is None or token.is_expired(timezone.now()):
        return None
    record_use(token)
    return token
