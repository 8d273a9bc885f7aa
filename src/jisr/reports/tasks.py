"""Background tasks of the reports app."""

from __future__ import annotations

from django_tasks import task

from jisr.reports.services import build_export


@task()
def build_report_export(export_id: int) -> str:
    """Build the PDF or XLSX file of a ``ReportExport``; returns its final status."""
    return build_export(export_id)
