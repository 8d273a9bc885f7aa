"""Buyer scorecards (private to the buyer's organization) and destination comparisons."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.core.models import MissionScopedQuerySet


class Scorecard(models.Model):
    """How one buyer organization ranks the mission's providers.

    ``criteria`` lists the criterion keys in use (a subset of ``jisr.evaluation.criteria``,
    in that order); the weights are typed directly or come from the members' AHP matrices.
    Must-haves are taxonomy codes that every ranked provider has to hold.
    """

    class Method(models.TextChoices):
        WEIGHTED_SUM = "weighted_sum", _("Weighted sum")
        TOPSIS = "topsis", "TOPSIS"
        PROMETHEE_II = "promethee_ii", "PROMETHEE II"

    class Weighting(models.TextChoices):
        DIRECT = "direct", _("Direct weights")
        AHP = "ahp", _("Pairwise comparisons (AHP)")

    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="+")
    organization = models.OneToOneField(
        "directory.Organization", on_delete=models.CASCADE, related_name="scorecard"
    )
    method = models.CharField(
        _("ranking method"), max_length=20, choices=Method.choices, default=Method.WEIGHTED_SUM
    )
    weighting = models.CharField(
        pgettext_lazy("scorecard", "weighting"),
        max_length=10,
        choices=Weighting.choices,
        default=Weighting.DIRECT,
    )
    criteria = models.JSONField(default=list)
    direct_weights = models.JSONField(default=dict, blank=True)
    required_certifications = models.JSONField(default=list, blank=True)
    required_languages = models.JSONField(default=list, blank=True)
    required_service_lines = models.JSONField(default=list, blank=True)
    updated = models.DateTimeField(auto_now=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")

    def __str__(self) -> str:
        return str(self.organization)


class PairwiseJudgment(models.Model):
    """One member's AHP matrix for a scorecard; the group's weights combine them all.

    ``criteria`` records the order of the matrix's rows, so a matrix entered before the
    criteria changed is recognised as out of date rather than misread.
    """

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="judgments")
    person = models.ForeignKey("directory.Person", on_delete=models.CASCADE, related_name="+")
    criteria = models.JSONField(default=list)
    matrix = models.JSONField(default=list)  # n x n floats, reciprocal, diagonal 1
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pairwise judgment")
        verbose_name_plural = _("pairwise judgments")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "person"], name="one_matrix_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.scorecard} / {self.person}"


class ProviderRating(models.Model):
    """The buyer's own value for one provider and criterion.

    For the manual criteria (cost, references, financial stability) it is a 1-5 rating;
    for derived criteria it overrides the value computed from the profile.
    """

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    provider = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="+"
    )
    criterion = models.CharField(max_length=40)
    value = models.FloatField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("provider rating")
        verbose_name_plural = _("provider ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "provider", "criterion"], name="one_rating_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.criterion}={self.value}"


class DestinationTable(models.Model):
    """A mission's destination comparison: its pillar weights and its countries."""

    mission = models.OneToOneField(
        "missions.Mission", on_delete=models.CASCADE, related_name="destination_table"
    )
    weights = models.JSONField(default=dict)  # pillar -> weight (any positive scale)
    updated = models.DateTimeField(auto_now=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("destination comparison")
        verbose_name_plural = _("destination comparisons")

    def __str__(self) -> str:
        return str(self.mission)


class Destination(models.Model):
    table = models.ForeignKey(DestinationTable, on_delete=models.CASCADE, related_name="countries")
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code, e.g. MA"))

    class Meta:
        ordering = ["country"]
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        constraints = [
            models.UniqueConstraint(fields=["table", "country"], name="one_row_per_country")
        ]

    def __str__(self) -> str:
        return self.country


class DestinationValue(models.Model):
    """A pillar score with the source it was taken from; no value without a source."""

    destination = models.ForeignKey(Destination, on_delete=models.CASCADE, related_name="values")
    pillar = models.CharField(max_length=40)
    value = models.FloatField()
    source_title = models.CharField(_("source title"), max_length=300)
    source_site = models.CharField(_("publisher or site"), max_length=200)
    source_published = models.CharField(_("published"), max_length=60)
    source_url = models.URLField(_("source address"), blank=True)

    class Meta:
        verbose_name = _("destination value")
        verbose_name_plural = _("destination values")
        constraints = [
            models.UniqueConstraint(fields=["destination", "pillar"], name="one_value_per_pillar")
        ]

    def __str__(self) -> str:
        return f"{self.destination} {self.pillar}={self.value}"
