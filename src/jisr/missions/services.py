"""Writes about missions: invitations, bulk import and registration through a link.

Each service owns its transaction, records who did what, and sends its e-mails only
once the transaction has committed.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from jisr.core.errors import DomainError, PermissionDenied
from jisr.core.mail import send_in_language
from jisr.core.services import log_activity
from jisr.core.text import fold
from jisr.directory.models import Organization, Person
from jisr.directory.privacy import NOTICE_VERSION
from jisr.directory.services import rebuild_search_documents
from jisr.missions import rules
from jisr.missions.import_vocabulary import KIND_OF_ROLE
from jisr.missions.imports import (
    InviteeRow,
    RowError,
    SpreadsheetError,
    check_records,
    check_table,
    read_table,
)
from jisr.missions.models import Invitation, Mission, Participation
from jisr.missions.queries import existing_organization_for
from jisr.missions.rules import User


class InvitationImportRejected(DomainError):
    """Nothing was imported; ``errors`` lists every problem with its row and column."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(_("The file was not imported: correct the rows listed and try again."))
        self.errors = list(errors)


class InvitationUnusable(DomainError):
    """The link cannot be used: ``reason`` is "unknown", "expired", "used" or "revoked"."""

    def __init__(self, reason: str) -> None:
        super().__init__(_("This invitation link can no longer be used."))
        self.reason = reason


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_participant(
    mission: Mission,
    *,
    by: User,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    organization_name: str,
    language: str = "en",
    country: str = "",
    city: str = "",
    valid_days: int | None = None,
    base_url: str,
) -> Invitation:
    """Invite one person and e-mail them a single-use link valid ``valid_days`` days
    (default: the mission's setting). Checks are those of the bulk import."""
    _require_organizer(by, mission)
    record = {
        "email": email,
        "first_name": first_name,
        "last_name": last_name,
        "organization": organization_name,
        "role": role,
        "language": language,
        "country": country,
        "city": city,
    }
    rows, errors = check_records(mission, [(1, record)])
    if errors:
        raise DomainError(errors[0].message, field=errors[0].column)
    with transaction.atomic():
        invitation, token = _create(mission, rows[0], by=by, valid_days=valid_days)
        _send(invitation, token, base_url=base_url)
    return invitation


def import_invitations(
    mission: Mission,
    *,
    by: User,
    filename: str,
    content: bytes,
    base_url: str,
    valid_days: int | None = None,
) -> list[Invitation]:
    """Invite everyone in a CSV or XLSX file, or no one.

    Raises ``InvitationImportRejected`` listing every bad row (row number, column,
    reason) and creates nothing if any row is bad.
    """
    _require_organizer(by, mission)
    try:
        table = read_table(filename, content)
    except SpreadsheetError as error:
        raise InvitationImportRejected([RowError(0, "", error.message)]) from None
    rows, errors = check_table(mission, table)
    if errors:
        raise InvitationImportRejected(errors)
    from jisr.missions.tasks import send_invitation_emails

    invitations: list[Invitation] = []
    with transaction.atomic():
        for row in rows:
            # The link is made by the task that sends it: no token waits in the queue.
            invitation, _token = _create(mission, row, by=by, valid_days=valid_days, log=False)
            invitations.append(invitation)
        log_activity(
            mission,
            action="invitations.imported",
            actor=by,
            mission=mission,
            data={"file": filename[:200], "count": len(invitations)},
        )
        # A worker sends the e-mails (thousands take minutes); enqueued in the same
        # transaction, so the task exists exactly when the invitations do.
        send_invitation_emails.enqueue(
            mission_id=mission.pk, invitation_ids=[i.pk for i in invitations], base_url=base_url
        )
    return invitations


def send_pending_emails(*, mission_id: int, invitation_ids: Sequence[int], base_url: str) -> int:
    """E-mail a fresh link to each of ``invitation_ids`` still pending and never sent,
    each in its own transaction; returns how many went out. Safe to run again (a task
    re-queued after a lost worker sends only what was not sent)."""
    sent = 0
    for invitation_id in invitation_ids:
        with transaction.atomic():
            invitation = (
                Invitation.objects.select_for_update(of=("self",))
                .select_related("mission", "invited_by")
                .filter(
                    pk=invitation_id,
                    mission_id=mission_id,
                    status=Invitation.Status.PENDING,
                    send_count=0,
                )
                .first()
            )
            if invitation is None:
                continue
            token = secrets.token_urlsafe(32)
            invitation.token_hash = hash_token(token)
            invitation.save(update_fields=["token_hash"])
            _send(invitation, token, base_url=base_url)
            sent += 1
    return sent


