"""Attendance, and the private calendar feed that carries each participant's agenda to
their calendar app.

An ``Attendance`` row is one side's answer to "did this meeting take place?": both
participants answer separately, so a no-show reported by one side stays visible even
when the other side says nothing (or disagrees).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.core.models import MissionScopedQuerySet


class Attendance(models.Model):
    class Outcome(models.TextChoices):
        HELD = "held", pgettext_lazy("attendance outcome", "Took place")
        NO_SHOW = "no_show", pgettext_lazy("attendance outcome", "Did not take place")

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="attendances"
    )
    meeting = models.ForeignKey(
        "schedules.ScheduledMeeting",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("meeting"),
    )
    # The side that answered: the meeting request's requester or recipient.
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("confirmed by"),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("account"),
    )
    recorded_at = models.DateTimeField(_("confirmed at"))
    created = models.DateTimeField(auto_now_add=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["meeting_id", "recorded_at", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_answer_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.person_id}: {self.outcome}"

    @property
    def held(self) -> bool:
        return self.outcome == self.Outcome.HELD


class CalendarFeed(models.Model):
    """The secret address of one person's agenda feed, for calendar subscriptions.

    Calendar apps cannot log in, so the token in the URL is the only credential. It is
    kept readable (not hashed) because the agenda page shows the address again every
    time, as calendar services do; it grants read access to one agenda only, and the
    person can reset it, which makes the old address answer 404.
    """

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    person = models.OneToOneField(
        "directory.Person", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.person_id} ({self.mission_id})"
