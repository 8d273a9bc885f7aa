"""Meeting requests between participants, and the rules organizers set for them.

Schedules (a separate app) read ACCEPTED requests and place them in slots and tables.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.core.models import MissionScopedQuerySet

MESSAGE_MAX = 2000
REASON_MAX = 1000
OPEN_STATUSES = ("pending", "accepted")


class MeetingRequest(models.Model):
    """One person asks another for a 1:1 meeting during a mission.

    States: pending -> accepted | declined | cancelled; accepted -> cancelled. Declined
    and cancelled are final; a new request may follow them.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("meeting request status", "Pending")
        ACCEPTED = "accepted", pgettext_lazy("meeting request status", "Accepted")
        DECLINED = "declined", pgettext_lazy("meeting request status", "Declined")
        CANCELLED = "cancelled", pgettext_lazy("meeting request status", "Cancelled")

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="meeting_requests"
    )
    requester = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="sent_meeting_requests"
    )
    recipient = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="received_meeting_requests"
    )
    listing = models.ForeignKey(
        "marketplace.Listing",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_requests",
        verbose_name=_("about the listing"),
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    decline_reason = models.TextField(_("reason"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancelled_by = models.ForeignKey(
        "directory.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    responded = models.DateTimeField(_("answered"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(requester=models.F("recipient")),
                name="no_meeting_with_oneself",
            ),
            # One open request per pair of people, whichever of them asked: the service
            # checks first and explains; this index stops two racing requests.
            models.UniqueConstraint(
                Least("requester", "recipient"),
                Greatest("requester", "recipient"),
                condition=models.Q(status__in=OPEN_STATUSES),
                name="one_open_request_per_pair",
            ),
        ]
        indexes = [models.Index(fields=["mission", "status"])]

    def __str__(self) -> str:
        return f"{self.requester} → {self.recipient} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def counterpart(self, person_id: int) -> object:
        """The other side of the request, seen from ``person_id``."""
        return self.recipient if person_id == self.requester_id else self.requester


def pair_key(kind_a: str, kind_b: str) -> str:
    """An unordered pair of organization kinds, e.g. "buyer:provider"."""
    return ":".join(sorted((kind_a, kind_b)))


DEFAULT_ALLOWED_PAIRS = ["buyer:provider"]


def default_allowed_pairs() -> list[str]:
    return list(DEFAULT_ALLOWED_PAIRS)


class MeetingPolicy(models.Model):
    """Who may meet whom in a mission, and how many requests a person may have.

    A mission without a saved policy uses the defaults: buyers meet providers, no
    quotas, requests accepted while the mission is open.
    """

    mission = models.OneToOneField(
        "missions.Mission", on_delete=models.CASCADE, related_name="meeting_policy"
    )
    # Unordered pairs of organization kinds, stored as pair_key() strings.
    allowed_pairs = models.JSONField(_("who may meet whom"), default=default_allowed_pairs)
    accepting_requests = models.BooleanField(
        _("participants may send new requests"),
        default=True,
        help_text=_("Turn off to freeze requests, for example while the schedule is built."),
    )
    max_open_sent = models.PositiveSmallIntegerField(
        _("open requests a person may send"),
        null=True,
        blank=True,
        help_text=_("Pending and accepted requests sent by one person. Empty: no limit."),
    )
    max_accepted = models.PositiveSmallIntegerField(
        _("accepted meetings per person"),
        null=True,
        blank=True,
        help_text=_("Sent and received together. Empty: no limit."),
    )
    updated = models.DateTimeField(auto_now=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting policy")
        verbose_name_plural = _("meeting policies")

    def __str__(self) -> str:
        return f"{self.mission}"

    def allows(self, kind_a: str, kind_b: str) -> bool:
        return pair_key(kind_a, kind_b) in set(self.allowed_pairs or [])


class QuotaOverride(models.Model):
    """A per-person exception to the mission's quotas; an empty value keeps the default."""

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="meeting_quota_overrides"
    )
    person = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="meeting_quota_overrides"
    )
    max_open_sent = models.PositiveSmallIntegerField(
        _("open requests this person may send"), null=True, blank=True
    )
    max_accepted = models.PositiveSmallIntegerField(
        _("accepted meetings for this person"), null=True, blank=True
    )
    updated = models.DateTimeField(auto_now=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["person__last_name", "person__first_name", "id"]
        verbose_name = _("quota override")
        verbose_name_plural = _("quota overrides")
        constraints = [
            models.UniqueConstraint(fields=["mission", "person"], name="one_quota_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person}"
