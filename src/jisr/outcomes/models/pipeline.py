"""The partnership pipeline between one buyer and one provider of a mission.

A ``Relationship`` moves through ``Stage`` values. Either side proposes a stage (a
``StageChange`` row, pending); it counts only once the other side confirms it, and then
``Relationship.stage`` becomes that stage. ``stage`` is empty until a first stage is
confirmed (a relationship created by hand starts with a pending "lead"); one created
from mutual interest after a held meeting starts confirmed as "lead", since both sides
already said so in their feedback.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.core.models import MissionScopedQuerySet

NOTE_MAX = 1000


class Stage(models.TextChoices):
    LEAD = "lead", pgettext_lazy("pipeline stage", "Lead")
    NDA = "nda", pgettext_lazy("pipeline stage", "NDA signed")
    PROPOSAL = "proposal", pgettext_lazy("pipeline stage", "Proposal")
    PILOT = "pilot", pgettext_lazy("pipeline stage", "Pilot project")
    CONTRACT = "contract", pgettext_lazy("pipeline stage", "Contract signed")
    CLOSED = "closed", pgettext_lazy("pipeline stage", "Closed")
    LOST = "lost", pgettext_lazy("pipeline stage", "Lost")


# The forward order of the pipeline; closed and lost end it at any point.
PIPELINE = [Stage.LEAD, Stage.NDA, Stage.PROPOSAL, Stage.PILOT, Stage.CONTRACT]


class Relationship(models.Model):
    class Origin(models.TextChoices):
        INTEREST = (
            "interest",
            pgettext_lazy("relationship origin", "Mutual interest after a meeting"),
        )
        MANUAL = "manual", pgettext_lazy("relationship origin", "Added by a participant")

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="relationships"
    )
    buyer = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="buyer_relationships",
        verbose_name=_("buyer"),
    )
    provider = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="provider_relationships",
        verbose_name=_("provider"),
    )
    # The last stage both sides confirmed; empty until the first confirmation.
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, blank=True)
    stage_confirmed_at = models.DateTimeField(_("stage confirmed"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    # The meeting whose mutual interest created it (origin "interest").
    meeting = models.ForeignKey(
        "schedules.ScheduledMeeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["buyer__name", "provider__name", "id"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "buyer", "provider"], name="one_relationship_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.buyer_id} ↔ {self.provider_id}: {self.stage or '-'}"

    def side_of(self, organization_id: int | None) -> str:
        """ "buyer", "provider" or "" for an organization outside the relationship."""
        if organization_id == self.buyer_id:
            return "buyer"
        if organization_id == self.provider_id:
            return "provider"
        return ""

    def other_side(self, organization_id: int) -> int:
        return self.provider_id if organization_id == self.buyer_id else self.buyer_id


class StageChange(models.Model):
    """One side's proposal of a stage, and the other side's answer to it."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("stage change status", "Waiting for confirmation")
        CONFIRMED = "confirmed", pgettext_lazy("stage change status", "Confirmed by both sides")
        DECLINED = "declined", pgettext_lazy("stage change status", "Declined")
        SUPERSEDED = "superseded", pgettext_lazy("stage change status", "Replaced")

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="stage_changes"
    )
    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="changes")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Null organization and person: proposed by Jisr itself (mutual interest).
    proposed_by_organization = models.ForeignKey(
        "directory.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    proposed_by = models.ForeignKey(
        "directory.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed"))
    note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True)
    answered_by = models.ForeignKey(
        "directory.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["relationship_id", "proposed_at", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        constraints = [
            models.UniqueConstraint(
                fields=["relationship"],
                condition=models.Q(status="pending"),
                name="one_pending_stage_change",
            )
        ]

    def __str__(self) -> str:
        return f"{self.relationship_id}: {self.stage} ({self.status})"

    @property
    def pending(self) -> bool:
        return self.status == self.Status.PENDING


def next_stage(stage: str) -> str:
    """The stage a proposal most likely moves to: the next in ``PIPELINE``; "lead" for a
    relationship without a confirmed stage; the same stage at the end or after closing."""
    if not stage:
        return Stage.LEAD.value
    if stage not in PIPELINE:
        return stage
    return PIPELINE[min(PIPELINE.index(Stage(stage)) + 1, len(PIPELINE) - 1)].value
