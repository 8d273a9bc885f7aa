"""A small mission with a row in every sheet, and helpers to edit and compare workbooks."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl

from jisr.directory.models import (
    Certification,
    DeliverySite,
    Language,
    Organization,
    OrganizationDescription,
    Person,
    ServiceLine,
    Technology,
)
from jisr.exchange import schema
from jisr.exchange.export import export_mission, mission_rows
from jisr.marketplace.models import Listing
from jisr.meetings.models import MeetingRequest
from jisr.missions.models import MeetingDay, Mission, Participation, Slot, Table, Venue
from jisr.schedules.models import ScheduledMeeting
from tests.factories import DescriptionFactory, ParticipationFactory
from tests.factories_meetings import ListingFactory
from tests.factories_schedules import accept, add_slots, scheduled, small_mission

Status = MeetingRequest.Status


def build_mission(**fields: object) -> Mission:
    """Two buyers, three providers, listings, requests in every status, a published
    schedule with a cancelled meeting, a second afternoon block, descriptions in three
    languages and every taxonomy kind."""
    m = small_mission(n_slots=3, n_tables=2, **fields)
    m.mission.description = {"en": "Tech week", "ar": "أسبوع التقنية"}
    m.mission.save()
    add_slots(m.day, ["14:00", "14:30"], block="afternoon")
    buyer_org = m.buyers[0].organization
    buyer_org.service_lines.set(ServiceLine.objects.filter(code__in=["adm", "testing-qa"]))
    buyer_org.languages.set(Language.objects.filter(code__in=["en", "fr"]))
    provider_org = m.providers[0].organization
    provider_org.certifications.set(Certification.objects.filter(code="iso-27001"))
    provider_org.technologies.set(Technology.objects.filter(name__in=["Java", "React"]))
    provider_org.headcount, provider_org.founded = "50-249", 2009
    provider_org.website = "https://atlas.example"
    provider_org.save()
    DescriptionFactory(organization=provider_org, language="fr", text="Équipe Java à Rabat")
    DescriptionFactory(organization=provider_org, language="ar", text="فريق جافا في الرباط")
    DeliverySite.objects.create(
        organization=provider_org, park="technopolis", city="Rabat", country="MA"
    )
    for person in m.buyers:
        ParticipationFactory(mission=m.mission, person=person, role=Participation.Role.BUYER)
    for person in m.providers:
        ParticipationFactory(mission=m.mission, person=person, role=Participation.Role.PROVIDER)
    m.providers[1].languages.set(Language.objects.filter(code__in=["ar", "fr"]))
    offer = ListingFactory(author=m.providers[0], language="fr", title="Équipe Java")
    offer.service_lines.set(ServiceLine.objects.filter(code="adm"))
    ListingFactory(author=m.buyers[0], kind=Listing.Kind.REQUEST, status=Listing.Status.CLOSED)
    a = accept(m.buyers[0], m.providers[0])
    a.listing, a.message = offer, "Let us talk about Java."
    a.save()
    b = accept(m.buyers[1], m.providers[1])
    accept(m.buyers[0], m.providers[2])
    MeetingRequest.objects.create(
        mission=m.mission, requester=m.buyers[1], recipient=m.providers[2], status=Status.PENDING
    )
    MeetingRequest.objects.create(
        mission=m.mission,
        requester=m.buyers[1],
        recipient=m.providers[0],
        status=Status.DECLINED,
        decline_reason="Not this year",
    )
    published = ScheduledMeeting.State.PUBLISHED
    scheduled(a, m.slots[0], m.tables[0], state=published, locked=True)
    scheduled(b, m.slots[0], m.tables[1], state=published, sequence=2)
    cancelled_request = MeetingRequest.objects.create(
        mission=m.mission,
        requester=m.buyers[0],
        recipient=m.providers[1],
        status=Status.CANCELLED,
        cancel_reason="Flight cancelled",
        cancelled_by=m.buyers[0],
    )
    scheduled(cancelled_request, m.slots[1], None, state=ScheduledMeeting.State.CANCELLED)
    return m.mission


def counts() -> dict[str, int]:
    """Rows of every model an import may write, across all missions."""
    models = (
        Mission,
        Organization,
        OrganizationDescription,
        DeliverySite,
        Person,
        Participation,
        Listing,
        MeetingRequest,
        Venue,
        MeetingDay,
        Slot,
        Table,
        ScheduledMeeting,
        Technology,
    )
    return {model.__name__: model.objects.count() for model in models}


def snapshot(mission: Mission) -> tuple[dict[str, int], dict[str, list[list[Any]]]]:
    """Everything the workbook shows of a mission, and the row counts of every model."""
    return counts(), {sheet.name: rows for sheet, rows in mission_rows(mission).items()}


KEYED = {
    schema.ORGANIZATIONS.name: "org_key",
    schema.LISTINGS.name: "listing_key",
    schema.MEETING_REQUESTS.name: "request_key",
    schema.VENUES.name: "venue_key",
}
REFERENCES = {
    "org_key": "org_key",
    "listing_key": "listing_key",
    "request_key": "request_key",
    "venue_key": "venue_key",
}


def content(mission: Mission, *, keep_uuids: bool = True) -> dict[str, list[list[Any]]]:
    """The workbook's content with keys replaced by their row's position, without the
    read-only consent columns and the slug: what a round trip must reproduce."""
    rows = mission_rows(mission)
    positions: dict[str, dict[str, str]] = {}
    for sheet, data in rows.items():
        if sheet.name in KEYED:
            index = sheet.names.index(KEYED[sheet.name])
            positions[KEYED[sheet.name]] = {row[index]: f"#{i}" for i, row in enumerate(data)}
    result: dict[str, list[list[Any]]] = {}
    for sheet, data in rows.items():
        kept = []
        for row in data:
            if sheet is schema.MISSION and row[0] == "slug":
                continue
            values = []
            for column, value in zip(sheet.names, row, strict=True):
                column_def = sheet.column(column)
                if column_def.readonly and sheet is schema.PEOPLE:
                    continue
                if column == "uuid" and not keep_uuids:
                    continue
                if column in REFERENCES and value:
                    value = positions[REFERENCES[column]].get(value, f"missing {value}")
                values.append(value)
            kept.append(values)
        result[sheet.name] = kept
    return result


def edited(content_bytes: bytes, edit: Callable[[openpyxl.Workbook], None]) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(content_bytes))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_index(sheet: Any, name: str) -> int:
    return [cell.value for cell in sheet[1]].index(name) + 1


def set_cell(sheet_name: str, row: int, column: str, value: Any) -> Callable[[Any], None]:
    def edit(workbook: Any) -> None:
        sheet = workbook[sheet_name]
        sheet.cell(row, column_index(sheet, column)).value = value

    return edit


def exported(mission: Mission) -> bytes:
    return export_mission(mission)
