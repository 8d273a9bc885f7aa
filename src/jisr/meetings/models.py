"""Meeting requests between participants; schedules come later in this app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.core.models import MissionScopedQuerySet


class MeetingRequest(models.Model):
    """One person asks another for a 1:1 meeting during a mission."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("meeting request status", "Pending")
        ACCEPTED = "accepted", pgettext_lazy("meeting request status", "Accepted")
        DECLINED = "declined", pgettext_lazy("meeting request status", "Declined")
        CANCELLED = "cancelled", pgettext_lazy("meeting request status", "Cancelled")

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="meeting_requests"
    )
    requester = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="sent_meeting_requests"
    )
    recipient = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="received_meeting_requests"
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    decline_reason = models.TextField(_("reason"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("recipient")),
                name="no_meeting_with_oneself",
            )
        ]
        indexes = [models.Index(fields=["mission", "status"])]

    def __str__(self) -> str:
        return f"{self.requester} → {self.recipient} ({self.status})"
