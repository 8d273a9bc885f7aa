"""Pools the sample generator draws from: real cities, invented words and names.

Company names are assembled from word pools so they read as plausible yet are
invented; the ``.example`` domains make that explicit wherever a name is shown.
"""

from __future__ import annotations

from dataclasses import dataclass


def _pool(text: str) -> tuple[str, ...]:
    """A comma-separated list kept compact in the source; names may contain spaces."""
    return tuple(item.strip() for item in text.split(",") if item.strip())


@dataclass(frozen=True)
class City:
    """A real city; ``park`` is the offshoring park a provider there delivers from."""

    name: str
    country: str
    timezone: str
    weight: int
    name_fr: str
    name_ar: str
    name_en: str = ""
    park: str = "other"
    park_city: str = ""
    francophone: bool = False

    @property
    def english(self) -> str:
        return self.name_en or self.name


BUYER_CITIES: tuple[City, ...] = (
    City("New York", "US", "America/New_York", 14, "New York", "نيويورك"),
    City("San Francisco", "US", "America/Los_Angeles", 7, "San Francisco", "سان فرانسيسكو"),
    City("Toronto", "CA", "America/Toronto", 9, "Toronto", "تورونتو"),
    City("Montréal", "CA", "America/Toronto", 7, "Montréal", "مونتريال", francophone=True),
    City("Chicago", "US", "America/Chicago", 7, "Chicago", "شيكاغو"),
    City("Austin", "US", "America/Chicago", 5, "Austin", "أوستن"),
    City("Boston", "US", "America/New_York", 6, "Boston", "بوسطن"),
    City("Atlanta", "US", "America/New_York", 5, "Atlanta", "أتلانتا"),
    City("Washington", "US", "America/New_York", 5, "Washington", "واشنطن"),
    City("Seattle", "US", "America/Los_Angeles", 4, "Seattle", "سياتل"),
    City("Miami", "US", "America/New_York", 4, "Miami", "ميامي"),
    City("Dallas", "US", "America/Chicago", 4, "Dallas", "دالاس"),
    City("Denver", "US", "America/Denver", 3, "Denver", "دنفر"),
    City("Vancouver", "CA", "America/Vancouver", 3, "Vancouver", "فانكوفر"),
    City("Ottawa", "CA", "America/Toronto", 2, "Ottawa", "أوتاوا", francophone=True),
    City("Québec", "CA", "America/Toronto", 1, "Québec", "كيبيك", "Quebec City", francophone=True),
    City("Calgary", "CA", "America/Edmonton", 2, "Calgary", "كالغاري"),
    City("Phoenix", "US", "America/Phoenix", 2, "Phoenix", "فينيكس"),
    City("Minneapolis", "US", "America/Chicago", 2, "Minneapolis", "مينيابوليس"),
    City("Raleigh", "US", "America/New_York", 2, "Raleigh", "رالي"),
)

_MA = "Africa/Casablanca"
PROVIDER_CITIES: tuple[City, ...] = (
    City(
        "Casablanca",
        "MA",
        _MA,
        40,
        "Casablanca",
        "الدار البيضاء",
        park="casanearshore",
        park_city="Casablanca",
    ),
    City("Rabat", "MA", _MA, 22, "Rabat", "الرباط", park="technopolis", park_city="Salé"),
    City("Fès", "MA", _MA, 8, "Fès", "فاس", "Fez", park="fes-shore", park_city="Fès"),
    City("Oujda", "MA", _MA, 4, "Oujda", "وجدة", park="oujda-shore", park_city="Oujda"),
    City(
        "Tétouan",
        "MA",
        _MA,
        6,
        "Tétouan",
        "تطوان",
        "Tetouan",
        park="tetouan-shore",
        park_city="Tétouan",
    ),
    City("Marrakech", "MA", _MA, 8, "Marrakech", "مراكش", "Marrakesh"),
    City("Tangier", "MA", _MA, 8, "Tanger", "طنجة"),
)

