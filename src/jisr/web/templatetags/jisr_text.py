"""Bidirectional isolation and CLDR names, for web pages, e-mails and PDFs alike.

``{{ value|bdi }}`` is the one way templates isolate text whose direction may differ
from the page's: names and other user input, Latin terms, addresses, e-mail addresses,
time zones. In HTML (web pages, HTML e-mails, the PDFs, which WeasyPrint renders with
the same ``<bdi>`` isolation as browsers) it writes ``<bdi>``; under
``{% autoescape off %}`` (plain-text e-mails) it writes the Unicode isolates
U+2068/U+2066 … U+2069 instead. ``{{ value|bdi:"ltr" }}`` forces left to right, for
times, ranges, codes and table labels. Empty values give nothing, so optional fields
leave no stray markup.

Never use it inside an HTML attribute: it writes an element there.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from jisr.core import i18n

register = template.Library()


@register.filter(needs_autoescape=True)
def bdi(value: object, direction: str = "", autoescape: bool = True) -> str | SafeString:
    if value is None or value == "":
        return ""
    ltr = direction == "ltr"
    if not autoescape:
        return i18n.isolate(value, ltr=ltr)
    attribute = ' dir="ltr"' if ltr else ""
    return mark_safe(f"<bdi{attribute}>{conditional_escape(value)}</bdi>")


@register.filter
def country(code: object) -> str:
    """An ISO 3166 code ("MA") as the reader's country name ("Maroc", "المغرب")."""
    return i18n.country_name(str(code or ""))


@register.filter
def language_name(code: object) -> str:
    """A language code ("ar") as the reader's language name ("arabe", "العربية")."""
    return i18n.language_name(str(code or ""))


@register.filter
def percent(value: object) -> str:
    """Points (62) as the reader's locale writes a percentage ("62%", "62 %")."""
    try:
        return i18n.format_percent(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
