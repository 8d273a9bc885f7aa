"""Texts of the demo activity: listings, meeting messages and decline reasons.

Written from the composed sample (``OrgSpec``), so what a listing says agrees with the
organization's profile. Buyers write in English; providers in French, Arabic or English,
one language per text. Everything is fictional.
"""

from __future__ import annotations

import random

from jisr.directory import taxonomy
from jisr.missions.sample import names
from jisr.missions.sample.specs import OrgSpec
from jisr.missions.sample.texts import join_ar, join_en, join_fr

# code -> (English, French, Arabic), as in the sample's descriptions
_TERMS: dict[str, tuple[str, str, str]] = {
    code: (en, fr, ar) for code, en, fr, ar in (*taxonomy.SERVICE_LINES, *taxonomy.CERTIFICATIONS)
}
_INDEX = {"en": 0, "fr": 1, "ar": 2}
_JOIN = {"en": join_en, "fr": join_fr, "ar": join_ar}


def lower(term: str) -> str:
    """Lower the first letter unless the word is an acronym ("ERP", "DevOps", "IT")."""
    first = term.split()[0] if term.split() else ""
    if len(first) > 1 and first[1:].islower():
        return term[0].lower() + term[1:]
    return term


def terms(codes: tuple[str, ...], language: str) -> list[str]:
    return [_TERMS[code][_INDEX[language]] for code in codes if code in _TERMS]


def provider_language(rng: random.Random, spec: OrgSpec) -> str:
    """One of the languages the provider describes itself in (fr first, as in the sample)."""
    options = [code for code in ("fr", "en", "ar") if code in spec.descriptions]
    weights = [{"fr": 6, "en": 3, "ar": 2}[code] for code in options]
    return rng.choices(options, weights)[0] if options else "fr"


def offer(rng: random.Random, spec: OrgSpec, language: str) -> tuple[str, str]:
    """Title and body of a provider's offer."""
    lines = _JOIN[language]([lower(t) for t in terms(spec.service_lines[:3], language)])
    tech = ", ".join(spec.technologies[:4])
    main = terms(spec.service_lines[:1], language) or [""]
    if language == "fr":
        title = rng.choice(
            (
                f"{main[0]} : équipe dédiée depuis {spec.city}",
                f"{main[0]} en nearshore — {spec.name}",
                f"Votre équipe {lower(main[0])} au Maroc",
            )
        )
        body = (
            f"{spec.name} propose {lines} depuis {spec.city}. "
            f"Technologies : {tech}. "
            "Démarrage possible en quatre à six semaines, fuseau horaire compatible avec "
            "l'Amérique du Nord le matin, équipes francophones et anglophones."
        )
    elif language == "ar":
        title = f"{main[0]} — {spec.name}"
        body = (
            f"تقدم {spec.name} خدمات {lines} انطلاقًا من {spec.city}. "
            f"التقنيات: {tech}. "
            "يمكن بدء العمل خلال أربعة إلى ستة أسابيع مع فريق مخصص."
        )
    else:
        title = rng.choice(
            (
                f"{main[0]}: a dedicated team in {spec.city}",
                f"Nearshore {lower(main[0])} from Morocco — {spec.name}",
                f"{main[0]} with {spec.technologies[0] if spec.technologies else 'modern stacks'}",
            )
        )
        body = (
            f"{spec.name} delivers {lines} from {spec.city}. "
            f"Stack: {tech}. "
            "Teams can start within four to six weeks and overlap North American mornings."
        )
    return title, body


def need(rng: random.Random, spec: OrgSpec) -> tuple[str, str, str]:
    """Title, body and partner role of a buyer's request, in English."""
    main = (terms(spec.service_lines[:1], "en") or ["Software delivery"])[0]
    lines = lower(join_en([lower(t) for t in terms(spec.service_lines[:3], "en")]))
    tech = ", ".join(spec.technologies[:4]) or "our current stack"
    size = spec.team_size or 5
    industry = names.INDUSTRIES[spec.industries[0]][0] if spec.industries else "our business"
    title = rng.choice(
        (
            f"Seeking a nearshore partner for {lower(main)}",
            f"{main}: team of {size} wanted",
            f"Looking for {lower(main)} capacity in Morocco",
        )
    )
    body = (
        f"{spec.name} ({spec.city}) is looking for a partner for {lines}, "
        f"for {lower(industry)} products built on {tech}. "
        f"We expect to grow to a team of about {size} people within six months."
    )
    if spec.rate_band:
        body += f" Indicative budget: USD {spec.rate_band[0]}–{spec.rate_band[1]} per person-day."
    role = (
        "A delivery lead who overlaps our mornings, owns quality and reports weekly; "
        "security and data-protection practices we can audit."
    )
    return title, body, role


