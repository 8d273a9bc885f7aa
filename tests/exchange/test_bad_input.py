"""Bad input changes nothing and names the sheet, row and column of every problem."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from jisr.core.models import ActivityLogEntry
from jisr.exchange.services import import_workbook
from jisr.missions.models import Mission
from tests.exchange.builders import (
    build_mission,
    column_index,
    edited,
    exported,
    set_cell,
    snapshot,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Edit = Callable[[Any], None]


def delete_sheet(name: str) -> Edit:
    def edit(workbook: Any) -> None:
        del workbook[name]

    return edit


def delete_column(sheet_name: str, column: str) -> Edit:
    def edit(workbook: Any) -> None:
        sheet = workbook[sheet_name]
        sheet.delete_cols(column_index(sheet, column))

    return edit


def rename_column(sheet_name: str, column: str, title: str) -> Edit:
    def edit(workbook: Any) -> None:
        sheet = workbook[sheet_name]
        sheet.cell(1, column_index(sheet, column)).value = title

    return edit


def copy_cell(sheet_name: str, column: str, source_row: int, target_row: int) -> Edit:
    def edit(workbook: Any) -> None:
        sheet = workbook[sheet_name]
        index = column_index(sheet, column)
        sheet.cell(target_row, index).value = sheet.cell(source_row, index).value

    return edit


def both(*edits: Edit) -> Edit:
    def edit(workbook: Any) -> None:
        for one in edits:
            one(workbook)

    return edit


def add_row_like(sheet_name: str, source_row: int, **values: Any) -> Edit:
    """Append a copy of ``source_row`` with some cells changed."""

    def edit(workbook: Any) -> None:
        sheet = workbook[sheet_name]
        row = [cell.value for cell in sheet[source_row]]
        for column, value in values.items():
            row[column_index(sheet, column) - 1] = value
        sheet.append(row)

    return edit


def drop_row(sheet_name: str, row: int) -> Edit:
    def edit(workbook: Any) -> None:
        workbook[sheet_name].delete_rows(row)

    return edit


FILE_LEVEL = [
    pytest.param(b"", "The file is empty.", id="empty file"),
    pytest.param(b"\x00\x01\x02 not a workbook", "not an Excel workbook", id="not an xlsx"),
    pytest.param(
        b"email,first_name\nnadia@test.example,Nadia\n",
        "not an Excel workbook",
        id="csv renamed to xlsx",
    ),
    pytest.param(b"PK\x03\x04 a damaged zip", "could not be read", id="damaged xlsx"),
]


@pytest.mark.parametrize(("data", "message"), FILE_LEVEL)
def test_an_unreadable_file_changes_nothing(data: bytes, message: str) -> None:
    mission = build_mission()
    before = snapshot(mission)

    result = import_workbook(mission.slug, data, by=None)

    assert not result.applied
    assert [(p.sheet, p.row, p.column) for p in result.errors] == [("", 0, "")]
    assert message in result.errors[0].message
    assert snapshot(mission) == before


CELL_LEVEL = [
    pytest.param(delete_sheet("People"), ("People", 0, ""), id="missing sheet"),
    pytest.param(
        delete_column("Organizations", "city"), ("Organizations", 1, "city"), id="missing column"
    ),
    pytest.param(
        rename_column("People", "email", "electronic mail"),
        ("People", 1, "email"),
        id="renamed column",
    ),
    pytest.param(
        set_cell("People", 2, "email", "nadia(at)test"), ("People", 2, "email"), id="bad email"
    ),
    pytest.param(
        set_cell("Organizations", 2, "service_lines", "adm;quantum-computing"),
        ("Organizations", 2, "service_lines"),
        id="unknown code",
    ),
    pytest.param(
        set_cell("Organizations", 3, "kind", "vendor"),
        ("Organizations", 3, "kind"),
        id="unknown enum",
    ),
    pytest.param(copy_cell("People", "email", 2, 3), ("People", 3, "email"), id="duplicate key"),
    pytest.param(
        set_cell("People", 2, "org_key", "O999999"),
        ("People", 2, "org_key"),
        id="dangling reference",
    ),
    pytest.param(set_cell("Days", 2, "date", "2027-02-30"), ("Days", 2, "date"), id="bad date"),
    pytest.param(
        set_cell("Venues", 2, "timezone", "Mars/Olympus"),
        ("Venues", 2, "timezone"),
        id="bad time zone",
    ),
    pytest.param(
        set_cell("Slots", 3, "start", dt.time(9, 15)), ("Slots", 3, "start"), id="overlapping slot"
    ),
    pytest.param(
        set_cell("Organizations", 2, "founded", "soon"),
        ("Organizations", 2, "founded"),
        id="not a number",
    ),
    pytest.param(
        set_cell("MeetingRequests", 2, "status", "pending"),
        ("Schedule", 2, "state"),
        id="published meeting of a request not accepted",
    ),
    pytest.param(
        set_cell("Schedule", 3, "table", "T1"),
        ("Schedule", 3, "table"),
        id="table booked twice in a slot",
    ),
    pytest.param(
        set_cell("Schedule", 2, "table", "T9"), ("Schedule", 2, "table"), id="unknown table"
    ),
    pytest.param(
        set_cell("MeetingRequests", 3, "requester_email", "nobody@test.example"),
        ("MeetingRequests", 3, "requester_email"),
        id="request from nobody",
    ),
    pytest.param(
        add_row_like("MeetingRequests", 2, request_key="again", status="pending"),
        ("MeetingRequests", 8, "status"),
        id="second open request for a pair",
    ),
    pytest.param(
        both(
            add_row_like("MeetingRequests", 2, request_key="again", status="pending"),
            drop_row("MeetingRequests", 2),
        ),
        ("MeetingRequests", 7, "status"),
        id="open request clashing with one the file leaves out",
    ),
    pytest.param(
        add_row_like("Schedule", 2, uuid=None, start=dt.time(14, 0), end=dt.time(14, 30)),
        ("Schedule", 5, "request_key"),
        id="second meeting for a request",
    ),
    pytest.param(
        set_cell("Schedule", 2, "end", dt.time(9, 45)),
        ("Schedule", 2, "end"),
        id="meeting end not the slot end",
    ),
    pytest.param(
        both(drop_row("Schedule", 2), set_cell("Schedule", 2, "table", "T1")),
        ("Schedule", 2, "table"),
        id="table taken by a meeting the file leaves out",
    ),
    pytest.param(
        set_cell("People", 2, "roles", "provider"),
        ("People", 2, "roles"),
        id="provider role in a buyer organization",
    ),
    pytest.param(
        set_cell("Mission", 12, "value", "2020-01-01"),
        ("Mission", 12, "end_date"),
        id="mission ends before it starts",
    ),
]


@pytest.mark.parametrize(("edit", "where"), CELL_LEVEL)
def test_a_bad_sheet_row_or_cell_changes_nothing_and_is_located(
    edit: Edit, where: tuple[str, int, str]
) -> None:
    mission = build_mission()
    data = edited(exported(mission), edit)
    before = snapshot(mission)

    result = import_workbook(mission.slug, data, by=None)

    assert not result.applied
    assert where in [(p.sheet, p.row, p.column) for p in result.errors], result.errors
    assert snapshot(mission) == before


def test_every_problem_of_a_file_is_reported_not_just_the_first() -> None:
    mission = build_mission()
    data = edited(
        exported(mission),
        both(
            set_cell("People", 2, "email", "bad"),
            set_cell("People", 3, "preferred_language", "klingon"),
            set_cell("Listings", 2, "kind", "gift"),
            delete_column("Tables", "label"),
        ),
    )

    result = import_workbook(mission.slug, data, by=None)

    located = {(p.sheet, p.row, p.column) for p in result.errors}
    assert {
        ("People", 2, "email"),
        ("People", 3, "preferred_language"),
        ("Listings", 2, "kind"),
        ("Tables", 1, "label"),
    } <= located


def test_an_extra_column_is_a_warning_and_the_import_goes_ahead() -> None:
    mission = build_mission()

    def add_notes(workbook: Any) -> None:
        sheet = workbook["People"]
        sheet.cell(1, sheet.max_column + 1).value = "notes"
        sheet.cell(2, sheet.max_column).value = "met at GITEX"

    before = snapshot(mission)

    result = import_workbook(mission.slug, edited(exported(mission), add_notes), by=None)

    assert result.errors == [] and result.applied
    assert [(p.sheet, p.row, p.column, p.warning) for p in result.problems] == [
        ("People", 1, "notes", True)
    ]
    assert snapshot(mission) == before


def test_french_and_arabic_values_are_understood() -> None:
    mission = build_mission()
    data = edited(
        exported(mission),
        both(
            set_cell("People", 2, "roles", "Acheteur"),
            set_cell("People", 2, "preferred_language", "الإنجليزية"),
            set_cell("Schedule", 2, "locked", "oui"),
            set_cell("Organizations", 2, "kind", "Donneur d’ordre"),
            set_cell("Organizations", 3, "kind", "مزود"),
        ),
    )

    result = import_workbook(mission.slug, data, by=None)

    assert result.errors == [], result.errors
    assert result.counts == {}  # the same values, spelled in other languages


def test_the_command_writes_a_csv_report_and_exits_non_zero(tmp_path: Path) -> None:
    mission = build_mission()
    workbook = tmp_path / "mission.xlsx"
    workbook.write_bytes(edited(exported(mission), set_cell("People", 4, "email", "x@")))
    report = tmp_path / "report.csv"
    before = snapshot(mission)

    with pytest.raises(CommandError, match="1 problem"):
        call_command("import", str(workbook), mission=mission.slug, report=str(report))

    rows = list(csv.DictReader(report.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["severity"], r["sheet"], r["row"], r["column"]) for r in rows] == [
        ("error", "People", "4", "email")
    ]
    assert "x@" in rows[0]["message"]
    assert snapshot(mission) == before


def test_the_commands_export_then_dry_run_then_import_into_a_new_mission(tmp_path: Path) -> None:
    mission = build_mission()
    path = tmp_path / "out.xlsx"
    call_command("export", mission=mission.slug, output=str(path))

    call_command("import", str(path), mission="fresh", create_mission=True, dry_run=True)
    assert not Mission.objects.filter(slug="fresh").exists()

    user = UserFactory(username="amina")
    call_command("import", str(path), mission="fresh", create_mission=True, by="amina")
    fresh = Mission.objects.get(slug="fresh")
    assert fresh.organizations.count() == mission.organizations.count()
    summary = ActivityLogEntry.objects.get(mission=fresh, action="exchange.imported")
    assert summary.actor == user and summary.data["file"] == "out.xlsx"


def test_import_into_a_missing_mission_without_create_is_refused(tmp_path: Path) -> None:
    mission = build_mission()
    path = tmp_path / "out.xlsx"
    path.write_bytes(exported(mission))

    with pytest.raises(CommandError):
        call_command("import", str(path), mission="nowhere")

    assert not Mission.objects.filter(slug="nowhere").exists()


def test_the_report_can_be_a_workbook(tmp_path: Path) -> None:
    mission = build_mission()
    workbook = tmp_path / "mission.xlsx"
    workbook.write_bytes(edited(exported(mission), delete_sheet("Tables")))
    report = tmp_path / "report.xlsx"

    with pytest.raises(CommandError):
        call_command("import", str(workbook), mission=mission.slug, report=str(report))

    rows = list(openpyxl.load_workbook(report)["Problems"].iter_rows(values_only=True))
    assert rows[0] == ("severity", "sheet", "row", "column", "message")
    assert rows[1][:3] == ("error", "Tables", None)
    assert "Tables" in rows[1][4]


def test_a_sheet_over_the_row_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    mission = build_mission()
    monkeypatch.setattr("jisr.exchange.reading.MAX_ROWS", 3)  # People has 5 rows
    before = snapshot(mission)

    result = import_workbook(mission.slug, exported(mission), by=None)

    assert ("People", 0, "") in [(p.sheet, p.row, p.column) for p in result.errors]
    assert snapshot(mission) == before
