"""Form fields shared by the web forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.core.i18n import country_choices, isolate


class TermsField(forms.ModelMultipleChoiceField):
    """Checkboxes of taxonomy terms; each label is isolated, so a Latin name with digits
    or punctuation ("ISO/IEC 27001") keeps its order in a right-to-left form."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return isolate(obj)


class CountryField(forms.ChoiceField):
    """A country picked by its name in the reader's language (CLDR); the value is the
    ISO 3166 code, accepted in any case ("ma" is "MA")."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("Choose a country from the list.")}
        )
        super().__init__(choices=_country_choices, **kwargs)

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).strip().upper()


def _country_choices() -> list[tuple[str, str]]:
    return [("", "—"), *country_choices()]
