"""A bulk import's e-mails are sent by a worker, not in the request."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from jisr.missions.models import Invitation
from jisr.missions.queries import invitation_for_token
from jisr.missions.services import send_pending_emails
from tests.factories import MissionFactory
from tests.factories_invitations import organizer_of
from tests.invitations.test_imports import BASE, csv_bytes, run_import

pytestmark = pytest.mark.django_db
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ROWS = [f"person{n}@buyer{n}.example,Ann{n},Lee,Buyer {n} Inc,buyer,en,US,Austin" for n in range(3)]


@override_settings(TASKS=DB_TASKS)
def test_import_queues_the_emails_and_the_worker_sends_working_links(
    client, django_capture_on_commit_callbacks
):
    mission = MissionFactory()
    organizer = organizer_of(mission)

    invitations = run_import(mission, organizer, csv_bytes(*ROWS))

    assert len(invitations) == 3
    assert mail.outbox == []  # nothing sent during the request
    client.force_login(organizer)
    listing = client.get(reverse("web:invitations", args=[mission.slug])).content.decode()
    assert "3 left" in listing and 'hx-trigger="every 2s"' in listing
    [queued] = DBTaskResult.objects.filter(task_path__endswith="send_invitation_emails")
    assert "token" not in str(queued.args_kwargs)

    with django_capture_on_commit_callbacks(execute=True):  # what the worker runs
        assert send_pending_emails(**queued.args_kwargs["kwargs"]) == 3

    assert sorted(m.to[0] for m in mail.outbox) == [f"person{n}@buyer{n}.example" for n in range(3)]
    token = re.search(r"/join/([\w-]+)/", mail.outbox[0].body).group(1)
    assert invitation_for_token(mission.slug, token).email == mail.outbox[0].to[0]
    with django_capture_on_commit_callbacks(execute=True):  # run again: nothing new
        assert send_pending_emails(**queued.args_kwargs["kwargs"]) == 0
    assert len(mail.outbox) == 3
    done = client.get(reverse("web:invitation-sending", args=[mission.slug])).content.decode()
    assert "Every invitation e-mail has been sent." in done
    assert "hx-trigger" not in done


def test_sending_status_for_the_organizer_of_another_mission_is_refused_like_the_list(client):
    mission, other = MissionFactory(), MissionFactory()
    client.force_login(organizer_of(other))

    response = client.get(reverse("web:invitation-sending", args=[mission.slug]))
    listing = client.get(reverse("web:invitations", args=[mission.slug]))

    assert response.status_code == listing.status_code == 403
    assert b"left" not in response.content


def test_revoked_invitation_is_not_emailed_by_a_late_worker(django_capture_on_commit_callbacks):
    mission = MissionFactory()
    organizer = organizer_of(mission)
    with override_settings(TASKS=DB_TASKS):
        invitations = run_import(mission, organizer, csv_bytes(*ROWS))
    Invitation.objects.filter(pk=invitations[0].pk).update(status=Invitation.Status.REVOKED)

    with django_capture_on_commit_callbacks(execute=True):
        sent = send_pending_emails(
            mission_id=mission.pk, invitation_ids=[i.pk for i in invitations], base_url=BASE
        )

    assert sent == 2
    assert invitations[0].email not in [m.to[0] for m in mail.outbox]
