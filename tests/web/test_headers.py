"""Headers and cookies that protect every page: the content security policy, framing,
referrer and cookie flags; and templates that need no exception in the policy."""

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import MissionFactory
from tests.factories_meetings import participant

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "src/jisr/web/templates"
# E-mails and PDFs are never shown by a browser under our policy.
NOT_PAGES = ("email/", "pdf.html")
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")"),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
}


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_page_policy_allows_scripts_and_styles_only_from_the_site(client):
    mission = MissionFactory()

    response = client.get(reverse("web:mission", args=[mission.slug]))

    policy = _directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


def test_page_refuses_framing_and_sniffing_and_limits_referrer(client):
    response = client.get(reverse("web:home"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_api_answers_carry_the_policy_too(client):
    response = client.get("/api/v1/health")

    assert _directives(response)["frame-ancestors"] == ["'none'"]


def test_page_configures_htmx_for_the_policy(client):
    response = client.get(reverse("web:home"))

    meta = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', response.text)
    assert meta is not None
    assert '"includeIndicatorStyles": false' in meta.group(1)
    assert '"allowEval": false' in meta.group(1)


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_session_and_csrf_cookies_are_httponly_lax_and_secure_under_https():
    mission = MissionFactory()
    person = participant(mission)
    client = Client()

    client.post(
        reverse("web:login"),
        {"username": person.user.username, "password": "correct horse battery"},
    )

    session = client.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert session["secure"] is True
    csrf = client.cookies["csrftoken"]
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"
    assert csrf["secure"] is True


@pytest.mark.parametrize("kind", sorted(INLINE))
def test_page_templates_contain_no_inline_code_or_style(kind):
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if not any(part in str(path.relative_to(TEMPLATES)) for part in NOT_PAGES)
        and INLINE[kind].search(path.read_text())
    ]

    assert offenders == [], f"{kind} in {offenders}: the content security policy blocks it"


@pytest.mark.parametrize(
    ("percent", "expected"),
    [(0, "w-0"), (42.4, "w-42"), (42.6, "w-43"), (100, "w-100"), (130, "w-100"), (-5, "w-0")],
)
def test_width_class_rounds_and_clamps_to_a_step(percent, expected):
    from jisr.web.templatetags.jisr_ui import width_class

    assert width_class(percent) == expected


def test_width_class_of_nonsense_is_an_empty_bar():
    from jisr.web.templatetags.jisr_ui import width_class

    assert [width_class(v) for v in ("", None, float("nan"), "abc")] == ["w-0"] * 4
