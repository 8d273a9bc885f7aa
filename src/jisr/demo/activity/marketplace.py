"""What each organization publishes before the event: its commercial profile (the
budget band and team size, or the rate band, that its sample description quotes) and
its marketplace listings, a request per buyer and an offer for some providers."""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal

from jisr.demo import texts
from jisr.directory.models import ServiceLine
from jisr.marketplace.models import MAX_SERVICE_LINES, Listing
from jisr.marketplace.services import create_listing
from jisr.matchmaking.services import save_commercial_profile
from jisr.missions.sample.specs import OrgSpec

from .world import World

OFFER_SHARE = 0.6  # providers with an offer, besides the demo provider who always has one


def write_commercial_profiles(world: World, counts: Counter[str]) -> None:
    for spec in world.cohort:
        band = spec.rate_band
        save_commercial_profile(
            world.lead(spec.key),
            team_size=spec.team_size if spec.kind == "buyer" else None,
            band_low=Decimal(band[0]) if band else None,
            band_high=Decimal(band[1]) if band else None,
        )
        counts["commercial profiles"] += 1


def write_listings(rng: random.Random, world: World, counts: Counter[str]) -> dict[str, Listing]:
    """Listings by spec key of their organization: buyers' requests in English, providers'
    offers in one language each (French, Arabic or English)."""
    listings: dict[str, Listing] = {}
    for spec in world.buyers:
        title, body, role = texts.need(rng, spec)
        listings[spec.key] = create_listing(
            world.mission,
            author=world.lead(spec.key),
            kind=str(Listing.Kind.REQUEST),
            title=title,
            body=body,
            language="en",
            partner_role=role,
            service_lines=_lines(world, spec),
        )
        counts["listings (requests)"] += 1
    for spec in world.providers:
        if not (world.is_demo(spec.key) or rng.random() < OFFER_SHARE):
            continue
        language = texts.provider_language(rng, spec)
        title, body = texts.offer(rng, spec, language)
        listings[spec.key] = create_listing(
            world.mission,
            author=world.lead(spec.key),
            kind=str(Listing.Kind.OFFER),
            title=title,
            body=body,
            language=language,
            service_lines=_lines(world, spec),
        )
        counts["listings (offers)"] += 1
    return listings


def _lines(world: World, spec: OrgSpec) -> list[ServiceLine]:
    # As many as a listing may carry, the organization's main (first) lines first.
    codes = spec.service_lines[:MAX_SERVICE_LINES]
    return [world.lines[code] for code in codes if code in world.lines]
