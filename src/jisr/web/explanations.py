"""The one place where the engines' stable codes become sentences in the reader's language.

The engines return codes and parameters (matching ``Reason``s, evaluation error codes,
criterion and pillar keys, "Why Morocco" fact keys); every sentence shown for them is
written here, through gettext, so translators see each one once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from jisr.core.i18n import isolate, join_list
from jisr.directory.models import Certification, Language, ServiceLine
from jisr.engine.evaluation import EvaluationError
from jisr.engine.evaluation.destination_data import Fact, Source
from jisr.engine.matching import Reason
from jisr.engine.matching import reasons as rc


@dataclass(frozen=True)
class Names:
    """Display names of taxonomy codes in the active language, loaded in three queries."""

    service_lines: Mapping[str, str] = field(default_factory=dict)
    certifications: Mapping[str, str] = field(default_factory=dict)
    languages: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Names:
        return cls(
            service_lines={term.code: term.name for term in ServiceLine.objects.all()},
            certifications={term.code: term.name for term in Certification.objects.all()},
            languages={term.code: term.name for term in Language.objects.all()},
        )

    def language(self, code: str) -> str:
        return self.languages.get(code, code)


def _join(items: object, names: Mapping[str, str] | None = None) -> str:
    """Names joined as the reader's language lists them, each isolated (``join_list``)."""
    values = items if isinstance(items, (tuple, list)) else (items,)
    return join_list((names or {}).get(str(v), str(v)) for v in values if v != "")


def _number(value: object, decimals: int = 1) -> str:
    try:
        return number_format(round(float(value), decimals), decimal_pos=None)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)


def mark_label(kind: str) -> str:
    labels = {
        "must_meet": pgettext("mark", "Must meet"),
        "would_like": pgettext("mark", "Would like to meet"),
        "not_interested": pgettext("mark", "Not interested"),
    }
    return labels.get(kind, kind)


# Matching reasons --------------------------------------------------------------------


def reason_sentence(reason: Reason, names: Names, *, for_buyer: bool = True) -> str:
    """One reason in the reader's language, with its parameters filled in.

    The engine's fit reasons are stated from the buyer's needs; a provider reads the
    same facts addressed to it ("You offer ... they need").
    """
    if not for_buyer:
        sentence = _provider_sentence(reason, names)
        if sentence is not None:
            return sentence
    p = reason.params
    count = int(p.get("shared", 0) or 0)  # type: ignore[arg-type]
    needed = int(p.get("needed", 0) or 0)  # type: ignore[arg-type]
    sentences: dict[str, Callable[[], str]] = {
        rc.SHARED_SERVICE_LINES: lambda: (
            ngettext(
                "Offers %(shared)s of the %(needed)s service line you need: %(items)s",
                "Offers %(shared)s of the %(needed)s service lines you need: %(items)s",
                needed,
            )
            % {
                "shared": count,
                "needed": needed,
                "items": _join(p.get("items", ()), names.service_lines),
            }
        ),
        rc.NO_SHARED_SERVICE_LINES: lambda: _("Offers none of the service lines you need"),
        rc.SHARED_TECHNOLOGIES: lambda: (
            ngettext(
                "Covers %(shared)s of the %(needed)s technology you need: %(items)s",
                "Covers %(shared)s of the %(needed)s technologies you need: %(items)s",
                needed,
            )
            % {"shared": count, "needed": needed, "items": _join(p.get("items", ()))}
        ),
        rc.NO_SHARED_TECHNOLOGIES: lambda: _("Covers none of the technologies you need"),
        rc.COMMON_LANGUAGES: lambda: (
            _("Common working languages: %(items)s")
            % {"items": _join(p.get("items", ()), names.languages)}
        ),
        rc.NO_COMMON_LANGUAGE: lambda: _("No common working language"),
        rc.CERTIFICATIONS_COVERED: lambda: (
            _("Holds the required certifications: %(items)s")
            % {"items": _join(p.get("items", ()), names.certifications)}
        ),
        rc.CERTIFICATIONS_MISSING: lambda: (
            _("Lacks required certifications: %(items)s")
            % {"items": _join(p.get("items", ()), names.certifications)}
        ),
        rc.CAPACITY_FITS: lambda: (
            _("At least %(headcount)s delivery staff for a team of %(team_size)s")
            % {"headcount": p.get("headcount"), "team_size": p.get("team_size")}
        ),
        rc.CAPACITY_SHORT: lambda: (
            _("Only %(headcount)s delivery staff for a team of %(team_size)s")
            % {"headcount": p.get("headcount"), "team_size": p.get("team_size")}
        ),
        rc.WORKING_HOURS_OVERLAP: lambda: (
            _(
                "%(hours)s hours of shared office time (09:00–18:00 in %(buyer_timezone)s and "
                "in %(provider_timezone)s, on %(reference_date)s)"
            )
            % {
                "hours": _number(p.get("hours")),
                "buyer_timezone": isolate(p.get("buyer_timezone"), ltr=True),
                "provider_timezone": isolate(p.get("provider_timezone"), ltr=True),
                "reference_date": isolate(p.get("reference_date"), ltr=True),
            }
        ),
        rc.NO_WORKING_HOURS_OVERLAP: lambda: (
            _(
                "Office hours do not overlap (%(buyer_timezone)s and %(provider_timezone)s, "
                "on %(reference_date)s)"
            )
            % {
                "buyer_timezone": isolate(p.get("buyer_timezone"), ltr=True),
                "provider_timezone": isolate(p.get("provider_timezone"), ltr=True),
                "reference_date": isolate(p.get("reference_date"), ltr=True),
            }
        ),
        rc.BUDGET_FITS: lambda: _("Rates fit the budget"),
        rc.RATE_ABOVE_BUDGET: lambda: (
            _("Lowest rate is %(percent)s%% above the budget") % {"percent": p.get("percent_over")}
        ),
        rc.SIMILAR_TEXTS: lambda: (
            _(
                "Descriptions are close in meaning (similarity %(similarity)s, compared "
                "across languages: %(buyer_languages)s / %(provider_languages)s)"
            )
            % {
                "similarity": _number(p.get("similarity"), 2),
                "buyer_languages": _join(p.get("buyer_languages", ()), names.languages),
                "provider_languages": _join(p.get("provider_languages", ()), names.languages),
            }
        ),
        rc.TEXT_MISSING: lambda: _(
            "No description to compare yet; the score uses the other criteria"
        ),
        rc.YOU_MARKED: lambda: (
            _("You marked them “%(mark)s”") % {"mark": mark_label(str(p.get("mark")))}
        ),
        rc.THEY_MARKED: lambda: (
            _("They marked you “%(mark)s”") % {"mark": mark_label(str(p.get("mark")))}
        ),
        rc.MUTUAL_INTEREST: lambda: _("Both sides want to meet"),
    }
    sentence = sentences.get(reason.code)
    return sentence() if sentence else _("Other reason")


