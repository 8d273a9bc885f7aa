"""Form fields shared by the web forms.

Django's model choice fields pass a submitted id straight to a query; an id beyond
64 bits makes SQLite raise ``OverflowError`` (a 500) instead of "not a valid choice".
``ModelChoiceField`` and ``ModelMultipleChoiceField`` turn such ids into the usual
validation error first; ``TermsField`` builds on the latter.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jisr.core.i18n import country_choices, isolate

MAX_ID = 2**63 - 1


def _too_big(value: Any) -> bool:
    try:
        return abs(int(str(value).strip())) > MAX_ID
    except ValueError:
        return False  # not a number: Django's own checks answer it


class ModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and _too_big(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def _check_values(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else [value]:
            if _too_big(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class TermsField(ModelMultipleChoiceField):
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
