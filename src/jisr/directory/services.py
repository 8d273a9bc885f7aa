"""Writes on organizations and people. Each service owns its transaction."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError, PermissionDenied
from jisr.core.services import log_activity
from jisr.directory.models import (
    Certification,
    DeliverySite,
    Language,
    Organization,
    OrganizationDescription,
    Person,
    ServiceLine,
    Technology,
)
from jisr.directory.privacy import NOTICE_VERSION
from jisr.directory.search import build_search_document
from jisr.missions import rules
from jisr.missions.rules import User


def rebuild_search_documents(organizations: Iterable[Organization]) -> int:
    """Recompute the folded search text of the given organizations; returns how many.

    Call after any change to names, descriptions or taxonomy links. Works in bulk so
    the sample generator can index thousands of organizations in a few queries.
    """
    ids = [org.pk for org in organizations]
    changed: list[Organization] = []
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            changed.extend(_rebuild_batch(ids[start : start + BATCH]))
    return len(changed)


BATCH = 500


def _rebuild_batch(ids: list[int]) -> list[Organization]:
    changed: list[Organization] = []
    queryset = Organization.objects.filter(pk__in=ids).prefetch_related(
        "descriptions", "service_lines", "certifications", "technologies"
    )
    for org in queryset:
        org.search_document = build_search_document(
            name=org.name,
            city=org.city,
            country=org.country,
            descriptions=[d.text for d in org.descriptions.all()],
            service_lines=[(s.name_en, s.name_fr, s.name_ar) for s in org.service_lines.all()],
            certifications=[(c.name_en, c.name_fr, c.name_ar) for c in org.certifications.all()],
            technologies=[t.name for t in org.technologies.all()],
        )
        changed.append(org)
    Organization.objects.bulk_update(changed, ["search_document"], batch_size=BATCH)
    return changed


@dataclass(frozen=True)
class OrganizationProfile:
    """What a member may change on their organization's profile."""

    name: str
    website: str
    country: str
    city: str
    headcount: str
    founded: int | None
    service_lines: Sequence[ServiceLine]
    languages: Sequence[Language]
    certifications: Sequence[Certification]
    technologies: Sequence[str]  # names; unknown ones are added to the shared list
    descriptions: Mapping[str, str]  # language code -> text; empty text removes it
    delivery_sites: Sequence[tuple[str, str, str]] = field(default_factory=tuple)


def update_person(
    person: Person,
    *,
    by: User,
    first_name: str,
    last_name: str,
    title: str,
    phone: str,
    languages: Sequence[Language],
    preferred_language: str,
) -> Person:
    """Save what a person says about themselves; only they (or an organizer) may."""
    _require_self_or_organizer(by, person)
    with transaction.atomic():
        person.first_name = first_name.strip()
        person.last_name = last_name.strip()
        person.title = title.strip()
        person.phone = phone.strip()
        person.preferred_language = preferred_language
        person.save(
            update_fields=["first_name", "last_name", "title", "phone", "preferred_language"]
        )
        person.languages.set(languages)
        log_activity(person, action="person.updated", actor=by, mission=person.mission)
    return person


def set_attendance(
    person: Person, *, by: User, timezone_name: str, attends_remotely: bool
) -> Person:
    """How a person attends: remotely or on site, and the time zone their agenda uses
    ("" for each venue's local time). Only they (or an organizer) may."""
    _require_self_or_organizer(by, person)
    timezone_name = timezone_name.strip()
    if timezone_name and timezone_name not in zoneinfo.available_timezones():
        raise DomainError(
            _("“%(value)s” is not a known time zone.") % {"value": timezone_name},
            field="timezone",
        )
    with transaction.atomic():
        person.timezone = timezone_name
        person.attends_remotely = attends_remotely
        person.save(update_fields=["timezone", "attends_remotely"])
        log_activity(
            person,
            action="person.attendance_set",
            actor=by,
            mission=person.mission,
            data={"timezone": timezone_name, "remote": attends_remotely},
        )
    return person


def give_contact_consent(person: Person, *, by: User, version: str = NOTICE_VERSION) -> Person:
    """Record that ``person`` agrees to show their email and phone to the mission's
    participants, with the time and the notice version they saw."""
    if by.pk != person.user_id:
        raise PermissionDenied(_("Only the person concerned can give this consent."))
    with transaction.atomic():
        person.contact_consent_at = timezone.now()
        person.contact_consent_version = version
        person.contact_consent_withdrawn_at = None
        person.save(
            update_fields=[
                "contact_consent_at",
                "contact_consent_version",
                "contact_consent_withdrawn_at",
            ]
        )
        log_activity(
            person,
            action="person.contact_consent_given",
            actor=by,
            mission=person.mission,
            data={"version": version},
        )
    return person


def withdraw_contact_consent(person: Person, *, by: User) -> Person:
    """Stop showing the person's contact details; the original grant stays on record."""
    if by.pk != person.user_id:
        raise PermissionDenied(_("Only the person concerned can withdraw this consent."))
    if not person.shares_contact:
        return person
    with transaction.atomic():
        person.contact_consent_withdrawn_at = timezone.now()
        person.save(update_fields=["contact_consent_withdrawn_at"])
        log_activity(
            person,
            action="person.contact_consent_withdrawn",
            actor=by,
            mission=person.mission,
            data={"version": person.contact_consent_version},
        )
    return person


def update_organization(
    organization: Organization, *, by: User, profile: OrganizationProfile
) -> Organization:
    """Save an organization's profile and rebuild its search document.

    Only people of that organization in that mission may call it. Descriptions are
    kept per language; an empty text removes that language's version.
    """
    if not rules.can_edit_organization(by, organization):
        raise PermissionDenied(_("Only members of this organization can edit its profile."))
    with transaction.atomic():
        organization.name = profile.name.strip()
        organization.website = profile.website
        organization.country = profile.country.upper()
        organization.city = profile.city.strip()
        organization.headcount = profile.headcount
        organization.founded = profile.founded
        organization.save(
            update_fields=["name", "website", "country", "city", "headcount", "founded"]
        )
        organization.service_lines.set(profile.service_lines)
        organization.languages.set(profile.languages)
        organization.certifications.set(profile.certifications)
        organization.technologies.set(_technologies(profile.technologies))
        _save_descriptions(organization, profile.descriptions)
        organization.delivery_sites.all().delete()
        DeliverySite.objects.bulk_create(
            DeliverySite(organization=organization, park=park, city=city, country=country.upper())
            for park, city, country in profile.delivery_sites
        )
        rebuild_search_documents([organization])
        log_activity(
            organization, action="organization.updated", actor=by, mission=organization.mission
        )
    return organization


def _technologies(names: Iterable[str]) -> list[Technology]:
    """Existing technologies matched case-insensitively; new names are added."""
    found: list[Technology] = []
    for name in dict.fromkeys(n.strip()[:80] for n in names if n.strip()):
        technology = Technology.objects.filter(name__iexact=name).first()
        found.append(technology or Technology.objects.create(name=name))
    return found


def _save_descriptions(organization: Organization, texts: Mapping[str, str]) -> None:
    for language, text in texts.items():
        text = text.strip()
        if text:
            OrganizationDescription.objects.update_or_create(
                organization=organization, language=language, defaults={"text": text}
            )
        else:
            organization.descriptions.filter(language=language).delete()


def _require_self_or_organizer(by: User, person: Person) -> None:
    if by.pk != person.user_id and not rules.is_organizer(by, person.mission):
        raise PermissionDenied(_("You can only edit your own profile."))
