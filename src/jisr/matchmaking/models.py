"""Marks, commercial data, the embedding cache and precomputed recommendations."""

from __future__ import annotations

import numpy as np
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.core.models import MissionScopedQuerySet


class Mark(models.Model):
    """What one organization said about meeting another: the matching engine's marks.

    Marks are private to the organization that set them; the ranking uses them as
    ``jisr.engine.matching.MarkPolicy`` documents.
    """

    class Kind(models.TextChoices):
        MUST_MEET = "must_meet", pgettext_lazy("mark", "Must meet")
        WOULD_LIKE = "would_like", pgettext_lazy("mark", "Would like to meet")
        NOT_INTERESTED = "not_interested", pgettext_lazy("mark", "Not interested")

    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="+")
    by_organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="marks_given"
    )
    by_person = models.ForeignKey(
        "directory.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="marks_received"
    )
    kind = models.CharField(_("mark"), max_length=20, choices=Kind.choices)
    updated = models.DateTimeField(auto_now=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(fields=["by_organization", "target"], name="one_mark_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(by_organization=models.F("target")),
                name="no_mark_on_oneself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.by_organization_id} → {self.target_id}: {self.kind}"


class CommercialProfile(models.Model):
    """Commercial fields the directory lacks, used by matching.

    For a buyer: the team it wants staffed and its budget; for a provider: its rates.
    Both bands are in US dollars per person-day, so the engine compares like with like.
    """

    organization = models.OneToOneField(
        "directory.Organization", on_delete=models.CASCADE, related_name="commercial_profile"
    )
    team_size = models.PositiveIntegerField(
        _("team size wanted"), null=True, blank=True, help_text=_("Buyers only.")
    )
    band_low = models.DecimalField(
        _("lowest daily rate or budget (USD)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    band_high = models.DecimalField(
        _("highest daily rate or budget (USD)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("commercial profile")
        verbose_name_plural = _("commercial profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(band_low__isnull=True)
                | models.Q(band_high__isnull=True)
                | models.Q(band_low__lte=models.F("band_high")),
                name="band_low_not_above_high",
            )
        ]

    def __str__(self) -> str:
        return str(self.organization)


class EmbeddingCacheEntry(models.Model):
    """One text embedding, keyed by the engine's ``cache_key(model version, text)``.

    Content-addressed and shared by every mission: the key is a hash, the text itself is
    not stored, so nothing of one mission is readable from another.
    """

    key = models.CharField(max_length=64, primary_key=True)
    model_version = models.CharField(max_length=100)
    dimension = models.PositiveIntegerField()
    vector = models.BinaryField()  # little-endian float32
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("text embedding")
        verbose_name_plural = _("text embeddings")

    def __str__(self) -> str:
        return self.key

    def as_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.vector), dtype="<f4").reshape(self.dimension)


class RecommendationRun(models.Model):
    """One precomputation of a mission's recommendations, for missions too large to
    compute on request; the newest finished run is what pages show."""

    class Status(models.TextChoices):
        RUNNING = "running", pgettext_lazy("recommendation run", "Running")
        DONE = "done", pgettext_lazy("recommendation run", "Done")
        FAILED = "failed", pgettext_lazy("recommendation run", "Failed")

    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="+")
    k = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-started", "-id"]
        verbose_name = _("recommendation run")
        verbose_name_plural = _("recommendation runs")

    def __str__(self) -> str:
        return f"{self.mission_id} {self.started:%Y-%m-%d %H:%M} {self.status}"


class Recommendation(models.Model):
    """A stored suggestion: ``candidate`` for ``viewer``, with the engine's reasons."""

    run = models.ForeignKey(
        RecommendationRun, on_delete=models.CASCADE, related_name="recommendations"
    )
    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="+")
    viewer = models.ForeignKey("directory.Organization", on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    rank_score = models.FloatField()
    compatibility = models.FloatField()
    reasons = models.JSONField(default=list)  # [{"code", "params", "weight"}]

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["run", "viewer", "position"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [models.Index(fields=["run", "viewer", "position"])]

    def __str__(self) -> str:
        return f"{self.viewer_id} → {self.candidate_id} #{self.position}"
