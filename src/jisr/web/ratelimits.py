"""Abuse limits on the pages that take secrets: log-in, password reset, invitation links.

Over a limit, the page answers 429 Too Many Requests with ``Retry-After`` and says in
the reader's language how long to wait. The counting lives in ``jisr.core.ratelimits``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jisr.core.ratelimits import Key, client_address, retry_after
from jisr.core.text import fold

View = Callable[..., HttpResponse]


def posted_email(_scope: str, request: HttpRequest) -> str:
    """The account tried: the e-mail address in the form (log-in's field is
    ``username``), folded so that case does not make a new counter."""
    return fold(request.POST.get("username") or request.POST.get("email") or "") or "-"


def limited(
    *scopes: str, key_of: dict[str, Key] | None = None, methods: tuple[str, ...] = ("POST",)
) -> Callable[[View], View]:
    """Count each request of ``methods`` in every scope (by client address unless
    ``key_of`` names another key) and answer 429 once one of them is exhausted."""
    keys = key_of or {}

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                for scope in scopes:
                    wait = retry_after(request, scope=scope, key=keys.get(scope, client_address))
                    if wait is not None:
                        return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def too_many_requests(request: HttpRequest, wait: int) -> HttpResponse:
    response = render(
        request,
        "jisr/too_many_requests.html",
        {"minutes": max(1, math.ceil(wait / 60))},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response
