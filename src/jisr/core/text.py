"""Text normalisation for search across English, French and Arabic."""

from __future__ import annotations

import re
import unicodedata

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTER_FOLDS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_TOKEN = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, strip Latin accents and Arabic diacritics, unify Arabic letter forms.

    Search documents and queries both pass through here, so "Rabat", "rabat" and
    "Rabât" match, and so do "الرباط" with or without short vowels.
    """
    # Compatibility forms first (ligatures, styled letters, Arabic presentation forms),
    # then Arabic folds, then case, then decompose: casefold can produce characters that
    # decompose further.
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_LETTER_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) or _is_arabic(ch))


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff"


def search_tokens(query: str, *, limit: int = 12) -> list[str]:
    """Split a user's query into folded word tokens; punctuation is just text to drop.

    A malformed query (quotes, operators, stray symbols) never raises: at worst it
    yields no tokens, which means "no filter".
    """
    return _TOKEN.findall(fold(query))[:limit]
