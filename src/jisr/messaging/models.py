"""Messages between the two people of a meeting request, and each mission's messaging
settings.

Messages are personal data. They are deleted with either person (and with the request),
kept only ``retention_days`` after the mission ends (``services.purge_expired_messages``,
run by ``jisr purge-messages``), and never leave Jisr in the mission exports.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.core.models import MissionScopedQuerySet

BODY_MAX = 2000
REPORT_REASON_MAX = 500
DEFAULT_RETENTION_DAYS = 180
MAX_RETENTION_DAYS = 730


class MessagingSettings(models.Model):
    """The organizers' switch for messaging and how long messages are kept. A mission
    without a saved row uses the defaults: messaging on, 180 days after the mission."""

    mission = models.OneToOneField(
        "missions.Mission", on_delete=models.CASCADE, related_name="messaging_settings"
    )
    enabled = models.BooleanField(
        _("participants may write to each other"),
        default=True,
        help_text=_("Turn off to stop new messages; existing ones stay readable."),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("keep messages for (days after the mission ends)"),
        default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)],
    )
    updated = models.DateTimeField(auto_now=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("messaging settings")
        verbose_name_plural = _("messaging settings")

    def __str__(self) -> str:
        return f"{self.mission}"


class Message(models.Model):
    """One message in the thread of a meeting request, from one side to the other."""

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="messages"
    )
    request = models.ForeignKey(
        "meetings.MeetingRequest",
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("meeting request"),
    )
    sender = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="sent_messages",
        verbose_name=_("sender"),
    )
    recipient = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="received_messages",
        verbose_name=_("recipient"),
    )
    body = models.TextField(_("message"))
    # The language the sender wrote in (their interface language at the time).
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created = models.DateTimeField(_("sent"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    report_reason = models.TextField(_("reason for reporting"), blank=True)
    # Set by an organizer after a report: the text is no longer shown to anyone.
    hidden_at = models.DateTimeField(_("hidden by the organizers"), null=True, blank=True)
    report_closed_at = models.DateTimeField(_("report handled"), null=True, blank=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["request", "created"]),
            models.Index(fields=["recipient", "read_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")), name="no_message_to_oneself"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.recipient_id} ({self.created:%Y-%m-%d %H:%M})"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"
