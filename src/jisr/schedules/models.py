"""Schedule runs, the draft and published schedule, and publications.

One ``ScheduledMeeting`` row per accepted request and version: the draft rows are the
organizer's working copy (replaced only by a successful run), the published rows are
what participants see. A published meeting keeps its ``uuid`` for ever and bumps
``sequence`` whenever it moves or is cancelled, as iCalendar UID and SEQUENCE expect;
it is never deleted, only marked cancelled.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.core.models import MissionScopedQuerySet


class ScheduleRun(models.Model):
    """One run of the scheduling engine: its input, output, progress and outcome."""

    class Kind(models.TextChoices):
        SOLVE = "solve", pgettext_lazy("schedule run kind", "Full schedule")
        GREEDY = "greedy", pgettext_lazy("schedule run kind", "Quick baseline")
        RESCHEDULE = "reschedule", pgettext_lazy("schedule run kind", "Minimal-change update")

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("schedule run status", "Queued")
        RUNNING = "running", pgettext_lazy("schedule run status", "Running")
        SUCCEEDED = "succeeded", pgettext_lazy("schedule run status", "Succeeded")
        FAILED = "failed", pgettext_lazy("schedule run status", "Failed")
        CANCELLED = "cancelled", pgettext_lazy("schedule run status", "Cancelled")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="schedule_runs"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SOLVE)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # time_limit (s), workers, seed, fairness (max - min breaks, null = no cap), travel_slots
    parameters = models.JSONField(_("parameters"), default=dict)
    instance = models.JSONField(_("engine instance"), default=dict)
    # Engine output: {"slots": [...], "tables": [...], "status", "objective", "bound", ...}
    solution = models.JSONField(_("engine solution"), null=True, blank=True)
    # Maps engine ids back to rows: {"meetings": {"r12": 12}, "slots": [...], "tables": [...]}
    mapping = models.JSONField(default=dict)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    objective = models.IntegerField(_("objective"), null=True, blank=True)
    bound = models.IntegerField(_("bound"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), default=0)
    progress_updated = models.DateTimeField(_("progress updated"), null=True, blank=True)
    summary = models.JSONField(_("result summary"), default=dict, blank=True)
    # A code from ``jisr.web.schedule_texts`` (shown translated) and technical detail.
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    error_message = models.TextField(_("error detail"), blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        indexes = [models.Index(fields=["mission", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def gap(self) -> float | None:
        """Relative gap between the best schedule and the proven bound (0 = optimal)."""
        if self.objective is None or self.bound is None:
            return None
        if self.objective == 0:
            return 0.0
        return max(0.0, (self.objective - self.bound) / abs(self.objective))

    @property
    def weight_figures(self) -> tuple[int, int] | None:
        """(priority weight held, its proved upper bound) of a finished solve, when the
        engine stated both; equal when no schedule can hold more."""
        breakdown = (self.solution or {}).get("breakdown") or {}
        held, bound = breakdown.get("weighted"), breakdown.get("weighted_bound")
        if not isinstance(held, int) or not isinstance(bound, int):
            return None
        return (held, bound)

    @property
    def time_limit(self) -> float:
        return float(self.parameters.get("time_limit", 0) or 0)


class ScheduledMeeting(models.Model):
    """An accepted meeting request placed in a slot at a table, in one version."""

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("scheduled meeting state", "Draft")
        PUBLISHED = "published", pgettext_lazy("scheduled meeting state", "Published")
        CANCELLED = "cancelled", pgettext_lazy("scheduled meeting state", "Cancelled")

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="scheduled_meetings"
    )
    run = models.ForeignKey(
        ScheduleRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    request = models.ForeignKey(
        "meetings.MeetingRequest", on_delete=models.CASCADE, related_name="scheduled_meetings"
    )
    slot = models.ForeignKey(
        "missions.Slot", on_delete=models.PROTECT, related_name="scheduled_meetings"
    )
    table = models.ForeignKey(
        "missions.Table",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scheduled_meetings",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("A locked meeting keeps its slot in later runs.")
    )
    uuid = models.UUIDField(default=uuid.uuid4, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["slot__start", "table__label", "id"]
        verbose_name = _("scheduled meeting")
        verbose_name_plural = _("scheduled meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(state="draft"),
                name="one_draft_meeting_per_request",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=~models.Q(state="draft"),
                name="one_published_meeting_per_request",
            ),
            models.UniqueConstraint(
                fields=["uuid"],
                condition=~models.Q(state="draft"),
                name="unique_published_meeting_uuid",
            ),
            # A table holds one meeting per slot, in the draft and in the published
            # schedule: the last line of defence against two writers double-booking it.
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=models.Q(state="draft"),
                name="one_draft_meeting_per_table_and_slot",
            ),
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=models.Q(state="published"),
                name="one_published_meeting_per_table_and_slot",
            ),
        ]
        indexes = [models.Index(fields=["mission", "state"])]

    def __str__(self) -> str:
        return f"{self.request_id} @ {self.slot_id} ({self.state})"


class Publication(models.Model):
    """One publication of a mission's schedule; the latest one is the live version."""

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="schedule_publications"
    )
    version = models.PositiveIntegerField(_("version"))
    run = models.ForeignKey(
        ScheduleRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    # {"added": n, "moved": n, "cancelled": n, "notified": n}
    changes = models.JSONField(default=dict, blank=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("schedule publication")
        verbose_name_plural = _("schedule publications")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "version"], name="one_publication_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mission_id} v{self.version}"


class PublicationNotice(models.Model):
    """The e-mail a publication owes one participant, with what it says (the changes of
    their meetings, frozen at publication) and whether it went out.

    A worker sends it after the publication commits; the row makes sending safe to run
    again: a notice marked sent is never sent a second time, one that failed waits for
    the organizer's retry."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("notice status", "waiting to be sent")
        SENT = "sent", pgettext_lazy("notice status", "sent")
        FAILED = "failed", pgettext_lazy("notice status", "failed")

    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="+")
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="notices")
    person = models.ForeignKey("directory.Person", on_delete=models.CASCADE, related_name="+")
    first = models.BooleanField(default=False)  # "your agenda is ready" vs "has changed"
    # [{"kind", "request_id", "other_id", "online", "before": {...}|None, "after": ...}]
    changes = models.JSONField(default=list)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "person"], name="one_notice_per_publication_and_person"
            )
        ]
        indexes = [models.Index(fields=["publication", "status"])]

    def __str__(self) -> str:
        return f"notice of v{self.publication_id} to {self.person_id} ({self.status})"
