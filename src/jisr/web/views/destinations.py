"""Destination comparison (a GSLI-style index) and "Why Morocco", public in a mission."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jisr.core.errors import DomainError, PermissionDenied
from jisr.engine.evaluation import EvaluationError
from jisr.engine.evaluation.destination_data import PILLARS, WHY_MOROCCO
from jisr.engine.evaluation.destinations import destination_index
from jisr.engine.matching import WorkingDay, overlap_hours
from jisr.evaluation import rules
from jisr.evaluation.queries import access_country, destination_view
from jisr.evaluation.services import (
    SourcedValue,
    add_destination,
    remove_destination,
    save_destination_values,
    save_destination_weights,
)
from jisr.missions.queries import access_mission
from jisr.web import explanations
from jisr.web.fields import CountryField

# North American business centres whose overlap with Casablanca the page computes.
NORTH_AMERICAN_ZONES = (
    "America/New_York",
    "America/Toronto",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
)
FACT_GROUPS = (
    (
        "trade",
        gettext_lazy("Trade with the United States"),
        {"fta_signed", "fta_in_force", "fta_ict_services_principles"},
    ),
    ("parks", gettext_lazy("Offshoring parks"), {"offshoring_park"}),
    (
        "languages",
        gettext_lazy("Languages"),
        {"official_languages", "business_language", "multilingual_workforce"},
    ),
    ("sector", gettext_lazy("The outsourcing sector"), {"gsli_rank", "outsourcing_sector"}),
    ("time", gettext_lazy("Time zone"), {"time_zone"}),
)


def weights_form(data: Any = None, initial: Any = None) -> forms.Form:
    form = forms.Form(data, initial=initial)
    for pillar in PILLARS:
        form.fields[pillar] = forms.FloatField(
            label=explanations.pillar_label(pillar),
            min_value=0,
            max_value=100,
            widget=forms.NumberInput(attrs={"step": "any"}),
        )
    return form


class CountryForm(forms.Form):
    country = CountryField(label=gettext_lazy("Country"))


def values_form(row: Any, data: Any = None) -> forms.Form:
    """Per pillar: a value and its source; the source is required with a value."""
    initial: dict[str, Any] = {}
    for cell in row.cells:
        if cell.value:
            initial.update(
                {
                    f"{cell.pillar}_value": cell.value.value,
                    f"{cell.pillar}_title": cell.value.source_title,
                    f"{cell.pillar}_site": cell.value.source_site,
                    f"{cell.pillar}_published": cell.value.source_published,
                    f"{cell.pillar}_url": cell.value.source_url,
                }
            )
    form = forms.Form(data, initial=initial)
    for pillar in PILLARS:
        label = explanations.pillar_label(pillar)
        form.fields[f"{pillar}_value"] = forms.FloatField(
            label=_("%(pillar)s: value") % {"pillar": label}, required=False
        )
        form.fields[f"{pillar}_title"] = forms.CharField(
            label=_("%(pillar)s: source title") % {"pillar": label}, required=False, max_length=300
        )
        form.fields[f"{pillar}_site"] = forms.CharField(
            label=_("%(pillar)s: publisher or site") % {"pillar": label},
            required=False,
            max_length=200,
        )
        form.fields[f"{pillar}_published"] = forms.CharField(
            label=_("%(pillar)s: published (date or edition)") % {"pillar": label},
            required=False,
            max_length=60,
        )
        form.fields[f"{pillar}_url"] = forms.URLField(
            label=_("%(pillar)s: source address") % {"pillar": label},
            required=False,
            assume_scheme="https",
        )
    return form


def _sourced_values(form: forms.Form) -> dict[str, SourcedValue | None]:
    out: dict[str, SourcedValue | None] = {}
    for pillar in PILLARS:
        data = form.cleaned_data
        value = data[f"{pillar}_value"]
        if value is None:
            out[pillar] = None
            continue
        if not (data[f"{pillar}_title"] and data[f"{pillar}_site"] and data[f"{pillar}_published"]):
            form.add_error(
                f"{pillar}_title", _("A value needs its source: title, publisher and date.")
            )
            continue
        out[pillar] = SourcedValue(
            value=value,
            title=data[f"{pillar}_title"],
            site=data[f"{pillar}_site"],
            published=data[f"{pillar}_published"],
            url=data[f"{pillar}_url"],
        )
    return out


def destinations(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    return _render_destinations(request, mission)


def _render_destinations(
    request: HttpRequest,
    mission: Any,
    *,
    weights: forms.Form | None = None,
    country: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    view = destination_view(mission)
    context: dict[str, Any] = {
        "mission": mission,
        "pillars": [(p, explanations.pillar_label(p)) for p in PILLARS],
        "rows": view.rows,
        "weights": [(explanations.pillar_label(p), view.weights[p]) for p in PILLARS],
        "can_edit": rules.can_edit_destinations(request.user, mission),
        "weights_form": weights or weights_form(initial=view.weights),
        "country_form": country or CountryForm(),
    }
    try:
        ranking = destination_index(view.scores(), view.weights)
    except EvaluationError as error:
        context["index_error"] = explanations.evaluation_error(error)
    else:
        largest = (
            max((v for e in ranking.entries for v in e.contributions.values()), default=0) or 1
        )
        context["ranking"] = [
            {
                "country": entry.country,
                "rank": entry.rank,
                "index": entry.index,
                "parts": [
                    {
                        "label": explanations.pillar_label(p),
                        "value": entry.contributions[p],
                        "width": round(100 * entry.contributions[p] / largest),
                    }
                    for p in ranking.used_pillars
                ],
            }
            for entry in ranking.entries
        ]
        context["skipped"] = [explanations.pillar_label(p) for p in ranking.skipped_pillars]
    return render(request, "jisr/evaluation/destinations.html", context, status=status)


def _organizer_only(request: HttpRequest, mission: Any) -> None:
    if not rules.can_edit_destinations(request.user, mission):
        raise PermissionDenied(_("Only the mission's organizers edit the comparison."))


@require_POST
def destination_weights(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    _organizer_only(request, mission)
    form = weights_form(request.POST)
    if form.is_valid():
        try:
            save_destination_weights(mission, by=request.user, weights=form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The weights are saved."))
            return redirect("web:destinations", slug)
    return _render_destinations(request, mission, weights=form, status=400)


@require_POST
def destination_add(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    _organizer_only(request, mission)
    form = CountryForm(request.POST)
    if form.is_valid():
        try:
            add_destination(mission, by=request.user, country=form.cleaned_data["country"])
        except DomainError as error:
            form.add_error("country", str(error.message))
        else:
            return redirect("web:destinations", slug)
    return _render_destinations(request, mission, country=form, status=400)


@require_POST
def destination_remove(request: HttpRequest, slug: str, country: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    access_country(request.user, mission, country)
    remove_destination(mission, by=request.user, country=country)
    return redirect("web:destinations", slug)


def destination_edit(request: HttpRequest, slug: str, country: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    row = access_country(request.user, mission, country)
    status = 200
    if request.method == "POST":
        form = values_form(row, request.POST)
        if form.is_valid():
            values = _sourced_values(form)
            if not form.errors:
                try:
                    save_destination_values(
                        mission, by=request.user, country=row.country, values=values
                    )
                except DomainError as error:
                    form.add_error(None, str(error.message))
                else:
                    messages.success(request, _("The values are saved."))
                    return redirect("web:destinations", slug)
        status = 400
    else:
        form = values_form(row)
    pillars = [
        (
            explanations.pillar_label(p),
            [form[f"{p}_{part}"] for part in ("value", "title", "site", "published", "url")],
        )
        for p in PILLARS
    ]
    return render(
        request,
        "jisr/evaluation/destination_edit.html",
        {"mission": mission, "row": row, "form": form, "pillars": pillars},
        status=status,
    )


def why_morocco(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    names = explanations.Names.load()
    groups = []
    for key, title, fact_keys in FACT_GROUPS:
        facts = [
            {
                "text": explanations.fact_sentence(fact, names),
                "sources": [
                    {"line": explanations.source_line(source), "url": source.url}
                    for source in fact.sources
                ],
            }
            for fact in WHY_MOROCCO
            if fact.key in fact_keys
        ]
        groups.append({"key": key, "title": title, "facts": facts})
    return render(
        request,
        "jisr/evaluation/why_morocco.html",
        {
            "mission": mission,
            "groups": groups,
            "overlaps": overlap_rows(mission.start_date),
            "reference_date": mission.start_date,
        },
    )


def overlap_rows(day: dt.date) -> list[dict[str, Any]]:
    """Shared office hours between Casablanca and North American cities on ``day``,
    09:00-18:00 local on both sides, with each zone's UTC offset that day."""
    working_day = WorkingDay(reference_date=day)
    noon = dt.datetime.combine(day, dt.time(12))
    casablanca = _offset(noon, "Africa/Casablanca")
    return [
        {
            "zone": zone,
            "offset": _offset(noon, zone),
            "home_offset": casablanca,
            "hours": overlap_hours("Africa/Casablanca", zone, working_day),
        }
        for zone in NORTH_AMERICAN_ZONES
    ]


def _offset(moment: dt.datetime, zone: str) -> str:
    delta = moment.replace(tzinfo=ZoneInfo(zone)).utcoffset() or dt.timedelta()
    hours = delta.total_seconds() / 3600
    return f"UTC{hours:+g}"
