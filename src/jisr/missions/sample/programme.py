"""The sample mission itself: texts, venues, a two-city programme and the meeting grid.

Pure data. Times are aware datetimes in the venue's zone; speakers are references
``(organization key, person index)`` into a ``SampleSpec``, resolved when written.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from jisr.missions.sample.specs import SampleSpec

DEFAULT_SLUG = "casablanca-rabat-ito-2027"
TIMEZONE = "Africa/Casablanca"
START = dt.date(2027, 4, 20)  # a Tuesday, clear of Ramadan and Eid in 2027
END = START + dt.timedelta(days=1)
SLOT_MINUTES = 30

MISSION_NAME = {
    "en": "Casablanca–Rabat IT Offshoring Mission 2027",
    "fr": "Mission d'affaires offshoring IT Casablanca–Rabat 2027",
    "ar": "بعثة أعمال ترحيل خدمات تكنولوجيا المعلومات، الدار البيضاء – الرباط 2027",
}
MISSION_DESCRIPTION = {
    "en": (
        "Two days in Casablanca and Rabat for a delegation of North American IT buyers to "
        "meet Moroccan IT-outsourcing providers: talks, a panel on choosing an offshore "
        "partner, B2B meetings and a visit to Technopolis Rabat. Sample data: every "
        "company, person and venue here is fictional."
    ),
    "fr": (
        "Deux jours à Casablanca et à Rabat pour qu'une délégation de donneurs d'ordre "
        "nord-américains rencontre des prestataires marocains de l'externalisation "
        "informatique : conférences, table ronde sur le choix d'un partenaire offshore, "
        "rendez-vous B2B et visite de Technopolis Rabat. Données d'exemple : toutes les "
        "entreprises, personnes et lieux cités sont fictifs."
    ),
    "ar": (
        "يومان في الدار البيضاء والرباط يلتقي خلالهما وفد من مشتري خدمات تكنولوجيا "
        "المعلومات في أمريكا الشمالية بمقدمي خدمات ترحيل تكنولوجيا المعلومات في المغرب: "
        "محاضرات، وندوة حول اختيار شريك في الخارج، ولقاءات أعمال ثنائية، وزيارة إلى "
        "تكنوبوليس الرباط. بيانات تجريبية: جميع الشركات والأشخاص والأماكن الواردة هنا متخيلة."
    ),
}


@dataclass(frozen=True)
class VenueSpec:
    key: str
    name: str
    city: str
    address: str
    timezone: str = TIMEZONE


@dataclass(frozen=True)
class ItemSpec:
    kind: str
    title: dict[str, str]
    description: dict[str, str]
    venue: str
    start: dt.datetime
    end: dt.datetime
    speakers: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class DaySpec:
    """A meeting day; ``blocks`` are (block, start, end) runs of back-to-back slots."""

    date: dt.date
    venue: str
    blocks: tuple[tuple[str, dt.datetime, dt.datetime], ...]

    def slots(self) -> list[tuple[str, dt.datetime, dt.datetime]]:
        step = dt.timedelta(minutes=SLOT_MINUTES)
        out = []
        for block, start, end in self.blocks:
            while start + step <= end:
                out.append((block, start, start + step))
                start += step
        return out


VENUES = (
    VenueSpec(
        "casablanca",
        "Anfa Horizon Conference Centre",
        "Casablanca",
        "Boulevard de la Corniche, Aïn Diab, Casablanca",
    ),
    VenueSpec("rabat", "Bouregreg Riverside Forum", "Rabat", "Vallée du Bouregreg, Rabat"),
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(TIMEZONE)
    )


def meeting_days() -> tuple[DaySpec, ...]:
    return (
        DaySpec(
            START,
            "casablanca",
            (
                ("morning", _at(START, 11, 30), _at(START, 13)),
                ("afternoon", _at(START, 14, 30), _at(START, 18)),
            ),
        ),
        DaySpec(
            END,
            "rabat",
            (
                ("morning", _at(END, 11, 30), _at(END, 13)),
                ("afternoon", _at(END, 14), _at(END, 17, 30)),
            ),
        ),
    )


def programme(sample: SampleSpec) -> tuple[ItemSpec, ...]:
    """Day 1 in Casablanca (talks, panel, meetings), day 2 in Rabat (visit, meetings)."""
    organizer, partner = sample.hosts
    buyers = [(org.key, i) for org in sample.buyers for i in range(len(org.people))]
    providers = [(org.key, i) for org in sample.providers for i in range(len(org.people))]
    items = [
        ItemSpec(
            "networking",
            {
                "en": "Registration and welcome coffee",
                "fr": "Accueil et café de bienvenue",
                "ar": "التسجيل وقهوة الترحيب",
            },
            {},
            "casablanca",
            _at(START, 8, 30),
            _at(START, 9),
        ),
        ItemSpec(
            "talk",
            {
                "en": "Morocco IT Offshoring: Opportunities & Challenges "
                "for Global Competitiveness",
                "fr": "L'offshoring IT au Maroc : opportunités et défis pour la compétitivité "
                "mondiale",
                "ar": "ترحيل خدمات تكنولوجيا المعلومات في المغرب: فرص وتحديات التنافسية العالمية",
            },
            {
                "en": "Opening talk: where Moroccan IT services stand, and what it takes to win "
                "North American clients.",
                "fr": "Conférence d'ouverture : où en sont les services informatiques marocains "
                "et comment conquérir des clients nord-américains.",
                "ar": "المحاضرة الافتتاحية: واقع خدمات تكنولوجيا المعلومات المغربية، وما يلزم "
                "لكسب عملاء من أمريكا الشمالية.",
            },
            "casablanca",
            _at(START, 9),
            _at(START, 9, 45),
            ((organizer.key, 0), (partner.key, 1)),
        ),
        ItemSpec(
            "panel",
            {
                "en": "How US companies choose an offshore partner: the selection criteria",
                "fr": "Comment les entreprises américaines choisissent un partenaire offshore : "
                "les critères de sélection",
                "ar": "كيف تختار الشركات الأمريكية شريكها في الخارج: معايير الاختيار",
            },
            {
                "en": "Buyers compare notes on cost, skills, language, time-zone overlap, "
                "security certifications and trust.",
                "fr": "Des donneurs d'ordre comparent leurs critères : coût, compétences, langue, "
                "recouvrement horaire, certifications de sécurité et confiance.",
                "ar": "يتبادل المشترون تجاربهم حول التكلفة والكفاءات واللغة وتقارب التوقيت "
                "وشهادات الأمن والثقة.",
            },
            "casablanca",
            _at(START, 9, 45),
            _at(START, 10, 45),
            ((partner.key, 0), *buyers[:2], *providers[:1]),
        ),
        ItemSpec(
            "talk",
            {
                "en": "Success stories: North American and Moroccan IT partnerships",
                "fr": "Témoignages de réussite : partenariats IT entre "
                "l'Amérique du Nord et le Maroc",
                "ar": "قصص نجاح: شراكات تكنولوجيا المعلومات بين أمريكا الشمالية والمغرب",
            },
            {
                "en": "Provider and client pairs tell how their partnership started and grew.",
                "fr": "Des binômes prestataire–client racontent comment leur partenariat est né "
                "et s'est développé.",
                "ar": "ثنائيات من مقدمي الخدمات وعملائهم يروون كيف بدأت شراكتهم وكيف تطورت.",
            },
            "casablanca",
            _at(START, 10, 45),
            _at(START, 11, 30),
            (*providers[1:3], *buyers[2:3]),
        ),
    ]
    for day in meeting_days():
        for block, start, end in day.blocks:
            items.append(
                ItemSpec("meetings", _MEETINGS_TITLE[block], _MEETINGS_TEXT, day.venue, start, end)
            )
    items += [
        ItemSpec(
            "networking",
            {
                "en": "Networking lunch",
                "fr": "Déjeuner de networking",
                "ar": "غداء للتواصل",
            },
            {},
            "casablanca",
            _at(START, 13),
            _at(START, 14, 30),
        ),
        ItemSpec(
            "site_visit",
            {
                "en": "Site visit: Technopolis Rabat",
                "fr": "Visite de site : Technopolis Rabat",
                "ar": "زيارة ميدانية: تكنوبوليس الرباط",
            },
            {
                "en": "Coaches leave the venue at 08:30 for the offshoring park in Salé; guided "
                "tour and meetings with resident companies.",
                "fr": "Départ en car à 8 h 30 vers le parc offshoring de Salé ; visite guidée et "
                "échanges avec les entreprises installées.",
                "ar": "تنطلق الحافلات على الساعة 8:30 نحو حظيرة ترحيل الخدمات بسلا، مع زيارة "
                "مصحوبة بمرشد ولقاءات مع الشركات المستقرة بها.",
            },
            "rabat",
            _at(END, 8, 30),
            _at(END, 11),
            ((organizer.key, 2),),
        ),
        ItemSpec(
            "networking",
            {
                "en": "Networking reception",
                "fr": "Cocktail de networking",
                "ar": "حفل استقبال للتواصل",
            },
            {},
            "rabat",
            _at(END, 18, 30),
            _at(END, 21),
        ),
    ]
    return tuple(sorted(items, key=lambda item: item.start))


_MEETINGS_TITLE = {
    "morning": {
        "en": "B2B meetings — morning session",
        "fr": "Rendez-vous B2B — session du matin",
        "ar": "لقاءات الأعمال الثنائية — الفترة الصباحية",
    },
    "afternoon": {
        "en": "B2B meetings — afternoon session",
        "fr": "Rendez-vous B2B — session de l'après-midi",
        "ar": "لقاءات الأعمال الثنائية — الفترة المسائية",
    },
}
_MEETINGS_TEXT = {
    "en": "Pre-scheduled 30-minute one-to-one meetings at numbered tables.",
    "fr": "Rendez-vous individuels de 30 minutes planifiés à l'avance, à des tables numérotées.",
    "ar": "لقاءات ثنائية مبرمجة مسبقًا مدة كل منها 30 دقيقة، على طاولات مرقمة.",
}