# Nearshore firms headquartered abroad that deliver from a Moroccan park.
FOREIGN_PROVIDER_CITIES: tuple[City, ...] = (
    City("Paris", "FR", "Europe/Paris", 3, "Paris", "باريس"),
    City("Madrid", "ES", "Europe/Madrid", 2, "Madrid", "مدريد"),
    City("Montréal", "CA", "America/Toronto", 1, "Montréal", "مونتريال", francophone=True),
)
FOREIGN_PROVIDER_SHARE = 0.04

PARK_NAMES: dict[str, tuple[str, str]] = {
    # park code: (display name, Arabic)
    "casanearshore": ("Casanearshore", "كازانيرشور"),
    "technopolis": ("Technopolis Rabat", "تكنوبوليس الرباط"),
    "fes-shore": ("Fès Shore", "فاس شور"),
    "oujda-shore": ("Oujda Shore", "وجدة شور"),
    "tetouan-shore": ("Tétouan Shore", "تطوان شور"),
}
PARK_CITIES: dict[str, str] = {
    city.park: city.park_city for city in PROVIDER_CITIES if city.park != "other"
}

# --- Company names -------------------------------------------------------------------

BUYER_PLACE_FIRST = _pool(
    "Maple, Cedar, Harbor, Granite, Prairie, Summit, Lake, North, Blue, Silver, Iron, Red, "
    "Pine, Oak, Willow, Stone, Bright, Clear, River, Bay, Eagle, Falcon, Copper, Aspen, Birch, "
    "Elm, Sterling, Golden, Crescent, Juniper, Hawthorn, Larch, Cobalt, Amber, Windward, "
    "Lantern"
)
BUYER_PLACE_SECOND = _pool(
    "Ridge, Point, Field, Stone, Brook, Wood, Gate, Line, View, Haven, Crest, Vale, Port, "
    "Bridge, Ford, Well, Mark, Shore, Peak, Hollow"
)

# industry code: (English, French, Arabic, name endings)
INDUSTRIES: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "insurance": (
        "insurance",
        "l'assurance",
        "التأمين",
        ("Insurance Tech", "Mutual", "Assurance", "Underwriters"),
    ),
    "healthcare": (
        "healthcare",
        "la santé",
        "الرعاية الصحية",
        ("Health", "Care Systems", "Medical", "Clinics"),
    ),
    "fintech": (
        "banking and fintech",
        "la banque et la fintech",
        "البنوك والتكنولوجيا المالية",
        ("Financial", "Pay", "Capital Tech", "Credit"),
    ),
    "retail": (
        "retail and e-commerce",
        "la distribution et le e-commerce",
        "التجارة بالتجزئة والتجارة الإلكترونية",
        ("Retail Group", "Commerce", "Outfitters"),
    ),
    "logistics": (
        "logistics",
        "la logistique",
        "الخدمات اللوجستية",
        ("Logistics", "Freight", "Supply Co."),
    ),
    "telecom": (
        "telecommunications",
        "les télécommunications",
        "الاتصالات",
        ("Telecom", "Networks", "Wireless"),
    ),
    "media": (
        "media and entertainment",
        "les médias et le divertissement",
        "الإعلام والترفيه",
        ("Media", "Studios", "Broadcasting"),
    ),
    "energy": (
        "energy and utilities",
        "l'énergie et les services publics",
        "الطاقة والمرافق",
        ("Energy", "Power", "Utilities"),
    ),
    "saas": (
        "software (SaaS)",
        "l'édition de logiciels (SaaS)",
        "البرمجيات كخدمة",
        ("Software", "Cloud", "Analytics", "Labs"),
    ),
    "education": ("education", "l'éducation", "التعليم", ("Learning", "EdTech", "Academy")),
    "travel": (
        "travel and hospitality",
        "le tourisme et l'hôtellerie",
        "السفر والضيافة",
        ("Travel", "Hospitality", "Journeys"),
    ),
    "manufacturing": (
        "manufacturing",
        "l'industrie",
        "الصناعة",
        ("Manufacturing", "Industries", "Robotics"),
    ),
}

