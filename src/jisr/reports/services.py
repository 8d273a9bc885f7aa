"""Writes of the reports app: asking for a report file, and building it (in a worker)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jisr.core.errors import PermissionDenied
from jisr.core.services import log_activity
from jisr.missions.models import Mission
from jisr.reports import rules
from jisr.reports.models import ReportExport
from jisr.reports.queries import Filters

logger = logging.getLogger(__name__)
# Files are kept this long, then the daily clean-up deletes them.
KEEP_EXPORTS = timedelta(days=7)


def request_export(
    mission: Mission, *, by: rules.User, kind: str, filters: Filters, language: str
) -> ReportExport:
    """Queue the building of a report file; a worker builds it (``build_export``)."""
    from jisr.reports.tasks import build_report_export

    if not rules.can_see_reports(by, mission):
        raise PermissionDenied(_("Only the organizers of this mission can export its report."))
    with transaction.atomic():
        export: ReportExport = ReportExport.objects.create(
            mission=mission,
            requested_by=by,
            kind=ReportExport.Kind(kind),
            filters=dataclasses.asdict(filters),
            language=language,
        )
        log_activity(
            export,
            action="reports.export_requested",
            actor=by,
            mission=mission,
            data={"kind": kind},
        )
        # Enqueued in the same transaction: the task row and the export commit together.
        build_report_export.enqueue(export.pk)
    return export


def export_for_link(
    mission: Mission, *, by: rules.User, kind: str, filters: Filters, language: str
) -> ReportExport:
    """The export an old direct report link (``report.xlsx``, ``report.pdf``) leads to:
    the same person's identical export still being built, else a new one. Following the
    link twice while a worker builds the file queues one build, not two; a finished
    file is not reused, so the link always gives today's figures."""
    building: ReportExport | None = (
        ReportExport.objects.for_mission(mission)
        .filter(
            requested_by=by if getattr(by, "is_authenticated", False) else None,
            kind=kind,
            filters=dataclasses.asdict(filters),
            language=language,
            status__in=(ReportExport.Status.QUEUED, ReportExport.Status.RUNNING),
        )
        .first()
    )
    if building is not None:
        return building
    return request_export(mission, by=by, kind=kind, filters=filters, language=language)


def _progress(export_id: int, percent: int) -> None:
    ReportExport.objects.filter(pk=export_id).update(progress=percent)


def build_export(export_id: int) -> str:
    """Build and store the file of ``export_id``; returns its status. Safe to run again
    (a re-queued task after a lost worker): a finished export is left as it is."""
    from jisr.reports import pdf, xlsx

    claimed = ReportExport.objects.filter(
        pk=export_id,
        status__in=[ReportExport.Status.QUEUED, ReportExport.Status.RUNNING],
    ).update(status=ReportExport.Status.RUNNING, progress=5)
    export = ReportExport.objects.select_related("mission").get(pk=export_id)
    if not claimed:
        return str(export.status)
    filters = Filters(**export.filters)
    stamp = timezone.localdate().isoformat()
    name = f"{slugify(export.mission.slug)}-report-{stamp}.{export.kind}"
    try:
        with translation.override(export.language):
            if export.kind == ReportExport.Kind.PDF:
                html = pdf.mission_report_html(export.mission, filters, language=export.language)
                _progress(export_id, 40)
                import weasyprint

                content: bytes = weasyprint.HTML(string=html).write_pdf()
            else:
                workbook = xlsx.mission_workbook(export.mission, filters)
                _progress(export_id, 70)
                buffer = io.BytesIO()
                workbook.save(buffer)
                content = buffer.getvalue()
        _progress(export_id, 90)
        export.file.save(name, ContentFile(content), save=False)
    except Exception as error:
        logger.exception("Report export %s failed", export_id)
        ReportExport.objects.filter(pk=export_id).update(
            status=ReportExport.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished=timezone.now(),
        )
        return str(ReportExport.Status.FAILED)
    ReportExport.objects.filter(pk=export_id).update(
        status=ReportExport.Status.DONE,
        progress=100,
        file=export.file.name,
        size=len(content),
        finished=timezone.now(),
    )
    return str(ReportExport.Status.DONE)


def delete_old_exports(*, now: dt.datetime | None = None) -> int:
    """Delete the files and rows of exports older than ``KEEP_EXPORTS``; returns how many."""
    cutoff = (now or timezone.now()) - KEEP_EXPORTS
    count = 0
    for export in ReportExport.objects.filter(created__lt=cutoff):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        count += 1
    return count
