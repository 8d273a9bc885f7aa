"""Forms of the scheduling console and the grid editor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jisr.missions.models import Mission, Venue
from jisr.schedules.grid import SessionSpec
from jisr.web import fields


class RunForm(forms.Form):
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"), min_value=1, max_value=3600, initial=30
    )
    workers = forms.IntegerField(label=_("Workers"), min_value=1, max_value=16, initial=2)
    seed = forms.IntegerField(label=_("Random seed"), min_value=0, max_value=10**6, initial=1)
    fairness = forms.IntegerField(
        label=_("Fairness: largest difference in breaks between two participants"),
        min_value=0,
        max_value=50,
        initial=2,
        required=False,
        help_text=_("Leave empty for no limit."),
    )
    travel_slots = forms.IntegerField(
        label=_("Free slots to change venue within a city"), min_value=0, max_value=8, initial=1
    )

    def parameters(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class MeetingDayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    venue = fields.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none())

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.for_mission(mission)  # type: ignore[attr-defined]


class SlotsForm(forms.Form):
    """A day's sessions, e.g. 09:00-12:30 and 14:00-17:30, cut into slots."""

    morning_start = forms.TimeField(
        label=_("Morning from"),
        required=False,
        initial=dt.time(9, 0),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    morning_end = forms.TimeField(
        label=_("Morning until"),
        required=False,
        initial=dt.time(12, 30),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    afternoon_start = forms.TimeField(
        label=_("Afternoon from"),
        required=False,
        initial=dt.time(14, 0),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    afternoon_end = forms.TimeField(
        label=_("Afternoon until"),
        required=False,
        initial=dt.time(17, 30),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    slot_minutes = forms.IntegerField(
        label=_("Slot length (minutes)"), min_value=5, max_value=240, initial=30
    )
    gap_minutes = forms.IntegerField(
        label=_("Pause between slots (minutes)"), min_value=0, max_value=120, initial=0
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sessions: list[SessionSpec] = []
        for block in ("morning", "afternoon"):
            start, end = data.get(f"{block}_start"), data.get(f"{block}_end")
            if bool(start) != bool(end):
                self.add_error(f"{block}_end", _("Give both the start and the end, or neither."))
            elif start and end:
                if end <= start:
                    self.add_error(f"{block}_end", _("A session must end after it starts."))
                else:
                    sessions.append(SessionSpec(block, start, end))
        if not sessions and not self.errors:
            raise forms.ValidationError(_("Give at least one session."))
        data["sessions"] = sessions
        return data


class TablesForm(forms.Form):
    venue = fields.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none())
    count = forms.IntegerField(
        label=_("Number of tables to add"), min_value=1, max_value=200, initial=10
    )
    prefix = forms.CharField(label=_("Label prefix"), max_length=10, initial="T", required=False)

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.for_mission(mission)  # type: ignore[attr-defined]