def _provider_sentence(reason: Reason, names: Names) -> str | None:
    p = reason.params
    count = int(p.get("shared", 0) or 0)  # type: ignore[arg-type]
    needed = int(p.get("needed", 0) or 0)  # type: ignore[arg-type]
    sentences: dict[str, Callable[[], str]] = {
        rc.SHARED_SERVICE_LINES: lambda: (
            ngettext(
                "You offer %(shared)s of the %(needed)s service line they need: %(items)s",
                "You offer %(shared)s of the %(needed)s service lines they need: %(items)s",
                needed,
            )
            % {
                "shared": count,
                "needed": needed,
                "items": _join(p.get("items", ()), names.service_lines),
            }
        ),
        rc.NO_SHARED_SERVICE_LINES: lambda: _("You offer none of the service lines they need"),
        rc.SHARED_TECHNOLOGIES: lambda: (
            ngettext(
                "You cover %(shared)s of the %(needed)s technology they need: %(items)s",
                "You cover %(shared)s of the %(needed)s technologies they need: %(items)s",
                needed,
            )
            % {"shared": count, "needed": needed, "items": _join(p.get("items", ()))}
        ),
        rc.NO_SHARED_TECHNOLOGIES: lambda: _("You cover none of the technologies they need"),
        rc.CERTIFICATIONS_COVERED: lambda: (
            _("You hold the certifications they require: %(items)s")
            % {"items": _join(p.get("items", ()), names.certifications)}
        ),
        rc.CERTIFICATIONS_MISSING: lambda: (
            _("You lack certifications they require: %(items)s")
            % {"items": _join(p.get("items", ()), names.certifications)}
        ),
        rc.CAPACITY_FITS: lambda: (
            _("Your %(headcount)s or more delivery staff can staff their team of %(team_size)s")
            % {"headcount": p.get("headcount"), "team_size": p.get("team_size")}
        ),
        rc.CAPACITY_SHORT: lambda: (
            _("Your %(headcount)s delivery staff are short of their team of %(team_size)s")
            % {"headcount": p.get("headcount"), "team_size": p.get("team_size")}
        ),
        rc.BUDGET_FITS: lambda: _("Your rates fit their budget"),
        rc.RATE_ABOVE_BUDGET: lambda: (
            _("Your lowest rate is %(percent)s%% above their budget")
            % {"percent": p.get("percent_over")}
        ),
    }
    sentence = sentences.get(reason.code)
    return sentence() if sentence else None


