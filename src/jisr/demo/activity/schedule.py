"""The step ``make run`` adds after the activity: a solved, published schedule, and the
no-shows that day one's check-ins imply."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from jisr.matchmaking.queries import meeting_priorities
from jisr.missions.models import Mission
from jisr.outcomes.services import record_no_shows
from jisr.schedules.models import Publication, ScheduleRun
from jisr.schedules.services import publish_schedule, start_schedule_run

from .mail import quiet_mail_on_commit
from .timeline import first_meeting_day, local_time

EVENING = 20  # hour of day one at which the no-shows are recorded, mission time


def publish_demo_schedule(
    mission: Mission, *, send_mail: bool = False, parameters: dict[str, Any] | None = None
) -> tuple[ScheduleRun, Publication | None]:
    """Run the scheduler as the mission's organizer, publish the draft if it succeeds,
    and record the no-shows that day one's check-ins imply (as of that evening).

    With a database task backend the run is queued; it is then solved here, inline,
    so the command returns with the schedule published.
    """
    from jisr.schedules.tasks import run_schedule

    organizer = mission.organizers.order_by("pk").first()
    run = start_schedule_run(
        mission, by=organizer, parameters=parameters, priorities=meeting_priorities(mission)
    )
    if run.status == ScheduleRun.Status.QUEUED:
        run_schedule.call(run.pk)
    run.refresh_from_db()
    if run.status != ScheduleRun.Status.SUCCEEDED:
        return run, None
    with transaction.atomic(), quiet_mail_on_commit(not send_mail):
        publication = publish_schedule(mission, by=organizer, notify=send_mail)
        first_day = first_meeting_day(mission)
        if first_day is not None:
            evening = local_time(mission, first_day.date, EVENING)
            record_no_shows(mission, by=organizer, now=evening)
    return run, publication
