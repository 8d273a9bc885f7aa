"""The check-in QR code of a badge: it encodes the organizers' check-in address with the
code, so a phone's own camera app opens the page ready to confirm, and the scanning
page reads the code from it."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from jisr.meetings.notifications import site_url
from jisr.outcomes.models import Badge
from jisr.web.agenda.qr import qr_data_uri


def check_in_url(badge: Badge, *, slug: str, language: str) -> str:
    with translation.override(language):
        path = reverse("web:check_in", args=[slug])
    return f"{site_url()}{path}?code={badge.code}"


def badge_qr(badge: Badge, *, slug: str, language: str) -> str:
    return qr_data_uri(check_in_url(badge, slug=slug, language=language), scale=4)
