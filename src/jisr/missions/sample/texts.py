"""Description templates: providers mostly in French, buyers in English.

Every description is written from the final profile, so what the text says (service
lines, technologies, languages, certifications, industries) agrees with the sets.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jisr.directory import taxonomy
from jisr.missions.sample import names

if TYPE_CHECKING:
    from jisr.missions.sample.specs import OrgSpec

# code -> (English, French, Arabic)
_TERMS: dict[str, tuple[str, str, str]] = {
    code: (en, fr, ar)
    for code, en, fr, ar in (*taxonomy.SERVICE_LINES, *taxonomy.CERTIFICATIONS, *taxonomy.LANGUAGES)
}
_EN, _FR, _AR = 0, 1, 2

HEADCOUNT_TEXT: dict[str, tuple[str, str, str]] = {
    "1-9": ("fewer than ten", "moins de dix", "أقل من عشرة موظفين"),
    "10-49": ("10 to 49", "10 à 49", "ما بين 10 و49 موظفًا"),
    "50-249": ("50 to 249", "50 à 249", "ما بين 50 و249 موظفًا"),
    "250-999": ("250 to 999", "250 à 999", "ما بين 250 و999 موظفًا"),
    "1000+": ("more than 1,000", "plus de 1 000", "أكثر من 1000 موظف"),
}
_CITIES = {
    city.name: city
    for city in (*names.BUYER_CITIES, *names.PROVIDER_CITIES, *names.FOREIGN_PROVIDER_CITIES)
}


def describe(rng: random.Random, spec: OrgSpec) -> dict[str, str]:
    """One text per language, keyed by language code; never empty."""
    if spec.kind == "buyer":
        texts = {"en": _buyer_en(rng, spec)}
        if "fr" in spec.languages and spec.country == "CA" and rng.random() < 0.5:
            texts["fr"] = _buyer_fr(rng, spec)
        return texts
    if spec.kind != "provider":
        return dict(HOST_DESCRIPTIONS[spec.kind])
    texts = {}
    if "fr" in spec.languages and rng.random() < 0.9:
        texts["fr"] = _provider_fr(rng, spec)
    if rng.random() < (0.55 if "en" in spec.languages else 0.1) or not texts:
        texts["en"] = _provider_en(rng, spec)
    if "ar" in spec.languages and rng.random() < 0.2:
        texts["ar"] = _provider_ar(rng, spec)
    return texts


# --- Providers ------------------------------------------------------------------------


def _provider_fr(rng: random.Random, spec: OrgSpec) -> str:
    city = _CITIES[spec.city].name_fr
    lines = join_fr([_lower(_TERMS[c][_FR]) for c in spec.service_lines])
    staff = HEADCOUNT_TEXT[spec.headcount][_FR]
    intro = rng.choice(
        (
            f"{spec.name} est une entreprise de services numériques basée à {city}, "
            f"fondée en {spec.founded}.",
            f"Fondée en {spec.founded} à {city}, {spec.name} réunit {staff} collaborateurs.",
            f"Installée à {city} depuis {spec.founded}, {spec.name} est une société de "
            "conseil et d'ingénierie informatique.",
        )
    )
    parts = [
        intro,
        rng.choice(
            (
                f"Nous accompagnons nos clients en {lines}.",
                f"Nos domaines d'expertise : {lines}.",
                f"Nos équipes interviennent en {lines}, en régie comme au forfait.",
            )
        ),
        f"Technologies maîtrisées : {', '.join(spec.technologies)}.",
    ]
    if spec.industries:
        industries = join_fr([names.INDUSTRIES[code][1] for code in spec.industries])
        parts.append(f"Nous avons des références dans {industries}.")
    parts.append(_sites_fr(spec))
    if spec.certifications:
        certs = ", ".join(_TERMS[c][_FR] for c in spec.certifications)
        parts.append(f"Certifications : {certs}.")
    languages = join_fr([_TERMS[c][_FR].lower() for c in spec.languages])
    parts.append(f"Langues de travail : {languages}.")
    if spec.country != "MA" or rng.random() < 0.4:
        parts.append(
            "Nous cherchons à développer des partenariats durables avec des clients "
            "nord-américains."
        )
    return " ".join(parts)


def _sites_fr(spec: OrgSpec) -> str:
    parks = [names.PARK_NAMES[s.park][0] for s in spec.sites if s.park != "other"]
    if not parks:
        return f"Nos équipes travaillent depuis nos bureaux de {_CITIES[spec.city].name_fr}."
    if spec.country != "MA":
        return f"Notre centre de production nearshore est situé à {join_fr(parks)}, au Maroc."
    return f"Centre de production : {join_fr(parks)}."


def _provider_en(rng: random.Random, spec: OrgSpec) -> str:
    city = _CITIES[spec.city].english
    lines = join_en([_lower(_TERMS[c][_EN]) for c in spec.service_lines])
    staff = HEADCOUNT_TEXT[spec.headcount][_EN]
    parts = [
        rng.choice(
            (
                f"{spec.name} is an IT services company based in {city}, founded in "
                f"{spec.founded}, with {staff} staff.",
                f"Founded in {spec.founded}, {spec.name} is a {city} software and IT "
                f"services firm of {staff} people.",
            )
        ),
        rng.choice(
            (
                f"We deliver {lines} for clients in Europe and North America.",
                f"Our teams specialise in {lines}.",
            )
        ),
        f"Technologies: {', '.join(spec.technologies)}.",
    ]
    if spec.industries:
        industries = join_en([names.INDUSTRIES[code][0] for code in spec.industries])
        parts.append(f"Client references in {industries}.")
    parks = [names.PARK_NAMES[s.park][0] for s in spec.sites if s.park != "other"]
    if parks:
        parts.append(f"Delivery centre{'s' if len(parks) > 1 else ''}: {join_en(parks)}.")
    if spec.certifications:
        parts.append(f"Certified {', '.join(_TERMS[c][_EN] for c in spec.certifications)}.")
    parts.append(f"Working languages: {join_en([_TERMS[c][_EN] for c in spec.languages])}.")
    return " ".join(parts)


def _provider_ar(rng: random.Random, spec: OrgSpec) -> str:
    city = _CITIES[spec.city].name_ar
    lines = join_ar([_TERMS[c][_AR] for c in spec.service_lines])
    parts = [
        f"{spec.name} شركة خدمات رقمية مقرها {city}، تأسست سنة {spec.founded}، "
        f"ويضم فريقها {HEADCOUNT_TEXT[spec.headcount][_AR]}.",
        rng.choice((f"تقدم خدماتها في مجالات {lines}.", f"مجالات خبرتها: {lines}.")),
        f"التقنيات التي تعتمدها: {'، '.join(spec.technologies)}.",
    ]
    if spec.industries:
        industries = join_ar([names.INDUSTRIES[code][2] for code in spec.industries])
        parts.append(f"لديها مراجع في قطاعات {industries}.")
    parks = [names.PARK_NAMES[s.park][1] for s in spec.sites if s.park != "other"]
    if parks:
        parts.append(f"مركز الإنجاز: {join_ar(parks)}.")
    if spec.certifications:
        parts.append(f"الشهادات: {'، '.join(_TERMS[c][_AR] for c in spec.certifications)}.")
    parts.append(f"لغات العمل: {join_ar([_TERMS[c][_AR] for c in spec.languages])}.")
    return " ".join(parts)


# --- Buyers ---------------------------------------------------------------------------


def _buyer_en(rng: random.Random, spec: OrgSpec) -> str:
    city = _CITIES[spec.city].english
    industry = names.INDUSTRIES[spec.industries[0]][0]
    lines = join_en([_lower(_TERMS[c][_EN]) for c in spec.service_lines])
    techs = join_en(list(spec.technologies))
    languages = join_en([_TERMS[c][_EN] for c in spec.languages])
    parts = [
        rng.choice(
            (
                f"{spec.name} is a {city}-based {industry} company with "
                f"{HEADCOUNT_TEXT[spec.headcount][_EN]} employees.",
                f"Headquartered in {city}, {spec.name} serves customers in {industry}.",
            )
        ),
        rng.choice(
            (
                f"We are looking for a nearshore partner in Morocco for {lines}, ideally "
                f"with hands-on experience in {techs}.",
                f"We want to build an offshore team in Morocco for {lines}; our stack "
                f"includes {techs}.",
                f"We seek a Moroccan provider for {lines}, with strong skills in {techs}.",
            )
        ),
        f"The team would start at about {spec.team_size} people working in {languages}, "
        "with a few hours of overlap with our working day.",
    ]
    if spec.certifications:
        certs = join_en([_TERMS[c][_EN] for c in spec.certifications])
        parts.append(
            rng.choice(
                (f"{certs} certification is required.", f"Our compliance team requires {certs}.")
            )
        )
    if spec.rate_band:
        low, high = spec.rate_band
        parts.append(f"Indicative budget: USD {low}–{high} per person-day.")
    return " ".join(parts)


def _buyer_fr(rng: random.Random, spec: OrgSpec) -> str:
    city = _CITIES[spec.city].name_fr
    industry = names.INDUSTRIES[spec.industries[0]][1]
    lines = join_fr([_lower(_TERMS[c][_FR]) for c in spec.service_lines])
    parts = [
        f"{spec.name}, entreprise de {city} active dans {industry}, recherche un partenaire "
        f"nearshore au Maroc en {lines}.",
        f"Environnement technique : {', '.join(spec.technologies)}.",
        f"Équipe visée : environ {spec.team_size} personnes, travaillant en "
        f"{join_fr([_TERMS[c][_FR].lower() for c in spec.languages])}.",
    ]
    if spec.certifications:
        certs = join_fr([_TERMS[c][_FR] for c in spec.certifications])
        label = "Certifications exigées" if len(spec.certifications) > 1 else "Certification exigée"
        parts.append(f"{label} : {certs}.")
    return " ".join(parts)


HOST_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "organizer": {
        "fr": (
            "Fédération professionnelle fictive des entreprises marocaines du numérique et de "
            "l'offshoring. Elle organise des missions B2B qui mettent en relation des "
            "donneurs d'ordre étrangers et des prestataires marocains."
        ),
        "en": (
            "A fictional federation of Moroccan IT and offshoring companies. It runs B2B "
            "missions that connect foreign buyers with Moroccan providers."
        ),
        "ar": (
            "جامعة مهنية متخيلة تضم الشركات المغربية العاملة في المجال الرقمي وترحيل "
            "الخدمات، تنظم بعثات أعمال تربط المشترين الأجانب بمقدمي الخدمات المغاربة."
        ),
    },
    "partner": {
        "en": (
            "A fictional network of Moroccan professionals in the United States and Canada. "
            "Its members advise North American buyers on working with Moroccan partners."
        ),
        "fr": (
            "Réseau fictif de professionnels marocains aux États-Unis et au Canada. Ses "
            "membres conseillent les entreprises nord-américaines qui travaillent avec des "
            "partenaires marocains."
        ),
        "ar": (
            "شبكة متخيلة من المهنيين المغاربة في الولايات المتحدة وكندا، يقدم أعضاؤها المشورة "
            "للشركات الأمريكية الشمالية الراغبة في العمل مع شركاء مغاربة."
        ),
    },
}


# --- Helpers --------------------------------------------------------------------------


def _lower(term: str) -> str:
    """Lower the first letter unless the word is an acronym ("ERP", "DevOps", "IT")."""
    first = term.split()[0]
    if len(first) > 1 and first[1:].islower():
        return term[0].lower() + term[1:]
    return term


def join_en(items: Sequence[str]) -> str:
    """Join as "a, b and c"; only commas when an item has its own "and" ("data and AI, ...")."""
    items = list(items)
    if any(" and " in item for item in items):
        return ", ".join(items)
    if len(items) <= 2:
        return " and ".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def join_fr(items: Sequence[str]) -> str:
    """Join as "a, b et c"; only commas when an item has its own "et"."""
    items = list(items)
    if any(" et " in item for item in items):
        return ", ".join(items)
    if len(items) <= 2:
        return " et ".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"


def join_ar(items: Sequence[str]) -> str:
    """Arabic lists: items separated by the Arabic comma, the last joined by "و"."""
    items = list(items)
    if len(items) <= 1 or any(" و" in item for item in items):
        return "، ".join(items)
    return f"{'، '.join(items[:-1])} و{items[-1]}"
