"""The permission matrix: every route and API operation, every role, two missions.

The routes come from the URL conf and the operations from the OpenAPI schema, so a new
view is in the matrix the moment it exists, and fails until ``rules.py`` declares it.
For each cell the test checks the answer to GET (web) or to the operation's method
(API), and that a POST or an unsafe call of a role that may not write changes no row.
The same runs with the other mission's objects in the URL (the answer must be 404 or
the role's refusal, and nothing may change). See docs/security.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from jisr.api.tokens import create_token
from jisr.api.v1 import api
from tests.security import rules
from tests.security.matrix import names_objects, routes, send, url_for
from tests.security.world import MissionObjects, World, build_world

pytestmark = pytest.mark.django_db

UNSAFE = ("post", "put", "patch", "delete")


@dataclass
class Report:
    cells: int = 0
    writes_checked: int = 0
    problems: list[str] = field(default_factory=list)
    # What each route answered, in rules.py's notation: JISR_MATRIX_SHOW=1 prints it.
    observed: dict[str, dict[str, str]] = field(default_factory=dict)

    def saw(self, name: str, role: str, answer: str) -> None:
        self.observed.setdefault(name, {})[role] = answer

    def expect(self, ok: bool, message: str) -> None:
        self.cells += 1
        if not ok:
            self.problems.append(message)


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str  # "/api/v1/missions/{slug}/listings/{listing_id}"

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(re.findall(r"{(\w+)}", self.path))

    def url(self, own: MissionObjects, objects: MissionObjects) -> str:
        values = {**objects.params, "slug": own.mission.slug}
        return self.path.format(**{p: values[p] for p in self.params})


def api_operations() -> Iterator[Operation]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield Operation(operation["operationId"], method.upper(), path)


def test_every_route_is_declared():
    """A new URL name or API operation must get a line in tests/security/rules.py."""
    missing = [
        route.name
        for route in routes()
        if route.name not in rules.WEB
        and not route.name.startswith((rules.API_ROUTES_PREFIX, rules.ADMIN_PREFIX))
    ]
    missing += [
        f"API {op.operation_id}" for op in api_operations() if op.operation_id not in rules.API
    ]
    api_names = {f"{rules.API_ROUTES_PREFIX}{op.operation_id}" for op in api_operations()}
    missing += [
        route.name
        for route in routes()
        if route.name.startswith(rules.API_ROUTES_PREFIX)
        and route.name not in api_names | rules.API_ROUTES_EXTRA
    ]
    assert not missing, (
        "These views have no expectation in tests/security/rules.py; add a line that says "
        f"who may see and change them: {', '.join(missing)}"
    )
    known = {route.name for route in routes()}
    stale = [name for name in rules.WEB if name not in known]
    assert not stale, f"rules.py declares views that no longer exist: {', '.join(stale)}"


def _web_clients(world: World, own: MissionObjects) -> dict[str, Client]:
    clients = {}
    for role, user in world.users(own).items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[role] = client
    return clients


def _api_headers(world: World, own: MissionObjects) -> dict[str, dict[str, str]]:
    return {
        role: {}
        if user is None
        else {"Authorization": f"Bearer {create_token(user, name='m').plain}"}
        for role, user in world.users(own).items()
    }


def _fill(value: Any, objects: MissionObjects) -> Any:
    if isinstance(value, str):
        return value.format(**objects.params)
    if isinstance(value, list):
        return [_fill(item, objects) for item in value]
    return value


def _body(data: dict[str, Any], objects: MissionObjects) -> dict[str, Any]:
    return {key: _fill(value, objects) for key, value in data.items()}


def _foreign_ok(own_answer: str, foreign_answer: str) -> bool:
    """Another mission's object answers 404, or the refusal the role gets anyway."""
    if own_answer in ("200", "redirect"):
        return foreign_answer == "404"
    return foreign_answer in ("404", own_answer)


