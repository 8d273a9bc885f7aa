"""The audit log page: what the mission's organizers did, filterable and paged."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from jisr.missions.audit import CATEGORY_LABELS, access_audit_log, audit_actors, audit_entries
from jisr.missions.models import Mission
from jisr.web.audit_texts import action_label
from jisr.web.pagination import paginate

PAGE_SIZE = 50
# Details longer than this are cut on the page; the full entry stays in the database.
DETAIL_MAX = 200


class AuditFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("What"), required=False)
    actor = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Everything")), *CATEGORY_LABELS.items()]  # type: ignore[attr-defined]
        self.fields["actor"].choices = [("", _("Anyone")), *audit_actors(mission)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data


def _details(data: Any) -> list[tuple[str, str]]:
    """An entry's data as short (key, value) pairs; lists and objects show their size."""
    if not isinstance(data, dict):
        return []
    pairs = []
    for key, value in data.items():
        text = str(len(value)) if isinstance(value, list | dict) else str(value)
        pairs.append((str(key), text[:DETAIL_MAX]))
    return pairs


@login_required
def audit_log(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_audit_log(request.user, slug)
    form = AuditFilterForm(request.GET or None, mission=mission)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = audit_entries(
        mission,
        category=data.get("category") or "",
        actor_id=data.get("actor"),
        since=data.get("since"),
        until=data.get("until"),
    )
    page, querystring = paginate(request, entries, PAGE_SIZE)
    rows = [
        {"entry": entry, "label": action_label(entry.action), "details": _details(entry.data)}
        for entry in page
    ]
    template = (
        "jisr/missions/_audit_table.html"
        if request.headers.get("HX-Request")
        else ("jisr/missions/audit.html")
    )
    return render(
        request,
        template,
        {"mission": mission, "form": form, "page": page, "rows": rows, "querystring": querystring},
    )
