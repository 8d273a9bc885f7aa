"""The people of each organization: names plausible for the region, titles, e-mails."""

from __future__ import annotations

import random
from functools import partial

from jisr.missions.sample import names
from jisr.missions.sample.specs import (
    HEADCOUNTS,
    OrgSpec,
    PersonSpec,
    dedupe,
    fresh,
    slugify,
    unique,
)


def compose_people(rng: random.Random, spec: OrgSpec) -> tuple[PersonSpec, ...]:
    if spec.kind in ("organizer", "partner"):
        count = 3 if spec.kind == "organizer" else 2
    elif spec.kind == "buyer":
        count = rng.choices((1, 2, 3), (45, 40, 15))[0]
    else:
        size = HEADCOUNTS.index(spec.headcount)
        count = rng.choices((1, 2, 3), (6 - size, 4, 1 + size))[0]
    people: list[PersonSpec] = []
    locals_: set[str] = set()
    titles_used: set[str] = set()
    for _ in range(count):
        person = _person(rng, spec, titles_used)
        local = unique(locals_, partial(_email_local, person[0], person[1]), tries=1, sep="")
        people.append(
            PersonSpec(
                first_name=person[0],
                last_name=person[1],
                title=person[2],
                email=f"{local}@{spec.slug}.example",
                preferred_language=person[3],
                languages=person[4],
            )
        )
    return tuple(people)


def _person(
    rng: random.Random, spec: OrgSpec, titles_used: set[str]
) -> tuple[str, str, str, str, tuple[str, ...]]:
    female = rng.random() < 0.45
    if spec.kind == "buyer":
        quebec = spec.city in {"Montréal", "Québec"} and rng.random() < 0.6
        if quebec:
            first = rng.choice(names.QUEBEC_FIRST_FEMALE if female else names.QUEBEC_FIRST_MALE)
            last = rng.choice(names.QUEBEC_LAST)
        else:
            first = rng.choice(names.NA_FIRST_FEMALE if female else names.NA_FIRST_MALE)
            last = rng.choice(names.NA_LAST)
        title = fresh(rng, names.BUYER_TITLES, titles_used)
        spoken: tuple[str, ...] = ("en", "fr") if quebec or rng.random() < 0.1 else ("en",)
        return first, last, title, "en", spoken
    first = rng.choice(names.MOROCCAN_FIRST_FEMALE if female else names.MOROCCAN_FIRST_MALE)
    last = rng.choice(names.MOROCCAN_LAST)
    org_languages = spec.languages or ("fr", "ar")
    options = [code for code in ("fr", "ar", "en") if code in org_languages] or ["fr"]
    weights = [{"fr": 60, "ar": 15, "en": 25}[code] for code in options]
    preferred = rng.choices(options, weights)[0]
    if spec.kind in names.HOST_TITLES:
        titles = [pair[int(female)] for pair in names.HOST_TITLES[spec.kind]]
    elif preferred == "en":
        titles = list(names.PROVIDER_TITLES_EN)
    else:
        titles = [pair[int(female)] for pair in names.PROVIDER_TITLES_FR]
    title = fresh(rng, titles, titles_used)
    spoken = dedupe([preferred, *[c for c in org_languages if rng.random() < 0.7]])
    return first, last, title, preferred, spoken


def _email_local(first: str, last: str) -> str:
    return f"{slugify(first).replace('-', '')}.{slugify(last).replace('-', '')}"
