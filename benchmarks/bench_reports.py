"""Time the mission report on a large mission: figures, dashboard page, workbook and PDF.

    .venv/bin/python benchmarks/bench_reports.py [--size 2000x6000] [--requests 24000]

Builds a fresh SQLite database in a temporary directory, runs ``sample-mission`` at the
given size, then adds activity with bulk inserts (seeded): meeting requests in every
status, published and cancelled meetings for most accepted requests, attendance answers
(some no-shows) and partnerships with confirmed stages. Prints the seconds and the number
of queries of each report, unfiltered and filtered.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
import time
from io import StringIO


def build_activity(mission, requests: int, seed: int) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from jisr.directory.models import Person
    from jisr.meetings.models import MeetingRequest
    from jisr.missions.models import Slot
    from jisr.outcomes.models import Attendance, Relationship, Stage, StageChange
    from jisr.outcomes.models.pipeline import PIPELINE
    from jisr.schedules.models import ScheduledMeeting

    rng = random.Random(seed)
    people = list(Person.objects.for_mission(mission).values_list("pk", "organization__kind"))
    buyers = [pk for pk, kind in people if kind == "buyer"]
    providers = [pk for pk, kind in people if kind == "provider"]
    slots = list(Slot.objects.for_mission(mission).values_list("pk", flat=True))
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < requests:
        pairs.add((rng.choice(buyers), rng.choice(providers)))
    statuses = ["accepted"] * 60 + ["declined"] * 20 + ["pending"] * 15 + ["cancelled"] * 5
    rows = [
        MeetingRequest(mission=mission, requester_id=b, recipient_id=p, status=rng.choice(statuses))
        for b, p in sorted(pairs)
    ]
    MeetingRequest.objects.bulk_create(rows, batch_size=2000)
    accepted = list(
        MeetingRequest.objects.for_mission(mission)
        .filter(status="accepted")
        .values_list("pk", "requester_id", "recipient_id")
    )
    meetings = []
    for pk, _requester, _recipient in accepted:
        roll = rng.random()
        if roll < 0.85:
            state = "published" if roll < 0.8 else "cancelled"
            meetings.append(
                ScheduledMeeting(
                    mission=mission, request_id=pk, slot_id=rng.choice(slots), state=state
                )
            )
    ScheduledMeeting.objects.bulk_create(meetings, batch_size=2000)
    now = timezone.now()
    parties = {pk: (requester, recipient) for pk, requester, recipient in accepted}
    answers = []
    for meeting in ScheduledMeeting.objects.for_mission(mission).filter(state="published"):
        if rng.random() < 0.7:
            for person in parties[meeting.request_id]:
                outcome = "no_show" if rng.random() < 0.05 else "held"
                answers.append(
                    Attendance(
                        mission=mission,
                        meeting_id=meeting.pk,
                        person_id=person,
                        outcome=outcome,
                        recorded_at=now,
                    )
                )
    Attendance.objects.bulk_create(answers, batch_size=2000)
    organizations = dict(Person.objects.for_mission(mission).values_list("pk", "organization_id"))
    org_pairs = {
        (organizations[b], organizations[p]) for _pk, b, p in accepted if rng.random() < 0.2
    }
    relationships = Relationship.objects.bulk_create(
        [
            Relationship(mission=mission, buyer_id=b, provider_id=p, origin="interest")
            for b, p in sorted(org_pairs)
        ],
        batch_size=2000,
    )
    changes = []
    for relationship in relationships:
        reached = rng.choice([0, 0, 0, 1, 1, 2, 3, 4])
        for stage in PIPELINE[: reached + 1]:
            changes.append(
                StageChange(
                    mission=mission,
                    relationship=relationship,
                    stage=stage,
                    status="confirmed",
                    proposed_at=now,
                    answered_at=now,
                )
            )
        relationship.stage = Stage.LOST if rng.random() < 0.1 else PIPELINE[reached]
    Relationship.objects.bulk_update(relationships, ["stage"], batch_size=2000)
    StageChange.objects.bulk_create(changes, batch_size=2000)
    return {
        "requests": len(rows),
        "meetings": len(meetings),
        "attendance": len(answers),
        "relationships": len(relationships),
    }


def timed(label: str, function) -> object:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    print(f"  {label:34s} {seconds:7.3f} s  {len(queries):3d} queries")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="2000x6000", help="BUYERSxPROVIDERS")
    parser.add_argument("--requests", type=int, default=24000)
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args()
    buyers, providers = (int(n) for n in args.size.split("x"))
    data_dir = tempfile.mkdtemp(prefix="jisr-bench-reports-")
    os.environ.update(
        JISR_DATA_DIR=data_dir,
        JISR_DEBUG="1",
        JISR_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="jisr.settings",
    )
    os.environ.pop("JISR_DATABASE_URL", None)
    try:
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.test import Client

        from jisr.missions.models import Mission
        from jisr.reports.queries import Filters, mission_figures

        call_command("migrate", verbosity=0)
        call_command(
            "sample_mission",
            buyers=buyers,
            providers=providers,
            seed=args.seed,
            slug="bench",
            stdout=StringIO(),
        )
        mission = Mission.objects.get(slug="bench")
        added = build_activity(mission, args.requests, args.seed)
        print(f"size {args.size}: " + ", ".join(f"{v:,} {k}" for k, v in added.items()))
        timed("figures, no filter", lambda: mission_figures(mission))
        timed("figures, country MA", lambda: mission_figures(mission, Filters(country="MA")))
        timed(
            "figures, providers in testing-qa",
            lambda: mission_figures(mission, Filters(side="provider", service_line="testing-qa")),
        )
        user = get_user_model().objects.create_user("bench-organizer", password="x")
        mission.organizers.add(user)
        client = Client()
        client.force_login(user)
        base = "/en/m/bench/reports/"
        page = timed("dashboard page", lambda: client.get(base))
        assert page.status_code == 200, page.status_code
        timed(
            "dashboard, HTMX filter", lambda: client.get(base + "?country=MA", HTTP_HX_REQUEST="1")
        )
        timed("comparison page", lambda: client.get(base + "compare/"))
        timed("workbook (XLSX)", lambda: client.get(base + "report.xlsx"))
        timed("PDF report", lambda: client.get(base + "report.pdf").content)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
