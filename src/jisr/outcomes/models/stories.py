"""Success stories: testimonials written by participants about one relationship.

Publication rule (defined once, in ``queries.published_stories``, and for one story in
``rules.is_published``): a story is public only when

1. both organizations of the relationship have an active consent (``StoryConsent`` with
   ``withdrawn_at`` null), and
2. an organizer of the mission approved it (``approved_at`` set).

Withdrawing a consent unpublishes at once. Editing the title, text or language after a
consent withdraws every consent and the approval, since consent was given to the
earlier wording. ``featured`` is the organizers' choice of stories for the "Why
Morocco" page; the mission page shows every published story, featured ones first.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.core.models import MissionScopedQuerySet

TITLE_MAX = 200
TEXT_MAX = 4000


class SuccessStory(models.Model):
    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="success_stories"
    )
    relationship = models.ForeignKey(
        "outcomes.Relationship", on_delete=models.CASCADE, related_name="stories"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    text = models.TextField(_("story"))
    # Whose words are quoted; a person of either organization of the relationship.
    quote_author = models.ForeignKey(
        "directory.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("quoted person"),
    )
    written_by = models.ForeignKey(
        "directory.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    featured = models.BooleanField(_("featured"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-featured", "-created", "-id"]
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")

    def __str__(self) -> str:
        return self.title


class StoryConsent(models.Model):
    """One organization's consent to publish a story: who gave it, when, and whether and
    when it was withdrawn. Withdrawn rows stay as the record."""

    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="+")
    story = models.ForeignKey(SuccessStory, on_delete=models.CASCADE, related_name="consents")
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="+"
    )
    given_by = models.ForeignKey(
        "directory.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField(_("consent given"))
    withdrawn_by = models.ForeignKey(
        "directory.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["story_id", "given_at", "id"]
        verbose_name = _("story consent")
        verbose_name_plural = _("story consents")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "organization"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.story_id} · {self.organization_id}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None
