"""Hostile files for both imports: all rows or none, never a 500, never half a file.

The invitation import (CSV and XLSX, through the organizer's web page) gets generated
tables: the right header or a damaged one, and rows of valid-looking and broken cells.
The mission workbook import (``jisr import``) gets an exported workbook with cells
overwritten by generated values. Each import must write every row or nothing.
"""

from __future__ import annotations

import csv
import io
import os
import time

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from jisr.exchange import schema
from jisr.exchange.services import import_workbook
from jisr.missions.imports import COLUMNS
from jisr.missions.models import Invitation
from tests.exchange.builders import build_mission, exported, snapshot
from tests.factories import MissionFactory
from tests.factories_invitations import organizer_of

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
CELL = st.one_of(
    st.sampled_from(
        ["", "buyer", "provider", "organizer", "Buyer delegate", "fr", "ar", "MA", "US", "x" * 300]
    ),
    st.emails().map(lambda e: e[:60]),
    st.text(max_size=30),
    st.integers(-(10**12), 10**12).map(str),
)
BROKEN_ROW = st.lists(CELL, min_size=0, max_size=len(COLUMNS) + 2)
GOOD_ROW = st.tuples(
    st.integers(0, 10**9).map(lambda n: f"person{n}@fuzz.example"),
    st.sampled_from(["Amal", "Badr", "Zoé", "سلمى"]),
    st.sampled_from(["Alaoui", "Ng", "O'Brien"]),
    st.sampled_from(["Org A", "Atlas Java", "شركة"]),
    st.sampled_from(["buyer", "provider", "advisor", "speaker"]),
    st.sampled_from(["en", "fr", "ar", ""]),
    st.sampled_from(["MA", "US", "CA", ""]),
    st.sampled_from(["Rabat", "", "Montréal"]),
).map(list)
ROW = st.one_of(GOOD_ROW, GOOD_ROW, BROKEN_ROW)
HEADER = st.one_of(
    st.just(list(COLUMNS)),
    st.permutations(list(COLUMNS)),
    st.lists(st.sampled_from([*COLUMNS, "E-mail", "Rôle", "", "junk"]), max_size=10),
)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    # A spreadsheet cannot hold control characters at all; the CSV case gets them.
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in header])
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_invitation_import_takes_every_row_or_none(quiet_request_log, capsys):
    mission = MissionFactory()
    client = Client()
    client.force_login(organizer_of(mission))
    url = reverse("web:invitation-import", args=[mission.slug])
    seen = {"files": 0, "accepted": 0, "rejected": 0}
    started = time.process_time()

    @given(
        header=HEADER,
        rows=st.lists(ROW, max_size=6),
        kind=st.sampled_from(["csv", "xlsx", "garbage"]),
        garbage=st.binary(max_size=200),
    )
    @SETTINGS
    def attempt(header, rows, kind, garbage):  # type: ignore[no-untyped-def]
        content = {"csv": lambda: _csv(header, rows), "xlsx": lambda: _xlsx(header, rows)}.get(
            kind, lambda: garbage
        )()
        upload = SimpleUploadedFile(f"people.{'xlsx' if kind == 'xlsx' else 'csv'}", content)
        with transaction.atomic():
            before = Invitation.objects.count()
            response = client.post(url, {"file": upload, "valid_days": "14"})
            created = Invitation.objects.count() - before
            transaction.set_rollback(True)
        seen["files"] += 1
        if response.status_code == 302:
            # Imported whole: one invitation per non-empty data row.
            seen["accepted"] += 1
            assert kind != "garbage"
            assert created == sum(1 for row in rows if any(c.strip() for c in row))
        else:
            assert response.status_code in (200, 400), response.status_code
            assert created == 0, "a rejected import wrote invitations"
            seen["rejected"] += 1

    attempt()
    with capsys.disabled():
        print(
            f"\ninvitation import fuzz: {seen['files']} files, {seen['accepted']} imported whole, "
            f"{seen['rejected']} rejected with nothing written, 0 server errors, "
            f"{time.process_time() - started:.0f}s CPU [load {os.getloadavg()[0]:.1f}]"
        )
    assert seen["rejected"] > 0
    assert seen["accepted"] > 0


def test_invitation_import_of_a_good_file_creates_one_invitation_per_row():
    mission = MissionFactory()
    client = Client()
    client.force_login(organizer_of(mission))
    rows = [
        ["a@fuzz.example", "Amal", "One", "Org A", "provider", "fr", "MA", "Rabat"],
        ["b@fuzz.example", "Badr", "Two", "Org B", "buyer", "en", "US", "Boston"],
    ]

    response = client.post(
        reverse("web:invitation-import", args=[mission.slug]),
        {"file": SimpleUploadedFile("people.csv", _csv(list(COLUMNS), rows)), "valid_days": "14"},
    )

    assert response.status_code == 302
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "a@fuzz.example",
        "b@fuzz.example",
    ]


SHEETS = [sheet.name for sheet in schema.SHEETS]


def test_mission_workbook_import_is_all_or_nothing(capsys):
    mission = build_mission()
    workbook = exported(mission)
    seen = {"files": 0, "applied": 0, "rejected": 0}
    started = time.process_time()

    @given(
        edits=st.lists(
            st.tuples(
                st.sampled_from(SHEETS),
                st.integers(1, 8),
                st.integers(1, 12),
                st.one_of(CELL, st.none(), st.floats(allow_nan=True), st.booleans()),
            ),
            min_size=1,
            max_size=4,
        )
    )
    @settings(
        max_examples=30,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def attempt(edits):  # type: ignore[no-untyped-def]
        book = openpyxl.load_workbook(io.BytesIO(workbook))
        for sheet, row, column, value in edits:
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            book[sheet].cell(row, column).value = value
        buffer = io.BytesIO()
        book.save(buffer)
        before = snapshot(mission)
        with transaction.atomic():
            result = import_workbook(mission.slug, buffer.getvalue(), by=None)
            seen["files"] += 1
            if result.errors:
                seen["rejected"] += 1
                assert snapshot(mission) == before, "a rejected workbook changed the mission"
            else:
                seen["applied"] += 1
            transaction.set_rollback(True)

    attempt()
    with capsys.disabled():
        print(
            f"\nworkbook import fuzz: {seen['files']} workbooks, {seen['applied']} applied, "
            f"{seen['rejected']} rejected with nothing changed, 0 server errors, "
            f"{time.process_time() - started:.0f}s CPU [load {os.getloadavg()[0]:.1f}]"
        )
    assert seen["rejected"] > 0