def resend_invitation(invitation: Invitation, *, by: User, base_url: str) -> Invitation:
    """Send a fresh link (the old one stops working) and restart the validity period."""
    _require_organizer(by, invitation.mission)
    if invitation.status != Invitation.Status.PENDING:
        raise DomainError(
            _("Only invitations that have not been accepted or revoked can be resent.")
        )
    with transaction.atomic():
        token = secrets.token_urlsafe(32)
        invitation.token_hash = hash_token(token)
        invitation.expires_at = _expiry(invitation.mission, None)
        invitation.save(update_fields=["token_hash", "expires_at"])
        _send(invitation, token, base_url=base_url)
        log_activity(invitation, action="invitation.resent", actor=by, mission=invitation.mission)
    return invitation


def revoke_invitation(invitation: Invitation, *, by: User) -> Invitation:
    """Make a pending invitation's link unusable."""
    _require_organizer(by, invitation.mission)
    if invitation.status != Invitation.Status.PENDING:
        raise DomainError(_("Only invitations that have not been accepted can be revoked."))
    with transaction.atomic():
        invitation.status = Invitation.Status.REVOKED
        invitation.save(update_fields=["status"])
        log_activity(invitation, action="invitation.revoked", actor=by, mission=invitation.mission)
    return invitation


def accept_invitation(
    invitation: Invitation,
    *,
    user: User | None,
    password: str = "",
    first_name: str,
    last_name: str,
    country: str = "",
    city: str = "",
    accept_notice: bool,
    share_contact: bool,
) -> Person:
    """Register the invitee: account (unless ``user`` is their existing one),
    organization, person and participation, all or nothing; the link is then used up.

    ``country`` and ``city`` describe the organization when it is new.
    """
    if not accept_notice:
        raise DomainError(
            _("Please accept the privacy notice to take part."), field="accept_notice"
        )
    with transaction.atomic():
        invitation = _lock_usable(invitation)
        mission = invitation.mission
        account = (
            user if user is not None else _new_account(invitation, password, first_name, last_name)
        )
        if fold(account.get_username()) != fold(invitation.email):
            raise PermissionDenied(_("This invitation was sent to another email address."))
        organization, created = _organization_for(invitation, country=country, city=city)
        person = _person_for(invitation, account, organization, first_name, last_name)
        now = timezone.now()
        person.privacy_notice_version = NOTICE_VERSION
        person.privacy_notice_accepted_at = now
        if share_contact:
            person.contact_consent_at = now
            person.contact_consent_version = NOTICE_VERSION
            person.contact_consent_withdrawn_at = None
        person.save()
        Participation.objects.get_or_create(mission=mission, person=person, role=invitation.role)
        if invitation.role == Participation.Role.ORGANIZER:
            mission.organizers.add(account)
        invitation.status = Invitation.Status.ACCEPTED
        invitation.used_at = now
        invitation.person = person
        invitation.save(update_fields=["status", "used_at", "person"])
        if created:
            rebuild_search_documents([organization])
        log_activity(
            invitation,
            action="invitation.accepted",
            actor=account,
            mission=mission,
            data={"notice": NOTICE_VERSION, "contact_consent": share_contact},
        )
    return person


def invitation_state(invitation: Invitation | None) -> str:
    """ "usable", or why not: "unknown", "revoked", "used" or "expired"."""
    if invitation is None:
        return "unknown"
    if invitation.status == Invitation.Status.REVOKED:
        return "revoked"
    if invitation.status == Invitation.Status.ACCEPTED or invitation.used_at is not None:
        return "used"
    if invitation.is_expired():
        return "expired"
    return "usable"


# --- helpers -----------------------------------------------------------------


