"""Cross-cutting models: the activity log and mission scoping helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jisr.missions.models import Mission


class MissionScopedQuerySet(models.QuerySet):  # type: ignore[type-arg]
    """Every mission-scoped query starts here, so forgetting the filter is visible."""

    def for_mission(self, mission: Mission) -> MissionScopedQuerySet:
        return self.filter(mission=mission)


class ActivityLogEntry(models.Model):
    """Who did what to which object; written by services, read by organizers."""

    mission = models.ForeignKey(
        "missions.Mission", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"


def describe(obj: Any) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)
