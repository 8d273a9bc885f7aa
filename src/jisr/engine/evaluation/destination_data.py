"""Default destination data: only facts seen in their source ([V] in the reference notes).

Pure data, no logic. Every value carries its ``Source``. Titles, sites and dates are as
recorded in the project's reference notes (destination-facts.md); the notes give a full
address for few of them, so ``url`` is None where none was recorded: fill it in from the
source before linking, never guess it.

Deliberately absent, because no source was seen for them:
- Kearney GSLI *pillar scores* for any country and edition: every pillar value is None;
- GSLI category weights (40/30/30 for the three-pillar editions is unconfirmed, and no
  weights were found for the four-pillar editions since 2019);
- Morocco's GSLI rank in 2007 (34th is only inferred from the 2009 article), 2011, 2014,
  2016, 2017 and 2019;
- business-hour overlap with North America: it is computed, not quoted; use
  ``jisr.engine.matching.timezones.overlap_hours`` on a stated date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .errors import ParamValue


@dataclass(frozen=True)
class Source:
    title: str
    site: str
    published: str  # a date or edition as precise as the source gives it
    url: str | None = None


@dataclass(frozen=True)
class Fact:
    """A fact for users: the web layer words ``key`` in each language, using ``params``."""

    key: str
    params: Mapping[str, ParamValue]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class GsliRank:
    country: str  # ISO 3166-1 alpha-2
    edition: int
    rank: int
    countries_ranked: int | None
    source: Source


PILLARS: tuple[str, ...] = (
    "financial_attractiveness",
    "people_skills_availability",
    "business_environment",
    "digital_resonance",
)

CHALLENGE_2009 = Source(
    "Morocco 30th in the A.T. Kearney Global Services Location Index (Challenge)",
    "maghress.com",
    "2009",
    "https://www.maghress.com/fr/challenge/4670",
)
LE360_2023 = Source("Kearney GSLI 2023: Morocco 28th of 78 countries", "le360.ma", "2023-11")
ATALAYAR_2023 = Source("Kearney GSLI 2023: Morocco climbs to 28th", "atalayar.com", "2023-11-08")
HESPRESS_2023 = Source(
    "Morocco in the GSLI 2023, compared with 2021 (40th)", "journaux.ma / Hespress", "2023-11"
)
PR_NEWSWIRE_2019 = Source(
    "A.T. Kearney's 2019 GSLI Resonates with Digital Change", "PR Newswire", "2019-06-13"
)
PR_NEWSWIRE_2021 = Source(
    "Kearney Global Services Location Index 2021", "PR Newswire", "2021-04-15"
)
KEARNEY_2007 = Source(
    "Offshoring for Long-Term Advantage (A.T. Kearney GSLI 2007)", "A.T. Kearney", "2007"
)

# Categories by edition: the three classic pillars, plus digital resonance since 2019.
GSLI_PILLARS_BY_EDITION: Mapping[int, tuple[tuple[str, ...], Source]] = {
    2007: (PILLARS[:3], KEARNEY_2007),
    2019: (PILLARS, PR_NEWSWIRE_2019),
    2021: (PILLARS, PR_NEWSWIRE_2021),
}

GSLI_RANKS: tuple[GsliRank, ...] = (
    GsliRank("MA", 2009, 30, None, CHALLENGE_2009),
    GsliRank("EG", 2009, 6, None, CHALLENGE_2009),
    GsliRank("JO", 2009, 9, None, CHALLENGE_2009),
    GsliRank("GH", 2009, 15, None, CHALLENGE_2009),
    GsliRank("TN", 2009, 17, None, CHALLENGE_2009),
    GsliRank("SN", 2009, 26, None, CHALLENGE_2009),
    GsliRank("MU", 2009, 26, None, CHALLENGE_2009),
    GsliRank("ZA", 2009, 39, None, CHALLENGE_2009),
    GsliRank("MA", 2021, 40, 60, HESPRESS_2023),
    GsliRank("AE", 2023, 21, 78, ATALAYAR_2023),
    GsliRank("EG", 2023, 23, 78, LE360_2023),
    GsliRank("TR", 2023, 26, 78, ATALAYAR_2023),
    GsliRank("MA", 2023, 28, 78, LE360_2023),
    GsliRank("MU", 2023, 32, 78, LE360_2023),
    GsliRank("KE", 2023, 41, 78, LE360_2023),
    GsliRank("GH", 2023, 45, 78, LE360_2023),
    GsliRank("ZA", 2023, 59, 78, LE360_2023),
    GsliRank("DZ", 2023, 71, 78, LE360_2023),
)

# No pillar score was seen in any source: the table lists the countries with a sourced
# 2023 rank and leaves every pillar empty, for the organisers to fill in with sources.
DEFAULT_PILLAR_SCORES: Mapping[str, Mapping[str, float | None]] = {
    rank.country: dict.fromkeys(PILLARS) for rank in GSLI_RANKS if rank.edition == 2023
}

USTR_2004 = Source("United States and Morocco conclude free trade agreement", "USTR", "2004-03-02")
SICE_USA_MAR = Source("Morocco - United States (USA-MAR) trade agreement page", "OAS SICE", "n.d.")
CRS_RS21464 = Source(
    "U.S.-Moroccan Free Trade Agreement (RS21464)", "Congressional Research Service", "2006-02-16"
)
USTR_2005 = Source("USTR spokesperson statement on the Morocco FTA", "USTR", "2005-12-19")
USTR_FTA_PAGE = Source("Morocco Free Trade Agreement", "ustr.gov", "FTA Joint Committee, Dec 2012")
WORLDCP = Source("Compendium of Cultural Policies: Morocco, 4.2.5", "worldcp.org", "n.d.")
EMBASSY_AU = Source("Language and Religion", "Embassy of Morocco in Australia", "n.d.")
AP_2018 = Source("Morocco stays on daylight saving time (AP)", "Seattle Times", "2018-10-26")
LE_DESK_2020 = Source("Offshoring parks of MedZ (CDG)", "Le Desk", "2020-01-31")
AUJOURDHUI_CASA = Source(
    "Inauguration of Casanearshore's first tranche", "aujourdhui.ma", "16 Oct (2008, year inferred)"
)
ALMASSAE_2009 = Source("Offshoring parks in Morocco", "Almassae", "2009")
LE360_TETOUAN = Source("Tanger Med Zones: Tétouan Shore", "le360.ma", "2023")
LENOUVELLISTE_2023 = Source("Fès Shore extension", "lenouvelliste.ma", "2023")
AUJOURDHUI_OUJDA = Source(
    "Oujda Shore first tranche inaugurated", "aujourdhui.ma", "20 June (2013, year inferred)"
)
INFOMEDIAIRE_2023 = Source("Outsourcing exports and jobs in Morocco", "infomediaire.net", "2023-11")

WHY_MOROCCO: tuple[Fact, ...] = (
    Fact(
        "fta_signed",
        {"partner": "US", "date": date(2004, 6, 15).isoformat(), "place": "Washington, D.C."},
        (SICE_USA_MAR, USTR_2004),
    ),
    Fact(
        "fta_in_force",
        {"partner": "US", "date": date(2006, 1, 1).isoformat()},
        (CRS_RS21464, USTR_2005),
    ),
    Fact("fta_ict_services_principles", {"year": 2012}, (USTR_FTA_PAGE,)),
    Fact(
        "offshoring_park",
        {"name": "Casanearshore", "city": "Casablanca", "launched": "2005-12"},
        (AUJOURDHUI_CASA, LE_DESK_2020),
    ),
    Fact(
        "offshoring_park",
        {"name": "Technopolis", "city": "Rabat-Salé", "first_offices": "2008-07"},
        (ALMASSAE_2009, LE_DESK_2020),
    ),
    Fact(
        "offshoring_park", {"name": "Fès Shore", "city": "Fès"}, (LE_DESK_2020, LENOUVELLISTE_2023)
    ),
    Fact(
        "offshoring_park",
        {"name": "Oujda Shore", "city": "Oujda"},
        (AUJOURDHUI_OUJDA, LE_DESK_2020),
    ),
    Fact("offshoring_park", {"name": "Tétouan Shore", "city": "Tétouan"}, (LE360_TETOUAN,)),
    Fact("official_languages", {"languages": ("ar", "zgh"), "constitution": 2011}, (WORLDCP,)),
    Fact("business_language", {"language": "fr"}, (EMBASSY_AU,)),
    Fact(
        "multilingual_workforce",
        {"languages": ("en", "fr", "es"), "edition": 2023},
        (LE360_2023, ATALAYAR_2023),
    ),
    Fact(
        "time_zone",
        {
            "zone": "Africa/Casablanca",
            "utc_offset": 1,
            "ramadan_utc_offset": 0,
            "decree": "2.18.855",
        },
        (AP_2018,),
    ),
    Fact(
        "gsli_rank",
        {"edition": 2023, "rank": 28, "of": 78, "africa": 2, "mena": 4},
        (LE360_2023, ATALAYAR_2023),
    ),
    Fact(
        "outsourcing_sector",
        {"exports_year": 2022, "exports_mad_bn": 15.7, "jobs": 130_000},
        (INFOMEDIAIRE_2023,),
    ),
)
