"""The mission report for sponsors as a PDF: a cover with the mission's name and dates,
the headline figures, the charts, the pipeline funnel and the published success stories.

WeasyPrint shapes Arabic itself; the template sets ``lang`` and ``dir``, and the charts'
bars grow from the inline start in either direction (see ``present``).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from jisr.directory.models import ServiceLine
from jisr.missions.models import Mission
from jisr.reports import present
from jisr.reports.pipeline import published_stories
from jisr.reports.queries import Filters, mission_figures

CONTENT_TYPE = "application/pdf"


def mission_report_html(mission: Mission, filters: Filters, *, language: str) -> str:
    with translation.override(language):
        figures = mission_figures(mission, filters)
        rtl = bool(translation.get_language_bidi())
        return render_to_string(
            "jisr/reports/pdf.html",
            {
                "mission": mission,
                "figures": figures,
                "stories": published_stories(mission, filters),
                "filters": filters,
                "headline": present.headline(figures),
                "charts": present.charts(figures, rtl=rtl),
                "service_line": _service_line_name(filters.service_line),
                "language": language,
                "direction": "rtl" if rtl else "ltr",
                "printed": timezone.now(),
            },
        )


def _service_line_name(code: str) -> str:
    line = ServiceLine.objects.filter(code=code).first() if code else None
    return line.name if line else code


def mission_report(mission: Mission, filters: Filters, *, language: str) -> bytes:
    """The report in ``language`` under ``filters``."""
    html = mission_report_html(mission, filters, language=language)
    # Imported here: WeasyPrint is slow to import and logs while loading its stylesheets.
    import weasyprint

    document: bytes = weasyprint.HTML(string=html).write_pdf()
    return document
