"""Helpers for content that exists in several languages."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal

from babel import Locale
from babel import numbers as babel_numbers
from babel.lists import format_list
from django.conf import settings
from django.utils.translation import get_language

from jisr.core.text import fold

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def active_language() -> str:
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in LANGUAGE_CODES else settings.LANGUAGE_CODE


def pick(texts: Mapping[str, str], language: str | None = None) -> str:
    """The text in ``language`` (default: active), else English, else any non-empty one."""
    language = language or active_language()
    for code in (language, settings.LANGUAGE_CODE, *texts.keys()):
        value = texts.get(code)
        if value:
            return value
    return ""


class TranslatedNameMixin:
    """For reference data stored as ``name_en``, ``name_fr`` and ``name_ar`` columns."""

    name_en: str
    name_fr: str
    name_ar: str

    @property
    def name(self) -> str:
        return pick({"en": self.name_en, "fr": self.name_fr, "ar": self.name_ar})

    def __str__(self) -> str:
        return self.name


# Names and formats from CLDR (through Babel) -------------------------------------------

FSI, LRI, PDI = "\u2068", "\u2066", "\u2069"


@functools.cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def isolate(text: object, *, ltr: bool = False) -> str:
    """``text`` between Unicode isolates, for plain text (e-mails, sentences built in
    Python): first-strong (takes its own direction, like ``<bdi>``) or left-to-right
    (times, codes, addresses). Empty text stays empty."""
    value = "" if text is None else str(text)
    return f"{LRI if ltr else FSI}{value}{PDI}" if value else ""


def country_name(code: str, language: str | None = None) -> str:
    """The CLDR name of an ISO 3166 code in ``language`` (default: active); the code
    itself when CLDR does not know it, and "" for an empty code."""
    code = (code or "").strip().upper()
    if not code:
        return ""
    return str(_locale(language or active_language()).territories.get(code, code))


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) for every two-letter country CLDR names, sorted by name."""
    territories = _locale(language or active_language()).territories
    choices = [
        (code, str(name)) for code, name in territories.items() if len(code) == 2 and code.isalpha()
    ]
    return sorted(choices, key=lambda choice: fold(choice[1]))


def language_name(code: str, language: str | None = None) -> str:
    """The CLDR name of a language code (ISO 639, e.g. "ar" or "pt-BR") in ``language``."""
    code = (code or "").strip()
    if not code:
        return ""
    names = _locale(language or active_language()).languages
    return str(names.get(code.replace("-", "_"), names.get(code.split("-")[0].lower(), code)))


def format_percent(value: float | int | None, language: str | None = None) -> str:
    """A percentage given in points (62 for 62 %) as the locale writes it: "62%" in
    English and Arabic, "62 %" (no-break space) in French. Digits are Latin in every
    language (see docs/translating/formats.md)."""
    if value is None or value == "":
        return ""
    return str(
        babel_numbers.format_percent(
            Decimal(str(value)) / 100,
            locale=_locale(language or active_language()),
            decimal_quantization=False,  # keep the decimals given: 57.1 stays 57.1 %
        )
    )


def join_list(items: Iterable[object], language: str | None = None) -> str:
    """Items joined the way the language lists them ("a, b, c"; Arabic "a، b، c"), each
    isolated so that Latin names keep their commas in Arabic sentences."""
    values = [isolate(item) for item in items if item not in (None, "")]
    if not values:
        return ""
    return str(format_list(values, style="standard", locale=_locale(language or active_language())))
