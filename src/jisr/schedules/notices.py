"""The e-mails a publication owes its participants, sent by a worker after it commits.

Publishing records one ``PublicationNotice`` per affected participant, holding the
changes of their meetings as they were at publication (times, tables, the other side),
and queues ``send_publication_notices`` once the publication has committed. The worker
sends each notice in its own transaction with the row locked, and marks it sent in that
same transaction: a second worker skips a locked notice, a re-run skips a sent one, so
no participant gets the same publication's e-mail twice. A failed send marks the notice
failed with its error; the publication stays, and the organizer retries from the
console.

The one window left: a worker killed after the mail server accepted a message and
before the commit that marks it sent. The notice is then still pending and is sent
again by the re-queued task (at least once, never lost).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.core.errors import DomainError
from jisr.core.mail import render_in_language
from jisr.core.services import log_activity
from jisr.directory.models import Person
from jisr.missions.models import Mission, Venue
from jisr.schedules.models import Publication, PublicationNotice
from jisr.schedules.queries import ScheduleChange

User: TypeAlias = AbstractBaseUser | AnonymousUser
Status = PublicationNotice.Status
logger = logging.getLogger(__name__)
FrozenChanges: TypeAlias = dict[int, list[dict[str, Any]]]


def freeze_changes(changes: Sequence[ScheduleChange]) -> FrozenChanges:
    """Person id -> what their e-mail says, as plain JSON. Taken before the changes are
    applied, so "moves from" still knows where a meeting was."""
    per_person: FrozenChanges = defaultdict(list)
    for change in changes:
        for person_id in change.person_ids:
            own = change.for_person(person_id)
            per_person[person_id].append(
                {
                    "kind": own["kind"],
                    "request_id": change.request.pk,
                    "other_id": own["other"].pk,
                    "online": own["online"],
                    "before": _frozen_when(own["before"]),
                    "after": _frozen_when(own["after"]),
                }
            )
    return dict(per_person)


def _frozen_when(when: dict[str, Any] | None) -> dict[str, Any] | None:
    if when is None:
        return None
    return {
        "start": when["start"].isoformat(),
        "end": when["end"].isoformat(),
        "timezone": when["timezone"],
        "venue_id": when["venue"].pk,
        "table": when["table"],
    }


def record_notices(publication: Publication, frozen: FrozenChanges, *, first: bool) -> int:
    """Store the notices of ``publication`` and queue their sending for after the commit;
    call inside the publishing transaction. Returns how many participants will hear."""
    PublicationNotice.objects.bulk_create(
        PublicationNotice(
            mission_id=publication.mission_id,
            publication=publication,
            person_id=person_id,
            first=first,
            changes=own,
        )
        for person_id, own in frozen.items()
    )
    if frozen:
        _enqueue_on_commit(publication.pk)
    return len(frozen)


def _enqueue_on_commit(publication_id: int) -> None:
    from jisr.schedules.tasks import send_publication_notices

    # After the commit: the worker must find the publication and its notices. Were the
    # process to die in between, the notices wait as pending and the console offers to
    # send them.
    transaction.on_commit(lambda: send_publication_notices.enqueue(publication_id))


def send_pending_notices(publication_id: int) -> dict[str, int]:
    """Send every pending notice of a publication, each at most once; returns the
    counts of this pass (``sent``, ``failed``, ``skipped`` = sent or taken meanwhile)."""
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    pending = PublicationNotice.objects.filter(
        publication_id=publication_id, status=Status.PENDING
    ).values_list("pk", flat=True)
    for notice_id in list(pending):
        counts[_send_one(notice_id)] += 1
    return counts


def _send_one(notice_id: int) -> str:
    try:
        with transaction.atomic():
            notice = (
                PublicationNotice.objects.select_for_update(skip_locked=True)
                .filter(pk=notice_id, status=Status.PENDING)
                .first()
            )
            if notice is None:  # sent by an earlier pass, or another worker has it now
                return "skipped"
            _message(notice).send()
            notice.status = Status.SENT
            notice.sent_at = timezone.now()
            notice.attempts += 1
            notice.error = ""
            notice.save(update_fields=["status", "sent_at", "attempts", "error"])
        return "sent"
    except DatabaseError:
        raise  # the worker's business: the task fails or goes back to the queue
    except Exception as error:  # the mail server refused, a template broke, …
        logger.exception("Publication notice %s could not be sent", notice_id)
        PublicationNotice.objects.filter(pk=notice_id, status=Status.PENDING).update(
            status=Status.FAILED,
            attempts=F("attempts") + 1,
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        return "failed"


def _message(notice: PublicationNotice) -> Any:
    mission = Mission.objects.get(pk=notice.mission_id)
    person = Person.objects.select_related("organization").get(pk=notice.person_id)
    other_ids = {change["other_id"] for change in notice.changes}
    others = Person.objects.select_related("organization").in_bulk(list(other_ids))
    venue_ids = {
        when["venue_id"]
        for change in notice.changes
        for when in (change["before"], change["after"])
        if when is not None
    }
    venues = Venue.objects.in_bulk(list(venue_ids))
    changes = [
        {
            "kind": change["kind"],
            "other": others.get(change["other_id"]),
            "online": change["online"],
            "before": _thawed_when(change["before"], venues),
            "after": _thawed_when(change["after"], venues),
        }
        for change in notice.changes
    ]
    return render_in_language(
        to=person.email,
        language=person.preferred_language,
        template="jisr/email/schedules/agenda_ready"
        if notice.first
        else "jisr/email/schedules/agenda_changed",
        context={"mission": mission, "person": person, "changes": changes},
    )


def _thawed_when(when: dict[str, Any] | None, venues: dict[int, Venue]) -> dict[str, Any] | None:
    if when is None:
        return None
    return {
        "start": dt.datetime.fromisoformat(when["start"]),
        "end": dt.datetime.fromisoformat(when["end"]),
        "timezone": when["timezone"],
        "venue": venues.get(when["venue_id"]),
        "table": when["table"],
    }


def retry_publication_notices(publication: Publication, *, by: User) -> int:
    """Put the failed notices of ``publication`` back in line and queue a worker to send
    them and any still pending; returns how many are waiting. Sent ones stay sent."""
    with transaction.atomic():
        Publication.objects.select_for_update().get(pk=publication.pk)
        notices = PublicationNotice.objects.filter(publication=publication)
        retried = notices.filter(status=Status.FAILED).update(status=Status.PENDING)
        waiting = notices.filter(status=Status.PENDING).count()
        if not waiting:
            raise DomainError(_("Every e-mail of this publication has been sent."))
        log_activity(
            publication,
            action="schedules.notices_retried",
            actor=by,
            mission=publication.mission,
            data={"retried": retried, "waiting": waiting},
        )
        _enqueue_on_commit(publication.pk)
    return waiting
