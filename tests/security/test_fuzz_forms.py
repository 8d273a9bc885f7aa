"""Hostile input on every form of the web: no 500, and a refusal writes nothing.

Every route of ``rules.py`` is sent generated input as a role that may use it: the
fields of its forms (read from the page itself, plus the fields of the rule's body)
filled with text, numbers, dates, ids, control characters and huge values, by POST
where the role may write and as a query string where the page answers GET. The test
client raises any exception a view lets through, so a 500 fails the run. A request
that is refused (4xx, or the form shown again with its errors) must not have written a
single row: bad input never costs data and never leaves half an object behind.
"""

from __future__ import annotations

import os
import re
import time

import pytest
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.security import rules
from tests.security.matrix import routes, send, url_for
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

# Examples per route: forms that write get the most; query strings of pages with a
# filter form fewer; pages without fields (files, confirmations) a handful.
EXAMPLES_FORM = 30
EXAMPLES_FILTER = 12
EXAMPLES_PLAIN = 3
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')
NOT_FIELDS = {"csrfmiddlewaretoken", "next", "language"}
REFUSED = {"400", "403", "404", "405", "409", "422"}

NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e309",
        "nan",
        "inf",
        "99999999999999999999999",
        "2027-02-30",
        "31/12/2027",
        "25:61",
        "\x00",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "١٢٣",
        "ﻣﺮﺣﺒﺎ",
        "a" * 5000,
        "on",
        "true",
        "must_meet",
        "greedy",
        "approve",
        "held",
        "request",
        "MA",
        "en",
    ]
)
VALUE = st.one_of(NASTY, st.text(max_size=60), st.integers(-(2**63), 2**63).map(str))


def _fields(html: bytes) -> set[str]:
    return set(FIELD.findall(html.decode("utf-8", "replace"))) - NOT_FIELDS


def _fuzz_role(rule: rules.Rule) -> str | None:
    """A role that reaches the route: its first writer, else one that may GET it."""
    if rule.writers:
        return rule.writers.split()[0]
    answers = rule.answers()
    return next((role for role in rules.ROLES if answers[role] == "200"), None)


def _fuzz(name, client, url, method, names, examples, sent, problems) -> None:  # type: ignore[no-untyped-def]
    @given(values=st.fixed_dictionaries({field: VALUE for field in names}))
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def attempt(values):  # type: ignore[no-untyped-def]
        if method == "GET":
            result = send(client, "GET", url, query=values)
        else:
            result = send(client, "POST", url, data=values)
        sent["requests"] += 1
        refused = result.answer in REFUSED or (
            result.answer == "200" and b"errorlist" in result.body
        )
        sent["refused"] += refused
        if refused and result.wrote:
            problems.append(f"{method} {name} with {values!r} was refused but wrote")

    attempt()


def test_every_form_survives_generated_input(quiet_request_log, capsys):
    world = build_world()
    own = world.a
    users = world.users(own)
    clients: dict[str, Client] = {}
    sent = {"requests": 0, "refused": 0, "routes": 0}
    problems: list[str] = []
    started = time.process_time()

    for route in routes():
        rule = rules.WEB.get(route.name)
        role = _fuzz_role(rule) if rule else None
        if rule is None or role is None:
            continue
        if role not in clients:
            clients[role] = Client()
            if users[role] is not None:
                clients[role].force_login(users[role])
        client = clients[role]
        url = url_for(route, own, own)
        page = send(client, "GET", url)
        names = sorted(set(rule.data) | (_fields(page.body) if page.answer == "200" else set()))
        method = "POST" if rule.may_write(role) else "GET"
        if method == "POST":
            examples = EXAMPLES_FORM
        else:
            examples = EXAMPLES_FILTER if names else EXAMPLES_PLAIN
        sent["routes"] += 1
        _fuzz(route.name, client, url, method, names or ["q"], examples, sent, problems)

    with capsys.disabled():
        print(
            f"\nform fuzz: {sent['requests']} requests over {sent['routes']} routes, "
            f"{sent['refused']} refused, 0 server errors, {len(problems)} half-writes, "
            f"{time.process_time() - started:.0f}s CPU [load {os.getloadavg()[0]:.1f}]"
        )
    assert problems == []
