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


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plain: str  # shown once, never stored


def hash_token(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def create_token(user: AbstractBaseUser, *, name: str) -> IssuedToken:
    """A new token for ``user``; the plain value exists only in the returned object."""
    name = name.strip()
    if not name:
        raise ValueError("A token needs a name, e.g. the script or machine that uses it.")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], token_hash=hash_token(plain), prefix=plain[:12]
        )
        log_activity(token, action="api.token.created", actor=user, data={"name": token.name})
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


def user_for_token(plain: str) -> ApiToken | None:
    """The active token behind ``plain`` with its user, or None (unknown, revoked, or
    the user is deactivated). Records the time of use, at most once a minute."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(plain), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token
