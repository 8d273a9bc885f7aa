"""Forms of the outcomes pages. Services validate again; these only shape input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.directory.models import Organization, Person
from jisr.outcomes.models import MeetingFeedback, Stage
from jisr.outcomes.models.feedback import NEXT_STEP_TEXT_MAX, NOTE_MAX
from jisr.outcomes.models.followups import COMMENT_MAX
from jisr.outcomes.models.pipeline import NOTE_MAX as STAGE_NOTE_MAX
from jisr.outcomes.models.stories import TEXT_MAX, TITLE_MAX
from jisr.web import fields

RATINGS = [
    (1, _("1 – nothing came of it")),
    (2, _("2")),
    (3, _("3")),
    (4, _("4")),
    (5, _("5 – an excellent partnership")),
]


class FeedbackForm(forms.Form):
    interest = forms.TypedChoiceField(
        label=_("Your interest in working together"),
        choices=MeetingFeedback.Interest.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how interested you are.")},
    )
    next_step = forms.ChoiceField(label=_("Next step"), choices=MeetingFeedback.NextStep.choices)
    next_step_text = forms.CharField(
        label=_("Next step, in your words"), required=False, max_length=NEXT_STEP_TEXT_MAX
    )
    private_note = forms.CharField(
        label=_("Private note"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_(
            "Only people of your organization can read this note: not the other side, "
            "not the organizers."
        ),
    )


class StartForm(forms.Form):
    organization = fields.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        error_messages={"invalid_choice": _("Choose an organization from the list.")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=STAGE_NOTE_MAX)

    def __init__(self, *args: Any, counterparts: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = counterparts  # type: ignore[attr-defined]


class ProposeForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    note = forms.CharField(
        label=_("Note for the other side"), required=False, max_length=STAGE_NOTE_MAX
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How did this partnership turn out?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class StoryForm(forms.Form):
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)
    title = forms.CharField(
        label=_("Title"), max_length=TITLE_MAX, widget=forms.TextInput(attrs={"dir": "auto"})
    )
    text = forms.CharField(
        label=_("Story"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
        help_text=_(
            "It is published only when both organizations consent and an organizer "
            "approves it. Changing the text later asks both organizations again."
        ),
    )
    quote_author = fields.ModelChoiceField(
        label=_("Quoted person"),
        queryset=Person.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a person from the list.")},
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["quote_author"]
        field.queryset = people  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: f"{p.full_name} ({p.organization.name})"  # type: ignore[attr-defined]
