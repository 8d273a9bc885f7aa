"""A report file built in the background: the PDF for sponsors or the XLSX workbook of a
large mission takes too long for a request, so a worker builds it and stores it through
Django's storage API (on disk, or S3-compatible storage: see docs/deploy.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.core.models import MissionScopedQuerySet


class ReportExport(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for a worker")
        RUNNING = "running", _("being built")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=4, choices=Kind.choices)
    filters = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} report of {self.mission_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}
