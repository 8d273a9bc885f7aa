"""Forms of the messaging pages; the limits come from jisr.messaging.models."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.messaging.models import BODY_MAX, MAX_RETENTION_DAYS, REPORT_REASON_MAX


class MessageForm(forms.Form):
    # No max_length here: the service refuses an oversized message with the count, and
    # the text stays in the box for the writer to shorten.
    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Translated per request: the language is only known now.
        self.fields["body"].help_text = _("At most %(max)d characters.") % {"max": BODY_MAX}


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this message? (optional)"),
        required=False,
        max_length=REPORT_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class MessagingSettingsForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Participants may write to each other"),
        required=False,
        help_text=_("Turn off to stop new messages; existing ones stay readable."),
    )
    retention_days = forms.IntegerField(
        label=_("Keep messages for (days after the mission ends)"),
        min_value=1,
        max_value=MAX_RETENTION_DAYS,
    )