def is_caveat(reason: Reason) -> bool:
    """Reasons that speak against the match, shown as such."""
    return reason.code in {
        rc.NO_SHARED_SERVICE_LINES,
        rc.NO_SHARED_TECHNOLOGIES,
        rc.NO_COMMON_LANGUAGE,
        rc.CERTIFICATIONS_MISSING,
        rc.CAPACITY_SHORT,
        rc.NO_WORKING_HOURS_OVERLAP,
        rc.RATE_ABOVE_BUDGET,
        rc.TEXT_MISSING,
    }


# Evaluation ------------------------------------------------------------------------


def criterion_label(key: str) -> str:
    labels = {
        "cost_competitiveness": _("Cost competitiveness"),
        "technical_fit": _("Technical fit"),
        "language_fit": _("Language fit"),
        "quality_certifications": _("Quality certifications"),
        "information_security": _("Information security"),
        "time_zone_overlap": _("Time-zone overlap"),
        "capacity": _("Capacity"),
        "references": _("References"),
        "financial_stability": _("Financial stability"),
    }
    return labels.get(key, key)


def criterion_help(key: str) -> str:
    """How the value is obtained, in one sentence (see jisr.evaluation.criteria)."""
    helps = {
        "cost_competitiveness": _("Your rating, 1 to 5 (5 = most competitive); 3 until you rate."),
        "technical_fit": _(
            "0–5: share of your service lines and technologies the provider offers."
        ),
        "language_fit": _("0–5: share of your required languages the provider works in."),
        "quality_certifications": _(
            "0–5: ISO 9001, ISO/IEC 20000-1, eSCM-SP, COPC 1 point each; CMMI 3 1.5, CMMI 5 2.5."
        ),
        "information_security": _("0–5: ISO/IEC 27001 3 points, SOC 2 2, PCI DSS 1."),
        "time_zone_overlap": _(
            "Hours when both offices are open (09:00–18:00 local) on the mission's first day."
        ),
        "capacity": _("Employees: the lower bound of the provider's headcount band."),
        "references": _("Your rating, 1 to 5; 3 until you rate."),
        "financial_stability": _("Your rating, 1 to 5; 3 until you rate."),
    }
    return helps.get(key, "")


def criterion_unit(unit: str) -> str:
    units = {
        "score_0_5": _("score 0–5"),
        "rating_1_5": _("rating 1–5"),
        "hours": pgettext("unit", "hours"),
        "employees": pgettext("unit", "employees"),
    }
    return units.get(unit, unit)


def method_label(method: str) -> str:
    return {
        "weighted_sum": _("Weighted sum"),
        "topsis": "TOPSIS",
        "promethee_ii": "PROMETHEE II",
    }.get(method, method)


def must_have_label(attribute: str) -> str:
    return {
        "certifications": _("Required certifications"),
        "languages": _("Required languages"),
        "service_lines": _("Required service lines"),
    }.get(attribute, attribute)


def exclusion_sentence(attribute: str, missing: Sequence[str], names: Names) -> str:
    lookup = {
        "certifications": names.certifications,
        "languages": names.languages,
        "service_lines": names.service_lines,
    }.get(attribute, {})
    items = _join(tuple(missing), lookup)
    return {
        "certifications": _("Lacks the required certifications: %(items)s"),
        "languages": _("Does not work in the required languages: %(items)s"),
        "service_lines": _("Does not offer the required service lines: %(items)s"),
    }.get(attribute, _("Fails a must-have: %(items)s")) % {"items": items}


def evaluation_error(error: EvaluationError) -> str:
    """A sentence for an engine error, from its stable ``code`` and ``params``."""
    p = error.params
    criterion = criterion_label(str(p.get("criterion", "")))
    messages: dict[str, Callable[[], str]] = {
        "evaluation.not_reciprocal": lambda: _(
            "The comparisons do not mirror each other: if A is 3 times as important as B, "
            "B must be 1/3 as important as A."
        ),
        "evaluation.not_positive": lambda: _("Every comparison must be a number above zero."),
        "evaluation.non_finite": lambda: _(
            "Enter numbers only: a value was empty or not a number."
        ),
        "evaluation.invalid_weights": lambda: (
            _("At least one weight must be above zero.")
            if p.get("reason") == "all_zero"
            else _("Weights cannot be negative.")
        ),
        "evaluation.empty": lambda: _("There is nothing to compare yet."),
        "evaluation.no_candidates": lambda: (
            _(
                "No provider is left to rank: %(excluded)s failed a must-have. Relax a must-have "
                "to see a ranking."
            )
            % {"excluded": p.get("excluded", 0)}
        ),
        "evaluation.shape_mismatch": lambda: _("The comparisons do not match the criteria."),
        "evaluation.missing_value": lambda: (
            _("A value is missing for %(criterion)s.") % {"criterion": criterion}
        ),
        "evaluation.unknown_criterion": lambda: _("Unknown criterion."),
        "evaluation.too_many_items": lambda: _("Compare at most 15 criteria."),
        "evaluation.invalid_parameter": lambda: _("The comparisons do not match the criteria."),
        "evaluation.no_complete_indicator": lambda: _(
            "No pillar has a sourced value for every country yet, so no index can be computed."
        ),
        "evaluation.normalization_domain": lambda: _("A value is outside what the method accepts."),
    }
    message = messages.get(error.code)
    return message() if message else _("These values cannot be evaluated.")


