"""Writing a mission to an XLSX workbook: one sheet per kind of row, typed cells."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from jisr.directory.models import DeliverySite, Organization, Person
from jisr.exchange import schema
from jisr.exchange.schema import SEPARATOR, Sheet
from jisr.marketplace.models import Listing
from jisr.meetings.models import MeetingRequest
from jisr.missions.models import MeetingDay, Mission, Participation, Slot, Table, Venue
from jisr.schedules.models import ScheduledMeeting

Row = list[Any]


def org_key(pk: int) -> str:
    return f"O{pk}"


def listing_key(pk: int | None) -> str:
    return f"L{pk}" if pk else ""


def request_key(pk: int) -> str:
    return f"R{pk}"


def venue_key(pk: int) -> str:
    return f"V{pk}"


def export_mission(mission: Mission) -> bytes:
    """The whole mission as an .xlsx file (see ``jisr.exchange.schema``)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet, rows in mission_rows(mission).items():
        _write_sheet(workbook, sheet, rows)
    _write_readme(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def mission_rows(mission: Mission) -> dict[Sheet, list[Row]]:
    """The rows of every sheet, in export order (by creation, so a fresh import keeps it)."""
    return {
        schema.MISSION: _mission(mission),
        schema.ORGANIZATIONS: list(_organizations(mission)),
        schema.DELIVERY_SITES: [
            [org_key(s.organization_id), s.park, s.city, s.country]
            for s in DeliverySite.objects.filter(organization__mission=mission).order_by(
                "organization_id", "id"
            )
        ],
        schema.PEOPLE: list(_people(mission)),
        schema.LISTINGS: list(_listings(mission)),
        schema.MEETING_REQUESTS: list(_requests(mission)),
        schema.VENUES: [
            [venue_key(v.pk), v.name, v.city, v.address, v.timezone]
            for v in Venue.objects.for_mission(mission).order_by("id")
        ],
        schema.DAYS: [
            [venue_key(d.venue_id), d.date]
            for d in MeetingDay.objects.for_mission(mission).order_by("date", "venue_id")
        ],
        schema.SLOTS: list(_slots(mission)),
        schema.TABLES: [
            [venue_key(t.venue_id), t.label]
            for t in Table.objects.for_mission(mission).order_by("venue_id", "label")
        ],
        schema.SCHEDULE: list(_schedule(mission)),
    }


def _mission(mission: Mission) -> list[Row]:
    values: dict[str, Any] = {
        "slug": mission.slug,
        "host_country": mission.host_country,
        "timezone": mission.timezone,
        "start_date": mission.start_date,
        "end_date": mission.end_date,
        "status": mission.status,
        "directory_visibility": mission.directory_visibility,
        "invitation_validity_days": mission.invitation_validity_days,
        "privacy_contact": mission.privacy_contact,
        "data_protection_reference": mission.data_protection_reference,
    }
    for language in ("en", "fr", "ar"):
        values[f"name_{language}"] = (mission.name or {}).get(language, "")
        values[f"description_{language}"] = (mission.description or {}).get(language, "")
    return [[column.name, values[column.name]] for column in schema.MISSION_KEYS]


def _codes(values: Iterable[str]) -> str:
    return SEPARATOR.join(sorted(values))


def _organizations(mission: Mission) -> Iterable[Row]:
    organizations = (
        Organization.objects.for_mission(mission)
        .order_by("id")
        .prefetch_related(
            "service_lines", "technologies", "languages", "certifications", "descriptions"
        )
    )
    for org in organizations:
        texts = {d.language: d.text for d in org.descriptions.all()}
        yield [
            org_key(org.pk),
            org.name,
            org.kind,
            org.country,
            org.city,
            org.website,
            org.headcount,
            org.founded,
            org.timezone,
            _codes(s.code for s in org.service_lines.all()),
            _codes(t.name for t in org.technologies.all()),
            _codes(x.code for x in org.languages.all()),
            _codes(c.code for c in org.certifications.all()),
            texts.get("en", ""),
            texts.get("fr", ""),
            texts.get("ar", ""),
        ]


def _naive_utc(value: datetime.datetime | None) -> datetime.datetime | None:
    # Excel has no time zones: timestamps are written in UTC, as the README says.
    return value.astimezone(datetime.UTC).replace(tzinfo=None) if value else None


def _people(mission: Mission) -> Iterable[Row]:
    roles: dict[int, list[str]] = {}
    for person_id, role in Participation.objects.for_mission(mission).values_list(
        "person_id", "role"
    ):
        roles.setdefault(person_id, []).append(role)
    for p in Person.objects.for_mission(mission).order_by("id").prefetch_related("languages"):
        yield [
            p.email,
            org_key(p.organization_id),
            p.first_name,
            p.last_name,
            p.title,
            p.phone,
            _codes(x.code for x in p.languages.all()),
            p.preferred_language,
            _codes(roles.get(p.pk, [])),
            p.privacy_notice_version,
            _naive_utc(p.privacy_notice_accepted_at),
            p.contact_consent_version,
            _naive_utc(p.contact_consent_at),
            _naive_utc(p.contact_consent_withdrawn_at),
        ]


def _listings(mission: Mission) -> Iterable[Row]:
    listings = (
        Listing.objects.for_mission(mission)
        .order_by("id")
        .select_related("author")
        .prefetch_related("service_lines")
    )
    for x in listings:
        yield [
            listing_key(x.pk),
            org_key(x.organization_id),
            x.author.email if x.author else "",
            x.kind,
            x.title,
            x.body,
            x.partner_role,
            x.language,
            _codes(s.code for s in x.service_lines.all()),
            x.status,
        ]


def _requests(mission: Mission) -> Iterable[Row]:
    requests = (
        MeetingRequest.objects.for_mission(mission)
        .order_by("id")
        .select_related("requester", "recipient", "cancelled_by")
    )
    for r in requests:
        yield [
            request_key(r.pk),
            r.requester.email,
            r.recipient.email,
            listing_key(r.listing_id),
            r.status,
            r.message,
            r.decline_reason,
            r.cancel_reason,
            r.cancelled_by.email if r.cancelled_by else "",
        ]


def local(value: datetime.datetime, zone: str) -> datetime.datetime:
    return value.astimezone(ZoneInfo(zone))


def _slots(mission: Mission) -> Iterable[Row]:
    slots = Slot.objects.for_mission(mission).select_related("day__venue").order_by("start", "id")
    for s in slots:
        zone = s.day.venue.timezone
        yield [
            venue_key(s.day.venue_id),
            s.day.date,
            s.block,
            local(s.start, zone).time(),
            local(s.end, zone).time(),
        ]


def _schedule(mission: Mission) -> Iterable[Row]:
    meetings = (
        ScheduledMeeting.objects.for_mission(mission)
        .exclude(state=ScheduledMeeting.State.DRAFT)
        .select_related("slot__day__venue", "table")
        .order_by("slot__start", "table__label", "request_id")
    )
    for m in meetings:
        venue = m.slot.day.venue
        yield [
            str(m.uuid),
            request_key(m.request_id),
            venue_key(venue.pk),
            m.slot.day.date,
            local(m.slot.start, venue.timezone).time(),
            local(m.slot.end, venue.timezone).time(),
            venue.timezone,
            m.table.label if m.table else "",
            m.state,
            m.sequence,
            m.locked,
        ]


def _write_sheet(workbook: Any, sheet: Sheet, rows: list[Row]) -> None:
    worksheet = workbook.create_sheet(sheet.name)
    worksheet.append(sheet.names)
    formats = {schema.DATE: "yyyy-mm-dd", schema.TIME: "hh:mm", schema.DATETIME: "yyyy-mm-dd hh:mm"}
    kinds = [c.kind for c in sheet.columns]
    if sheet is schema.MISSION:
        kinds = [schema.TEXT, schema.TEXT]
    for row in rows:
        worksheet.append(["" if value is None else value for value in row])
        for cell, kind in zip(worksheet[worksheet.max_row], kinds, strict=False):
            if kind in formats and cell.value != "":
                cell.number_format = formats[kind]
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    worksheet.freeze_panes = "A2"
    for index, name in enumerate(sheet.names):
        worksheet.column_dimensions[worksheet.cell(1, index + 1).column_letter].width = max(
            12, len(name) + 2
        )


def _write_readme(workbook: Any) -> None:
    worksheet = workbook.create_sheet("README", 0)
    worksheet.append(["sheet", "column", "kind", "read-only", "meaning"])
    worksheet.append(
        [
            "",
            "",
            "",
            "",
            "Jisr mission workbook. Import with `jisr import FILE --mission SLUG`. Rows are "
            "matched by their key and created or updated; rows absent from the file are left "
            "untouched. Timestamps are UTC; slot times are local to the venue.",
        ]
    )
    for sheet in schema.SHEETS:
        worksheet.append([sheet.name, "", "", "", sheet.help])
        columns = schema.MISSION_KEYS if sheet is schema.MISSION else sheet.columns
        for column in columns:
            worksheet.append(
                [
                    sheet.name,
                    column.name,
                    column.kind,
                    "yes" if column.readonly else "",
                    column.help,
                ]
            )
    worksheet.freeze_panes = "A2"
    worksheet.column_dimensions["B"].width = 28
    worksheet.column_dimensions["E"].width = 90
