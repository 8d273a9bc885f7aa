"""Reports for a mission's organizers: the dashboard, the comparison of the missions they
organize, and the XLSX and PDF exports. Every figure comes from jisr.reports."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from jisr.core.i18n import active_language, country_name
from jisr.core.text import fold
from jisr.missions.models import Mission
from jisr.reports import pdf, present, services, xlsx
from jisr.reports.models import ReportExport
from jisr.reports.pipeline import published_stories
from jisr.reports.queries import (
    FilterChoices,
    Filters,
    access_report_export,
    access_report_mission,
    comparable_missions,
    figures_for,
    filter_choices,
    mission_figures,
)


class ReportFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    service_line = forms.ChoiceField(label=_("Service line"), required=False)
    side = forms.ChoiceField(
        label=pgettext_lazy("buyer or provider", "Side"),
        required=False,
        choices=[
            ("", pgettext_lazy("side", "Both sides")),
            ("buyer", _("Buyers")),
            ("provider", _("Providers")),
        ],
    )

    def __init__(self, data: object, *, choices: FilterChoices) -> None:
        super().__init__(data)
        countries = sorted(
            ((code, country_name(code)) for code in choices.countries),
            key=lambda choice: fold(choice[1]),
        )
        self.fields["country"].choices = [("", _("All countries")), *countries]
        self.fields["service_line"].choices = [
            ("", _("All service lines")),
            *choices.service_lines,
        ]

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        return Filters(**{name: self.cleaned_data[name] or "" for name in self.fields})


def _filters(request: HttpRequest, missions: list[Mission]) -> tuple[ReportFilterForm, Filters]:
    form = ReportFilterForm(request.GET, choices=filter_choices(missions))
    return form, form.filters()


def _rtl() -> bool:
    return bool(translation.get_language_bidi())


def _querystring(request: HttpRequest) -> str:
    kept = {k: v for k, v in request.GET.items() if k in ReportFilterForm.base_fields and v}
    return "&".join(f"{k}={quote(v)}" for k, v in kept.items())


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_report_mission(request.user, slug)
    form, filters = _filters(request, [mission])
    figures = mission_figures(mission, filters)
    context = {
        "mission": mission,
        "form": form,
        "figures": figures,
        "stories": published_stories(mission, filters),
        "headline": present.headline(figures),
        "charts": present.charts(figures, rtl=_rtl()),
        "querystring": _querystring(request),
        "can_compare": comparable_missions(request.user).exclude(pk=mission.pk).exists(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "jisr/reports/_figures.html", context)
    return render(request, "jisr/reports/dashboard.html", context)


@login_required
def compare(request: HttpRequest, slug: str) -> HttpResponse:
    """The headline figures of every mission the user organizes, side by side."""
    mission = access_report_mission(request.user, slug)
    missions = list(comparable_missions(request.user))
    form, filters = _filters(request, missions)
    columns = [(figures, present.headline(figures)) for figures in figures_for(missions, filters)]
    rows = [
        (figure.label, [column[1][index] for column in columns])
        for index, figure in enumerate(columns[0][1] if columns else [])
    ]
    context = {
        "mission": mission,
        "form": form,
        "missions": [figures.mission for figures, _headline in columns],
        "rows": rows,
        "querystring": _querystring(request),
    }
    if request.headers.get("HX-Request"):
        return render(request, "jisr/reports/_comparison.html", context)
    return render(request, "jisr/reports/compare.html", context)


def _file_name(mission: Mission, extension: str) -> str:
    stamp = timezone.localdate().isoformat()
    return f"{slugify(mission.slug)}-report-{stamp}.{extension}"


@login_required
@require_GET
def export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    """The old direct link to the workbook: the file is built by a worker, as from the
    page's button; this leads to its progress page."""
    return _export_from_link(request, slug, ReportExport.Kind.XLSX)


@login_required
@require_GET
def export_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The old direct link to the PDF report; see ``export_xlsx``."""
    return _export_from_link(request, slug, ReportExport.Kind.PDF)


def _export_from_link(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    mission = access_report_mission(request.user, slug)
    _form, filters = _filters(request, [mission])
    export = services.export_for_link(
        mission, by=request.user, kind=kind, filters=filters, language=active_language()
    )
    return redirect("web:reports_export", mission.slug, export.pk)


@login_required
@require_POST
def export_new(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue the PDF or XLSX file under the page's filters; a worker builds it while the
    export page shows its progress."""
    mission = access_report_mission(request.user, slug)
    form = ReportFilterForm(request.POST, choices=filter_choices([mission]))
    kind = request.POST.get("kind", "")
    if kind not in ReportExport.Kind.values:
        kind = ReportExport.Kind.PDF
    export = services.request_export(
        mission, by=request.user, kind=kind, filters=form.filters(), language=active_language()
    )
    return redirect("web:reports_export", mission.slug, export.pk)


@login_required
def export_status(request: HttpRequest, slug: str, export_id: int) -> HttpResponse:
    """The export's progress; the page polls it (HTMX) until the file can be downloaded."""
    export = access_report_export(request.user, slug, export_id)
    context = {"mission": export.mission, "export": export}
    if request.headers.get("HX-Request"):
        return render(request, "jisr/reports/_export_status.html", context)
    return render(request, "jisr/reports/export.html", context)


@login_required
def export_download(request: HttpRequest, slug: str, export_id: int) -> HttpResponse:
    export = access_report_export(request.user, slug, export_id)
    if export.status != ReportExport.Status.DONE or not export.file:
        return redirect("web:reports_export", slug, export.pk)
    content_type = pdf.CONTENT_TYPE if export.kind == ReportExport.Kind.PDF else xlsx.CONTENT_TYPE
    response = FileResponse(
        export.file.open("rb"),
        content_type=content_type,
        as_attachment=True,
        filename=_file_name(export.mission, export.kind),
    )
    response["Cache-Control"] = "private, no-store"
    return response
