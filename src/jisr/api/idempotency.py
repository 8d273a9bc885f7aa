"""Safe retries of POSTs that create things (``Idempotency-Key``, as in the IETF draft).

- same key, same request: the stored answer is replayed (header ``Idempotent-Replayed``);
- same key, another request (method, path or body): 422 ``idempotency_key_reused``;
- same key while the first request still runs: 409 ``idempotency_key_in_use``.

Only successful answers are stored: after a refusal (a 4xx) nothing was created, so the
same key may be retried once the cause is fixed. Keys are kept for 24 hours, per user.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import Header

from jisr.api.models import IdempotencyKey
from jisr.core.errors import DomainError

KEY_LIFETIME = dt.timedelta(hours=24)
HEADER = "Idempotency-Key"


def key_header() -> Any:
    """The optional ``Idempotency-Key`` header parameter of a creating operation."""
    return Header(
        None,
        alias=HEADER,
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="Any unique string (e.g. a UUID) that identifies this request for 24 hours.",
    )


class IdempotencyKeyReused(DomainError):
    status_code = 422


class IdempotencyKeyInUse(DomainError):
    status_code = 409


def fingerprint(request: HttpRequest, body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{canonical}".encode()).hexdigest()


def run_once(
    request: HttpRequest,
    key: str | None,
    body: Any,
    create: Callable[[], tuple[int, dict[str, Any]]],
) -> HttpResponse:
    """Run ``create`` (returning status and JSON body) at most once per key and request."""
    if not key:
        status, payload = create()
        return _json(payload, status)
    user = request.user
    fresh_since = timezone.now() - KEY_LIFETIME
    IdempotencyKey.objects.filter(user_id=user.pk, created__lt=fresh_since).delete()
    print_ = fingerprint(request, body)
    try:
        with transaction.atomic():
            record = IdempotencyKey.objects.create(user_id=user.pk, key=key, fingerprint=print_)
    except IntegrityError:
        record = IdempotencyKey.objects.get(user_id=user.pk, key=key)
        if record.fingerprint != print_:
            raise IdempotencyKeyReused(
                "This Idempotency-Key was already used for a different request; "
                "use a new key for a new request."
            ) from None
        if record.status_code is None:
            raise IdempotencyKeyInUse(
                "A request with this Idempotency-Key is still being processed; retry later."
            ) from None
        response = _json(record.response, record.status_code)
        response["Idempotent-Replayed"] = "true"
        return response
    try:
        status, payload = create()
    except BaseException:
        record.delete()  # nothing was created; the key may be used again
        raise
    record.status_code = status
    record.response = payload
    record.save(update_fields=["status_code", "response"])
    return _json(payload, status)


def _json(payload: Any, status: int) -> HttpResponse:
    # The body is already JSON-ready (dumped in JSON mode), so it is written as is.
    return JsonResponse(payload, status=status, safe=False)
