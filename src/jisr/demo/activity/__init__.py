"""Demo activity on a sample mission: what participants would have done before the event.

``create_sample_activity`` re-composes the sample the mission was made from (its size and
seed are in the ``mission.sample_created`` log entry), then writes, through the domain
services so every rule holds (participation, allowed pairs, quotas, open-request
uniqueness), one module a step:

- ``marketplace``: commercial profiles (the figures the sample's descriptions quote),
  a request per buyer (English) and an offer for about 60% of the providers (French,
  Arabic or English, one language per listing);
- ``meeting_requests``: each buyer asks its planted fits and a few other providers,
  some providers ask buyers; most fits are accepted, others accepted, declined with a
  reason or left pending, for about five or six accepted meetings per buyer;
- ``marks``: must meet, would like to meet, not interested;
- ``event_day``: one buyer attends remotely from their own time zone, so each of their
  meetings is held online (the mission has a video link pattern; the one with the demo
  provider carries a pasted link); a few participants are away for a half-day or for
  single slots; the organizers prioritize a few meetings;
- ``conversations``: messages on accepted meetings, read and unread;
- ``check_ins``: badges, and day one's check-ins at registration.

``world`` reads back who is who; ``timeline`` says when things happen; ``mail`` keeps
the e-mails of fictional people from going out.

The demo buyer and demo provider logins meet each other (accepted), and each has
pending requests to answer and requests of their own. Nothing is scheduled unless asked:
``publish_demo_schedule`` (``schedule``) runs the scheduler, publishes, and records the
no-shows that day one's check-ins imply (``make run`` asks for it).

Everything runs in one transaction and is deterministic for a seed: the steps below
draw from one random generator, so their order is part of the sample. Large missions
are capped to an active cohort of buyers and providers, so the work stays bounded.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from jisr.meetings.models import MeetingRequest
from jisr.missions.models import Mission
from jisr.missions.sample.profiles import compose_sample

from .check_ins import write_check_ins
from .conversations import write_messages
from .event_day import write_absences, write_priorities, write_remote_attendance
from .mail import quiet_mail_on_commit
from .marketplace import write_commercial_profiles, write_listings
from .marks import write_marks
from .meeting_requests import plan_requests, write_requests
from .schedule import publish_demo_schedule
from .world import SampleActivityError, World, sample_size

__all__ = [
    "ActivityResult",
    "SampleActivityError",
    "create_sample_activity",
    "has_activity",
    "publish_demo_schedule",
]


@dataclass
class ActivityResult:
    mission: Mission
    counts: dict[str, int] = field(default_factory=dict)
    demo_pair: tuple[str, str] | None = None


def has_activity(mission: Mission) -> bool:
    return bool(MeetingRequest.objects.for_mission(mission).exists())


def create_sample_activity(
    mission: Mission, *, seed: int = 2027, send_mail: bool = False
) -> ActivityResult:
    """Write the demo activity of ``mission``; all or nothing. See the module docstring."""
    size = sample_size(mission)
    sample = compose_sample(buyers=size["buyers"], providers=size["providers"], seed=size["seed"])
    rng = random.Random(seed)
    with transaction.atomic(), quiet_mail_on_commit(not send_mail):
        world = World.load(mission, sample)
        result = ActivityResult(mission)
        counts: Counter[str] = Counter()
        write_commercial_profiles(world, counts)
        write_remote_attendance(world, counts)
        listings = write_listings(rng, world, counts)
        plan, linked = plan_requests(rng, world)
        write_requests(rng, mission, plan, listings, counts)
        write_marks(rng, world, linked, counts)
        write_priorities(rng, world, counts)
        write_absences(rng, world, counts)
        write_messages(rng, world, counts)
        write_check_ins(rng, world, counts)
        result.counts = dict(counts)
        result.demo_pair = (world.demo_buyer.email, world.demo_provider.email)
    return result
