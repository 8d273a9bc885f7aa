"""Forms of the marketplace pages. Services validate again; these only shape input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.directory.models import Organization, ServiceLine
from jisr.marketplace.models import (
    BODY_MAX,
    MAX_SERVICE_LINES,
    PARTNER_ROLE_MAX,
    TITLE_MAX,
    Listing,
)
from jisr.marketplace.queries import ListingFilters
from jisr.web import fields


class ListingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=pgettext_lazy("listing kind", "Offers or requests"), required=False
    )
    service_line = forms.ChoiceField(label=_("Service line"), required=False)
    organization_kind = forms.ChoiceField(label=_("Posted by"), required=False)
    language = forms.ChoiceField(label=_("Language of the listing"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["kind"].choices = anything + list(Listing.Kind.choices)  # type: ignore[attr-defined]
        self.fields["service_line"].choices = anything + [  # type: ignore[attr-defined]
            (line.code, line.name) for line in ServiceLine.objects.all()
        ]
        self.fields["organization_kind"].choices = anything + list(Organization.Kind.choices)  # type: ignore[attr-defined]
        self.fields["language"].choices = anything + [  # type: ignore[attr-defined]
            (code, name) for code, name in settings.LANGUAGES
        ]

    def filters(self) -> ListingFilters:
        """The valid part of the filters; an invalid field is reported and ignored."""
        data = getattr(self, "cleaned_data", {})
        return ListingFilters(
            query=data.get("q", ""),
            kind=data.get("kind", ""),
            service_line=data.get("service_line", ""),
            organization_kind=data.get("organization_kind", ""),
            language=data.get("language", ""),
        )


class ListingForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("listing kind", "This is"),
        choices=Listing.Kind.choices,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        help_text=_(
            "For example: “Nearshore Java team of 20” or “24/7 helpdesk in French and English”."
        ),
    )
    body = forms.CharField(
        label=_("Description"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What is offered or sought, scale, skills, languages, time zones and timing. "
            "Plain, factual sentences read best."
        ),
    )
    partner_role = forms.CharField(
        label=_("What you expect from a partner"),
        max_length=PARTNER_ROLE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    language = forms.ChoiceField(
        label=_("Language of this listing"),
        help_text=_("Post a second listing to reach readers in another language."),
    )
    service_lines = fields.ModelMultipleChoiceField(
        label=_("Service lines"),
        queryset=ServiceLine.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=format_lazy(_("Up to {max}."), max=MAX_SERVICE_LINES),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(settings.LANGUAGES)  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, listing: Listing) -> dict[str, Any]:
        return {
            "kind": listing.kind,
            "title": listing.title,
            "body": listing.body,
            "partner_role": listing.partner_role,
            "language": listing.language,
            "service_lines": list(listing.service_lines.all()),
        }
