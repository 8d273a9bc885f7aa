"""Meeting requests: who asks whom, and how the recipient answers.

Each buyer asks its planted fits (most accepted, the rest left pending) and a few other
providers (accepted, declined with a reason or pending); some providers ask a buyer
themselves. The demo logins meet each other and have requests to answer and to wait
for. One request per pair of organizations, so the open-request rule always holds.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from jisr.core.errors import DomainError
from jisr.demo import texts
from jisr.directory.models import Person
from jisr.marketplace.models import Listing
from jisr.meetings.models import MeetingRequest
from jisr.meetings.services import accept_meeting_request, decline_meeting_request, request_meeting
from jisr.missions.models import Mission
from jisr.missions.sample.specs import OrgSpec

from .world import World

FIT_ACCEPTED = 0.9  # otherwise left pending
OTHER_REQUESTS = (4, 7)  # non-fit providers a buyer asks, inclusive
OTHER_OUTCOMES = (("accepted", 50), ("declined", 20), ("pending", 30))
PROVIDER_ASKS = 0.35  # share of providers that ask one buyer themselves
PROVIDER_OUTCOMES = (("accepted", 40), ("declined", 25), ("pending", 35))
# The link the remote buyer pastes into their request to the demo provider, so the
# demo shows a pasted link beside the mission's pattern.
PASTED_VIDEO_LINK = "https://video.example/j/4127-3390-jisr"

Outcome = str


@dataclass(frozen=True)
class PlannedRequest:
    requester: Person
    recipient: Person
    message: str
    outcome: Outcome
    listing_of: str | None = None  # spec key of the organization whose listing is cited
    video_url: str = ""  # a pasted link, for an online meeting


def plan_requests(
    rng: random.Random, world: World
) -> tuple[list[PlannedRequest], set[tuple[str, str]]]:
    """Who asks whom, and how the recipient will answer; one request per pair of orgs.
    Also the (buyer key, provider key) pairs linked by a request."""
    plan: list[PlannedRequest] = []
    linked: set[tuple[str, str]] = set()  # (buyer key, provider key)
    specs = {s.key: s for s in world.cohort}
    provider_keys = [s.key for s in world.providers]
    active = set(provider_keys)
    demo_b = world.key_of(world.demo_buyer)
    demo_p = world.key_of(world.demo_provider)

    def buyer_asks(b: str, p: str, outcome: Outcome, video_url: str = "") -> None:
        linked.add((b, p))
        plan.append(
            PlannedRequest(
                requester=world.delegate(rng, b),
                recipient=world.delegate(rng, p),
                message=texts.buyer_message(rng, specs[b], specs[p]),
                outcome=outcome,
                listing_of=p
                if _shares_main_line(specs[p], specs[b]) and rng.random() < 0.5
                else None,
                video_url=video_url,
            )
        )

    def provider_asks(p: str, b: str, outcome: Outcome) -> None:
        linked.add((b, p))
        requester = world.delegate(rng, p)
        language = requester.preferred_language
        plan.append(
            PlannedRequest(
                requester=requester,
                recipient=world.delegate(rng, b),
                message=texts.provider_message(rng, specs[p], specs[b], language),
                outcome=outcome,
                listing_of=b
                if _shares_main_line(specs[b], specs[p]) and rng.random() < 0.6
                else None,
            )
        )

    # The demo pair meets: the demo buyer asked, the demo provider accepted.
    buyer_asks(demo_b, demo_p, "accepted")
    # The remote buyer meets the demo provider online, on a link of their own.
    if world.remote_key is not None:
        buyer_asks(world.remote_key, demo_p, "accepted", video_url=PASTED_VIDEO_LINK)
    buyer_keys = [s.key for s in world.buyers]
    # Then things for the demo logins to answer and to wait for.
    # (In a tiny mission the declined one is the first to go.)
    free = [b for b in buyer_keys if (b, demo_p) not in linked]
    if free:
        provider_asks(demo_p, rng.choice(free), "pending")
    for _n in range(2):
        free = [
            p for p in provider_keys if (demo_b, p) not in linked and p not in world.fits[demo_b]
        ]
        if free:
            provider_asks(rng.choice(free), demo_b, "pending")
    free = [b for b in buyer_keys if (b, demo_p) not in linked]
    if free:
        buyer_asks(rng.choice(free), demo_p, "pending")
    free = [b for b in buyer_keys if (b, demo_p) not in linked]
    if free:
        provider_asks(demo_p, rng.choice(free), "declined")
    for spec in world.buyers:
        b = spec.key
        for p in world.fits[b]:
            if p in active and (b, p) not in linked:
                buyer_asks(b, p, "accepted" if rng.random() < FIT_ACCEPTED else "pending")
        others = [p for p in provider_keys if (b, p) not in linked and p not in world.fits[b]]
        for p in rng.sample(others, min(rng.randint(*OTHER_REQUESTS), len(others))):
            buyer_asks(b, p, _draw(rng, OTHER_OUTCOMES))
    for p in provider_keys:
        if rng.random() < PROVIDER_ASKS:
            free = [b for b in buyer_keys if (b, p) not in linked]
            if free:
                provider_asks(p, rng.choice(free), _draw(rng, PROVIDER_OUTCOMES))
    return plan, linked


def _shares_main_line(author: OrgSpec, other: OrgSpec) -> bool:
    """Whether ``other`` offers or seeks the first service line of ``author``'s listing."""
    return bool(author.service_lines) and author.service_lines[0] in other.service_lines


def _draw(rng: random.Random, outcomes: tuple[tuple[str, int], ...]) -> Outcome:
    return rng.choices([o for o, _w in outcomes], [w for _o, w in outcomes])[0]


def write_requests(
    rng: random.Random,
    mission: Mission,
    plan: list[PlannedRequest],
    listings: dict[str, Listing],
    counts: Counter[str],
) -> None:
    """Send every planned request, then answer them; a request a rule refuses (a quota
    set by the organizers, say) is skipped and counted."""
    sent: list[tuple[MeetingRequest, PlannedRequest]] = []
    for item in plan:
        listing = listings.get(item.listing_of) if item.listing_of else None
        online = item.requester.attends_remotely or item.recipient.attends_remotely
        try:
            request = request_meeting(
                mission,
                requester=item.requester,
                recipient=item.recipient,
                message=item.message,
                listing=listing,
                online=online,
                video_url=item.video_url,
            )
        except DomainError:
            counts["requests refused by the rules"] += 1
            continue
        sent.append((request, item))
    for request, item in sent:
        try:
            if item.outcome == "accepted":
                accept_meeting_request(request, by=item.recipient)
            elif item.outcome == "declined":
                reason = texts.decline_reason(rng, item.recipient.preferred_language)
                decline_meeting_request(request, by=item.recipient, reason=reason)
        except DomainError:
            counts["answers refused by the rules"] += 1
            counts["requests (pending)"] += 1
            continue
        counts[f"requests ({item.outcome})"] += 1
        if request.online and item.outcome == "accepted":
            counts["online meetings"] += 1
