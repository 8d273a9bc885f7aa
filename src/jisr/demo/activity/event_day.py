"""The event itself, as the organizers prepare it: one buyer attends remotely (so their
meetings are held online), a few participants are away for a half-day or single slots,
and the organizers prioritize a few accepted meetings."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from jisr.core.errors import DomainError
from jisr.directory.models import Person
from jisr.directory.services import set_attendance
from jisr.meetings.queries import policy_for
from jisr.meetings.services import set_request_priority, set_unavailability, update_meeting_policy
from jisr.missions.models import Slot

from .world import World, is_pair

# Each online meeting gets a room of its own from this pattern.
VIDEO_PATTERN = "https://meet.example/casablanca-rabat-{uid}"
AWAY_HALF_DAYS = 3  # participants, besides the demo provider, away for a half-day
ORGANIZER_PRIORITIES = 3  # accepted meetings the organizers prioritize


def write_remote_attendance(world: World, counts: Counter[str]) -> None:
    """The remote buyer attends from their own time zone; the mission gives each online
    meeting a room of its own (a link pattern)."""
    remote, organizer = world.remote, world.organizer
    if remote is None or organizer is None:
        return
    policy = policy_for(world.mission)
    update_meeting_policy(
        world.mission,
        by=organizer,
        allowed_pairs=policy.allowed_pairs,
        accepting_requests=policy.accepting_requests,
        max_open_sent=policy.max_open_sent,
        max_accepted=policy.max_accepted,
        video_url_pattern=VIDEO_PATTERN,
    )
    zone = remote.organization.timezone
    set_attendance(remote, by=organizer, timezone_name=zone, attends_remotely=True)
    counts["remote participants"] += 1


def write_priorities(rng: random.Random, world: World, counts: Counter[str]) -> None:
    """The organizers prioritize the remote buyer's meeting with the demo provider and
    a few other accepted meetings, so the console shows what each priority bought."""
    organizer = world.organizer
    if organizer is None:
        return
    accepted = world.accepted_meetings()
    chosen = [r for r in accepted if is_pair(r, world.remote, world.demo_provider)]
    others = [r for r in accepted if r not in chosen]
    chosen += rng.sample(others, min(ORGANIZER_PRIORITIES - len(chosen), len(others)))
    for request in chosen:
        set_request_priority(request, by=organizer, prioritized=True)
        counts["organizer priorities"] += 1


def write_absences(rng: random.Random, world: World, counts: Counter[str]) -> None:
    """Who is away when: the demo provider on day two's morning (their availability
    page shows it), the remote buyer in each morning's first slot (before seven at
    home), and a few others for a half-day."""
    organizer = world.organizer
    grid = list(Slot.objects.for_mission(world.mission).select_related("day").order_by("start"))
    if organizer is None or not grid:
        return
    dates = sorted({slot.day.date for slot in grid})
    away: dict[int, tuple[Person, list[int], list[tuple[dt.date, str]]]] = {}
    away[world.demo_provider.pk] = (world.demo_provider, [], [(dates[-1], "morning")])
    remote = world.remote
    if remote is not None:
        firsts: dict[dt.date, int] = {}
        for slot in grid:
            if slot.block == Slot.Block.MORNING:
                firsts.setdefault(slot.day.date, slot.pk)
        away[remote.pk] = (remote, sorted(firsts.values()), [])
    skip = {world.demo_buyer.pk, *away}
    leads = world.leads()
    candidates = [p for p in leads if p.pk not in skip]
    for person in rng.sample(candidates, min(AWAY_HALF_DAYS, len(candidates))):
        period = (rng.choice(dates), rng.choice(("morning", "afternoon")))
        away[person.pk] = (person, [], [period])
    for person, slot_ids, periods in away.values():
        try:
            slots = set_unavailability(person, by=organizer, slot_ids=slot_ids, periods=periods)
        except DomainError:
            counts["absences refused by the rules"] += 1
            continue
        counts["unavailable slots"] += len(slots)
