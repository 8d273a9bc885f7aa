"""Composing a sample mission's participants: pure Python, no database.

``compose_sample(buyers=..., providers=..., seed=...)`` returns plain frozen
dataclasses. Codes are taxonomy codes (``jisr.directory.taxonomy``): service lines,
certifications and languages by code, technologies by name. A buyer's sets are what
it needs; a provider's sets are what it offers.

Planted fits: for each buyer a few providers are rewritten to cover the buyer's
need (service lines, technologies, languages, certifications, industry), and their
descriptions are written from the rewritten profile, so the text agrees too. The
pairs come back in ``SampleSpec.fits``; everything else is random, so a good
recommender should rank the planted providers near the top for their buyer.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence

from jisr.missions.sample import names, texts
from jisr.missions.sample.people import compose_people
from jisr.missions.sample.specs import (
    HEADCOUNTS,
    OrgSpec,
    PersonSpec,
    SampleSpec,
    SiteSpec,
    dedupe,
    slugify,
    unique,
)

__all__ = ["LINE_TECHNOLOGIES", "OrgSpec", "PersonSpec", "SampleSpec", "SiteSpec", "compose_sample"]

# Technologies typical of each service line; a profile's technologies come from its lines.
LINE_TECHNOLOGIES: dict[str, tuple[str, ...]] = {
    "adm": (
        "Java",
        "Spring",
        ".NET",
        "C#",
        "Python",
        "Django",
        "JavaScript",
        "TypeScript",
        "React",
        "Angular",
        "Node.js",
        "PHP",
        "Go",
        "PostgreSQL",
        "Oracle",
        "COBOL",
    ),
    "testing-qa": ("Selenium", "Cypress", "Jira", "Java", "Python", "JavaScript"),
    "infra-cloud": ("AWS", "Azure", "Google Cloud", "Kubernetes", "Docker", "Terraform"),
    "cybersecurity": ("Azure", "AWS", "Kubernetes", "Terraform", "Python"),
    "data-ai": ("Python", "Databricks", "TensorFlow", "Power BI", "PostgreSQL", "Google Cloud"),
    "erp-crm": ("SAP", "Salesforce", "Microsoft Dynamics", "Oracle"),
    "helpdesk": ("ServiceNow", "Zendesk", "Jira"),
    "bpo-contact": ("Zendesk", "Salesforce", "ServiceNow"),
    "digital-ux": ("React", "Vue.js", "TypeScript", "Angular"),
    "mobile": ("Kotlin", "Swift", "Flutter", "React"),
    "embedded": ("C++", "Python", "Go"),
    "devops": ("Kubernetes", "Docker", "Terraform", "AWS", "Azure", "Go"),
    "consulting": ("SAP", "Salesforce", "ServiceNow", "Jira", "Power BI"),
}
SERVICE_LINES = tuple(LINE_TECHNOLOGIES)
# How often each line is someone's speciality (ADM and testing dominate the market).
LINE_WEIGHTS = (18, 10, 8, 6, 8, 7, 5, 6, 6, 6, 3, 6, 4)

PROVIDER_SIZE_WEIGHTS = (15, 35, 30, 15, 5)
BUYER_SIZE_WEIGHTS = (3, 15, 32, 32, 18)

# Certifications buyers of an industry tend to require.
INDUSTRY_CERTIFICATIONS: dict[str, tuple[str, ...]] = {
    "insurance": ("iso-27001", "soc-2"),
    "healthcare": ("iso-27001", "soc-2"),
    "fintech": ("pci-dss", "iso-27001", "soc-2"),
    "retail": ("pci-dss",),
    "telecom": ("iso-20000", "iso-27001"),
    "energy": ("iso-27001", "iso-9001"),
    "manufacturing": ("iso-9001", "cmmi-3"),
}
FITS_PER_BUYER = (2, 3)


def compose_sample(*, buyers: int, providers: int, seed: int) -> SampleSpec:
    """Build every organization and person of a sample; same arguments, same result."""
    if buyers < 1 or providers < 1:
        raise ValueError("a sample needs at least one buyer and one provider")
    rng = random.Random(seed)
    used_names = {names.ORGANIZER_SLUG, names.PARTNER_SLUG}
    buyer_specs = [_buyer(rng, i, used_names) for i in range(buyers)]
    provider_specs = [_provider(rng, i, used_names) for i in range(providers)]
    fits = _plant_fits(rng, buyer_specs, provider_specs)
    finished_buyers = tuple(_finish(rng, spec) for spec in buyer_specs)
    finished_providers = tuple(_finish(rng, spec) for spec in provider_specs)
    hosts = tuple(_finish(rng, spec) for spec in _hosts())
    return SampleSpec(seed, finished_buyers, finished_providers, hosts, tuple(fits))


# --- Buyers ---------------------------------------------------------------------------


def _buyer(rng: random.Random, index: int, used: set[str]) -> OrgSpec:
    city = _weighted(rng, names.BUYER_CITIES)
    industry = rng.choice(list(names.INDUSTRIES))
    name = unique(used, lambda: _buyer_name(rng, industry), key=slugify)
    lines = _lines(rng, rng.choice((1, 1, 2, 2, 2, 3)))
    languages = ["en"]
    if (city.francophone and rng.random() < 0.8) or rng.random() < 0.12:
        languages.append("fr")
    if city.country == "US" and rng.random() < 0.15:
        languages.append("es")
    certifications: list[str] = []
    for code in INDUSTRY_CERTIFICATIONS.get(industry, ()):
        if rng.random() < 0.45:
            certifications.append(code)
    if rng.random() < 0.12:
        certifications.append(rng.choice(("iso-9001", "cmmi-3", "iso-27001")))
    if "bpo-contact" in lines and rng.random() < 0.4:
        certifications.append("copc")
    low = rng.randrange(180, 320, 10)
    return OrgSpec(
        key=f"b{index + 1:04d}",
        kind="buyer",
        name=name,
        slug=slugify(name),
        country=city.country,
        city=city.name,
        timezone=city.timezone,
        headcount=rng.choices(HEADCOUNTS, BUYER_SIZE_WEIGHTS)[0],
        founded=rng.randint(1955, 2019),
        industries=(industry,),
        service_lines=lines,
        technologies=_technologies(rng, lines, rng.randint(2, 4)),
        languages=tuple(languages),
        certifications=dedupe(certifications),
        team_size=rng.choice((4, 5, 6, 8, 10, 12, 15, 20, 25, 40)),
        rate_band=(low, low + rng.randrange(60, 200, 10)),
    )


def _buyer_name(rng: random.Random, industry: str) -> str:
    place = f"{rng.choice(names.BUYER_PLACE_FIRST)} {rng.choice(names.BUYER_PLACE_SECOND)}"
    return f"{place} {rng.choice(names.INDUSTRIES[industry][3])}"


# --- Providers ------------------------------------------------------------------------


def _provider(rng: random.Random, index: int, used: set[str]) -> OrgSpec:
    foreign = rng.random() < names.FOREIGN_PROVIDER_SHARE
    city = _weighted(rng, names.FOREIGN_PROVIDER_CITIES if foreign else names.PROVIDER_CITIES)
    size = rng.choices(range(len(HEADCOUNTS)), PROVIDER_SIZE_WEIGHTS)[0]
    name = unique(used, lambda: _provider_name(rng), key=slugify)
    lines = _lines(rng, min(1 + size, rng.choice((1, 2, 2, 3, 3, 4, 5))))
    technologies = _technologies(rng, lines, rng.randint(3, 4 + size))
    low = rng.randrange(150, 260, 10) + 20 * size
    return OrgSpec(
        key=f"p{index + 1:04d}",
        kind="provider",
        name=name,
        slug=slugify(name),
        country=city.country,
        city=city.name,
        timezone=city.timezone,
        headcount=HEADCOUNTS[size],
        founded=rng.randint(max(1985, 2024 - 8 - 8 * size), 2024 - max(1, 3 * (size - 1))),
        industries=tuple(rng.sample(list(names.INDUSTRIES), rng.randint(1, 3))),
        service_lines=lines,
        technologies=technologies,
        languages=_provider_languages(rng, city, size),
        certifications=_provider_certifications(rng, size, lines),
        rate_band=(low, low + rng.randrange(40, 160, 10)),
        sites=_sites(rng, city, size),
    )


def _provider_name(rng: random.Random) -> str:
    if rng.random() < 0.25:
        brand = "".join(rng.choice(names.BRAND_SYLLABLES) for _ in range(rng.randint(2, 3)))
        brand = (brand + rng.choice(names.BRAND_ENDINGS)).capitalize()
        return f"{brand} {rng.choice(names.PROVIDER_LAST)}"
    return " ".join(
        (
            rng.choice(names.PROVIDER_FIRST),
            rng.choice(names.PROVIDER_MIDDLE),
            rng.choice(names.PROVIDER_LAST),
        )
    )


def _provider_languages(rng: random.Random, city: names.City, size: int) -> tuple[str, ...]:
    languages: list[str] = []
    if rng.random() < (0.7 if city.country == "ES" else 0.97):
        languages.append("fr")
    if city.country == "MA" and rng.random() < 0.95:
        languages.append("ar")
    if rng.random() < 0.45 + 0.1 * size or city.country == "CA":
        languages.append("en")
    north = city.name in {"Tétouan", "Tangier"} or city.country == "ES"
    if rng.random() < (0.55 if north else 0.12):
        languages.append("es")
    if rng.random() < 0.05:
        languages.append("de")
    if city.country == "MA" and rng.random() < 0.06:
        languages.append("zgh")
    if rng.random() < 0.03:
        languages.append("it")
    return tuple(languages) or ("fr",)


def _provider_certifications(
    rng: random.Random, size: int, lines: Sequence[str]
) -> tuple[str, ...]:
    """Larger firms hold more certifications; some follow from what a firm does."""
    odds = {
        "iso-9001": (0.15, 0.35, 0.6, 0.8, 0.9)[size],
        "iso-27001": (0.05, 0.15, 0.4, 0.7, 0.85)[size],
        "cmmi-3": (0.0, 0.05, 0.2, 0.4, 0.3)[size],
        "cmmi-5": (0.0, 0.0, 0.02, 0.1, 0.35)[size],
        "iso-20000": (0.0, 0.03, 0.1, 0.25, 0.4)[size],
        "soc-2": (0.0, 0.02, 0.08, 0.2, 0.35)[size],
    }
    if "cybersecurity" in lines:
        odds["iso-27001"] = max(odds["iso-27001"], 0.6)
    if "bpo-contact" in lines or "helpdesk" in lines:
        odds["copc"] = (0.05, 0.15, 0.35, 0.5, 0.6)[size]
        odds["escm-sp"] = (0.0, 0.05, 0.15, 0.3, 0.4)[size]
    if "erp-crm" in lines or "adm" in lines:
        odds["pci-dss"] = (0.0, 0.03, 0.08, 0.15, 0.2)[size]
    held = [code for code, p in odds.items() if rng.random() < p]
    if "cmmi-5" in held and "cmmi-3" in held:
        held.remove("cmmi-3")
    return tuple(held)


def _sites(rng: random.Random, city: names.City, size: int) -> tuple[SiteSpec, ...]:
    """Delivery sites: the park of the firm's city; bigger firms add a second park."""
    if city.country != "MA":
        park = rng.choice(("casanearshore", "technopolis", "tetouan-shore"))
        return (SiteSpec(park, names.PARK_CITIES[park], "MA"),)
    if city.park == "other" or (size <= 1 and rng.random() < 0.25):
        sites = [SiteSpec("other", city.name, "MA")]
    else:
        sites = [SiteSpec(city.park, city.park_city, "MA")]
    if size >= 3 or (size == 2 and rng.random() < 0.3):
        others = [park for park in names.PARK_NAMES if park != sites[0].park]
        park = rng.choice(others)
        sites.append(SiteSpec(park, names.PARK_CITIES[park], "MA"))
    return tuple(sites)


