"""Who may see and do what: the one table the permission matrix checks.

Every URL name of the project and every operation of the API must have a line here; a
new view without one fails ``test_every_route_is_declared`` with its name. To declare a
view, copy the line of a view that behaves alike.

``get``: the answer to GET for each role, in the order of ``ROLES``:

    anonymous  buyer  provider  organizer  other_organizer  outsider  staff

(``organizer`` organizes this mission, ``other_organizer`` only the other one;
``outsider`` takes part in the other mission only; ``staff`` is platform staff who
organizes nothing). An answer is a status code, ``login`` (a redirect to the login
page) or ``redirect`` (any other redirect).

``writers``: the roles whose POST (or the API operation's own method) may change data.
Every other role must change nothing. ``data`` is the body sent; ``{name}`` takes the
id of the mission's object of that name (see ``tests/security/world.py``). ``writes``
names one writer whose request with ``data`` must change something: it proves that
the body is one the view accepts, so the refusals of the others mean something.

With another mission's objects in the URL, every role must get 404 or the refusal it
gets for this mission's objects, and nobody may change anything; that needs no line.
``scoped=False`` says that the URL's parameters name no object of a mission (a
password-reset link names a user and carries its own credential), so there is no
"other mission's object" to try.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("anonymous", "buyer", "provider", "organizer", "other_organizer", "outsider", "staff")


@dataclass(frozen=True)
class Rule:
    get: str
    writers: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    writes: str = ""
    why: str = ""
    scoped: bool = True

    def answers(self) -> dict[str, str]:
        tokens = self.get.split()
        assert len(tokens) == len(ROLES), f"{self.get!r}: one answer per role, {len(ROLES)}"
        return dict(zip(ROLES, tokens, strict=True))

    def may_write(self, role: str) -> bool:
        return role in self.writers.split()


def rule(
    get: str,
    writers: str = "",
    writes: str = "",
    why: str = "",
    scoped: bool = True,
    **data: Any,
) -> Rule:
    return Rule(get=get, writers=writers, data=data, writes=writes, why=why, scoped=scoped)


# Answers shared by many views (role order as above).
EVERYONE = "200 200 200 200 200 200 200"
MEMBERS = "403 200 200 200 403 403 403"  # participants-only directory and marketplace
PARTICIPANTS = "login 200 200 403 403 403 403"
PARTICIPANTS_404 = "login 200 200 404 404 404 404"
ORGANIZERS = "login 403 403 200 403 403 403"
ORGANIZERS_404 = "login 404 404 200 404 404 404"
ORGANIZERS_NO_LOGIN = "403 403 403 200 403 403 403"
BUYERS_404 = "login 200 404 404 404 404 404"
POST_ONLY = "405 405 405 405 405 405 405"
POST_ONLY_LOGIN = "login 405 405 405 405 405 405"

ORGANIZER = "organizer"
BUYER = "buyer"
PROVIDER = "provider"
PARTICIPANT = "buyer provider"
SIGNED_IN = "buyer provider organizer other_organizer outsider staff"

WEB: dict[str, Rule] = {
    # Site and accounts
    "set_language": rule(POST_ONLY.replace("405", "redirect"), why="only sets a cookie"),
    "web:home": rule(EVERYONE),
    "web:login": rule("200 redirect redirect redirect redirect redirect redirect"),
    "web:logout": rule(POST_ONLY),
    "web:password-reset": rule(EVERYONE, why="sends an e-mail if the address has an account"),
    "web:password-reset-sent": rule(EVERYONE),
    "web:password-reset-confirm": rule(
        "redirect redirect redirect redirect redirect redirect redirect",
        scoped=False,
        why="the link is the credential; Django moves its token into the session",
    ),
    "web:password-reset-complete": rule(EVERYONE),
    "healthz": rule(EVERYONE, why="for the load balancer: says nothing but 'up'"),
    "readyz": rule(EVERYONE, why="for the load balancer: database and migrations, no data"),
    # A signed-in person's own API tokens
    "account:api-tokens": rule(
        "login 200 200 200 200 200 200",
        SIGNED_IN,
        BUYER,
        why="everyone manages their own tokens",
        name="CRM sync",
        scope="read",
        days="30",
    ),
    "account:api-token-revoke": rule(
        POST_ONLY_LOGIN,
        BUYER,
        BUYER,
        scoped=False,
        why="the token is the buyer's, of no mission; anyone else's token is 404",
    ),
    # Mission pages: public once the mission is open
    "web:mission": rule(EVERYONE),
    "web:programme": rule(EVERYONE),
    "web:destinations": rule(EVERYONE, why="published country data, no participant data"),
    "web:why-morocco": rule(EVERYONE, why="published country data"),
    "web:destination-weights": rule(
        POST_ONLY,
        ORGANIZER,
        ORGANIZER,
        financial_attractiveness="3",
        people_skills_availability="3",
        business_environment="2",
        digital_resonance="1",
    ),
    "web:destination-add": rule(POST_ONLY, ORGANIZER, ORGANIZER, country="BR"),
    "web:destination-edit": rule("404 404 404 200 404 404 404", ORGANIZER),
    "web:destination-remove": rule(POST_ONLY, ORGANIZER, ORGANIZER),
    # Directory (this mission shows it to participants only)
    "web:directory": rule(MEMBERS),
    "web:organization": rule(MEMBERS),
    "web:organization-edit": rule("login 403 200 403 403 403 403", PROVIDER),
    "web:my-profile": rule("login 200 200 404 404 404 404", PARTICIPANT),
    "web:contact-consent": rule(POST_ONLY_LOGIN, PARTICIPANT, BUYER, action="give"),
    # Invitations
    "web:invitations": rule(ORGANIZERS_NO_LOGIN),
    "web:invitation-new": rule(
        ORGANIZERS_NO_LOGIN,
        ORGANIZER,
        ORGANIZER,
        email="new.person@matrix.example",
        first_name="Lina",
        last_name="New",
        organization_name="New Org",
        role="provider",
        language="en",
        country="MA",
        city="Rabat",
        valid_days="14",
    ),
    "web:invitation-import": rule(ORGANIZERS_NO_LOGIN, ORGANIZER),
    "web:invitation-import-errors": rule(ORGANIZERS_NO_LOGIN),
    "web:invitation-template": rule(ORGANIZERS_NO_LOGIN),
    "web:invitation-sending": rule(ORGANIZERS_NO_LOGIN),
    "web:invitation-resend": rule(POST_ONLY, ORGANIZER, ORGANIZER),
    "web:invitation-revoke": rule(POST_ONLY, ORGANIZER, ORGANIZER),
    "web:invitation-accept": rule(
        "200 403 403 403 403 403 403",
        "anonymous",
        why="the link is the credential; a signed-in user is told to sign out first",
    ),
    # Marketplace
    "web:marketplace": rule(MEMBERS),
    "web:listing": rule(MEMBERS),
    "web:my_listings": rule(PARTICIPANTS),
    "web:listing_create": rule(
        PARTICIPANTS,
        PARTICIPANT,
        BUYER,
        kind="request",
        title="Looking for a QA team",
        body="Ten testers, French and English.",
        language="en",
    ),
    "web:listing_edit": rule("login 403 200 403 403 403 403", PROVIDER),
    "web:listing_close": rule(POST_ONLY_LOGIN, PROVIDER, PROVIDER),
    "web:listing_reopen": rule(POST_ONLY_LOGIN, PROVIDER),
    # Meeting requests
    "web:meetings": rule(PARTICIPANTS),
    "web:meeting_request": rule(
        PARTICIPANTS, PARTICIPANT, BUYER, message="We should meet in Casablanca."
    ),
    "web:meeting_accept": rule(POST_ONLY_LOGIN, PROVIDER, PROVIDER),
    "web:meeting_decline": rule(POST_ONLY_LOGIN, PROVIDER, PROVIDER, reason="No capacity."),
    "web:meeting_cancel": rule(POST_ONLY_LOGIN, PARTICIPANT),
    "web:meetings_overview": rule(ORGANIZERS),
    "web:meetings_policy": rule(ORGANIZERS, ORGANIZER),
    "web:meetings_remove_override": rule(POST_ONLY_LOGIN, ORGANIZER, ORGANIZER),
    "web:meeting_priority": rule(POST_ONLY_LOGIN, ORGANIZER, ORGANIZER, prioritized="1"),
    # Availability
    "web:availability": rule(PARTICIPANTS, PARTICIPANT, BUYER, away="{free_slot_id}"),
    "web:attendance": rule(
        POST_ONLY_LOGIN,
        PARTICIPANT,
        BUYER,
        timezone="America/Toronto",
        attends_remotely="on",
    ),
    # Messages between the two sides of a meeting request
    "web:messages": rule(
        "login 200 200 redirect 403 403 403", why="organizers go to the moderation page"
    ),
    "web:message_thread": rule(
        PARTICIPANTS_404, PARTICIPANT, BUYER, why="the two parties", body="Table 4 at 9?"
    ),
    "web:message_report": rule(
        POST_ONLY_LOGIN, BUYER, BUYER, why="the recipient reports", reason="Unwanted."
    ),
    "web:messages_moderation": rule(
        ORGANIZERS_404, ORGANIZER, ORGANIZER, enabled="on", retention_days="30"
    ),
    "web:messages_close_report": rule(POST_ONLY_LOGIN, ORGANIZER, ORGANIZER, action="hide"),
    # Event day
    "web:check_in": rule(ORGANIZERS_404, ORGANIZER, ORGANIZER, code="{badge_code}"),
    "web:check_in_no_shows": rule(POST_ONLY_LOGIN, ORGANIZER),
    "web:person_badge_replace": rule(POST_ONLY_LOGIN, ORGANIZER),
    "web:next_meeting": rule(PARTICIPANTS),
    # Schedule console and meeting grid
    "web:schedule_console": rule(ORGANIZERS_404),
    "web:schedule_start_run": rule(
        POST_ONLY_LOGIN,
        ORGANIZER,
        ORGANIZER,
        kind="greedy",
        time_limit="5",
        workers="1",
        seed="1",
        fairness="",
        travel_slots="0",
    ),
    "web:schedule_run_progress": rule(ORGANIZERS_404),
    "web:schedule_cancel_run": rule(POST_ONLY_LOGIN, ORGANIZER),
    "web:schedule_lock_meeting": rule(POST_ONLY_LOGIN, ORGANIZER),
    "web:schedule_publish": rule(POST_ONLY_LOGIN, ORGANIZER),
    "web:schedule_notices": rule(ORGANIZERS_404),
    "web:schedule_notices_retry": rule(POST_ONLY_LOGIN, ORGANIZER),
    "web:schedule_discard": rule(POST_ONLY_LOGIN, ORGANIZER),
    "web:schedule_grid": rule(ORGANIZERS_404),
    "web:schedule_add_day": rule(
        POST_ONLY_LOGIN, ORGANIZER, ORGANIZER, date="2027-04-13", venue="{venue_id}"
    ),
    "web:schedule_generate_slots": rule(POST_ONLY_LOGIN, ORGANIZER),
    "web:schedule_delete_day": rule(POST_ONLY_LOGIN, ORGANIZER),
    "web:schedule_delete_slot": rule(POST_ONLY_LOGIN, ORGANIZER, ORGANIZER),
    "web:schedule_add_tables": rule(
        POST_ONLY_LOGIN, ORGANIZER, ORGANIZER, venue="{venue_id}", count="2", prefix="X"
    ),
    "web:schedule_delete_table": rule(POST_ONLY_LOGIN, ORGANIZER, ORGANIZER),
    # Agendas
    "web:agenda": rule("login 200 200 redirect 404 404 404", why="organizers go to the list"),
    "web:agenda_ics": rule(PARTICIPANTS_404),
    "web:agenda_pdf": rule(PARTICIPANTS_404),
    "web:agenda_feed_reset": rule(POST_ONLY_LOGIN, PARTICIPANT, BUYER),
    "web:agenda_feed_revoke": rule(POST_ONLY_LOGIN, PARTICIPANT, PROVIDER),
    "web:agenda_feed": rule(EVERYONE, why="the secret token is the credential"),
    "web:agenda_meeting": rule(PARTICIPANTS_404, PARTICIPANT),
    "web:agenda_meeting_ics": rule(PARTICIPANTS_404),
    "web:agenda_people": rule(ORGANIZERS_404),
    "web:person_agenda": rule(ORGANIZERS_404),
    "web:person_agenda_ics": rule(ORGANIZERS_404),
    "web:person_agenda_pdf": rule(ORGANIZERS_404),
    # Outcomes
    "web:meeting_feedback": rule(
        POST_ONLY_LOGIN, PARTICIPANT, BUYER, interest="3", next_step="call"
    ),
    "web:partnerships": rule("login 200 200 200 404 404 404"),
    "web:partnership": rule(
        "login 200 404 200 404 404 404", "buyer organizer", why="the buyer and the target"
    ),
    "web:story_new": rule(BUYERS_404, BUYER),
    "web:stories": rule(ORGANIZERS_404),
    "web:story_action": rule(POST_ONLY_LOGIN, "buyer organizer", ORGANIZER, action="approve"),
    "web:story_edit": rule(BUYERS_404, BUYER),
    # Audit log
    "web:audit_log": rule(ORGANIZERS),
    # Reports
    "web:reports": rule(ORGANIZERS_404),
    "web:reports_compare": rule(ORGANIZERS_404),
    # old direct links: they queue the file (one build while one is under way) and
    # lead to its progress page
    "web:reports_xlsx": rule(ORGANIZERS_404.replace("200", "redirect")),
    "web:reports_pdf": rule(ORGANIZERS_404.replace("200", "redirect")),
    "web:reports_export_new": rule(POST_ONLY_LOGIN, ORGANIZER, ORGANIZER, kind="xlsx"),
    "web:reports_export": rule(ORGANIZERS_404),
    "web:reports_export_download": rule(
        "login 404 404 redirect 404 404 404", why="the export is still queued: back to its page"
    ),
    # Scorecard (buyers)
    "web:scorecard": rule(BUYERS_404),
    "web:scorecard-settings": rule(POST_ONLY, BUYER),
    "web:scorecard-weights": rule(POST_ONLY, BUYER),
    "web:scorecard-pairwise": rule(BUYERS_404, BUYER),
    "web:scorecard-pairwise-check": rule(POST_ONLY, why="checks, never saves"),
    "web:scorecard-provider": rule(BUYERS_404, BUYER),
    # Matchmaking
    "web:recommended": rule(PARTICIPANTS),
    "web:mark": rule("login 200 403 403 403 403 403", BUYER, BUYER, kind="must_meet"),
    "web:matching-profile": rule(PARTICIPANTS, PARTICIPANT),
}

# The API answers 401 without a token; an operation's own method is the one checked.
# Writers' answers are not compared (they depend on the body); 404 means "not yours".

API: dict[str, Rule] = {
    "health": rule("200 200 200 200 200 200 200"),
    "list_missions": rule("401 200 200 200 200 200 200"),
    "get_mission": rule("401 200 200 200 200 200 200"),
    "list_programme": rule("401 200 200 200 200 200 200"),
    "list_organizations": rule("401 200 200 200 403 403 403"),
    "get_organization": rule("401 200 200 200 403 403 403"),
    "list_participants": rule("401 200 200 200 403 403 403"),
    "list_meeting_requests": rule("401 200 200 403 403 403 403"),
    "create_meeting_request": rule(
        "401 201 400 403 403 403 403",
        PARTICIPANT,
        BUYER,
        recipient="{free_person_id}",
        message="Hello",
    ),
    "accept_meeting_request": rule("401 404 200 404 404 404 404", PROVIDER, PROVIDER),
    "decline_meeting_request": rule(
        "401 404 200 404 404 404 404", PROVIDER, PROVIDER, reason="Full."
    ),
    "cancel_meeting_request": rule("401 404 403 404 404 404 404", PARTICIPANT),
    "list_listings": rule("401 200 200 200 403 403 403"),
    "create_listing": rule(
        "401 201 201 403 403 403 403",
        PARTICIPANT,
        BUYER,
        kind="request",
        title="QA team",
        body="Ten testers.",
        language="en",
    ),
    "get_listing": rule("401 200 200 200 403 403 403"),
    "update_listing": rule("401 403 200 403 403 403 403", PROVIDER, PROVIDER, title="Renamed"),
    "close_listing": rule("401 403 200 403 403 403 403", PROVIDER, PROVIDER),
    "get_schedule": rule("401 200 200 200 403 403 403"),
    "get_my_agenda": rule("401 200 200 404 404 404 404"),
    "get_person_agenda": rule("401 404 404 200 404 404 404"),
    "get_attendance": rule("401 200 200 404 404 404 404"),
    "confirm_attendance": rule(
        "401 400 400 404 404 404 404",
        PARTICIPANT,
        why="the meeting is still to come",
        outcome="held",
    ),
    "get_my_feedback": rule("401 404 404 404 404 404 404"),
    "put_my_feedback": rule(
        "401 400 400 404 404 404 404", PARTICIPANT, interest=3, next_step="call"
    ),
    "list_partnerships": rule("401 200 200 200 404 404 404"),
    "propose_stage": rule("401 200 404 404 404 404 404", PARTICIPANT, BUYER, stage="nda"),
    "answer_stage": rule("401 403 404 404 404 404 404", PARTICIPANT, accept=True),
    "list_stories": rule(
        "401 200 200 200 200 200 200", why="published: both organizations consented"
    ),
    "get_calendar_feed": rule("401 200 200 404 404 404 404"),
    "reset_calendar_feed": rule("401 201 201 404 404 404 404", PARTICIPANT, BUYER),
    "revoke_calendar_feed": rule("401 204 204 404 404 404 404", PARTICIPANT, PROVIDER),
    # Availability
    "get_availability": rule("401 200 200 403 403 403 403"),
    "put_availability": rule(
        "401 200 200 403 403 403 403", PARTICIPANT, BUYER, away_slots=["{free_slot_id}"]
    ),
    "put_attendance": rule(
        "401 200 200 403 403 403 403",
        PARTICIPANT,
        BUYER,
        attends_remotely=True,
        timezone="America/Toronto",
    ),
    # Messages: request_id is the pending request to the provider from another buyer
    "list_messages": rule("401 404 200 404 404 404 404", why="the two parties only"),
    "send_message": rule("401 404 201 404 404 404 404", PROVIDER, PROVIDER, body="Hello"),
    "mark_messages_read": rule("401 404 200 404 404 404 404", PROVIDER),
    "report_message": rule(
        "401 200 403 404 404 404 404",
        BUYER,
        BUYER,
        why="the recipient reports; the sender may see but not report it",
        reason="Unwanted.",
    ),
    # Event day
    "create_check_in": rule(
        "401 404 404 201 404 404 404", ORGANIZER, ORGANIZER, code="{badge_code}"
    ),
    "list_check_ins": rule("401 404 404 200 404 404 404"),
    "get_badge": rule("401 200 200 404 404 404 404"),
    # Administration
    "list_invitations": rule("401 403 403 200 403 403 403"),
    "create_invitation": rule(
        "401 403 403 201 403 403 403",
        ORGANIZER,
        ORGANIZER,
        email="api.person@matrix.example",
        first_name="Sami",
        last_name="New",
        role="provider",
        organization_name="New Org",
    ),
    "get_meeting_policy": rule(
        "401 200 200 200 200 200 200", why="the published rules of the mission, like its programme"
    ),
    "update_meeting_policy": rule(
        "401 403 403 200 403 403 403",
        ORGANIZER,
        ORGANIZER,
        allowed_pairs=["buyer:provider"],
        accepting_requests=True,
        max_open_sent=5,
        max_accepted=8,
    ),
}

# Routes that are not views of their own: the API's URL patterns (checked operation by
# operation from the schema), and the Django admin, which checks staff status itself and
# is scoped to the organizer's missions by ``jisr.core.admin_base``.
API_ROUTES_PREFIX = "api-v1:"
API_ROUTES_EXTRA = {"api-v1:openapi-json", "api-v1:openapi-view", "api-v1:api-root"}
ADMIN_PREFIX = "admin:"