def buyer_message(rng: random.Random, buyer: OrgSpec, provider: OrgSpec) -> str:
    shared = [c for c in buyer.service_lines if c in provider.service_lines]
    topic = (terms(tuple(shared[:1]) or buyer.service_lines[:1], "en") or ["your services"])[0]
    return rng.choice(
        (
            f"Hello, we at {buyer.name} are exploring {lower(topic)} partners and your "
            f"profile caught our eye. Could we meet during the mission?",
            f"Hi, {buyer.name} is building a nearshore team for {lower(topic)}. "
            f"I'd like to hear how {provider.name} works with North American clients.",
            f"Good day, we would like 30 minutes to discuss {lower(topic)} and team ramp-up.",
        )
    )


def provider_message(rng: random.Random, provider: OrgSpec, buyer: OrgSpec, language: str) -> str:
    topic_codes = [c for c in provider.service_lines if c in buyer.service_lines]
    topic = (terms(tuple(topic_codes[:1]) or provider.service_lines[:1], language) or [""])[0]
    if language == "fr":
        return (
            f"Bonjour, {provider.name} accompagne des clients nord-américains en "
            f"{lower(topic)}. Nous serions ravis d'échanger avec {buyer.name} à Casablanca."
        )
    if language == "ar":
        return (
            f"مرحبًا، تعمل {provider.name} مع عملاء من أمريكا الشمالية في مجال {topic}. "
            f"يسعدنا لقاء فريق {buyer.name} خلال البعثة."
        )
    return (
        f"Hello, {provider.name} works with North American clients on {lower(topic)}. "
        f"We would be glad to meet the {buyer.name} team during the mission."
    )


_DECLINES = {
    "en": (
        "Thank you; our agenda is full for this mission.",
        "We are not looking for this service line at the moment.",
        "Thanks for reaching out; the fit with our current projects is limited.",
    ),
    "fr": (
        "Merci ; notre agenda est complet pour cette mission.",
        "Ce besoin ne correspond pas à nos offres actuelles.",
    ),
    "ar": ("شكرًا لكم؛ جدولنا ممتلئ خلال هذه البعثة.",),
}


def decline_reason(rng: random.Random, language: str) -> str:
    return rng.choice(_DECLINES.get(language, _DECLINES["en"]))


# Messages before a meeting, by the sender's language: an opening, an answer, a follow-up.
_THREAD: dict[str, tuple[str, ...]] = {
    "en": (
        "Thank you for accepting. Could you bring two or three references of nearshore "
        "teams you run today?",
        "Happy to. Is a table near the entrance fine for you? I have a train at 16:00.",
        "Perfect. I will share our current delivery setup so we can compare notes.",
    ),
    "fr": (
        "Merci pour votre demande. Nous viendrons à deux : notre directeur technique et moi-même.",
        "Nous pouvons vous montrer un tableau de bord de nos projets en cours.",
        "Pouvez-vous nous préciser les volumes envisagés pour la première année ?",
    ),
    "ar": (
        "شكرًا على طلبكم. سنحضر معنا نماذج من مشاريعنا الحالية مع عملاء في كندا.",
        "هل يناسبكم أن نتحدث أيضًا عن فريق الدعم باللغة الفرنسية؟",
        "يسعدنا ذلك، وسنرسل لكم عرضًا مختصرًا بعد اللقاء.",
    ),
}


def thread_message(language: str, turn: int) -> str:
    """The ``turn``-th message (0, 1, 2…) someone writing in ``language`` sends."""
    lines = _THREAD.get(language, _THREAD["en"])
    return lines[turn % len(lines)]
