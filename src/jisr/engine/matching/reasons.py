"""Explanations as stable codes plus parameters.

The engine cannot use gettext (it never imports Django), so it returns a code and the
values to show; the web layer owns one translatable sentence per code. ``describe`` is
the plain-English fallback for the CLI and the benchmarks. Codes are part of the
contract with the web layer: add new ones freely, never rename or reuse one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

ParamValue = str | int | float | tuple[str, ...]

# Structured and text fit; weight = contribution to the compatibility score.
SHARED_SERVICE_LINES = "shared_service_lines"
NO_SHARED_SERVICE_LINES = "no_shared_service_lines"
SHARED_TECHNOLOGIES = "shared_technologies"
NO_SHARED_TECHNOLOGIES = "no_shared_technologies"
COMMON_LANGUAGES = "common_languages"
NO_COMMON_LANGUAGE = "no_common_language"
CERTIFICATIONS_COVERED = "certifications_covered"
CERTIFICATIONS_MISSING = "certifications_missing"
CAPACITY_FITS = "capacity_fits"
CAPACITY_SHORT = "capacity_short"
WORKING_HOURS_OVERLAP = "working_hours_overlap"
NO_WORKING_HOURS_OVERLAP = "no_working_hours_overlap"
BUDGET_FITS = "budget_fits"
RATE_ABOVE_BUDGET = "rate_above_budget"
SIMILAR_TEXTS = "similar_texts"
TEXT_MISSING = "text_missing"
# Marks; weight = the change they make to the ranking score, not to compatibility.
YOU_MARKED = "you_marked"
THEY_MARKED = "they_marked"
MUTUAL_INTEREST = "mutual_interest"


@dataclass(frozen=True)
class Reason:
    """One line of an explanation.

    ``weight`` is the reason's contribution: for fit reasons, its share of the
    compatibility score (they add up to the score); for mark reasons, the ranking bonus.
    A weight of 0 marks a caveat (e.g. no common language) worth showing anyway.
    """

    code: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    weight: float = 0.0

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: tuples become lists."""
        params = {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in self.params.items()
        }
        return {"code": self.code, "params": params, "weight": round(self.weight, 4)}


def _items(reason: Reason, key: str = "items") -> str:
    value = reason.params.get(key, ())
    return ", ".join(value) if isinstance(value, tuple) else str(value)


def describe(reason: Reason) -> str:
    """Plain-English sentence for a reason; unknown codes fall back to the raw code."""
    p = reason.params
    sentences: dict[str, Callable[[], str]] = {
        SHARED_SERVICE_LINES: lambda: (
            f"Offers {p.get('shared')} of {p.get('needed')} needed service lines: {_items(reason)}"
        ),
        NO_SHARED_SERVICE_LINES: lambda: "Offers none of the needed service lines",
        SHARED_TECHNOLOGIES: lambda: (
            f"Covers {p.get('shared')} of {p.get('needed')} needed technologies: {_items(reason)}"
        ),
        NO_SHARED_TECHNOLOGIES: lambda: "Covers none of the needed technologies",
        COMMON_LANGUAGES: lambda: f"Common working languages: {_items(reason)}",
        NO_COMMON_LANGUAGE: lambda: "No common working language",
        CERTIFICATIONS_COVERED: lambda: f"Holds required certifications: {_items(reason)}",
        CERTIFICATIONS_MISSING: lambda: f"Lacks required certifications: {_items(reason)}",
        CAPACITY_FITS: lambda: (
            f"{p.get('headcount')} delivery staff for a team of {p.get('team_size')}"
        ),
        CAPACITY_SHORT: lambda: (
            f"Only {p.get('headcount')} delivery staff for a team of {p.get('team_size')}"
        ),
        WORKING_HOURS_OVERLAP: lambda: (
            f"{p.get('hours')} hours of shared office time on {p.get('reference_date')}"
        ),
        NO_WORKING_HOURS_OVERLAP: lambda: (
            f"Office hours do not overlap on {p.get('reference_date')}"
        ),
        BUDGET_FITS: lambda: "Rates fit the budget",
        RATE_ABOVE_BUDGET: lambda: f"Lowest rate is {p.get('percent_over')}% above budget",
        SIMILAR_TEXTS: lambda: (
            f"Descriptions are similar (cosine {p.get('similarity')}; "
            f"{_items(reason, 'buyer_languages')} / {_items(reason, 'provider_languages')})"
        ),
        TEXT_MISSING: lambda: (
            "No description to compare on the "
            f"{_items(reason, 'sides')} side; score uses the other criteria"
        ),
        YOU_MARKED: lambda: f"You marked them {p.get('mark')}",
        THEY_MARKED: lambda: f"They marked you {p.get('mark')}",
        MUTUAL_INTEREST: lambda: "Both sides want to meet",
    }
    sentence = sentences.get(reason.code)
    return sentence() if sentence else reason.code
