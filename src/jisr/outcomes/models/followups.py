"""Follow-up reminders after a mission, and the answers they ask for.

``FollowUpReminder`` is the send log: one row per participant and kind (1 and 6 months
after the mission's end date). The unique constraint makes sending idempotent: a row is
written in the same transaction that queues the e-mail, so a second run, or two runs at
once, never e-mail anyone twice.

``PartnershipRating`` is the b2match-style answer to the six-month question "how did
this partnership turn out?", one per relationship and side, editable later.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.core.models import MissionScopedQuerySet

COMMENT_MAX = 1000


class FollowUpReminder(models.Model):
    class Kind(models.TextChoices):
        ONE_MONTH = "1m", pgettext_lazy("follow-up reminder", "One month after the mission")
        SIX_MONTHS = "6m", pgettext_lazy("follow-up reminder", "Six months after the mission")

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="follow_up_reminders"
    )
    person = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="follow_up_reminders"
    )
    kind = models.CharField(_("kind"), max_length=2, choices=Kind.choices)
    # The address and language the e-mail went to, as they were at sending time.
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=8)
    sent_at = models.DateTimeField(_("sent"))

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("follow-up reminder")
        verbose_name_plural = _("follow-up reminders")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind}"


class PartnershipRating(models.Model):
    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="partnership_ratings"
    )
    relationship = models.ForeignKey(
        "outcomes.Relationship", on_delete=models.CASCADE, related_name="ratings"
    )
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="+"
    )
    # 1 (nothing came of it) to 5 (an excellent partnership).
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)
    rated_by = models.ForeignKey(
        "directory.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(_("rated"))

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["relationship_id", "organization_id"]
        verbose_name = _("partnership rating")
        verbose_name_plural = _("partnership ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "organization"], name="one_rating_per_side"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="rating_from_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relationship_id} · {self.organization_id}: {self.rating}"
