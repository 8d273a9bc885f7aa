"""Text helpers for assertions."""

BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u2066\u2067\u2068\u2069\u202a\u202b\u202c"))


def without_isolates(text: str) -> str:
    """``text`` without the bidi isolates and marks that names and lists are wrapped in."""
    return text.translate(BIDI_CONTROLS)