# --- Planted fits ---------------------------------------------------------------------


def _plant_fits(
    rng: random.Random, buyers: list[OrgSpec], providers: list[OrgSpec]
) -> list[tuple[str, str]]:
    """Rewrite a few providers per buyer to cover its need; each provider serves one buyer
    while any are left, so a fit is rarely a generalist that fits everyone."""
    free = list(range(len(providers)))
    rng.shuffle(free)
    planted: set[int] = set()
    fits: list[tuple[str, str]] = []
    for buyer in buyers:
        chosen: set[int] = set()
        for _ in range(min(rng.choice(FITS_PER_BUYER), len(providers))):
            if free:
                index = free.pop()
            else:
                index = rng.choice([i for i in range(len(providers)) if i not in chosen])
            chosen.add(index)
            providers[index] = _fit_to(rng, providers[index], buyer, again=index in planted)
            planted.add(index)
            fits.append((buyer.key, providers[index].key))
    return fits


def _fit_to(rng: random.Random, provider: OrgSpec, buyer: OrgSpec, *, again: bool) -> OrgSpec:
    """Cover the buyer's need; a provider planted ``again`` keeps its earlier buyer's too."""
    own_lines = list(provider.service_lines)
    own_tech = list(provider.technologies) if again else []
    if not again:
        own_lines = rng.sample(own_lines, min(1, len(own_lines)))
    lines = dedupe([*buyer.service_lines, *own_lines])
    extra_tech = (*own_tech, *_technologies(rng, lines, rng.randint(1, 3)))
    size = max(HEADCOUNTS.index(provider.headcount), 1)
    return dataclasses.replace(
        provider,
        headcount=HEADCOUNTS[size],
        industries=dedupe([*buyer.industries, *provider.industries[: 3 if again else 1]]),
        service_lines=lines,
        technologies=dedupe([*buyer.technologies, *extra_tech]),
        languages=dedupe([*provider.languages, *buyer.languages]),
        certifications=dedupe([*provider.certifications, *buyer.certifications]),
        rate_band=_within_budget(provider.rate_band, buyer.rate_band),
    )


