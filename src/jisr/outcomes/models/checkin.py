"""On-site check-in: each participant's badge code, and their arrival on each day.

The code is printed as a QR code on the badge and the PDF agenda, and shown on the
"My next meeting" page. It is random (60 bits, Crockford base32, grouped by four for
typing), so it cannot be guessed from a name or an id; only organizers can use it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.core.models import MissionScopedQuerySet

CODE_LENGTH = 12
# Crockford's base32: no I, L, O or U, so a code read aloud or typed is not ambiguous.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class Badge(models.Model):
    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="+")
    person = models.OneToOneField(
        "directory.Person", on_delete=models.CASCADE, related_name="badge"
    )
    code = models.CharField(_("check-in code"), max_length=CODE_LENGTH, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")

    def __str__(self) -> str:
        return f"{self.person_id} ({self.mission_id})"

    @property
    def display_code(self) -> str:
        """``K7QM-4XR2-P9WT``: the code as printed and typed."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))


class CheckIn(models.Model):
    """A participant arrived on a day of the mission (a local date of the mission)."""

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="check_ins"
    )
    person = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="check_ins"
    )
    day = models.DateField(_("day"))
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_in_at", "-id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="one_check_in_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.day}"
