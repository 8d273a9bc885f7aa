"""Writes on marketplace listings. Each service owns its transaction and logs itself."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError, PermissionDenied
from jisr.core.services import log_activity
from jisr.directory.models import Person, ServiceLine
from jisr.marketplace import rules
from jisr.marketplace.models import (
    BODY_MAX,
    MAX_SERVICE_LINES,
    PARTNER_ROLE_MAX,
    TITLE_MAX,
    Listing,
)
from jisr.marketplace.search import build_listing_document
from jisr.missions.models import Mission

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def create_listing(
    mission: Mission,
    *,
    author: Person,
    kind: str,
    title: str,
    body: str,
    language: str,
    service_lines: Sequence[ServiceLine] = (),
    partner_role: str = "",
) -> Listing:
    """Post an offer or a request for the author's organization.

    Raises ``PermissionDenied`` unless the author takes part in ``mission`` and the
    mission is not closed; ``DomainError`` (with ``field``) for invalid content.
    """
    if not rules.can_post(author, mission):
        raise PermissionDenied(_("Only participants of this mission can post on its marketplace."))
    fields = _clean(
        kind=kind,
        title=title,
        body=body,
        language=language,
        partner_role=partner_role,
        service_lines=service_lines,
    )
    with transaction.atomic():
        listing: Listing = Listing.objects.create(
            mission=mission,
            organization=author.organization,
            author=author,
            kind=fields["kind"],
            title=fields["title"],
            body=fields["body"],
            partner_role=fields["partner_role"],
            language=fields["language"],
        )
        listing.service_lines.set(service_lines)
        reindex_listing(listing)
        log_activity(
            listing,
            action="marketplace.listing.created",
            actor=author.user,
            mission=mission,
            data={"kind": listing.kind},
        )
    return listing


def update_listing(
    listing: Listing,
    *,
    by: Person,
    kind: str,
    title: str,
    body: str,
    language: str,
    service_lines: Sequence[ServiceLine] = (),
    partner_role: str = "",
) -> Listing:
    """Edit a listing; only members of its organization may."""
    _require_editor(listing, by)
    fields = _clean(
        kind=kind,
        title=title,
        body=body,
        language=language,
        partner_role=partner_role,
        service_lines=service_lines,
    )
    with transaction.atomic():
        for name, value in fields.items():
            setattr(listing, name, value)
        listing.save()
        listing.service_lines.set(service_lines)
        reindex_listing(listing)
        log_activity(
            listing, action="marketplace.listing.updated", actor=by.user, mission=listing.mission
        )
    return listing


def close_listing(listing: Listing, *, by: Person) -> Listing:
    """Take a listing off the marketplace; meeting requests that cite it keep the link."""
    return _set_status(listing, by=by, status=str(Listing.Status.CLOSED), action="closed")


def reopen_listing(listing: Listing, *, by: Person) -> Listing:
    if listing.mission.status == Mission.Status.CLOSED:
        raise DomainError(_("This mission is closed; its listings cannot be reopened."))
    return _set_status(listing, by=by, status=str(Listing.Status.ACTIVE), action="reopened")


def _set_status(listing: Listing, *, by: Person, status: str, action: str) -> Listing:
    _require_editor(listing, by)
    with transaction.atomic():
        if listing.status != status:
            listing.status = status
            listing.save(update_fields=["status", "updated"])
            log_activity(
                listing,
                action=f"marketplace.listing.{action}",
                actor=by.user,
                mission=listing.mission,
            )
    return listing


def _require_editor(listing: Listing, by: Person) -> None:
    if not rules.can_edit(by, listing):
        raise PermissionDenied(_("Only members of the organization that posted it can change it."))


def _clean(
    *,
    kind: str,
    title: str,
    body: str,
    language: str,
    partner_role: str,
    service_lines: Sequence[ServiceLine],
) -> dict[str, str]:
    """The trimmed fields, or a ``DomainError`` naming the first invalid one."""
    title, body, partner_role = title.strip(), body.strip(), partner_role.strip()
    if kind not in Listing.Kind.values:
        raise DomainError(_("Choose whether this is an offer or a request."), field="kind")
    if not title:
        raise DomainError(_("Give your listing a title."), field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(
            _("Keep the title under %(max)d characters.") % {"max": TITLE_MAX}, field="title"
        )
    if not body:
        raise DomainError(_("Describe what you offer or seek."), field="body")
    if len(body) > BODY_MAX:
        raise DomainError(
            _("Keep the description under %(max)d characters.") % {"max": BODY_MAX}, field="body"
        )
    if len(partner_role) > PARTNER_ROLE_MAX:
        raise DomainError(
            _("Keep this text under %(max)d characters.") % {"max": PARTNER_ROLE_MAX},
            field="partner_role",
        )
    if language not in LANGUAGE_CODES:
        raise DomainError(_("Choose the language this listing is written in."), field="language")
    if len(service_lines) > MAX_SERVICE_LINES:
        raise DomainError(
            _("Choose at most %(max)d service lines.") % {"max": MAX_SERVICE_LINES},
            field="service_lines",
        )
    return {
        "kind": kind,
        "title": title,
        "body": body,
        "partner_role": partner_role,
        "language": language,
    }


def reindex_listing(listing: Listing) -> None:
    """Rebuild the folded search text of one listing (after an admin edit, for example)."""
    listing.search_document = build_listing_document(
        title=listing.title,
        body=listing.body,
        partner_role=listing.partner_role,
        organization_name=listing.organization.name,
        service_lines=[(s.name_en, s.name_fr, s.name_ar) for s in listing.service_lines.all()],
    )
    Listing.objects.filter(pk=listing.pk).update(search_document=listing.search_document)
