"""Bidi isolation for the PDF agenda.

WeasyPrint ignores ``<bdi>``'s isolation, so an Arabic name next to a Latin one (or a
time range in Arabic text) gets reordered. Unicode isolate characters do work there
(FriBidi), so the PDF template wraps user text and times in them.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

FSI, LRI, PDI = "\u2068", "\u2066", "\u2069"


@register.filter
def isolate(value: object) -> SafeString:
    """First-strong isolate: the text takes its own direction, like ``<bdi>``."""
    return mark_safe(f"{FSI}{conditional_escape(value)}{PDI}")


@register.filter
def ltr(value: object) -> SafeString:
    """Left-to-right isolate, for times, ranges, table labels and addresses."""
    return mark_safe(f"{LRI}{conditional_escape(value)}{PDI}")
