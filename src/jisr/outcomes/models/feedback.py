"""One side's feedback on a meeting that took place.

Visibility: the interest and the next step are seen by the author's organization and by
the mission's organizers (in aggregate reports); the private note is seen by the
author's organization only, never by the other side and never by organizers. The other
side learns about mutual interest only through the relationship it creates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.core.models import MissionScopedQuerySet

NOTE_MAX = 2000
NEXT_STEP_TEXT_MAX = 500


class MeetingFeedback(models.Model):
    class Interest(models.IntegerChoices):
        NOT_INTERESTED = 1, pgettext_lazy("meeting interest", "Not interested")
        INTERESTED = 2, pgettext_lazy("meeting interest", "Interested")
        VERY_INTERESTED = 3, pgettext_lazy("meeting interest", "Very interested")

    class NextStep(models.TextChoices):
        NONE = "none", pgettext_lazy("meeting next step", "No next step")
        CALL = "call", pgettext_lazy("meeting next step", "Follow-up call")
        INFORMATION = "information", pgettext_lazy("meeting next step", "Send more information")
        VISIT = "visit", pgettext_lazy("meeting next step", "Site visit")
        NDA = "nda", pgettext_lazy("meeting next step", "Sign an NDA")
        PROPOSAL = "proposal", pgettext_lazy("meeting next step", "Request a proposal")
        OTHER = "other", pgettext_lazy("meeting next step", "Something else")

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="meeting_feedback"
    )
    meeting = models.ForeignKey(
        "schedules.ScheduledMeeting",
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("meeting"),
    )
    # The side answering (the request's requester or recipient) and, copied from the
    # person when saving, the organization whose members may read the private note.
    person = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="meeting_feedback"
    )
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="meeting_feedback"
    )
    interest = models.PositiveSmallIntegerField(_("interest"), choices=Interest.choices)
    next_step = models.CharField(
        _("next step"), max_length=12, choices=NextStep.choices, default=NextStep.NONE
    )
    next_step_text = models.CharField(_("next step, in your words"), max_length=500, blank=True)
    private_note = models.TextField(
        _("private note"),
        blank=True,
        help_text=_("Only people of your organization can read this note."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting_id", "id"]
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_feedback_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.person_id}: {self.interest}"

    @property
    def interested(self) -> bool:
        return self.interest >= self.Interest.INTERESTED
