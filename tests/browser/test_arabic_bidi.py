"""Every page of the sample mission in Arabic, as a visitor, the demo buyer, the demo
provider and the organizer: no left-to-right run with punctuation or digits is left
unisolated in right-to-left text.

The check itself is ``bidi_check.js`` (its header defines a run and an isolate). The
pages come from the navigation: each role starts at the mission's page and follows every
same-site link, one page per route and role. Routes of the URL conf that no role reached
must be listed in ``NOT_PAGES`` with the reason, so a new page cannot slip past the walk.
"""

from __future__ import annotations

import importlib
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.db.models import Q
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import translation

from jisr.demo.activity import create_sample_activity, publish_demo_schedule
from jisr.directory.models import Person
from jisr.marketplace.models import Listing
from jisr.matchmaking.tasks import embed_mission_texts
from jisr.meetings.models import MeetingRequest
from jisr.missions.models import Mission
from jisr.missions.sample.services import DEFAULT_PASSWORD, create_sample_mission
from jisr.outcomes.services.pipeline import start_relationship
from jisr.outcomes.services.stories import save_story
from jisr.schedules.models import ScheduledMeeting
from tests.factories import MissionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHECK = (Path(__file__).parent / "bidi_check.js").read_text(encoding="utf-8")
SLUG = "bidi-walk"

# Routes that are not pages a person reads, or that the sample does not reach by links.
NOT_PAGES = {
    # downloads and feeds: checked by their own tests (PDF text, ICS, XLSX)
    "web:agenda_ics": "calendar file",
    "web:agenda_pdf": "PDF",
    "web:agenda_feed": "calendar feed",
    "web:person_agenda_pdf": "PDF",
    "web:person_agenda_ics": "calendar file",
    "web:reports_xlsx": "workbook",
    "web:reports_pdf": "PDF",
    "web:invitation-template": "CSV/XLSX template",
    "web:invitation-import-errors": "CSV of an import's errors",
    "web:agenda_meeting_ics": "calendar file",
    # actions answering POST only (a GET is 405) or redirecting after their work
    "web:logout": "POST",
    "web:meeting_priority": "POST",
    "web:attendance": "POST",
    "web:message_report": "POST",
    "web:messages_close_report": "POST",
    "web:check_in_no_shows": "POST",
    "web:person_badge_replace": "POST",
    "web:reports_export_new": "POST",
    "web:reports_export_download": "download of a queued report file",
    # reached only after a form post, a queued job or from an e-mailed link; not
    # walked yet (their templates use the same bdi filter)
    "web:password-reset-sent": "after the reset form is posted",
    "web:password-reset-confirm": "link from the reset e-mail",
    "web:password-reset-complete": "after a new password is set",
    "web:reports_export": "progress of a queued report file",
    "web:invitation-sending": "progress of a queued invitation import",
    "web:agenda_feed_reset": "POST",
    "web:agenda_feed_revoke": "POST",
    "web:meeting_accept": "POST",
    "web:meeting_decline": "POST",
    "web:meeting_cancel": "POST",
    "web:listing_close": "POST",
    "web:listing_reopen": "POST",
    "web:schedule_start_run": "POST",
    "web:schedule_cancel_run": "POST",
    "web:schedule_publish": "POST",
    "web:schedule_notices_retry": "POST",
    "web:schedule_discard": "POST",
    "web:schedule_add_day": "POST",
    "web:schedule_add_tables": "POST",
    "web:destination-add": "POST",
    "web:destination-remove": "POST",
    "web:destination-weights": "POST",
    "web:scorecard-settings": "POST",
    "web:scorecard-weights": "POST",
    "web:scorecard-pairwise-check": "HTMX fragment of the pairwise page",
    "web:contact-consent": "POST",
    "web:story_action": "POST",
    "web:invitation-revoke": "POST",
    "web:invitation-resend": "POST",
    "web:meeting_feedback": "POST",
    "web:meetings_remove_override": "POST",
    "web:schedule_generate_slots": "POST",
    "web:schedule_lock_meeting": "POST",
    "web:schedule_delete_day": "POST",
    "web:schedule_delete_slot": "POST",
    "web:schedule_delete_table": "POST",
    "web:schedule_run_progress": "HTMX fragment of the console, only while a run is going",
    "web:schedule_notices": "HTMX fragment of the console, only while e-mails are waiting",
    "web:mark": "HTMX fragment of the profile page (also a page without JavaScript)",
    # reached only with a secret token from an e-mail
    "web:invitation-accept": "token link from the invitation e-mail",
}


