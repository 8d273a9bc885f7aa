"""The workbook opened back with openpyxl, and the PDF report read back with pdftotext."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from jisr.directory.models import Organization, Person
from jisr.meetings.models import MeetingRequest
from jisr.outcomes.models import Attendance
from jisr.reports.models import ReportExport
from jisr.schedules.models import ScheduledMeeting
from tests.factories import MissionFactory
from tests.factories_invitations import organizer_of
from tests.reports.world import build_report_world


@pytest.fixture(autouse=True)
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield tmp_path / "media"


BIDI_MARKS = "\u200e\u200f\u2066\u2067\u2068\u2069\u202a\u202b\u202c"


def _url(name, mission, language="en", query=""):
    with translation.override("en"):
        url = reverse(f"web:{name}", args=[mission.slug]).replace("/en/", f"/{language}/", 1)
    return f"{url}?{query}" if query else url


def _fetch(client, name, mission, language="en", query=""):
    """Follow an old direct link: it leads to the export's page (the test settings run
    the build at once), whose download gives the file."""
    response = client.get(_url(name, mission, language, query))
    export = ReportExport.objects.filter(mission=mission).order_by("-pk").first()
    with translation.override("en"):
        status_url = reverse("web:reports_export", args=[mission.slug, export.pk])
        download = reverse("web:reports_export_download", args=[mission.slug, export.pk])
    assert response.status_code == 302
    assert response["Location"].endswith(status_url.split("/", 2)[2])
    assert export.status == ReportExport.Status.DONE, export.error
    return client.get(download)


def _content(response):
    return b"".join(response.streaming_content)


def _workbook(response):
    return load_workbook(io.BytesIO(_content(response)))


def _pdf_text(content, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return "".join(ch for ch in text if ch not in BIDI_MARKS)


def test_workbook_has_four_sheets_with_typed_values(client, world):
    client.force_login(world.organizer)

    response = _fetch(client, "reports_xlsx", world.mission)

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment;" in response["Content-Disposition"]
    assert ".xlsx" in response["Content-Disposition"]
    book = _workbook(response)
    assert book.sheetnames == ["Summary", "Participants", "Meetings", "Pipeline"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Invitations"] == 5
    assert summary["Meeting requests"] == 6
    assert summary["Acceptance rate"] == pytest.approx(0.75)
    assert summary["No-show rate"] == pytest.approx(0.5)
    assert summary["Meetings per buyer delegate"] == pytest.approx(1.5)
    assert summary["Start date"] == dt.datetime(2027, 4, 12)  # a date cell, read back
    assert book["Summary"]["B6"].number_format == "0.0%"
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width >= 12


def test_workbook_participants_and_meetings_rows(client, world):
    client.force_login(world.organizer)

    book = _workbook(_fetch(client, "reports_xlsx", world.mission))

    people = list(book["Participants"].iter_rows(values_only=True))
    assert people[0][:3] == ("Name", "Organization", "Side")
    by_name = {row[0]: row for row in people[1:]}
    assert set(by_name) == {"Bea Test", "Carl Test", "Pia Test", "Quentin Test", "Rita Test"}
    # sent, received, scheduled, held, no-shows
    assert by_name["Bea Test"][5:] == (2, 1, 2, 1, 1)
    assert by_name["Pia Test"][5:] == (0, 2, 2, 1, 0)
    assert by_name["Rita Test"][4] == "Testing and quality assurance, Cybersecurity"
    meetings = list(book["Meetings"].iter_rows(values_only=True))
    assert len(meetings) == 1 + 4  # three published, one cancelled; no draft
    first = meetings[1]
    assert first[0] == dt.datetime(2027, 4, 12)
    assert first[1] == dt.time(9, 0)  # the venue's local time
    assert first[4:6] == ("Bea Test", "Acme Corp")
    assert first[9] == "Took place"
    assert [row[9] for row in meetings[1:]].count("Did not take place") == 1
    pipeline = list(book["Pipeline"].iter_rows(min_row=2, values_only=True))
    assert pipeline == [
        ("Lead", 3),
        ("NDA signed", 2),
        ("Proposal", 1),
        ("Pilot project", 1),
        ("Contract signed", 1),
        ("Waiting for a first confirmation", 1),
        ("Lost", 1),
        ("Closed", 0),
        ("Success stories published", 1),
    ]


def test_workbook_follows_the_filters_and_the_language(client, world):
    client.force_login(world.organizer)

    book = _workbook(_fetch(client, "reports_xlsx", world.mission, "fr", "country=MA"))

    with translation.override("fr"):
        names = [translation.gettext(n) for n in ("Summary", "Participants", "Meetings")]
        lines, country = translation.gettext("Service lines"), translation.gettext("Country")
    assert lines == "Lignes de service"  # the header is in the page's language
    assert book.sheetnames[:3] == names
    participants = book[names[1]]
    assert participants["E1"].value == lines
    people = sorted(row[0] for row in participants.iter_rows(min_row=2, values_only=True))
    assert people == ["Pia Test", "Quentin Test"]
    summary = {row[0]: row[1] for row in book[names[0]].iter_rows(values_only=True)}
    assert summary[country] == "Maroc"  # the filter, by its French name, in the summary


def test_workbook_queries_do_not_grow_with_the_data(client, db):
    small = build_report_world("small")
    client.force_login(small.organizer)
    with CaptureQueriesContext(connection) as few:
        _workbook(_fetch(client, "reports_xlsx", small.mission))
    for index in range(3):  # more people, requests, meetings and partnerships
        extra = build_report_world(f"extra-{index}")
        for model in (Organization, Person, MeetingRequest, ScheduledMeeting, Attendance):
            model.objects.filter(mission=extra.mission).update(mission=small.mission)

    with CaptureQueriesContext(connection) as many:
        book = _workbook(_fetch(client, "reports_xlsx", small.mission))

    assert book["Participants"].max_row == 1 + 5 * 4
    assert len(many) == len(few)


def test_pdf_report_in_english_has_cover_figures_and_charts(client, world, tmp_path):
    client.force_login(world.organizer)

    response = _fetch(client, "reports_pdf", world.mission)

    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(_content(response), tmp_path)
    assert "Mission report" in text
    assert "Casablanca IT week" in text
    assert "From 12 April 2027 to 14 April 2027" in text
    assert "Acceptance rate" in text and "75 %" in text
    assert "No-show rate" in text and "50 %" in text
    assert "From request to meeting" in text
    assert "Partnership pipeline" in text and "Contract signed" in text
    assert "Contracts signed" in text
    assert "Twelve testers in Rabat" in text  # the published story
    assert "Not approved yet" not in text
    assert "Other mission story" not in text
    assert "How we count" in text


def test_pdf_report_in_arabic_is_translated_and_keeps_names(client, world, tmp_path):
    client.force_login(world.organizer)

    response = _fetch(client, "reports_pdf", world.mission, "ar")

    text = _pdf_text(_content(response), tmp_path)
    assert "أسبوع" in text and "تقنية" in text  # the mission's Arabic name
    assert "2027" in text
    assert "75 %" in text


def test_pdf_report_in_arabic_names_its_filters_in_arabic(client, world, tmp_path):
    client.force_login(world.organizer)
    query = "side=provider&service_line=testing-qa"

    response = _fetch(client, "reports_pdf", world.mission, "ar", query)

    text = _pdf_text(_content(response), tmp_path)
    with translation.override("ar"):
        side, line = translation.gettext("Providers"), translation.gettext("Service line")
    assert (side, line) == ("مزوّدو الخدمات", "مجال الخدمة")
    assert line in text
    # pdftotext may move the shadda of "مزوّدو" away from its letter; the rest is intact.
    assert "مزو" in text and "الخدمات" in side and side.split()[1] in text
    assert "الاختبار" in text and "الجودة" in text  # the service line's Arabic name


def test_pdf_report_of_an_empty_mission(client, db, tmp_path):
    mission = MissionFactory()
    client.force_login(organizer_of(mission))

    text = _pdf_text(_content(_fetch(client, "reports_pdf", mission)), tmp_path)

    assert "Acceptance rate" in text
    assert "—" in text
    assert "No pipeline data yet" in text
