"""Recommended for you, and must meet / would like / not interested marks."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from jisr.core.errors import DomainError, PermissionDenied
from jisr.directory.models import Organization
from jisr.matchmaking import rules
from jisr.matchmaking.models import Mark
from jisr.matchmaking.queries import (
    ORDER_FIT,
    ORDER_MARKS,
    access_mark_target,
    commercial_profile_of,
    mark_of,
    recommendations_for,
)
from jisr.matchmaking.services import clear_mark, save_commercial_profile, set_mark
from jisr.missions.queries import access_mission, person_for
from jisr.web import explanations

RECOMMENDATIONS_SHOWN = 10


def recommended(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request.user, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person = person_for(request.user, mission)
    if not rules.has_recommendations(person):
        raise PermissionDenied(
            _("Recommendations are for the buyers and providers of this mission.")
        )
    assert person is not None
    names = explanations.Names.load()
    for_buyer = person.organization.kind == Organization.Kind.BUYER
    choice = ListChoice(request.GET)
    order, mark = choice.chosen()
    items = [
        {
            "organization": item.organization,
            "percent": round(100 * item.compatibility),
            "mark": item.mark,
            "mark_label": explanations.mark_label(item.mark) if item.mark else "",
            "reasons": [
                {
                    "text": explanations.reason_sentence(reason, names, for_buyer=for_buyer),
                    "caveat": explanations.is_caveat(reason),
                }
                for reason in item.reasons
            ],
        }
        for item in recommendations_for(
            person, mission, RECOMMENDATIONS_SHOWN, order=order, mark=mark
        )
    ]
    return render(
        request,
        "jisr/matchmaking/recommended.html",
        {
            "mission": mission,
            "person": person,
            "items": items,
            "mark_choices": _mark_choices(),
            "choice": choice,
            "order": order,
            "mark": mark,
        },
    )


class ListChoice(forms.Form):
    """What the recommendations page lists: which marks, in which order (GET)."""

    mark = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=[
            ("", gettext_lazy("All suggestions")),
            ("marked", gettext_lazy("Marked by your organization")),
            (Mark.Kind.MUST_MEET, pgettext_lazy("mark", "Must meet")),
            (Mark.Kind.WOULD_LIKE, pgettext_lazy("mark", "Would like to meet")),
        ],
    )
    order = forms.ChoiceField(
        label=gettext_lazy("Order"),
        required=False,
        choices=[
            (ORDER_FIT, gettext_lazy("Best fit first")),
            (ORDER_MARKS, gettext_lazy("Your marks first, then by fit")),
        ],
    )

    def chosen(self) -> tuple[str, str]:
        """(order, mark); unknown values fall back to the default (by fit, all)."""
        if not self.is_valid():
            return ORDER_FIT, ""
        return self.cleaned_data["order"] or ORDER_FIT, self.cleaned_data["mark"] or ""


@require_http_methods(["GET", "POST"])
def mark(request: HttpRequest, slug: str, organization_id: int) -> HttpResponse:
    """GET: the signed-in participant's mark buttons for one organization (an HTMX
    fragment on the profile page, or a page without JavaScript). POST: set or clear it."""
    mission = access_mission(request.user, slug)
    if not request.user.is_authenticated:
        if request.headers.get("HX-Request"):
            return HttpResponse("")
        return redirect_to_login(request.get_full_path())
    try:
        person, target = access_mark_target(request.user, mission, organization_id)
    except PermissionDenied:
        if request.method == "GET" and request.headers.get("HX-Request"):
            return HttpResponse("")  # organizers and same-side visitors see no buttons
        raise
    error = ""
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind == "clear":
            clear_mark(person, target=target)
        elif kind in Mark.Kind.values:
            set_mark(person, target=target, kind=kind)
        else:
            error = _("Choose must meet, would like to meet or not interested.")
        if not request.headers.get("HX-Request") and not error:
            profile = reverse("web:organization", args=[slug, organization_id])
            return redirect(_safe_next(request, default=profile))
    context = {
        "mission": mission,
        "target": target,
        "current": mark_of(person.organization, target),
        "mark_choices": _mark_choices(),
        "error": error,
    }
    template = (
        "jisr/matchmaking/_mark_buttons.html"
        if request.headers.get("HX-Request")
        else "jisr/matchmaking/mark_page.html"
    )
    return render(request, template, context, status=400 if error else 200)


def _mark_choices() -> list[tuple[str, str]]:
    return [(kind, explanations.mark_label(kind)) for kind in Mark.Kind.values]


def _safe_next(request: HttpRequest, *, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


class CommercialForm(forms.Form):
    team_size = forms.IntegerField(
        label=gettext_lazy("Team size you want staffed"),
        required=False,
        min_value=0,
        max_value=100_000,
    )
    band_low = forms.DecimalField(
        label=gettext_lazy("Lowest daily rate (USD per person-day)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
    )
    band_high = forms.DecimalField(
        label=gettext_lazy("Highest daily rate (USD per person-day)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
    )


@require_http_methods(["GET", "POST"])
def matching_profile(request: HttpRequest, slug: str) -> HttpResponse:
    """Team size and budget (buyers) or rates (providers), used by the matching."""
    mission = access_mission(request.user, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person = person_for(request.user, mission)
    if not rules.has_recommendations(person):
        raise PermissionDenied(
            _("Recommendations are for the buyers and providers of this mission.")
        )
    assert person is not None
    is_buyer = person.organization.kind == Organization.Kind.BUYER
    current = commercial_profile_of(person.organization)
    if request.method == "POST":
        form = CommercialForm(request.POST)
        if form.is_valid():
            try:
                save_commercial_profile(person, **form.cleaned_data)
            except DomainError as error:
                form.add_error(
                    error.field if error.field in form.fields else None, str(error.message)
                )
            else:
                messages.success(request, _("Your matching details are saved."))
                return redirect("web:recommended", slug)
        status = 400
    else:
        form = CommercialForm(initial=current)
        status = 200
    if not is_buyer:
        del form.fields["team_size"]
    else:
        form.fields["band_low"].label = _("Lowest daily budget (USD per person-day)")
        form.fields["band_high"].label = _("Highest daily budget (USD per person-day)")
    return render(
        request,
        "jisr/matchmaking/matching_profile.html",
        {"mission": mission, "form": form, "is_buyer": is_buyer},
        status=status,
    )
