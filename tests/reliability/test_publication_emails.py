"""Two real workers given the same publication's e-mails twice send each one once."""

from __future__ import annotations

import email
from collections import Counter
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings

from jisr.schedules import services
from jisr.schedules.models import PublicationNotice
from jisr.schedules.tasks import send_publication_notices
from tests.reliability.conftest import FIGURES, postgres_worker
from tests.reliability.test_faults import DATABASE_TASKS, busy_world, worker


def recipients(mail_dir: Path) -> Counter[str]:
    """Who got a message, from the file backend's files (one per connection, messages
    separated by a line of dashes)."""
    found: Counter[str] = Counter()
    for path in mail_dir.iterdir():
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                found[email.message_from_string(chunk.strip())["To"]] += 1
    return found


@postgres_worker
@pytest.mark.django_db(transaction=True)
def test_two_workers_given_the_emails_twice_send_each_once(organizer, tmp_path):
    world = busy_world()
    services.start_schedule_run(world.mission, by=organizer, parameters={"time_limit": 3})
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log = tmp_path / "worker.log"

    with override_settings(TASKS=DATABASE_TASKS):
        publication = services.publish_schedule(world.mission, by=organizer)  # commits
        # delivered twice, as a re-queue after a lost worker would do
        send_publication_notices.enqueue(publication.pk)
        env = {"JISR_EMAIL_BACKEND": "file", "JISR_EMAIL_FILE_PATH": str(mail_dir)}
        workers = [worker("--batch", log=log, env=env) for _ in range(2)]
        codes = [process.wait(120) for process in workers]

    assert codes == [0, 0], log.read_text(errors="replace")
    assert mail.outbox == []  # the test process itself sent nothing
    expected = set(
        PublicationNotice.objects.filter(publication=publication).values_list(
            "person__email", flat=True
        )
    )
    sent = recipients(mail_dir)
    assert len(expected) == publication.changes["notified"] > 4
    assert set(sent) == expected
    assert max(sent.values()) == 1
    assert set(PublicationNotice.objects.values_list("status", flat=True)) == {"sent"}
    FIGURES.append(
        f"publication e-mails: 2 workers, task delivered twice, {len(expected)} recipients, "
        f"{sum(sent.values()) - len(expected)} sent twice"
    )
