"""Abuse limits: how many attempts one address, account or token may make in a window.

Counted with django-ratelimit in Django's cache, which is the database cache table
(``jisr.core.cache``), so every web process of a deployment shares the counts. The
rates come from ``settings.RATE_LIMITS`` (``JISR_RATE_LIMITS`` overrides them,
``JISR_RATE_LIMITS_ENABLED=0`` turns them off, e.g. for a load test).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

Key = str | Callable[[str, HttpRequest], str]


def client_address(_scope: str, request: HttpRequest) -> str:
    """The client's address (from ``JISR_CLIENT_IP_HEADER`` behind a proxy); IPv6
    addresses count per /64 network, as one host usually holds a whole one."""
    header = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    value = str(request.META.get(header) or "").split(",")[0].strip()
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def retry_after(request: HttpRequest, *, scope: str, key: Key = client_address) -> int | None:
    """Count one attempt in ``scope``; the seconds to wait when it is one too many,
    else None. ``key`` names who is counted: by default the client's address, else a
    function of (scope, request) naming the account or token."""
    rate = settings.RATE_LIMITS.get(scope)
    if not rate:
        return None
    usage = get_usage(request, group=scope, key=key, rate=rate, increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, int(usage["time_left"]))
