"""Messages on accepted meetings, dated in the days before now, some read and some
unread, so the demo logins find both in their inbox."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.utils import timezone

from jisr.demo import texts
from jisr.messaging.services import mark_thread_read, send_message

from .world import World, is_pair

THREAD_SHARE = 0.3  # accepted meetings whose two sides exchange a few messages
MAX_THREADS = 60


def write_messages(rng: random.Random, world: World, counts: Counter[str]) -> None:
    """A conversation between the demo pair (the provider's last message left unread),
    one between the remote buyer and the demo provider (all read), and a few messages
    on about a third of the other accepted meetings."""
    accepted = world.accepted_meetings()
    firsts = [
        *(r for r in accepted if is_pair(r, world.demo_buyer, world.demo_provider)),
        *(r for r in accepted if is_pair(r, world.remote, world.demo_provider)),
    ]
    threads = firsts + [r for r in accepted if r not in firsts and rng.random() < THREAD_SHARE]
    start = timezone.now() - dt.timedelta(days=2)
    for index, request in enumerate(threads[:MAX_THREADS]):
        turns = 3 if index == 0 else 2 if request in firsts else rng.randint(1, 2)
        sides = (request.recipient, request.requester)
        for turn in range(turns):
            sender = sides[turn % 2]
            moment = start + dt.timedelta(hours=index, minutes=20 * turn)
            body = texts.thread_message(sender.preferred_language, turn)
            send_message(request, by=sender, body=body, now=moment)
            counts["messages"] += 1
            if turn < turns - 1 or (index > 0 and request in firsts):
                mark_thread_read(request, by=sides[(turn + 1) % 2], now=moment)
