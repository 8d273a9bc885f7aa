"""Key pages run under the content security policy without a single violation: no
inline script or style is blocked, HTMX still swaps, bars still have their widths."""

import pytest

from jisr.directory.models import Organization
from tests.factories import MissionFactory
from tests.factories_evaluation import ScorecardFactory
from tests.factories_invitations import organizer_of
from tests.factories_matchmaking import buyer, member, organization
from tests.factories_meetings import participant
from tests.factories_schedules import MeetingDayFactory, accept, add_slots, scheduled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
# Runs before any page script; Playwright's own scripts are not subject to the policy.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def mission_with_people():
    mission = MissionFactory(slug="csp-mission")
    acme = buyer(mission, name="Acme Insurance", service_lines=["adm"], languages=["en"])
    atlas = organization(mission, name="Atlas Java Works", service_lines=["adm"], languages=["en"])
    ScorecardFactory(organization=acme, criteria=["technical_fit", "language_fit", "capacity"])
    person, user = member(acme)
    from jisr.missions.models import Participation
    from tests.factories import ParticipationFactory, VenueFactory

    ParticipationFactory(mission=mission, person=person, role=Participation.Role.BUYER)
    provider = participant(mission, Organization.Kind.PROVIDER, organization=atlas)
    day = MeetingDayFactory(mission=mission, venue=VenueFactory(mission=mission))
    scheduled(accept(person, provider), add_slots(day, ["09:00"])[0], None, state="published")
    return mission, user, organizer_of(mission, is_staff=True)


def _log_in(page, live_server, user):
    page.goto(f"{live_server.url}/en/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _violations(page, console):
    recorded = page.evaluate("window.__cspViolations")
    return recorded + [m for m in console if "Content Security Policy" in m]


def _visit(page, live_server, path, console):
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    return _violations(page, console)


def test_buyer_pages_run_without_policy_violations(live_server, browser, mission_with_people):
    mission, user, _organizer = mission_with_people
    context = browser.new_context(locale="en-US")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    _log_in(page, live_server, user)
    found = {}
    for path in ("scorecard/", "recommended/", "agenda/", "organizations/", "marketplace/"):
        found[path] = _visit(page, live_server, f"/en/m/{mission.slug}/{path}", console)

    # HTMX swaps the consistency feedback in, under the policy.
    page.goto(f"{live_server.url}/en/m/{mission.slug}/scorecard/pairwise/")
    page.get_by_label("Technical fit compared with Language fit").select_option("9")
    page.locator("#consistency .cr").wait_for()
    found["pairwise (HTMX)"] = _violations(page, console)
    bar = page.locator("#consistency .bar > span").first.bounding_box()
    context.close()

    assert {path: v for path, v in found.items() if v} == {}
    assert bar is not None and bar["width"] > 0  # the width class applied


def test_organizer_pages_run_without_policy_violations(live_server, browser, mission_with_people):
    mission, _user, organizer = mission_with_people
    context = browser.new_context(locale="ar")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    _log_in(page, live_server, organizer)
    found = {}
    for path in ("schedule/", "reports/", "invitations/", "meetings/overview/", "destinations/"):
        found[path] = _visit(page, live_server, f"/ar/m/{mission.slug}/{path}", console)
    context.close()

    assert {path: v for path, v in found.items() if v} == {}
