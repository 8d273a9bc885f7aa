"""The agenda as a PDF: the day-by-day agenda, then one table card per meeting with a QR
code, for venues where the network fails.

WeasyPrint shapes Arabic itself (HarfBuzz) and isolates ``<bdi>`` like a browser; the
template sets ``lang`` and ``dir`` and isolates names, times and table labels with the
``bdi`` filter (``jisr_text``), which the bidi algorithm would otherwise reorder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from jisr.outcomes.agenda import Agenda, Entry
from jisr.web.agenda.qr import qr_data_uri

CONTENT_TYPE = "application/pdf"


def agenda_pdf(
    agenda: Agenda,
    *,
    language: str,
    agenda_url: str,
    meeting_url: Callable[[Entry], str],
    badge: tuple[str, str] | None = None,
) -> bytes:
    """Render ``agenda`` in ``language``; QR codes lead to the agenda and to each
    meeting's confirmation page. ``badge`` is the check-in QR code (a data URI) and the
    printed code, shown beside the agenda's QR code."""
    cards: list[dict[str, Any]] = [
        {"entry": entry, "url": meeting_url(entry), "qr": qr_data_uri(meeting_url(entry))}
        for entry in agenda.meetings
        if not entry.cancelled and not entry.online  # an online meeting has no table
    ]
    with translation.override(language):
        html = render_to_string(
            "jisr/agenda/pdf.html",
            {
                "agenda": agenda,
                "mission": agenda.mission,
                "person": agenda.person,
                "cards": cards,
                "agenda_url": agenda_url,
                "agenda_qr": qr_data_uri(agenda_url, scale=3),
                "language": language,
                "badge_qr": badge[0] if badge else "",
                "badge_code": badge[1] if badge else "",
                "direction": "rtl" if translation.get_language_bidi() else "ltr",
            },
        )
    # Imported here: WeasyPrint is slow to import and logs while it loads its own
    # stylesheets, which every management command would otherwise print.
    import weasyprint

    document: bytes = weasyprint.HTML(string=html).write_pdf()
    return document
