from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.directory.models import Organization
from jisr.directory.queries import DirectoryFilters


class EmailAuthenticationForm(AuthenticationForm):
    """Participants sign in with their email; usernames are emails in Jisr."""

    username = forms.CharField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=pgettext_lazy("organization kind", "Kind"), required=False)
    service_line = forms.ChoiceField(label=_("Service line"), required=False)
    certification = forms.ChoiceField(label=_("Certification"), required=False)
    language = forms.ChoiceField(label=_("Working language"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)

    def __init__(self, *args: object, choices: dict[str, object], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        anything = [("", _("Any"))]
        self.fields["kind"].choices = anything + list(Organization.Kind.choices)  # type: ignore[attr-defined]
        for field, key in [
            ("service_line", "service_lines"),
            ("certification", "certifications"),
            ("language", "languages"),
        ]:
            terms = choices[key]
            self.fields[field].choices = anything + [(t.code, t.name) for t in terms]  # type: ignore[attr-defined,union-attr]
        self.fields["city"].choices = anything + [(c, c) for c in choices["cities"]]  # type: ignore[attr-defined,union-attr]

    def filters(self) -> DirectoryFilters:
        """The valid part of the filters; an invalid field is reported and ignored."""
        data = getattr(self, "cleaned_data", {})
        return DirectoryFilters(
            query=data.get("q", ""),
            kind=data.get("kind", ""),
            service_line=data.get("service_line", ""),
            certification=data.get("certification", ""),
            language=data.get("language", ""),
            city=data.get("city", ""),
        )
