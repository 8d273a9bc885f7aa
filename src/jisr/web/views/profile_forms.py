"""Forms of the profile pages: a person's own profile and their organization's."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jisr.directory.models import (
    Certification,
    DeliverySite,
    Language,
    Organization,
    ServiceLine,
)
from jisr.web import fields

COUNTRY_CODE = {
    "regex": r"^[A-Za-z]{2}$",
    "max_length": 2,
    "error_messages": {"invalid": _("Use a two-letter country code such as MA, US or CA.")},
}


class PersonForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^\+?[0-9 ().-]{6,30}$",
        max_length=40,
        required=False,
        help_text=_("International format, e.g. +212 5 22 00 00 00."),
        error_messages={
            "invalid": _("Enter a phone number with digits, spaces and an optional +.")
        },
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "tel"}),
    )
    languages = fields.ModelMultipleChoiceField(
        label=_("Languages you speak"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_language = forms.ChoiceField(
        label=_("Interface and e-mail language"), choices=settings.LANGUAGES
    )


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    country = forms.RegexField(label=_("Country"), help_text=_("e.g. MA, US or CA"), **COUNTRY_CODE)  # type: ignore[arg-type]
    city = forms.CharField(label=_("City"), max_length=120)
    headcount = forms.ChoiceField(
        label=_("Headcount"),
        choices=[("", "—"), *Organization.Headcount.choices],
        required=False,
    )
    founded = forms.IntegerField(
        label=_("Year founded"), min_value=1800, max_value=2100, required=False
    )
    service_lines = fields.ModelMultipleChoiceField(
        label=_("Service lines"),
        queryset=ServiceLine.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    technologies = forms.CharField(
        label=_("Technologies"),
        required=False,
        max_length=2000,
        help_text=_("Separate them with commas, e.g. Java, SAP, Kubernetes."),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    languages = fields.ModelMultipleChoiceField(
        label=_("Working languages"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    certifications = fields.ModelMultipleChoiceField(
        label=_("Certifications"),
        queryset=Certification.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "en", "dir": "ltr"}),
    )
    description_fr = forms.CharField(
        label=_("Description in French"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "fr", "dir": "ltr"}),
    )
    description_ar = forms.CharField(
        label=_("Description in Arabic"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "ar", "dir": "rtl"}),
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind != Organization.Kind.PROVIDER:
            # Certifications describe what a provider delivers; buyers state needs instead.
            del self.fields["certifications"]
            self.fields["service_lines"].label = _("Service lines you are looking for")

    def clean_technologies(self) -> list[str]:
        names = [n.strip() for n in re.split(r"[,;\n]", self.cleaned_data["technologies"])]
        names = [n for n in names if n]
        if any(len(n) > 80 for n in names):
            raise forms.ValidationError(_("Each technology name can have at most 80 characters."))
        if len(names) > 40:
            raise forms.ValidationError(_("List at most 40 technologies."))
        return names


class DeliverySiteForm(forms.Form):
    park = forms.ChoiceField(label=_("Site"), choices=DeliverySite.Park.choices)
    city = forms.CharField(label=_("City"), max_length=120)
    country = forms.RegexField(label=_("Country"), **COUNTRY_CODE)  # type: ignore[arg-type]


DeliverySiteFormSet = forms.formset_factory(
    DeliverySiteForm, extra=1, can_delete=True, max_num=20, validate_max=True
)
