"""Day one at the registration desk: badges and check-ins."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from jisr.outcomes.services import check_in, issue_badge

from .timeline import first_meeting_day, local_time
from .world import World

REGISTRATION = (8, 30)  # day one's check-ins start at the programme's registration
ABSENT_ON_DAY_ONE = 2  # on-site participants who never came on day one (no-shows)


def write_check_ins(rng: random.Random, world: World, counts: Counter[str]) -> None:
    """Badges for the active participants, and day one's check-ins at registration:
    everyone on site but a couple who never came (their meetings become no-shows once
    the schedule is published). The remote buyer does not check in."""
    organizer = world.organizer
    people = world.leads()
    badges = {person.pk: issue_badge(person) for person in people}
    counts["badges"] += len(badges)
    first_day = first_meeting_day(world.mission)
    if organizer is None or first_day is None:
        return
    demo = (world.demo_buyer.pk, world.demo_provider.pk)
    remote = world.remote.pk if world.remote else None
    on_site = [p for p in people if p.pk != remote]
    others = [p for p in on_site if p.pk not in demo]
    absent = {p.pk for p in rng.sample(others, min(ABSENT_ON_DAY_ONE, len(others)))}
    opening = local_time(world.mission, first_day.date, *REGISTRATION)
    for index, person in enumerate(p for p in on_site if p.pk not in absent):
        moment = opening + dt.timedelta(seconds=20 * index)
        check_in(world.mission, code=badges[person.pk].code, by=organizer, now=moment)
        counts["check-ins"] += 1