def _web_routes() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner.strip(":"))
            elif pattern.name and namespace == "web":
                names.add(f"web:{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def _route(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/ar/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _walk(page, base: str, problems: dict[str, list[object]], seeds: list[str]) -> set[str]:
    """Follow same-site Arabic links from the mission page (and ``seeds``, the pages
    reached from e-mails and QR codes); one page per route."""
    host = urlsplit(base).netloc
    queue, seen_paths, routes = [*seeds, f"/ar/m/{SLUG}/", "/ar/"], set(), set()
    while queue:
        path = queue.pop(0)
        if path in seen_paths:
            continue
        seen_paths.add(path)
        route = _route(path)
        if route is None or route in routes or route in NOT_PAGES:
            continue
        response = page.goto(base + path)
        if (
            response is None
            or response.status != 200
            or "html" not in response.headers.get("content-type", "")
        ):
            continue
        routes.add(route)
        assert page.locator("html").get_attribute("dir") == "rtl", path
        found = page.evaluate(CHECK)
        if found:
            problems[path] = found
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            parts = urlsplit(href)
            if parts.netloc == host and parts.path.startswith("/ar/"):
                queue.append(parts.path)
    return routes


def _extras(mission: Mission, accounts: dict[str, str]) -> dict[str, list[str]]:
    """What the sample lacks for a few pages, and the pages people reach from e-mails
    and QR codes rather than links: a partnership with a story, the buyer's own listing,
    the meeting page, a second mission to compare with."""
    buyer = Person.objects.get(mission=mission, email=accounts["buyer"])
    provider = Person.objects.get(mission=mission, email=accounts["provider"])
    relationship = start_relationship(provider.organization, by=buyer, note="Pilot")
    story = save_story(
        relationship,
        by=buyer,
        language="ar",
        title="شراكة Java بين الدار البيضاء وتورونتو",
        text="بدأت الشراكة بلقاء في Anfa Horizon Conference Centre, Boulevard de la Corniche.",
    )
    listing = Listing.objects.filter(organization=buyer.organization).first()
    meeting = (
        ScheduledMeeting.objects.filter(mission=mission, state=ScheduledMeeting.State.PUBLISHED)
        .filter(Q(request__requester=buyer) | Q(request__recipient=buyer))
        .first()
    )
    asked = MeetingRequest.objects.filter(Q(requester=buyer) | Q(recipient=buyer))
    stranger = (
        Person.objects.filter(mission=mission, organization__kind="provider")
        .exclude(pk__in=asked.values("recipient"))
        .exclude(pk__in=asked.values("requester"))
        .first()
    )
    other = MissionFactory(slug="bidi-other")
    other.organizers.add(mission.organizers.get())
    with translation.override("ar"):
        own = [
            reverse("web:partnership", args=[SLUG, relationship.pk]),
            reverse("web:story_edit", args=[SLUG, story.pk]),
        ]
        if listing is not None:
            own.append(reverse("web:listing", args=[SLUG, listing.pk]))
        if stranger is not None:
            own.append(reverse("web:meeting_request", args=[SLUG, stranger.pk]))
        if meeting is not None:
            own.append(reverse("web:agenda_meeting", args=[SLUG, meeting.uuid]))
        return {
            "buyer": own,
            "provider": [reverse("web:partnership", args=[SLUG, relationship.pk])],
            "organizer": [reverse("web:reports_compare", args=[SLUG])],
        }


def _reference_taxonomy() -> None:
    """The taxonomy the migrations load; an earlier transactional test's flush empties it."""
    load = importlib.import_module("jisr.directory.migrations.0003_load_taxonomy").load
    load(django_apps, None)


def test_every_arabic_page_isolates_left_to_right_runs(live_server, browser):
    started = time.process_time(), time.perf_counter()
    _reference_taxonomy()
    result = create_sample_mission(buyers=4, providers=10, seed=2027, slug=SLUG)
    create_sample_activity(result.mission)
    publish_demo_schedule(result.mission)
    embed_mission_texts.call(result.mission.pk)  # the first recommendations page is quick
    accounts = {account.role: account.email for account in result.accounts}
    seeds = _extras(result.mission, accounts)
    logins = {
        "anonymous": None,
        "buyer": accounts["buyer"],
        "provider": accounts["provider"],
        "organizer": accounts["organizer"],
    }
    problems: dict[str, list[object]] = {}
    reached: dict[str, set[str]] = {}
    with translation.override("ar"):
        for role, email in logins.items():
            context = browser.new_context(locale="ar-MA")
            page = context.new_page()
            page.set_default_timeout(60_000)  # the machine may be loaded
            if email:
                _log_in(page, live_server.url, email)
            role_problems: dict[str, list[object]] = {}
            reached[role] = _walk(page, live_server.url, role_problems, seeds.get(role, []))
            problems.update({f"{role} {path}": found for path, found in role_problems.items()})
            context.close()
    pages = sum(len(routes) for routes in reached.values())
    print(
        f"bidi walk: {pages} pages, {time.perf_counter() - started[1]:.1f} s wall, "
        f"{time.process_time() - started[0]:.1f} s CPU, load {os.getloadavg()}"
    )

    for role, routes in reached.items():
        print(f"  {role}: {', '.join(sorted(name.removeprefix('web:') for name in routes))}")

    assert problems == {}
    missed = _web_routes() - set().union(*reached.values()) - set(NOT_PAGES)
    assert missed == set(), "routes no role reached by a link: list them in NOT_PAGES"
    assert len(reached["organizer"]) > len(reached["buyer"]) > len(reached["anonymous"]) > 5