PROVIDER_FIRST = _pool(
    "Atlas, Argan, Medina, Zellige, Sahara, Toubkal, Oasis, Kasbah, Riad, Saffron, Andalus, "
    "Sebou, Bouregreg, Tafilalt, Anfa, Mogador, Volubilis, Chellah, Oudaya, Menara, Agdal, "
    "Souss, Draa, Ziz, Rif, Tingis, Lixus, Sala, Cèdre, Ifrane, Amlou, Tizi, Azur, Nour, "
    "Majorelle, Dunes, Moulouya, Tansift, Oum Rabia, Massa, Aït, Azrou, Imlil, Dades, Assif, "
    "Tamuda, Bab, Jasmin, Mimosa, Safran"
)
PROVIDER_MIDDLE = _pool(
    "Nearshore, Digital, Soft, Data, Cloud, Code, Tech, Systems, Logic, Bytes, Net, Info, "
    "Agile, Dev, Smart, Cyber, Quality, Sourcing, Web, Numérique, Apps, Ops, Services, "
    "Informatique, Connect, Lab, Stack, Pixel"
)
PROVIDER_LAST = _pool(
    "Labs, Solutions, Consulting, Services, Technologies, Group, Partners, Studio, Factory, "
    "Works, Maroc, Conseil, Ingénierie, Africa, Hub"
)
# Invented brand syllables, e.g. "Tazirio" or "Nexaline".
BRAND_SYLLABLES = _pool(
    "ta, zi, ri, nu, ka, mo, la, ne, xa, so, va, di, ya, lu, ba, ti, ra, go, fe, mi, sa, ze, ko, na"
)
BRAND_ENDINGS = ("ia", "ix", "io", "on", "ys", "ine", "ora", "ex", "is", "um")

ORGANIZER_NAME = "Fédération Atlas des Technologies et de l'Offshoring"
ORGANIZER_SLUG = "fato"
PARTNER_NAME = "Bridge Atlas — Moroccan Professionals in America"
PARTNER_SLUG = "bridge-atlas"

# --- People ----------------------------------------------------------------------------

