"""Export, then import: into an empty mission it reproduces the content; into the same
mission it changes nothing; edits in the file become updates, logged."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from jisr.core.models import ActivityLogEntry
from jisr.directory.models import Organization, Person
from jisr.exchange import schema
from jisr.exchange.services import import_workbook
from jisr.missions.models import MeetingDay, Mission
from jisr.schedules.models import Publication, ScheduledMeeting
from tests.exchange.builders import build_mission, content, edited, exported, set_cell, snapshot

pytestmark = pytest.mark.django_db


def test_export_has_every_sheet_typed_cells_and_a_frozen_header() -> None:
    mission = build_mission()

    workbook = openpyxl.load_workbook(io.BytesIO(exported(mission)))

    assert workbook.sheetnames == ["README", *(s.name for s in schema.SHEETS)]
    for sheet in schema.SHEETS:
        assert [c.value for c in workbook[sheet.name][1]] == sheet.names
        assert workbook[sheet.name].freeze_panes == "A2"
    days = workbook["Days"]
    assert days["B2"].value == dt.datetime(2027, 4, 12)  # a date cell, read back by openpyxl
    assert days["B2"].number_format == "yyyy-mm-dd"
    slots = workbook["Slots"]
    assert [slots.cell(r, 4).value for r in range(2, 7)] == [
        dt.time(9, 0),
        dt.time(9, 30),
        dt.time(10, 0),
        dt.time(14, 0),
        dt.time(14, 30),
    ]
    organizations = list(workbook["Organizations"].iter_rows(min_row=2, values_only=True))
    founded = [row[7] for row in organizations if row[7] is not None]
    assert founded == [2009]
    schedule = list(workbook["Schedule"].iter_rows(min_row=2, values_only=True))
    assert [(row[8], row[9], row[10]) for row in schedule] == [
        ("published", 0, True),
        ("published", 2, False),
        ("cancelled", 0, False),
    ]
    readme = [row[1] for row in workbook["README"].iter_rows(values_only=True)]
    assert "org_key" in readme and "invitation_validity_days" in readme


def test_import_into_an_empty_mission_reproduces_the_content() -> None:
    source = build_mission()
    before = content(source, keep_uuids=False)

    result = import_workbook("copy", exported(source), by=None, create_mission=True)

    assert result.errors == []
    assert result.applied
    copy = Mission.objects.get(slug="copy")
    assert content(copy, keep_uuids=False) == before
    assert (
        result.counts["organization.created"] == Organization.objects.filter(mission=source).count()
    )
    assert result.counts["scheduled_meeting.created"] == 3
    # Calendar ids are global: the copy's meetings get their own.
    source_ids = set(ScheduledMeeting.objects.filter(mission=source).values_list("uuid"))
    assert not source_ids & set(ScheduledMeeting.objects.filter(mission=copy).values_list("uuid"))
    assert Publication.objects.filter(mission=copy).count() == 1


def test_import_into_a_fresh_database_keeps_meeting_ids() -> None:
    source = build_mission()
    workbook = exported(source)
    before = content(source)
    ScheduledMeeting.objects.all().delete()  # protected rows go first
    MeetingDay.objects.all().delete()
    Mission.objects.all().delete()

    result = import_workbook("again", workbook, by=None, create_mission=True)

    assert result.errors == [] and result.applied
    assert content(Mission.objects.get(slug="again")) == before


def test_reimporting_an_export_into_the_same_mission_changes_nothing() -> None:
    mission = build_mission()
    before = snapshot(mission)
    log_before = ActivityLogEntry.objects.exclude(action="exchange.imported").count()

    result = import_workbook(mission.slug, exported(mission), by=None)

    assert result.errors == [] and result.applied
    assert dict(result.counts) == {}
    assert snapshot(mission) == before
    assert ActivityLogEntry.objects.exclude(action="exchange.imported").count() == log_before
    summary = ActivityLogEntry.objects.get(action="exchange.imported")
    assert summary.mission == mission and summary.data["changes"] == {}


def test_edits_in_the_file_update_rows_and_are_logged() -> None:
    mission = build_mission()
    person = Person.objects.filter(mission=mission).order_by("id").first()
    assert person is not None

    def add_person(workbook: openpyxl.Workbook) -> None:
        workbook["People"].append(
            [
                "new@test.example",
                f"O{person.organization_id}",
                "Nadia",
                "Alaoui",
                "CTO",
                "",
                "fr;ar",
                "Français",
                "Acheteuse",
            ]
        )

    def move_meeting(workbook: openpyxl.Workbook) -> None:
        workbook["Schedule"]["E2"].value = dt.time(9, 30)
        workbook["Schedule"]["F2"].value = dt.time(10, 0)

    data = edited(exported(mission), set_cell("People", 2, "title", "Head of delivery"))
    data = edited(data, add_person)
    data = edited(data, move_meeting)
    meeting = (
        ScheduledMeeting.objects.filter(mission=mission)
        .order_by("slot__start", "table__label")
        .first()
    )
    assert meeting is not None

    result = import_workbook(mission.slug, data, by=None)

    assert result.errors == [], result.errors
    assert result.counts == {
        "person.updated": 1,
        "person.created": 1,
        "scheduled_meeting.updated": 1,
    }
    person.refresh_from_db()
    assert person.title == "Head of delivery"
    new = Person.objects.get(mission=mission, email="new@test.example")
    assert new.preferred_language == "fr"
    assert list(new.participations.values_list("role", flat=True)) == ["buyer"]
    assert sorted(new.languages.values_list("code", flat=True)) == ["ar", "fr"]
    meeting.refresh_from_db()
    assert meeting.slot.start.astimezone(dt.UTC).time() == dt.time(8, 30)  # 09:30 at UTC+1
    assert meeting.sequence == 1
    actions = set(ActivityLogEntry.objects.filter(mission=mission).values_list("action", flat=True))
    assert {
        "exchange.person.updated",
        "exchange.person.created",
        "exchange.scheduled_meeting.updated",
        "exchange.imported",
    } <= actions


def test_keys_of_another_mission_never_touch_it() -> None:
    other = build_mission()
    other_before = snapshot(other)[1]
    mission = build_mission()

    result = import_workbook(mission.slug, exported(other), by=None)

    # Its O/L/R/V keys name rows of the other mission, not of this one: every row is
    # created here, and the other mission stays exactly as it was.
    assert result.errors == []
    assert snapshot(other)[1] == other_before
    assert (
        result.counts["organization.created"] == Organization.objects.filter(mission=other).count()
    )


def test_a_new_organization_is_named_by_any_text_key_and_referred_to_by_it() -> None:
    mission = build_mission()

    def add_rows(workbook: openpyxl.Workbook) -> None:
        workbook["Organizations"].append(
            [
                "acme",
                "Acme Nearshore",
                "Prestataire",
                "MA",
                "Tanger",
                "",
                "10-49",
                2015,
                "Africa/Casablanca",
                "testing-qa",
                "Cypress;Playwright",
                "fr",
                "",
                "",
                "",
                "",
            ]
        )
        workbook["DeliverySites"].append(["acme", "tetouan-shore", "Tétouan", "ma"])
        workbook["People"].append(
            ["Omar@Acme.example", "acme", "Omar", "Tazi", "", "", "", "", "provider"]
        )

    result = import_workbook(mission.slug, edited(exported(mission), add_rows), by=None)

    assert result.errors == [], result.errors
    acme = Organization.objects.get(mission=mission, name="Acme Nearshore")
    assert acme.kind == "provider" and acme.founded == 2015
    assert sorted(acme.technologies.values_list("name", flat=True)) == ["Cypress", "Playwright"]
    assert list(acme.delivery_sites.values_list("park", "country")) == [("tetouan-shore", "MA")]
    assert Person.objects.get(mission=mission, email="omar@acme.example").organization == acme
    assert "acme nearshore" in acme.search_document


def test_import_of_people_requests_and_a_published_schedule_sends_no_email(
    django_capture_on_commit_callbacks,
) -> None:
    from django.core import mail
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from jisr.meetings.models import MeetingRequest
    from jisr.schedules.models import PublicationNotice

    source = build_mission()
    workbook = exported(source)

    with (
        override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = import_workbook("copy", workbook, by=None, create_mission=True)

    copy = Mission.objects.get(slug="copy")
    assert result.applied and Person.objects.filter(mission=copy).count() > 0
    assert MeetingRequest.objects.filter(mission=copy).count() > 0
    assert ScheduledMeeting.objects.filter(mission=copy, state="published").count() == 2
    # Imported participants, requests and a published schedule are a copy of what was
    # already announced elsewhere: nobody is e-mailed, now or by a worker.
    assert mail.outbox == []
    assert not PublicationNotice.objects.filter(mission=copy).exists()
    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert not {path for path in queued if ".send_" in path}, queued
