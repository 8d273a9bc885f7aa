"""Organizations, people and the taxonomy that describes what they do."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jisr.core.i18n import TranslatedNameMixin, language_name, pick
from jisr.core.models import MissionScopedQuerySet


def validate_timezone_name(value: str) -> None:
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class TaxonomyTerm(TranslatedNameMixin, models.Model):
    code = models.SlugField(max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class ServiceLine(TaxonomyTerm):
    """A line of the IT-outsourcing taxonomy, e.g. testing/QA or cybersecurity."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("service line")
        verbose_name_plural = _("service lines")


class Certification(TaxonomyTerm):
    """A quality or security certification, e.g. ISO/IEC 27001 or CMMI level 3."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")


class Language(TaxonomyTerm):
    """A working language; ``code`` is the ISO 639 code.

    Its name comes from CLDR (``jisr.core.i18n.language_name``) in the reader's
    language; the stored names are only used for a code CLDR does not know.
    """

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    @property
    def name(self) -> str:
        cldr = language_name(self.code)
        return cldr if cldr and cldr != self.code else super().name


class Technology(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """A company or body taking part in one mission."""

    class Kind(models.TextChoices):
        BUYER = "buyer", pgettext_lazy("organization kind", "Buyer")
        PROVIDER = "provider", pgettext_lazy("organization kind", "Provider")
        ORGANIZER = "organizer", pgettext_lazy("organization kind", "Organizer")
        PARTNER = "partner", pgettext_lazy("organization kind", "Partner or advisor")

    class Headcount(models.TextChoices):
        MICRO = "1-9", "1–9"
        SMALL = "10-49", "10–49"
        MEDIUM = "50-249", "50–249"
        LARGE = "250-999", "250–999"
        XLARGE = "1000+", "1,000+"

    # A band as a number of staff: its lower bound, so nobody is credited with staff it
    # may not have (1,000+ counts as 1,000). Matching and scorecards both read it.
    HEADCOUNT_MINIMUM = {
        Headcount.MICRO: 1,
        Headcount.SMALL: 10,
        Headcount.MEDIUM: 50,
        Headcount.LARGE: 250,
        Headcount.XLARGE: 1000,
    }

    mission = models.ForeignKey(
        "missions.Mission", on_delete=models.CASCADE, related_name="organizations"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code, e.g. MA"))
    city = models.CharField(_("city"), max_length=120)
    website = models.URLField(_("website"), blank=True)
    headcount = models.CharField(
        _("headcount"), max_length=10, choices=Headcount.choices, blank=True
    )
    founded = models.PositiveSmallIntegerField(
        _("founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    service_lines = models.ManyToManyField(ServiceLine, blank=True, verbose_name=_("service lines"))
    technologies = models.ManyToManyField(Technology, blank=True, verbose_name=_("technologies"))
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("working languages"))
    certifications = models.ManyToManyField(
        Certification, blank=True, verbose_name=_("certifications")
    )
    # Denormalised, folded text of everything searchable; rebuilt by services.
    search_document = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [models.Index(fields=["mission", "kind", "name"])]

    def __str__(self) -> str:
        return self.name

    def description(self, language: str | None = None) -> str:
        texts = {d.language: d.text for d in self.descriptions.all()}
        return pick(texts, language)


class OrganizationDescription(models.Model):
    """One language version of an organization's description."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="descriptions"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    text = models.TextField(_("description"))

    class Meta:
        verbose_name = _("description")
        verbose_name_plural = _("descriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "language"], name="one_description_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.language})"


class DeliverySite(models.Model):
    """Where a provider delivers from, e.g. an offshoring park."""

    class Park(models.TextChoices):
        CASANEARSHORE = "casanearshore", "Casanearshore"
        TECHNOPOLIS = "technopolis", "Technopolis Rabat"
        FES_SHORE = "fes-shore", "Fès Shore"
        OUJDA_SHORE = "oujda-shore", "Oujda Shore"
        TETOUAN_SHORE = "tetouan-shore", "Tétouan Shore"
        OTHER = "other", pgettext_lazy("delivery site", "Other site")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="delivery_sites"
    )
    park = models.CharField(_("park"), max_length=20, choices=Park.choices, default=Park.OTHER)
    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(_("country"), max_length=2)

    class Meta:
        verbose_name = _("delivery site")
        verbose_name_plural = _("delivery sites")

    def __str__(self) -> str:
        return f"{self.get_park_display()}, {self.city}"


class Person(models.Model):
    """Someone from an organization; ``user`` is their login, possibly across missions."""

    mission = models.ForeignKey("missions.Mission", on_delete=models.CASCADE, related_name="people")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("job title"), max_length=150, blank=True)
    email = models.EmailField(_("email"))
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("languages"))
    preferred_language = models.CharField(
        _("interface language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_timezone_name],
        help_text=_("Agendas show times in this zone. Empty: the venue's local time."),
    )
    attends_remotely = models.BooleanField(
        _("I attend remotely"),
        default=False,
        help_text=_("You take part from elsewhere and meet online where the organizers allow it."),
    )
    # Privacy notice accepted at registration (GDPR Art. 13, law 09-08 art. 5).
    privacy_notice_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True
    )
    privacy_notice_accepted_at = models.DateTimeField(
        _("privacy notice accepted"), null=True, blank=True
    )
    # Consent to show email and phone to the mission's other participants; off by
    # default, provable (time and notice version) and withdrawable (GDPR Art. 7).
    contact_consent_at = models.DateTimeField(
        _("contact-sharing consent given"), null=True, blank=True
    )
    contact_consent_version = models.CharField(
        _("contact-sharing notice version"), max_length=20, blank=True
    )
    contact_consent_withdrawn_at = models.DateTimeField(
        _("contact-sharing consent withdrawn"), null=True, blank=True
    )

    objects = MissionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(fields=["mission", "email"], name="one_person_per_email")
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def shares_contact(self) -> bool:
        """Whether this person currently agrees to show their contact details."""
        return self.contact_consent_at is not None and self.contact_consent_withdrawn_at is None