def _require_organizer(by: User, mission: Mission) -> None:
    if not rules.can_manage_invitations(by, mission):
        raise PermissionDenied(_("Only the organizers of this mission can invite people."))


def _expiry(mission: Mission, valid_days: int | None) -> datetime.datetime:
    days: int = valid_days or mission.invitation_validity_days
    expires: datetime.datetime = timezone.now() + datetime.timedelta(days=days)
    return expires


def _create(
    mission: Mission, row: InviteeRow, *, by: User, valid_days: int | None, log: bool = True
) -> tuple[Invitation, str]:
    # A pending invitation past its date would block the new one: it is superseded.
    Invitation.objects.for_mission(mission).filter(
        email__iexact=row.email, status=Invitation.Status.PENDING
    ).update(status=Invitation.Status.REVOKED)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        mission=mission,
        email=row.email,
        role=row.role,
        first_name=row.first_name,
        last_name=row.last_name,
        organization=row.organization,
        organization_name=row.organization_name,
        country=row.country,
        city=row.city,
        language=row.language,
        token_hash=hash_token(token),
        expires_at=_expiry(mission, valid_days),
        invited_by=by if by.is_authenticated else None,
    )
    if log:
        log_activity(invitation, action="invitation.created", actor=by, mission=mission)
    return invitation, token


def _send(invitation: Invitation, token: str, *, base_url: str) -> None:
    with translation.override(invitation.language):
        path = reverse("web:invitation-accept", args=[invitation.mission.slug, token])
    inviter = invitation.invited_by
    send_in_language(
        to=invitation.email,
        language=invitation.language,
        template="jisr/email/invitations/invitation",
        context={
            "invitation": invitation,
            "mission": invitation.mission,
            "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
            "link": base_url.rstrip("/") + path,
            "expires": timezone.localtime(
                invitation.expires_at, ZoneInfo(invitation.mission.timezone)
            ),
        },
    )
    invitation.sent_at = timezone.now()
    invitation.send_count += 1
    invitation.save(update_fields=["sent_at", "send_count"])


def _lock_usable(invitation: Invitation) -> Invitation:
    locked: Invitation | None = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("mission", "organization")
        .filter(pk=invitation.pk)
        .first()
    )
    state = invitation_state(locked)
    if state != "usable":
        raise InvitationUnusable(state)
    assert locked is not None
    return locked


def _new_account(invitation: Invitation, password: str, first_name: str, last_name: str) -> Any:
    model = get_user_model()
    if model.objects.filter(username__iexact=invitation.email).exists():
        raise DomainError(
            _("An account with this email already exists: log in to accept the invitation."),
            field="email",
        )
    account = model(
        username=invitation.email,
        email=invitation.email,
        first_name=first_name,
        last_name=last_name,
    )
    try:
        password_validation.validate_password(password, user=account)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password1") from None
    account.set_password(password)
    account.save()
    return account


def _organization_for(
    invitation: Invitation, *, country: str, city: str
) -> tuple[Organization, bool]:
    """The invitation's organization, the mission's one of that name, or a new one."""
    mission = invitation.mission
    existing = existing_organization_for(invitation)
    if existing is not None:
        return existing, False
    organization = Organization.objects.create(
        mission=mission,
        name=invitation.organization_name,
        kind=KIND_OF_ROLE[invitation.role],
        country=(country or invitation.country or mission.host_country).upper(),
        city=city or invitation.city,
    )
    log_activity(organization, action="organization.created", actor=None, mission=mission)
    return organization, True


def _person_for(
    invitation: Invitation,
    account: Any,
    organization: Organization,
    first_name: str,
    last_name: str,
) -> Person:
    person: Person | None = (
        Person.objects.for_mission(invitation.mission)
        .filter(email__iexact=invitation.email)
        .first()
    )
    if person is not None and person.user_id not in (None, account.pk):
        raise DomainError(_("Someone else already registered with this email in this mission."))
    if person is None:
        person = Person(mission=invitation.mission, email=invitation.email)
    person.user = account
    person.organization = organization
    person.first_name = first_name.strip() or invitation.first_name
    person.last_name = last_name.strip() or invitation.last_name
    person.preferred_language = invitation.language
    return person
