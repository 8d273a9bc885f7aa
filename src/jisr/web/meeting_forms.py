"""Forms of the meeting pages. Services validate again; these only shape input."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.directory.models import Organization, Person
from jisr.marketplace.models import Listing
from jisr.meetings.models import (
    MESSAGE_MAX,
    REASON_MAX,
    VIDEO_URL_MAX,
    MeetingPolicy,
    MeetingRequest,
    OnlineMeetings,
    pair_key,
)
from jisr.web import fields


class MeetingRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say who you are and what you would like to discuss."),
    )
    listing = forms.TypedChoiceField(
        label=_("About a listing (optional)"), required=False, coerce=int, empty_value=None
    )
    online = forms.BooleanField(
        label=_("Meet online, by video call"),
        required=False,
        help_text=_("An online meeting needs no table: only a slot you both have free."),
    )
    video_url = forms.CharField(
        label=_("Video link (optional)"),
        required=False,
        max_length=VIDEO_URL_MAX,
        help_text=_("An https link to your call. Empty: Jisr gives the meeting its own link."),
        widget=forms.URLInput(attrs={"dir": "ltr", "inputmode": "url"}),
    )

    def __init__(
        self,
        *args: Any,
        listings: Iterable[Listing] = (),
        online: bool = False,
        has_pattern: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["listing"].choices = [("", _("No listing"))] + [  # type: ignore[attr-defined]
            (listing.pk, f"{listing.get_kind_display()}: {listing.title}") for listing in listings
        ]
        if not online:
            del self.fields["online"]
            del self.fields["video_url"]
        elif not has_pattern:
            self.fields["video_url"].label = _("Video link")
            self.fields["video_url"].help_text = _(
                "An https link to your call, e.g. https://meet.example/room. You can also "
                "agree on one later."
            )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The requester sees this reason."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def pair_choices() -> list[tuple[str, str]]:
    """Every unordered pair of organization kinds, labelled "Buyer ↔ Provider"."""
    kinds = list(Organization.Kind.choices)
    choices = []
    for i, (code_a, label_a) in enumerate(kinds):
        for code_b, label_b in kinds[i:]:
            choices.append((pair_key(code_a, code_b), f"{label_a} ↔ {label_b}"))
    return choices


class PolicyForm(forms.Form):
    allowed_pairs = forms.MultipleChoiceField(
        label=_("Who may request meetings with whom"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accepting_requests = forms.BooleanField(
        label=_("Participants may send new requests"),
        required=False,
        help_text=_("Turn off to freeze requests, for example while the schedule is built."),
    )
    max_open_sent = forms.IntegerField(
        label=_("Open requests a person may send"),
        min_value=0,
        max_value=500,
        required=False,
        help_text=_("Pending and accepted requests sent by one person. Empty: no limit."),
    )
    max_accepted = forms.IntegerField(
        label=_("Accepted meetings per person"),
        min_value=0,
        max_value=500,
        required=False,
        help_text=_("Sent and received together. Empty: no limit."),
    )
    online_meetings = forms.ChoiceField(
        label=_("Online meetings"),
        choices=OnlineMeetings.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    video_url_pattern = forms.CharField(
        label=_("Video link pattern"),
        required=False,
        max_length=500,
        help_text=_(
            "An https address where {uid} becomes a room name of its own for each meeting, "
            "e.g. https://meet.example/jisr-{uid}. Empty: participants paste a link."
        ),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["allowed_pairs"].choices = pair_choices()  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, policy: MeetingPolicy) -> dict[str, Any]:
        return {
            "allowed_pairs": list(policy.allowed_pairs),
            "accepting_requests": policy.accepting_requests,
            "max_open_sent": policy.max_open_sent,
            "max_accepted": policy.max_accepted,
            "online_meetings": policy.online_meetings,
            "video_url_pattern": policy.video_url_pattern,
        }


class QuotaOverrideForm(forms.Form):
    person = fields.ModelChoiceField(label=_("Participant"), queryset=Person.objects.none())
    max_open_sent = forms.IntegerField(
        label=_("Open requests they may send"), min_value=0, max_value=500, required=False
    )
    max_accepted = forms.IntegerField(
        label=_("Accepted meetings for them"), min_value=0, max_value=500, required=False
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = people  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: f"{p.full_name} — {p.organization.name}"  # type: ignore[attr-defined]


class OverviewFilterForm(forms.Form):
    q = forms.CharField(label=_("Person or organization"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any")), *MeetingRequest.Status.choices]  # type: ignore[attr-defined]
