"""Marks: must meet, would like to meet, not interested. They feed the scheduler's
priorities, so the demo pair mark each other and the console shows a mutual one."""

from __future__ import annotations

import random
from collections import Counter

from jisr.matchmaking.models import Mark
from jisr.matchmaking.services import set_mark

from .world import World


def write_marks(
    rng: random.Random, world: World, linked: set[tuple[str, str]], counts: Counter[str]
) -> None:
    """Must meet a planted fit, would like to meet a few, not interested in some others
    (never in an organization the two already exchanged a request with)."""
    provider_keys = [s.key for s in world.providers]
    buyer_keys = [s.key for s in world.buyers]
    marks: dict[tuple[str, str], str] = {}
    for spec in world.buyers:
        b = spec.key
        fits = [p for p in world.fits[b] if p in set(provider_keys)]
        if fits and (world.is_demo(b) or rng.random() < 0.6):
            marks[(b, fits[0])] = str(Mark.Kind.MUST_MEET)
        for p in rng.sample(provider_keys, min(2, len(provider_keys))):
            marks.setdefault((b, p), str(Mark.Kind.WOULD_LIKE))
        if rng.random() < 0.4:
            p = rng.choice(provider_keys)
            if p not in world.fits[b] and (b, p) not in linked:
                marks.setdefault((b, p), str(Mark.Kind.NOT_INTERESTED))
    for p in provider_keys:
        if rng.random() < 0.3:
            marks.setdefault((p, rng.choice(buyer_keys)), str(Mark.Kind.WOULD_LIKE))
        b = rng.choice(buyer_keys)
        if rng.random() < 0.1 and (b, p) not in linked:
            marks.setdefault((p, b), str(Mark.Kind.NOT_INTERESTED))
    # The demo pair want to meet each other: their meeting is a mutual priority.
    demo_b, demo_p = world.key_of(world.demo_buyer), world.key_of(world.demo_provider)
    marks.setdefault((demo_b, demo_p), str(Mark.Kind.WOULD_LIKE))
    marks.setdefault((demo_p, demo_b), str(Mark.Kind.WOULD_LIKE))
    for (by, target), kind in marks.items():
        set_mark(world.lead(by), target=world.orgs[target], kind=kind)
        counts[f"marks ({kind})"] += 1
