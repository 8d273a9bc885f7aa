"""Meeting requests between participants, and the rules organizers set for them.

Schedules (a separate app) read ACCEPTED requests and place them in slots and tables.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Greatest, Least
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.core.models import MissionScopedQuerySet

MESSAGE_MAX = 2000
REASON_MAX = 1000
VIDEO_URL_MAX = 500
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
    online = models.BooleanField(
        _("online meeting"),
        default=False,
        help_text=_("Held by video call: it needs no table, only both people free."),
    )
    video_url = models.URLField(
        _("video link"),
        max_length=VIDEO_URL_MAX,
        blank=True,
        help_text=_("An https link to the call. Empty: the mission's link pattern is used."),
    )
    prioritized = models.BooleanField(
        _("organizer priority"),
        default=False,
        help_text=_("The scheduler places this meeting before ordinary ones."),
    )
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

    @property
    def video_uid(self) -> str:
        """A stable, unguessable room name for the mission's video link pattern."""
        return salted_hmac("jisr.meetings.video", str(self.pk)).hexdigest()[:20]

    def video_link(self, pattern: str) -> str:
        """The pasted link, or ``pattern`` with ``{uid}`` filled in; "" when neither."""
        if not self.online:
            return ""
        if self.video_url:
            return self.video_url
        return pattern.replace("{uid}", self.video_uid) if pattern else ""


def pair_key(kind_a: str, kind_b: str) -> str:
    """An unordered pair of organization kinds, e.g. "buyer:provider"."""
    return ":".join(sorted((kind_a, kind_b)))


DEFAULT_ALLOWED_PAIRS = ["buyer:provider"]


def default_allowed_pairs() -> list[str]:
    return list(DEFAULT_ALLOWED_PAIRS)


class OnlineMeetings(models.TextChoices):
    OFF = "off", _("No online meetings")
    REMOTE = "remote", _("Only when one of the two attends remotely")
    ALL = "all", _("Anyone may choose an online meeting")


class MeetingPolicy(models.Model):
    """Who may meet whom in a mission, and how many requests a person may have.

    A mission without a saved policy uses the defaults: buyers meet providers, no
    quotas, requests accepted while the mission is open, online meetings for people
    who attend remotely.
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
    online_meetings = models.CharField(
        _("online meetings"),
        max_length=10,
        choices=OnlineMeetings.choices,
        default=OnlineMeetings.REMOTE,
    )
    video_url_pattern = models.CharField(
        _("video link pattern"),
        max_length=VIDEO_URL_MAX,
        blank=True,
        help_text=_(
            "An https address where {uid} becomes a room name of its own for each meeting, "
            "e.g. https://meet.example/jisr-{uid}. Empty: participants paste a link."
        ),
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

    def allows_online(self, *, remote: bool) -> bool:
        """Whether a pair may meet online; ``remote``: one of them attends remotely."""
        if self.online_meetings == OnlineMeetings.ALL:
            return True
        return self.online_meetings == OnlineMeetings.REMOTE and remote


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


class Unavailability(models.Model):
    """A slot in which a participant is away: the scheduler places nothing there."""

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="unavailabilities"
    )
    person = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="unavailabilities"
    )
    slot = models.ForeignKey("missions.Slot", on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["slot__start", "id"]
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")
        constraints = [
            models.UniqueConstraint(fields=["person", "slot"], name="one_unavailability_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} away @ {self.slot_id}"
