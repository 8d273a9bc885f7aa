"""The mission workbook: Summary, Participants, Meetings and Pipeline sheets.

Headers are in the active language; numbers are numbers (rates formatted as
percentages), dates are dates, times are the venue's local time; each sheet has a frozen
header row and readable column widths.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from jisr.core.i18n import country_name
from jisr.directory.models import Organization
from jisr.missions.models import Mission
from jisr.outcomes.models import Attendance, Stage
from jisr.reports import present
from jisr.reports.pipeline import Pipeline
from jisr.reports.queries import (
    Filters,
    attendance_flags,
    mission_figures,
    participants_of,
    per_person_tallies,
    reported_meetings,
)
from jisr.schedules.models import ScheduledMeeting

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 64 * 1024
TALLIES = ("sent", "received", "scheduled", "held", "no_show")
NUMBER_FORMATS = {"rate": "0.0%", "average": "0.00", "count": "0"}


def mission_workbook(mission: Mission, filters: Filters) -> Workbook:
    """A workbook of the mission's report under ``filters``, in the active language."""
    figures = mission_figures(mission, filters)
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = _("Summary")[:31]
    _summary(summary, mission, filters, present.headline(figures))
    _participants(workbook.create_sheet(_("Participants")[:31]), mission, filters)
    _meetings(workbook.create_sheet(_("Meetings")[:31]), mission, filters)
    _pipeline(workbook.create_sheet(_("Pipeline")[:31]), figures.pipeline)
    return workbook


def chunks(workbook: Workbook) -> Iterator[bytes]:
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    for start in range(0, len(data), CHUNK):
        yield data[start : start + CHUNK]


def _header(sheet: Worksheet, headers: Sequence[str | Promise], widths: Sequence[int]) -> None:
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"


def _summary(
    sheet: Worksheet, mission: Mission, filters: Filters, rows: list[present.Figure]
) -> None:
    _header(sheet, [_("Figure"), _("Value")], [40, 16])
    for figure in rows:
        sheet.append([str(figure.label), figure.value])
        sheet.cell(sheet.max_row, 2).number_format = NUMBER_FORMATS[figure.kind]
    sheet.append([])
    sheet.append([_("Mission"), mission.display_name])
    sheet.append([_("Start date"), mission.start_date])
    sheet.cell(sheet.max_row, 2).number_format = "yyyy-mm-dd"
    sheet.append([_("End date"), mission.end_date])
    sheet.cell(sheet.max_row, 2).number_format = "yyyy-mm-dd"
    for label, value in (
        (_("Country"), country_name(filters.country)),
        (_("Service line"), filters.service_line),
        (pgettext("buyer or provider", "Side"), filters.side),
    ):
        if value:
            sheet.append([label, value])


def _participants(sheet: Worksheet, mission: Mission, filters: Filters) -> None:
    _header(
        sheet,
        [
            _("Name"),
            _("Organization"),
            pgettext("buyer or provider", "Side"),
            _("Country"),
            _("Service lines"),
            _("Requests sent"),
            _("Requests received"),
            _("Meetings scheduled"),
            _("Meetings held"),
            _("No-shows reported"),
        ],
        [28, 30, 14, 10, 40, 14, 16, 18, 14, 18],
    )
    tallies = per_person_tallies(mission)
    # Labels looked up once: get_FOO_display() translates the choices on every call.
    sides = {kind: str(label) for kind, label in Organization.Kind.choices}
    people = (
        participants_of([mission.pk], filters)
        .select_related("organization")
        .prefetch_related("organization__service_lines")
        .order_by("organization__kind", "organization__name", "last_name", "first_name", "pk")
    )
    for person in people:
        organization = person.organization
        tally = tallies.get(person.pk, {})
        sheet.append(
            [
                person.full_name,
                organization.name,
                sides[organization.kind],
                country_name(organization.country),
                ", ".join(line.name for line in organization.service_lines.all()),
                *(tally.get(key, 0) for key in TALLIES),
            ]
        )


def _meetings(sheet: Worksheet, mission: Mission, filters: Filters) -> None:
    _header(
        sheet,
        [
            _("Date"),
            _("Start"),
            _("Venue"),
            _("Table"),
            _("Requested by"),
            _("Organization"),
            _("With"),
            _("Organization"),
            _("State"),
            _("Attendance"),
        ],
        [12, 8, 24, 8, 26, 28, 26, 28, 14, 22],
    )
    meetings = (
        reported_meetings([mission.pk])
        .filter(filters.either_party([mission.pk], "request__"))
        .annotate(**attendance_flags())
        .select_related(
            "request__requester__organization",
            "request__recipient__organization",
            "slot__day__venue",
            "table",
        )
        .order_by("slot__start", "table__label", "pk")
    )
    states = {state: str(label) for state, label in ScheduledMeeting.State.choices}
    # Rows are counted here: ``sheet.max_row`` scans every cell, which is quadratic.
    for row, meeting in enumerate(meetings.iterator(chunk_size=2000), start=2):
        start = meeting.slot.start.astimezone(ZoneInfo(meeting.slot.day.venue.timezone))
        request = meeting.request
        sheet.append(
            [
                start.date(),
                start.time().replace(tzinfo=None),
                meeting.slot.day.venue.name,
                meeting.table.label if meeting.table else "",
                request.requester.full_name,
                request.requester.organization.name,
                request.recipient.full_name,
                request.recipient.organization.name,
                states[meeting.state],
                _attendance(meeting),
            ]
        )
        sheet.cell(row, 1).number_format = "yyyy-mm-dd"
        sheet.cell(row, 2).number_format = "hh:mm"


def _attendance(meeting: Any) -> str:
    if meeting.state == ScheduledMeeting.State.CANCELLED:
        return ""
    if meeting.no_show:
        return str(Attendance.Outcome.NO_SHOW.label)
    if meeting.confirmed:
        return str(Attendance.Outcome.HELD.label)
    return _("No answer yet")


def _pipeline(sheet: Worksheet, pipeline: Pipeline) -> None:
    _header(sheet, [_("Stage"), _("Partnerships")], [36, 16])
    for stage in pipeline.stages:
        sheet.append([str(stage.label), stage.count])
    sheet.append([_("Waiting for a first confirmation"), pipeline.unconfirmed])
    sheet.append([str(Stage.LOST.label), pipeline.lost])
    sheet.append([str(Stage.CLOSED.label), pipeline.closed])
    sheet.append([_("Success stories published"), pipeline.stories])
    if not pipeline.available:
        sheet.append([])
        sheet.append([_("No pipeline data yet.")])
