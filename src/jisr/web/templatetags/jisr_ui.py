"""Small presentation helpers that keep templates free of inline styles (the content
security policy allows no ``style=`` attribute)."""

from __future__ import annotations

import math

from django import template

register = template.Library()


@register.filter
def width_class(percent: object) -> str:
    """``w-0`` … ``w-100``: the class giving a bar ``percent`` % of its track (jisr.css)."""
    try:
        value = float(percent)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "w-0"
    if not math.isfinite(value):
        return "w-0"
    return f"w-{min(100, max(0, round(value)))}"