def _check_web(report: Report, world: World, own: MissionObjects, other: MissionObjects) -> None:
    clients = _web_clients(world, own)
    for route in routes():
        if route.name not in rules.WEB:
            continue
        rule = rules.WEB[route.name]
        expected = rule.answers()
        url = url_for(route, own, own)
        has_objects = rule.scoped and names_objects(route.params)
        foreign_url = url_for(route, own, other) if has_objects else None
        data = _body(rule.data, own)
        # GET-only pages are posted to by two roles only, to keep the matrix fast.
        posters = rules.ROLES if rule.writers or "405" in rule.get else ("buyer", "organizer")
        for role, client in clients.items():
            got = send(client, "GET", url).answer
            where = f"{route.name} as {role} in {own.mission.slug}"
            report.saw(f"{route.name} in {own.mission.slug}", role, got)
            report.expect(got == expected[role], f"GET {where}: {got}, expected {expected[role]}")
            if role not in posters:
                continue
            sent = send(client, "POST", url, data=data)
            report.writes_checked += 1
            report.expect(
                rule.may_write(role) or not sent.wrote,
                f"POST {where} changed data ({sent.answer}); only {rule.writers or 'nobody'} may",
            )
            if role == rule.writes:
                report.expect(sent.wrote, f"POST {where} with the rule's data changed nothing")
            if foreign_url:
                foreign = send(client, "GET", foreign_url).answer
                report.expect(
                    _foreign_ok(got, foreign),
                    f"GET {where} with objects of {other.mission.slug}: {foreign} (own: {got})",
                )
                sent = send(client, "POST", foreign_url, data=data)
                report.writes_checked += 1
                report.expect(
                    not sent.wrote,
                    f"POST {where} with objects of {other.mission.slug} changed data",
                )


def _check_api(report: Report, world: World, own: MissionObjects, other: MissionObjects) -> None:
    headers = _api_headers(world, own)
    client = Client()
    for op in api_operations():
        rule = rules.API[op.operation_id]
        expected = rule.answers()
        unsafe = op.method.lower() in UNSAFE
        data = _body(rule.data, own)
        for role, header in headers.items():
            where = f"API {op.operation_id} as {role} in {own.mission.slug}"
            sent = send(
                client,
                op.method,
                op.url(own, own),
                data=data,
                json=True,
                headers=header,
            )
            report.saw(f"{op.operation_id} in {own.mission.slug}", role, sent.answer)
            report.expect(
                sent.answer == expected[role] or (unsafe and rule.may_write(role)),
                f"{op.method} {where}: {sent.answer}, expected {expected[role]}",
            )
            if unsafe:
                report.writes_checked += 1
                report.expect(
                    rule.may_write(role) or not sent.wrote,
                    f"{op.method} {where} changed data; only {rule.writers or 'nobody'} may",
                )
                if role == rule.writes:
                    report.expect(
                        sent.wrote, f"{op.method} {where} with the rule's data wrote nothing"
                    )
            if rule.scoped and names_objects(op.params):
                foreign = send(
                    client,
                    op.method,
                    op.url(own, other),
                    data=data,
                    json=True,
                    headers=header,
                )
                report.expect(
                    _foreign_ok(sent.answer if not unsafe else expected[role], foreign.answer),
                    f"{op.method} {where} with objects of {other.mission.slug}: {foreign.answer}",
                )
                report.expect(not foreign.wrote, f"{where} with another mission's objects wrote")


def test_permission_matrix_has_no_leak(quiet_request_log, capsys, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # an export a cell queues writes its file here
    world = build_world()
    report = Report()
    for own, other in world.missions():
        _check_web(report, world, own, other)
        _check_api(report, world, own, other)

    leaks = len(report.problems)
    with capsys.disabled():
        if os.environ.get("JISR_MATRIX_SHOW"):
            for name, answers in report.observed.items():
                print(f"{name:50} {' '.join(answers[role] for role in rules.ROLES)}")
        print(
            f"\npermission matrix: {report.cells} cells ({len(rules.WEB)} routes, "
            f"{len(rules.API)} API operations, {len(rules.ROLES)} roles, 2 missions), "
            f"{report.writes_checked} unsafe requests checked for writes, {leaks} leaks"
            f" [load {os.getloadavg()[0]:.1f}]"
        )
    assert not report.problems, f"{leaks} cells differ from tests/security/rules.py:\n" + "\n".join(
        report.problems
    )
