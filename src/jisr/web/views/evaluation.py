"""Buyer scorecards (private to the buyer's organization) and the AHP pairwise form."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jisr.core.errors import DomainError
from jisr.core.i18n import isolate
from jisr.directory.models import Certification, Language, ServiceLine
from jisr.engine.evaluation import CONSISTENCY_THRESHOLD, EvaluationError
from jisr.engine.evaluation.scorecard import WeightSet
from jisr.evaluation import criteria as crit
from jisr.evaluation.models import PairwiseJudgment, Scorecard
from jisr.evaluation.queries import (
    access_provider,
    access_scorecard,
    evaluate,
    needs_of,
    ratings_of,
)
from jisr.evaluation.services import (
    check_judgment,
    rate_provider,
    save_direct_weights,
    save_judgment,
    save_scorecard_settings,
)
from jisr.missions.models import Mission
from jisr.missions.queries import access_mission
from jisr.web import explanations

# Saaty's 1-9 scale: the value of a[i][j], from "i extremely more important" to its inverse.
SAATY_VALUES = [*(str(n) for n in range(9, 1, -1)), "1", *(f"1/{n}" for n in range(2, 10))]
STRENGTHS = {
    1: gettext_lazy("equal"),
    3: gettext_lazy("moderately more important"),
    5: gettext_lazy("strongly more important"),
    7: gettext_lazy("very strongly more important"),
    9: gettext_lazy("extremely more important"),
}


# Forms -------------------------------------------------------------------------------


class SettingsForm(forms.Form):
    method = forms.ChoiceField(
        label=gettext_lazy("Ranking method"),
        choices=Scorecard.Method.choices,
        widget=forms.RadioSelect,
    )
    criteria = forms.MultipleChoiceField(
        label=gettext_lazy("Criteria"), widget=forms.CheckboxSelectMultiple
    )
    required_certifications = forms.MultipleChoiceField(
        label=gettext_lazy("Required certifications"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required_languages = forms.MultipleChoiceField(
        label=gettext_lazy("Required languages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required_service_lines = forms.MultipleChoiceField(
        label=gettext_lazy("Required service lines"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criteria"].choices = [  # type: ignore[attr-defined]
            (key, explanations.criterion_label(key)) for key in crit.CRITERION_KEYS
        ]
        for name, model in (
            ("required_certifications", Certification),
            ("required_languages", Language),
            ("required_service_lines", ServiceLine),
        ):
            self.fields[name].choices = [  # type: ignore[attr-defined]
                (t.code, isolate(t.name)) for t in model.objects.all()
            ]

    def clean_criteria(self) -> list[str]:
        chosen: list[str] = self.cleaned_data["criteria"]
        if len(chosen) < 2:
            raise forms.ValidationError(_("Choose at least two criteria."))
        return chosen


def weights_form(keys: tuple[str, ...], data: Any = None, initial: Any = None) -> forms.Form:
    form = forms.Form(data, initial=initial)
    for key in keys:
        form.fields[key] = forms.FloatField(
            label=explanations.criterion_label(key),
            min_value=0,
            max_value=100,
            help_text=explanations.criterion_help(key),
            widget=forms.NumberInput(attrs={"step": "any"}),
        )
    return form


def pair_field(a: str, b: str) -> forms.ChoiceField:
    """One judgment: how much more important ``a`` is than ``b`` (or the reverse)."""
    label_a, label_b = explanations.criterion_label(a), explanations.criterion_label(b)
    choices = []
    for value in SAATY_VALUES:
        number = Fraction(value)
        if number == 1:
            text = _("%(a)s and %(b)s equally important (1)") % {"a": label_a, "b": label_b}
        else:
            winner, strength = (label_a, int(number)) if number > 1 else (label_b, int(1 / number))
            text = _("%(winner)s %(strength)s (%(value)s)") % {
                "winner": winner,
                "strength": STRENGTHS.get(strength, _("in between")),
                "value": strength,
            }
        choices.append((value, text))
    return forms.ChoiceField(
        label=_("%(a)s compared with %(b)s") % {"a": label_a, "b": label_b}, choices=choices
    )


def pairwise_form(keys: tuple[str, ...], data: Any = None, matrix: Any = None) -> forms.Form:
    form = forms.Form(data)
    for i, a in enumerate(keys):
        for j in range(i + 1, len(keys)):
            name = f"pair_{i}_{j}"
            form.fields[name] = pair_field(a, keys[j])
            form.fields[name].initial = _saaty_text(matrix[i][j]) if matrix else "1"
    return form


def matrix_from(form: forms.Form, n: int) -> list[list[float]]:
    """The reciprocal matrix of a valid pairwise form (upper triangle typed)."""
    matrix = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            value = float(Fraction(form.cleaned_data[f"pair_{i}_{j}"]))
            matrix[i][j], matrix[j][i] = value, 1.0 / value
    return matrix


def _saaty_text(value: float) -> str:
    closest = min(SAATY_VALUES, key=lambda text: abs(float(Fraction(text)) - value))
    return closest


def rating_form(
    scored: crit.ScoredProvider | None, data: Any = None, initial: Any = None
) -> forms.Form:
    form = forms.Form(data, initial=initial)
    for criterion in crit.CRITERIA:
        low, high = crit.UNIT_RANGES[criterion.unit]
        derived = scored.derived[criterion.key] if scored else None
        help_text = explanations.criterion_help(criterion.key)
        if criterion.key not in crit.MANUAL and derived is not None:
            help_text = _("%(help)s From the profile: %(value)s. Leave empty to use it.") % {
                "help": help_text,
                "value": f"{derived:.1f}",
            }
        form.fields[criterion.key] = forms.FloatField(
            label=_("%(criterion)s (%(unit)s)")
            % {
                "criterion": explanations.criterion_label(criterion.key),
                "unit": explanations.criterion_unit(criterion.unit),
            },
            required=False,
            min_value=low,
            max_value=high,
            help_text=help_text,
            widget=forms.NumberInput(attrs={"step": "any"}),
        )
    return form


# Views -------------------------------------------------------------------------------


def _scorecard_context(
    request: HttpRequest, slug: str
) -> tuple[Mission, Any, Scorecard] | HttpResponse:
    mission = access_mission(request.user, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    person, scorecard = access_scorecard(request.user, mission)
    return mission, person, scorecard


def scorecard(request: HttpRequest, slug: str) -> HttpResponse:
    found = _scorecard_context(request, slug)
    if isinstance(found, HttpResponse):
        return found
    mission, person, card = found
    settings_form = SettingsForm(
        initial={
            "method": card.method,
            "criteria": card.criteria,
            "required_certifications": card.required_certifications,
            "required_languages": card.required_languages,
            "required_service_lines": card.required_service_lines,
        }
    )
    return _render_scorecard(request, mission, person, card, settings_form=settings_form)


def _render_scorecard(
    request: HttpRequest,
    mission: Mission,
    person: Any,
    card: Scorecard,
    *,
    settings_form: forms.Form,
    weights: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    keys = tuple(c.key for c in crit.criteria_in_use(card.criteria))
    names = explanations.Names.load()
    context: dict[str, Any] = {
        "mission": mission,
        "person": person,
        "scorecard": card,
        "settings_form": settings_form,
        "weights_form": weights
        or weights_form(keys, initial={k: card.direct_weights.get(k, 1) for k in keys}),
        "criteria": [
            {
                "key": k,
                "label": explanations.criterion_label(k),
                "help": explanations.criterion_help(k),
            }
            for k in keys
        ],
        "method_label": explanations.method_label(card.method),
    }
    try:
        result = evaluate(card, mission)
    except EvaluationError as error:
        context["error"] = explanations.evaluation_error(error)
    else:
        context.update(_ranking_context(result, keys, names))
    return render(request, "jisr/evaluation/scorecard.html", context, status=status)


def _ranking_context(
    result: Any, keys: tuple[str, ...], names: explanations.Names
) -> dict[str, Any]:
    entries = result.ranking.entries
    largest = (
        max((abs(v) for entry in entries for v in entry.contributions.values()), default=0.0) or 1.0
    )
    rows = []
    for entry in entries:
        scored = result.providers[entry.candidate.id]
        rows.append(
            {
                "rank": entry.rank,
                "organization": scored.organization,
                "score": entry.score,
                "cells": [
                    {
                        "key": key,
                        "label": explanations.criterion_label(key),
                        "value": scored.values[key],
                        "typed": key in scored.overridden,
                        "manual": key in crit.MANUAL,
                        "contribution": entry.contributions[key],
                        "width": round(100 * abs(entry.contributions[key]) / largest),
                        "negative": entry.contributions[key] < 0,
                    }
                    for key in keys
                ],
            }
        )
    by_id = {pid: p.organization for pid, p in result.providers.items()}
    excluded: dict[str, dict[str, Any]] = {}
    for exclusion in result.ranking.excluded:
        item = excluded.setdefault(
            exclusion.candidate_id,
            {"organization": by_id[exclusion.candidate_id], "reasons": []},
        )
        item["reasons"].append(
            explanations.exclusion_sentence(exclusion.attribute, exclusion.missing, names)
        )
    comparison = result.comparison
    weights: WeightSet = result.weights
    return {
        "rows": rows,
        "excluded": list(excluded.values()),
        "weights": [
            {
                "label": explanations.criterion_label(k),
                "percent": round(100 * weights.weights[k], 1),
                "spread": (
                    [round(100 * x, 1) for x in weights.spread[k]] if weights.spread else None
                ),
            }
            for k in keys
        ],
        "weight_set": weights,
        "worst_pair": _worst_pair(weights),
        "judges": result.judges,
        "disagree": comparison.disagree,
        "top_by_method": [
            {
                "method": explanations.method_label(method),
                "names": [by_id[pid].name for pid in top],
            }
            for method, top in comparison.top_k.items()
        ],
        "top_k": min(comparison.k, len(entries)),
        "constant": (
            explanations.constant_criteria_sentence(result.ranking.constant_criteria)
            if result.ranking.constant_criteria
            else ""
        ),
    }


def _worst_pair(weights: WeightSet) -> dict[str, str] | None:
    if not weights.worst_judgment:
        return None
    a, b = weights.worst_judgment
    return {
        "a": explanations.criterion_label(a),
        "b": explanations.criterion_label(b),
        "suggested": _saaty_text(weights.suggested_value or 1.0),
    }


@require_POST
def scorecard_settings(request: HttpRequest, slug: str) -> HttpResponse:
    found = _scorecard_context(request, slug)
    if isinstance(found, HttpResponse):
        return found
    mission, person, card = found
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            save_scorecard_settings(
                person,
                method=form.cleaned_data["method"],
                weighting=card.weighting,
                criteria=form.cleaned_data["criteria"],
                required_certifications=form.cleaned_data["required_certifications"],
                required_languages=form.cleaned_data["required_languages"],
                required_service_lines=form.cleaned_data["required_service_lines"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("Your scorecard settings are saved."))
            return redirect("web:scorecard", slug)
    return _render_scorecard(request, mission, person, card, settings_form=form, status=400)


@require_POST
def scorecard_weights(request: HttpRequest, slug: str) -> HttpResponse:
    found = _scorecard_context(request, slug)
    if isinstance(found, HttpResponse):
        return found
    mission, person, card = found
    keys = tuple(c.key for c in crit.criteria_in_use(card.criteria))
    form = weights_form(keys, data=request.POST)
    if form.is_valid():
        try:
            save_direct_weights(person, weights=form.cleaned_data)
        except EvaluationError as error:
            form.add_error(None, explanations.evaluation_error(error))
        else:
            messages.success(request, _("Your weights are saved."))
            return redirect("web:scorecard", slug)
    settings_form = SettingsForm(initial={"method": card.method, "criteria": card.criteria})
    return _render_scorecard(
        request, mission, person, card, settings_form=settings_form, weights=form, status=400
    )


def pairwise(request: HttpRequest, slug: str) -> HttpResponse:
    """The member's own AHP matrix: one judgment per pair of criteria on Saaty's scale."""
    found = _scorecard_context(request, slug)
    if isinstance(found, HttpResponse):
        return found
    mission, person, card = found
    keys = tuple(c.key for c in crit.criteria_in_use(card.criteria))
    own = (
        PairwiseJudgment.objects.filter(scorecard=card, person=person).first() if card.pk else None
    )
    matrix = own.matrix if own and own.criteria == list(keys) else None
    form = pairwise_form(
        keys, data=request.POST if request.method == "POST" else None, matrix=matrix
    )
    feedback: dict[str, Any] | None = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                judgment = matrix_from(form, len(keys))
                weights = check_judgment(keys, judgment)
                save_judgment(person, matrix=judgment)
            except EvaluationError as error:
                form.add_error(None, explanations.evaluation_error(error))
                status = 400
            else:
                if weights.consistency_warning:
                    messages.warning(
                        request,
                        _(
                            "Saved. Your comparisons are inconsistent (CR %(cr)s above 0.10): "
                            "consider revising them."
                        )
                        % {"cr": f"{weights.consistency_ratio:.2f}"},
                    )
                else:
                    messages.success(request, _("Your comparisons are saved."))
                return redirect("web:scorecard", slug)
        else:
            status = 400
    elif matrix is not None:
        feedback = _feedback(keys, matrix)
    return render(
        request,
        "jisr/evaluation/pairwise.html",
        {
            "mission": mission,
            "scorecard": card,
            "form": form,
            "feedback": feedback,
            "criteria": [explanations.criterion_label(k) for k in keys],
            "outdated": own is not None and matrix is None,
        },
        status=status,
    )


@require_POST
def pairwise_check(request: HttpRequest, slug: str) -> HttpResponse:
    """Live consistency feedback (HTMX): CR, warning and the judgment to revisit; saves nothing."""
    found = _scorecard_context(request, slug)
    if isinstance(found, HttpResponse):
        return found
    _mission, _person, card = found
    keys = tuple(c.key for c in crit.criteria_in_use(card.criteria))
    form = pairwise_form(keys, data=request.POST)
    if not form.is_valid():
        feedback: dict[str, Any] = {"error": _("Choose a value on the scale for every pair.")}
    else:
        feedback = _feedback(keys, matrix_from(form, len(keys)))
    return render(request, "jisr/evaluation/_consistency.html", {"feedback": feedback})


def _feedback(keys: tuple[str, ...], matrix: list[list[float]]) -> dict[str, Any]:
    try:
        weights = check_judgment(keys, matrix)
    except EvaluationError as error:
        return {"error": explanations.evaluation_error(error)}
    return {
        "cr": weights.consistency_ratio,
        "threshold": CONSISTENCY_THRESHOLD,
        "warning": weights.consistency_warning,
        "worst_pair": _worst_pair(weights) if weights.consistency_warning else None,
        "weights": [
            {
                "label": explanations.criterion_label(k),
                "percent": round(100 * weights.weights[k], 1),
            }
            for k in keys
        ],
    }


def provider_rating(request: HttpRequest, slug: str, provider_id: int) -> HttpResponse:
    """The buyer's 1-5 ratings and overrides for one provider."""
    found = _scorecard_context(request, slug)
    if isinstance(found, HttpResponse):
        return found
    mission, person, card = found
    provider = access_provider(mission, provider_id)
    scored = crit.score_providers([provider], needs_of(card, mission), {})[0]
    typed = {key: value for (pid, key), value in ratings_of(card).items() if pid == provider.pk}
    status = 200
    if request.method == "POST":
        form = rating_form(scored, data=request.POST)
        if form.is_valid():
            try:
                rate_provider(person, provider=provider, values=form.cleaned_data)
            except DomainError as error:
                form.add_error(
                    error.field if error.field in form.fields else None, str(error.message)
                )
            else:
                messages.success(request, _("Your ratings are saved."))
                return redirect("web:scorecard", slug)
        status = 400
    else:
        form = rating_form(scored, initial=typed)
    return render(
        request,
        "jisr/evaluation/rating.html",
        {"mission": mission, "provider": provider, "form": form, "manual": crit.MANUAL},
        status=status,
    )
