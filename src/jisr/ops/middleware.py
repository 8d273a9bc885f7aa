"""One log line per request, with a request id taken from the proxy's ``X-Request-ID``
(or made here) and returned in the response, and the name of the process that served it
(``X-Served-By``), which shows how the proxy spreads requests."""

from __future__ import annotations

import logging
import os
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from jisr.ops.logs import HOST, request_id_var

logger = logging.getLogger("jisr.request")
# A proxy's id is kept only if it is a plain token: it goes into headers and logs.
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _VALID_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            response["X-Served-By"] = f"{HOST}:{os.getpid()}"
            user = getattr(request, "user", None)
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else 0,
                },
            )
            return response
        finally:
            request_id_var.reset(token)
