"""Helpers for content that exists in several languages."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.utils.translation import get_language

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