MOROCCAN_FIRST_MALE = _pool(
    "Youssef, Mehdi, Amine, Hamza, Omar, Karim, Anas, Ayoub, Reda, Hicham, Nabil, Adil, "
    "Rachid, Othmane, Zakaria, Ilyas, Soufiane, Tarik, Mounir, Yassine, Badr, Driss, Khalid, "
    "Saïd, Abdelali, Ismail, Walid, Ali, Saad, Taha, Hassan, Mustapha, Jamal, Brahim, Aziz, "
    "Marouane, Achraf"
)
MOROCCAN_FIRST_FEMALE = _pool(
    "Fatima Zahra, Salma, Kenza, Imane, Meryem, Nadia, Hajar, Sanaa, Houda, Asmae, Ghita, "
    "Yasmine, Khadija, Loubna, Najat, Siham, Zineb, Amal, Nisrine, Hind, Samira, Latifa, "
    "Ikram, Oumaima, Rim, Soukaina, Wiam, Chaimae, Aya, Btissam, Nawal, Sara, Leila, Hanane, "
    "Malika, Dounia"
)
MOROCCAN_LAST = _pool(
    "El Amrani, Benjelloun, Alaoui, Bennani, Tazi, El Idrissi, Berrada, Chraibi, Lahlou, "
    "Sqalli, Ouazzani, Bouzid, El Mansouri, Ziani, Haddad, Kettani, Naciri, El Fassi, Tahiri, "
    "Belkadi, Chakir, Moussaoui, El Khattabi, Ait Benali, Ait Ouahmane, Ouali, Bakkali, Saidi, "
    "Lamrani, Zouiten, Hajji, Cherkaoui, Filali, Sebti, Kadiri, Benomar, Skalli, Jaidi, "
    "Guessous, Laraki, Amzil, Essaidi, Boukhari, Rhazi, Mouline, El Ouardi, Benchekroun, "
    "Tounsi, Regragui, Chafik, Daoudi, Azzouzi"
)
NA_FIRST_MALE = _pool(
    "Michael, David, James, Daniel, Ethan, Liam, Noah, Kevin, Marcus, Tyler, Jorge, Kenji, "
    "Benjamin, Samuel, Raj, Wei, Jamal, Carlos, Mathieu, Omar, Andrew, Ryan, Luis, Brandon, "
    "Jonathan, Vikram, Julien, Patrick, Hiroshi, Thomas"
)
NA_FIRST_FEMALE = _pool(
    "Emily, Sarah, Jessica, Priya, Maria, Aisha, Olivia, Hannah, Mei, Sophie, Isabelle, "
    "Lauren, Andrea, Nicole, Ana, Grace, Rachel, Leila, Nina, Chloé, Megan, Jennifer, Fatima, "
    "Catherine, Elena, Amanda, Mélanie, Yuki, Danielle, Keisha"
)
NA_LAST = _pool(
    "Smith, Johnson, Nguyen, Patel, Garcia, Chen, Kim, Rodriguez, O'Connor, Tremblay, Gagnon, "
    "Roy, Williams, Brown, Miller, Davis, Martinez, Lee, Wilson, Anderson, Thompson, Harris, "
    "Clark, Lewis, Walker, Young, King, Wright, Lopez, Hill, Scott, Green, Adams, Baker, "
    "Nelson, Carter, Mitchell, Perez, Roberts, Campbell, Parker, Evans, Collins, Stewart, "
    "Sanchez, Morris, Reed, Cook, Morgan, Murphy, Rivera, Cooper, Ward, Torres, Peterson, "
    "Ramirez, Brooks, Kelly, Bennett, Ross, Henderson, Coleman, Hughes, Flores, Bryant, "
    "Russell, Diaz, Hayes, Bouchard, Côté, Lavoie, Singh, Shah, Wong, Park, Cohen, Kowalski, "
    "Okafor, Mensah, Haddad, Goldberg, Novak, Fischer, Rossi"
)
QUEBEC_FIRST_MALE = ("Mathieu", "Julien", "François", "Étienne", "Guillaume", "Louis")
QUEBEC_FIRST_FEMALE = ("Isabelle", "Mélanie", "Geneviève", "Catherine", "Chloé", "Émilie")
QUEBEC_LAST = ("Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Lavoie", "Gauthier", "Morin")

BUYER_TITLES = _pool(
    "Chief Technology Officer, Chief Information Officer, VP Engineering, "
    "Director of IT Sourcing, Head of Vendor Management, Procurement Manager, "
    "Engineering Manager, Director of Digital Delivery, Head of Quality Engineering, "
    "VP Operations, IT Program Director, Chief Operating Officer"
)
# (masculine, feminine): job titles as Moroccan firms print them on business cards.
PROVIDER_TITLES_FR = (
    ("Directeur général", "Directrice générale"),
    ("Directeur commercial", "Directrice commerciale"),
    ("Directeur des opérations", "Directrice des opérations"),
    ("Responsable nearshore", "Responsable nearshore"),
    ("Business developer Amérique du Nord", "Business developer Amérique du Nord"),
    ("Directeur technique", "Directrice technique"),
    ("Associé fondateur", "Associée fondatrice"),
    ("Responsable des partenariats", "Responsable des partenariats"),
)
PROVIDER_TITLES_EN = (
    "CEO",
    "Head of Sales, North America",
    "Delivery Director",
    "CTO",
    "Partnerships Manager",
    "Co-founder",
)
HOST_TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "organizer": (
        ("Président", "Présidente"),
        ("Directeur exécutif", "Directrice exécutive"),
        ("Chargé de mission offshoring", "Chargée de mission offshoring"),
        ("Responsable des événements", "Responsable des événements"),
    ),
    "partner": (
        ("President", "President"),
        ("Board member", "Board member"),
        ("Diaspora advisor", "Diaspora advisor"),
    ),
}