def _within_budget(
    rates: tuple[int, int] | None, budget: tuple[int, int] | None
) -> tuple[int, int] | None:
    """Shift a planted provider's rates down until its lowest rate fits the budget."""
    if rates is None or budget is None or rates[0] <= budget[1]:
        return rates
    shift = rates[0] - budget[0]
    return rates[0] - shift, rates[1] - shift


# --- Text and people, from the final profile ------------------------------------------


def _finish(rng: random.Random, spec: OrgSpec) -> OrgSpec:
    return dataclasses.replace(
        spec, descriptions=texts.describe(rng, spec), people=compose_people(rng, spec)
    )


# --- Hosts ----------------------------------------------------------------------------


def _hosts() -> list[OrgSpec]:
    organizer = OrgSpec(
        key="o0001",
        kind="organizer",
        name=names.ORGANIZER_NAME,
        slug=names.ORGANIZER_SLUG,
        country="MA",
        city="Casablanca",
        timezone="Africa/Casablanca",
        headcount="10-49",
        founded=1994,
        service_lines=("consulting",),
        languages=("fr", "ar", "en"),
    )
    partner = OrgSpec(
        key="o0002",
        kind="partner",
        name=names.PARTNER_NAME,
        slug=names.PARTNER_SLUG,
        country="US",
        city="Washington",
        timezone="America/New_York",
        headcount="1-9",
        founded=2003,
        languages=("en", "fr", "ar"),
    )
    return [organizer, partner]


# --- Helpers --------------------------------------------------------------------------


def _weighted(rng: random.Random, cities: Sequence[names.City]) -> names.City:
    return rng.choices(cities, [city.weight for city in cities])[0]


def _lines(rng: random.Random, count: int) -> tuple[str, ...]:
    chosen: list[str] = []
    while len(chosen) < count:
        line = rng.choices(SERVICE_LINES, LINE_WEIGHTS)[0]
        if line not in chosen:
            chosen.append(line)
    return tuple(chosen)


def _technologies(rng: random.Random, lines: Sequence[str], count: int) -> tuple[str, ...]:
    pool = dedupe([tech for line in lines for tech in LINE_TECHNOLOGIES[line]])
    return tuple(rng.sample(pool, min(count, len(pool))))