def constant_criteria_sentence(keys: Sequence[str]) -> str:
    return _(
        "Every provider has the same value for: %(criteria)s. These criteria cannot separate "
        "anyone, so they add nothing to the scores."
    ) % {"criteria": ", ".join(criterion_label(key) for key in keys)}


# Destinations ----------------------------------------------------------------------


def pillar_label(pillar: str) -> str:
    return {
        "financial_attractiveness": _("Financial attractiveness"),
        "people_skills_availability": _("People skills and availability"),
        "business_environment": _("Business environment"),
        "digital_resonance": _("Digital resonance"),
    }.get(pillar, pillar)


def source_line(source: Source) -> str:
    return f"{source.title} — {source.site}, {source.published}"


def _isolated(params: Mapping[str, object]) -> dict[str, object]:
    """Text and dates wrapped in Unicode isolates (FSI … PDI), so a Latin place name or an
    ISO date keeps its own direction inside an Arabic sentence; numbers and lists stay as
    they are for the formatting helpers."""
    return {
        key: isolate(value) if isinstance(value, str | dt.date) else value
        for key, value in params.items()
    }


def fact_sentence(fact: Fact, names: Names) -> str:
    """A "Why Morocco" fact (``destination_data.WHY_MOROCCO``) in the reader's language."""
    p = _isolated(fact.params)
    sentences: dict[str, Callable[[], str]] = {
        "fta_signed": lambda: (
            _("The United States–Morocco Free Trade Agreement was signed on %(date)s in %(place)s.")
            % {"date": p.get("date"), "place": p.get("place")}
        ),
        "fta_in_force": lambda: (
            _("The agreement has been in force since %(date)s.") % {"date": p.get("date")}
        ),
        "fta_ict_services_principles": lambda: (
            _(
                "In %(year)s the agreement's joint committee adopted principles for trade in "
                "information and communication technology services."
            )
            % {"year": p.get("year")}
        ),
        "offshoring_park": lambda: (
            _("%(name)s, an offshoring park in %(city)s.")
            % {"name": p.get("name"), "city": p.get("city")}
        ),
        "official_languages": lambda: (
            _("Official languages: %(languages)s (constitution of %(constitution)s).")
            % {
                "languages": _join(p.get("languages", ()), names.languages),
                "constitution": p.get("constitution"),
            }
        ),
        "business_language": lambda: (
            _("%(language)s is widely used in business.")
            % {"language": names.language(str(p.get("language")))}
        ),
        "multilingual_workforce": lambda: (
            _(
                "The Kearney GSLI %(edition)s credits Morocco with a multilingual workforce: "
                "%(languages)s."
            )
            % {
                "edition": p.get("edition"),
                "languages": _join(p.get("languages", ()), names.languages),
            }
        ),
        "time_zone": lambda: (
            _(
                "Morocco's time zone (%(zone)s) is UTC+%(offset)s most of the year and "
                "UTC+%(ramadan)s during Ramadan (decree %(decree)s)."
            )
            % {
                "zone": p.get("zone"),
                "offset": p.get("utc_offset"),
                "ramadan": p.get("ramadan_utc_offset"),
                "decree": p.get("decree"),
            }
        ),
        "gsli_rank": lambda: (
            _(
                "Kearney Global Services Location Index %(edition)s: Morocco ranks %(rank)s of "
                "%(of)s countries; within Africa it ranks %(africa)s, and within the Middle "
                "East and North Africa %(mena)s."
            )
            % {k: p.get(k) for k in ("edition", "rank", "of", "africa", "mena")}
        ),
        "outsourcing_sector": lambda: (
            _(
                "Outsourcing exports reached %(amount)s billion dirhams in %(year)s, with about "
                "%(jobs)s jobs."
            )
            % {
                "amount": _number(p.get("exports_mad_bn")),
                "year": p.get("exports_year"),
                "jobs": number_format(int(p.get("jobs", 0) or 0), force_grouping=True),  # type: ignore[arg-type]
            }
        ),
    }
    sentence = sentences.get(fact.key)
    return sentence() if sentence else fact.key
