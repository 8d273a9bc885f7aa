"""Offers and requests that participants post on a mission's marketplace.

Language model: **one language tag per listing**. A listing is written in one language
(English, French or Arabic) and carries that tag; a company that wants to reach readers
in another language posts a second listing. This keeps the searchable text in plain
columns (house style: "searchable fields stay plain columns with a language tag"), lets
readers filter by the language they read, and avoids half-translated versions drifting
apart. Structure follows the EEN partnering profile: a title, a full description and
the role expected of the partner.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.core.models import MissionScopedQuerySet

TITLE_MAX = 200
BODY_MAX = 4000
PARTNER_ROLE_MAX = 2000
MAX_SERVICE_LINES = 5


class Listing(models.Model):
    """An offer ("we offer a nearshore Java team of 20") or a request ("we seek 24/7
    helpdesk in French and English") by one organization in one mission."""

    class Kind(models.TextChoices):
        OFFER = "offer", pgettext_lazy("listing kind", "Offer")
        REQUEST = "request", pgettext_lazy("listing kind", "Request")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("listing status", "Active")
        CLOSED = "closed", pgettext_lazy("listing status", "Closed")

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="listings"
    )
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="listings"
    )
    author = models.ForeignKey(
        "directory.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="listings",
        verbose_name=_("author"),
    )
    kind = models.CharField(
        pgettext_lazy("listing kind", "Kind"), max_length=10, choices=Kind.choices
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("description"), max_length=BODY_MAX)
    partner_role = models.TextField(
        _("what you expect from a partner"), max_length=PARTNER_ROLE_MAX, blank=True
    )
    language = models.CharField(
        _("language of this listing"), max_length=8, choices=settings.LANGUAGES
    )
    service_lines = models.ManyToManyField(
        "directory.ServiceLine", blank=True, related_name="+", verbose_name=_("service lines")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # Folded text of title, body, partner role, organization and service lines in every
    # language; rebuilt by the services on every write.
    search_document = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-updated", "-id"]
        verbose_name = _("marketplace listing")
        verbose_name_plural = _("marketplace listings")
        indexes = [models.Index(fields=["mission", "status", "kind"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"
