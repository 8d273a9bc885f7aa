"""Forms of the profile pages: a person's own profile and their organization's."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jisr.core.i18n import isolate
from jisr.directory.models import (
    Certification,
    DeliverySite,
    Language,
    Organization,
    ServiceLine,
)
from jisr.web.fields import CountryField, TermsField


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
    languages = TermsField(
        label=_("Languages you speak"),
        queryset=Language.objects.all(),
    )
    preferred_language = forms.ChoiceField(
        label=_("Interface and e-mail language"), choices=settings.LANGUAGES
    )


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    country = CountryField(label=_("Country"))
    city = forms.CharField(label=_("City"), max_length=120)
    headcount = forms.ChoiceField(
        label=_("Headcount"),
        choices=[("", "—"), *Organization.Headcount.choices],
        required=False,
    )
    founded = forms.IntegerField(
        label=_("Year founded"), min_value=1800, max_value=2100, required=False
    )
    service_lines = TermsField(
        label=_("Service lines"),
        queryset=ServiceLine.objects.all(),
    )
    technologies = forms.CharField(
        label=_("Technologies"),
        required=False,
        max_length=2000,
        help_text=format_lazy(
            _("Separate them with commas, e.g. {example}."),
            example=isolate("Java, SAP, Kubernetes"),
        ),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    languages = TermsField(
        label=_("Working languages"),
        queryset=Language.objects.all(),
    )
    certifications = TermsField(
        label=_("Certifications"),
        queryset=Certification.objects.all(),
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
    country = CountryField(label=_("Country"))


DeliverySiteFormSet = forms.formset_factory(
    DeliverySiteForm, extra=1, can_delete=True, max_num=20, validate_max=True
)
