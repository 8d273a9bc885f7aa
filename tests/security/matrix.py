"""The machinery of the permission matrix: enumerate every route and API operation,
build its URL from real objects, send a request as a role, and tell whether the
database changed. The expectations themselves live in ``tests/security/rules.py``."""

from __future__ import annotations

import copy
import json as jsonlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.security.world import MissionObjects

# Writes that every signed-in request may make without touching anybody's data.
IGNORED_WRITES = (
    re.compile(r'^(INSERT INTO|UPDATE|DELETE FROM) "django_session"'),
    re.compile(r'^UPDATE "api_apitoken" SET "last_used" = '),
)
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Route:
    name: str  # "web:listing", "set_language"
    pattern: str
    params: tuple[str, ...]


def routes() -> Iterator[Route]:
    """Every named URL pattern of the project, with its keyword parameters."""
    yield from _walk(get_resolver(), (), "")


def _walk(resolver: URLResolver, namespaces: tuple[str, ...], prefix: str) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from _walk(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", pattern))
            name = ":".join((*namespaces, entry.name or f"<unnamed {pattern}>"))
            yield Route(name=name, pattern=pattern, params=params)


# URL parameters that name no object of a mission.
PLAIN_PARAMS = {"slug", "extension"}


def names_objects(params: tuple[str, ...]) -> bool:
    return bool(set(params) - PLAIN_PARAMS)


def url_for(route: Route, own: MissionObjects, objects: MissionObjects) -> str:
    """The route's URL in the mission ``own`` (its slug) naming ``objects``' objects."""
    values = {**objects.params, **objects.by_name.get(route.name.split(":")[-1], {})}
    kwargs = {param: values[param] for param in route.params}
    if "slug" in kwargs:
        kwargs["slug"] = own.mission.slug
    with translation.override("en"):
        return reverse(route.name, kwargs=kwargs)


def answer(response: Any) -> str:
    """A cell's answer: the status code, or "login" for a redirect to a login page."""
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        return "login" if "/login/" in location else "redirect"
    return str(response.status_code)


class WriteRecorder:
    """Records the data-changing SQL statements a request sends (even those rolled back
    afterwards), so "changed nothing" means not a single row was written."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if WRITE.match(sql) and not any(p.match(sql) for p in IGNORED_WRITES):
            self.writes.append(sql[:120])
        return execute(sql, params, many, context)


class _RolledBack(Exception):
    pass


@dataclass
class Sent:
    answer: str
    wrote: bool
    body: bytes


def send(
    client: Client,
    method: str,
    url: str,
    *,
    data: Any = None,
    json: bool = False,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
) -> Sent:
    """Send one request inside a savepoint that is rolled back, so every cell starts
    from the same data, and tell whether the request wrote. The client's cookies are
    kept, so a request that signs out (or in) does not change the role of the next."""
    result: Sent | None = None
    cookies = copy.deepcopy(client.cookies)
    recorder = WriteRecorder()
    try:
        with transaction.atomic(), connection.execute_wrapper(recorder):
            if method == "GET":
                response = client.get(url, data=query, headers=headers)
            elif json:
                response = client.generic(
                    method,
                    url,
                    data=jsonlib.dumps(data or {}),
                    content_type="application/json",
                    headers=headers,
                )
            else:
                response = client.post(url, data=data or {}, headers=headers)
            wrote = bool(recorder.writes)
            body = getattr(response, "content", b"") if not response.streaming else b""
            result = Sent(answer=answer(response), wrote=wrote, body=body)
            raise _RolledBack
    except _RolledBack:
        pass
    client.cookies = cookies
    assert result is not None
    return result
