"""Missions, their venues, programme and meeting grid (days, slots, tables)."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.core.i18n import pick
from jisr.core.models import MissionScopedQuerySet

TIMEZONE_CHOICES = sorted((tz, tz) for tz in zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def validate_translations(value: object) -> None:
    """A multilingual field is ``{"en": ..., "fr": ..., "ar": ...}`` with string values."""
    codes = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and k in codes and isinstance(v, str) for k, v in value.items()
    ):
        raise ValidationError(_("Enter an object mapping language codes (en, fr, ar) to text."))


class Mission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("mission status", "Draft")
        OPEN = "open", pgettext_lazy("mission status", "Open")
        CLOSED = "closed", pgettext_lazy("mission status", "Closed")

    class DirectoryVisibility(models.TextChoices):
        PUBLIC = "public", _("Anyone with the link")
        PARTICIPANTS = "participants", _("Participants and organizers only")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = models.JSONField(_("name"), default=dict, validators=[validate_translations])
    description = models.JSONField(
        _("description"), default=dict, blank=True, validators=[validate_translations]
    )
    host_country = models.CharField(_("host country"), max_length=2)
    timezone = models.CharField(
        _("time zone"), max_length=64, choices=TIMEZONE_CHOICES, validators=[validate_timezone]
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    directory_visibility = models.CharField(
        _("who sees the directory"),
        max_length=20,
        choices=DirectoryVisibility.choices,
        default=DirectoryVisibility.PARTICIPANTS,
    )
    invitation_validity_days = models.PositiveSmallIntegerField(
        _("invitations valid for (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    privacy_contact = models.EmailField(
        _("privacy contact"),
        blank=True,
        help_text=_("Where participants send requests about their personal data."),
    )
    data_protection_reference = models.CharField(
        _("data-protection filing reference"),
        max_length=100,
        blank=True,
        help_text=_("e.g. the receipt number of the CNDP declaration under law 09-08."),
    )
    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organized_missions",
        verbose_name=_("organizers"),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "id"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="mission_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return pick(self.name) or self.slug

    @property
    def display_description(self) -> str:
        return pick(self.description)

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The mission cannot end before it starts.")})


class Participation(models.Model):
    """A person's role in a mission; one person may hold several roles."""

    class Role(models.TextChoices):
        BUYER = "buyer", _("Buyer delegate")
        PROVIDER = "provider", _("Provider representative")
        ORGANIZER = "organizer", pgettext_lazy("participation role", "Organizer")
        ADVISOR = "advisor", _("Diaspora advisor")
        SPEAKER = "speaker", _("Speaker")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        "directory.Person", on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "person", "role"], name="one_participation_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"

    def clean(self) -> None:
        if self.person_id and self.mission_id and self.person.mission_id != self.mission_id:
            raise ValidationError(_("This person belongs to another mission."))


class Venue(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=120)
    address = models.CharField(_("address"), max_length=300, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, choices=TIMEZONE_CHOICES, validators=[validate_timezone]
    )

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"


class ProgrammeItem(models.Model):
    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        PANEL = "panel", _("Panel")
        SITE_VISIT = "site_visit", _("Site visit")
        NETWORKING = "networking", _("Networking")
        MEETINGS = "meetings", _("B2B meetings")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="programme")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.JSONField(_("title"), default=dict, validators=[validate_translations])
    description = models.JSONField(
        _("description"), default=dict, blank=True, validators=[validate_translations]
    )
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="programme_items", verbose_name=_("venue")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    speakers = models.ManyToManyField(
        "directory.Person", blank=True, related_name="talks", verbose_name=_("speakers")
    )
    # iCalendar SEQUENCE: bumped whenever the time or the place changes, so calendars
    # that imported the item (same UID) take the new version.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    updated = models.DateTimeField(auto_now=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="programme_item_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args: object, **kwargs: object) -> None:
        """Bump ``sequence`` when the start, end or venue of a saved item changes."""
        if self.pk is not None:
            before = (
                ProgrammeItem.objects.filter(pk=self.pk)
                .values_list("start", "end", "venue_id")
                .first()
            )
            if before is not None and before != (self.start, self.end, self.venue_id):
                self.sequence += 1
                update_fields = kwargs.get("update_fields")
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "sequence"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def display_title(self) -> str:
        return pick(self.title)

    @property
    def display_description(self) -> str:
        return pick(self.description)

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("An item must end after it starts.")})
        if self.venue_id and self.mission_id and self.venue.mission_id != self.mission_id:
            raise ValidationError({"venue": _("This venue belongs to another mission.")})


class MeetingDay(models.Model):
    """A day of 1:1 meetings at one venue; its slots are split into session blocks."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="meeting_days")
    date = models.DateField(_("date"))
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="meeting_days")

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("meeting day")
        verbose_name_plural = _("meeting days")
        constraints = [
            models.UniqueConstraint(fields=["mission", "date", "venue"], name="one_day_per_venue")
        ]

    def __str__(self) -> str:
        return f"{self.date} — {self.venue}"


class Slot(models.Model):
    """A time slot; slots in the same ``block`` of a day are back to back (no break)."""

    class Block(models.TextChoices):
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="slots")
    day = models.ForeignKey(MeetingDay, on_delete=models.CASCADE, related_name="slots")
    block = models.CharField(_("session"), max_length=10, choices=Block.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M}"


class Table(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="tables")
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="tables")
    label = models.CharField(_("label"), max_length=20)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["venue", "label"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        constraints = [
            models.UniqueConstraint(fields=["venue", "label"], name="unique_table_label_per_venue")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.venue.city})"


class IntendedFit(models.Model):
    """A buyer–provider pair the sample generator meant to fit well.

    Kept for evaluating recommendations against a known answer; real missions have none.
    """

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="intended_fits")
    buyer = models.ForeignKey("directory.Organization", on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="+"
    )

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["buyer", "provider"], name="unique_intended_fit")
        ]

    def __str__(self) -> str:
        return f"{self.buyer_id} ↔ {self.provider_id}"


class Invitation(models.Model):
    """A single-use, expiring link that lets someone register into one mission.

    Only the sha256 of the token is stored: the link itself exists only in the e-mail,
    so a leaked database does not let anyone register.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("invitation status", "Pending")
        ACCEPTED = "accepted", pgettext_lazy("invitation status", "Accepted")
        REVOKED = "revoked", pgettext_lazy("invitation status", "Revoked")
        # Never stored: a pending invitation past its expiry date.
        EXPIRED = "expired", pgettext_lazy("invitation status", "Expired")

    class Language(models.TextChoices):
        EN = "en", "English"
        FR = "fr", "Français"
        AR = "ar", "العربية"

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=Participation.Role.choices)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    organization = models.ForeignKey(
        "directory.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
        verbose_name=_("existing organization"),
    )
    organization_name = models.CharField(_("organization"), max_length=200)
    country = models.CharField(_("country"), max_length=2, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    language = models.CharField(
        _("language of the invitation"), max_length=8, choices=Language.choices, default="en"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=[c for c in Status.choices if c[0] != "expired"],
        default=Status.PENDING,
    )
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=0)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    person = models.ForeignKey(
        "directory.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered person"),
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["mission", "status", "email"])]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "email"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.mission_id})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())

    @property
    def effective_status(self) -> str:
        """The stored status, except that a pending invitation past its date is expired."""
        if self.status == self.Status.PENDING and self.is_expired():
            return self.Status.EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        return str(self.Status(self.effective_status).label)
