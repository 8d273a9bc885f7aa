"""Writing a checked plan: create or update each row by its key, inside the caller's
transaction, logging every row created or changed. Unchanged rows are not saved."""

from __future__ import annotations

import datetime
import uuid
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Model
from django.db.models.functions import Lower
from django.utils import timezone

from jisr.core.services import log_activity
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
from jisr.directory.services import rebuild_search_documents
from jisr.exchange.checks import Plan, Record
from jisr.marketplace.models import Listing
from jisr.marketplace.services import reindex_listing
from jisr.meetings.models import MeetingRequest
from jisr.missions.models import MeetingDay, Mission, Participation, Slot, Table, Venue
from jisr.missions.rules import User
from jisr.schedules.models import Publication, ScheduledMeeting

LANGS = ("en", "fr", "ar")


def _texts(record: Record, prefix: str) -> dict[str, str]:
    return {x: record[f"{prefix}_{x}"] for x in LANGS if record.get(f"{prefix}_{x}")}


MISSION_FIELDS = (
    "host_country",
    "timezone",
    "start_date",
    "end_date",
    "status",
    "directory_visibility",
    "invitation_validity_days",
    "privacy_contact",
    "data_protection_reference",
)


def create_mission(slug: str, record: Record) -> Mission:
    mission = Mission(slug=slug)
    _set_mission(mission, record)
    mission.full_clean()
    mission.save()
    return mission


def _set_mission(mission: Mission, record: Record) -> bool:
    values = {name: record[name] for name in MISSION_FIELDS}
    values["name"] = _texts(record, "name")
    values["description"] = _texts(record, "description")
    return _assign(mission, values)


def _assign(obj: Model, values: dict[str, Any]) -> bool:
    """Set the values that differ; whether any did."""
    changed = False
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if field.many_to_one:  # compare ids: an unsaved row has no related object yet
            if getattr(obj, field.attname) != (value.pk if value is not None else None):
                setattr(obj, name, value)
                changed = True
        elif getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


class _Writer:
    def __init__(self, mission: Mission, by: User | None) -> None:
        self.mission = mission
        self.by = by
        self.counts: Counter[str] = Counter()
        self.created: set[tuple[str, int]] = set()

    def save(self, obj: Model, *, created: bool, changed: bool, what: str) -> None:
        if not (created or changed):
            return
        obj.save()
        if created:
            self.created.add((obj._meta.label_lower, obj.pk))
        action = f"{what}.{'created' if created else 'updated'}"
        self.counts[action] += 1
        log_activity(obj, action=f"exchange.{action}", actor=self.by, mission=self.mission)

    def touched(self, obj: Model, what: str) -> None:
        """A row whose links (not its own columns) changed."""
        if (obj._meta.label_lower, obj.pk) in self.created:
            return
        self.counts[f"{what}.updated"] += 1
        log_activity(obj, action=f"exchange.{what}.updated", actor=self.by, mission=self.mission)


def _set_links(obj: Any, attribute: str, wanted: list[Any], key: str) -> bool:
    manager = getattr(obj, attribute)
    current = {getattr(x, key) for x in manager.all()} if obj.pk else set()
    if current == {getattr(x, key) for x in wanted}:
        return False
    manager.set(wanted)
    return True


def apply_plan(mission: Mission, plan: Plan, *, by: User | None) -> Counter[str]:
    w = _Writer(mission, by)
    if plan.mission and _set_mission(mission, plan.mission):
        mission.full_clean()
        w.save(mission, created=False, changed=True, what="mission")
    orgs = _organizations(w, plan)
    _sites(w, plan, orgs)
    people = _people(w, plan, orgs)
    listings = _listings(w, plan, orgs, people)
    requests = _requests(w, plan, people, listings)
    venues = _venues(w, plan)
    slots = _grid(w, plan, venues)
    _schedule(w, plan, requests, venues, slots)
    return w.counts


def _by_key(model: type[Model], mission: Mission, prefix: str) -> dict[str, Any]:
    return {f"{prefix}{x.pk}": x for x in model.objects.for_mission(mission)}


def _organizations(w: _Writer, plan: Plan) -> dict[str, Organization]:
    orgs: dict[str, Organization] = _by_key(Organization, w.mission, "O")
    terms = {
        "service_lines": {x.code: x for x in ServiceLine.objects.all()},
        "languages": {x.code: x for x in Language.objects.all()},
        "certifications": {x.code: x for x in Certification.objects.all()},
    }
    technologies = {x.name.lower(): x for x in Technology.objects.all()}
    changed: list[Organization] = []
    for x in plan.organizations:
        org = orgs.get(x["org_key"])
        created = org is None
        org = org or Organization(mission=w.mission)
        fields = ("name", "kind", "country", "city", "website", "headcount", "founded", "timezone")
        dirty = _assign(org, {f: x[f] for f in fields})
        w.save(org, created=created, changed=dirty, what="organization")
        links = False
        for attribute, by_code in terms.items():
            links |= _set_links(org, attribute, [by_code[c] for c in x[attribute]], "code")
        wanted = []
        for name in x["technologies"]:
            if name.lower() not in technologies:
                technologies[name.lower()] = Technology.objects.create(name=name)
            wanted.append(technologies[name.lower()])
        links |= _set_links(org, "technologies", wanted, "pk")
        links |= _descriptions(org, _texts(x, "description"))
        if links and not (created or dirty):
            w.touched(org, "organization")
        if created or dirty or links:
            changed.append(org)
        orgs[x["org_key"]] = org
    rebuild_search_documents(changed)
    return orgs


def _descriptions(org: Organization, texts: dict[str, str]) -> bool:
    current = {d.language: d.text for d in org.descriptions.all()}
    if current == texts:
        return False
    org.descriptions.exclude(language__in=texts).delete()
    for language, text in texts.items():
        OrganizationDescription.objects.update_or_create(
            organization=org, language=language, defaults={"text": text}
        )
    return True


def _sites(w: _Writer, plan: Plan, orgs: dict[str, Organization]) -> None:
    for key, wanted in plan.sites.items():
        org = orgs[key]
        current = sorted(org.delivery_sites.values_list("park", "city", "country"))
        if current == sorted(wanted):
            continue
        org.delivery_sites.all().delete()
        DeliverySite.objects.bulk_create(
            DeliverySite(organization=org, park=p, city=c, country=n) for p, c, n in wanted
        )
        w.touched(org, "organization")


def _people(w: _Writer, plan: Plan, orgs: dict[str, Organization]) -> dict[str, Person]:
    people = {
        p.lower_email: p
        for p in Person.objects.for_mission(w.mission).annotate(lower_email=Lower("email"))
    }
    languages = {x.code: x for x in Language.objects.all()}
    for x in plan.people:
        person = people.get(x["email"])
        created = person is None
        person = person or Person(mission=w.mission, email=x["email"])
        values = {f: x[f] for f in ("first_name", "last_name", "title", "phone")}
        values["organization"] = orgs[x["org_key"]]
        values["preferred_language"] = x["preferred_language"]
        dirty = _assign(person, values)
        w.save(person, created=created, changed=dirty, what="person")
        links = _set_links(person, "languages", [languages[c] for c in x["languages"]], "code")
        links |= _roles(w.mission, person, x["roles"])
        if links and not (created or dirty):
            w.touched(person, "person")
        people[x["email"]] = person
    return people


def _roles(mission: Mission, person: Person, roles: list[str]) -> bool:
    current = set(person.participations.values_list("role", flat=True))
    if current == set(roles):
        return False
    person.participations.exclude(role__in=roles).delete()
    Participation.objects.bulk_create(
        Participation(mission=mission, person=person, role=role)
        for role in roles
        if role not in current
    )
    return True


def _listings(
    w: _Writer, plan: Plan, orgs: dict[str, Organization], people: dict[str, Person]
) -> dict[str, Listing]:
    listings: dict[str, Listing] = _by_key(Listing, w.mission, "L")
    lines = {x.code: x for x in ServiceLine.objects.all()}
    for x in plan.listings:
        listing = listings.get(x["listing_key"])
        created = listing is None
        listing = listing or Listing(mission=w.mission)
        values = {f: x[f] for f in ("kind", "title", "body", "partner_role", "language", "status")}
        values["organization"] = orgs[x["org_key"]]
        values["author"] = people[x["author_email"]] if x["author_email"] else None
        dirty = _assign(listing, values)
        w.save(listing, created=created, changed=dirty, what="listing")
        links = _set_links(listing, "service_lines", [lines[c] for c in x["service_lines"]], "code")
        if links and not (created or dirty):
            w.touched(listing, "listing")
        if created or dirty or links:
            reindex_listing(listing)
        listings[x["listing_key"]] = listing
    return listings


def _requests(
    w: _Writer, plan: Plan, people: dict[str, Person], listings: dict[str, Listing]
) -> dict[str, MeetingRequest]:
    requests: dict[str, MeetingRequest] = _by_key(MeetingRequest, w.mission, "R")
    for x in plan.requests:
        request = requests.get(x["request_key"])
        created = request is None
        request = request or MeetingRequest(mission=w.mission)
        values = {f: x[f] for f in ("status", "message", "decline_reason", "cancel_reason")}
        values["requester"] = people[x["requester_email"]]
        values["recipient"] = people[x["recipient_email"]]
        values["listing"] = listings[x["listing_key"]] if x["listing_key"] else None
        by = x["cancelled_by_email"]
        values["cancelled_by"] = people[by] if by else None
        dirty = _assign(request, values)
        if request.status != MeetingRequest.Status.PENDING and request.responded is None:
            request.responded = timezone.now()
        w.save(request, created=created, changed=dirty, what="meeting_request")
        requests[x["request_key"]] = request
    return requests


def _venues(w: _Writer, plan: Plan) -> dict[str, Venue]:
    venues: dict[str, Venue] = _by_key(Venue, w.mission, "V")
    for x in plan.venues:
        venue = venues.get(x["venue_key"])
        created = venue is None
        venue = venue or Venue(mission=w.mission)
        dirty = _assign(venue, {f: x[f] for f in ("name", "city", "address", "timezone")})
        w.save(venue, created=created, changed=dirty, what="venue")
        venues[x["venue_key"]] = venue
    return venues


SlotKey = tuple[str, datetime.date, datetime.time]


def _grid(w: _Writer, plan: Plan, venues: dict[str, Venue]) -> dict[SlotKey, Slot]:
    keys = {v.pk: k for k, v in venues.items()}
    days = {(keys[d.venue_id], d.date): d for d in MeetingDay.objects.for_mission(w.mission)}
    for x in plan.days:
        if (x["venue_key"], x["date"]) not in days:
            day = MeetingDay(mission=w.mission, venue=venues[x["venue_key"]], date=x["date"])
            w.save(day, created=True, changed=True, what="meeting_day")
            days[(x["venue_key"], x["date"])] = day
    slots: dict[SlotKey, Slot] = {}
    for slot in Slot.objects.for_mission(w.mission).select_related("day__venue"):
        zone = ZoneInfo(slot.day.venue.timezone)
        slots[(keys[slot.day.venue_id], slot.day.date, slot.start.astimezone(zone).time())] = slot
    for x in plan.slots:
        key = (x["venue_key"], x["date"], x["start"])
        zone = ZoneInfo(venues[x["venue_key"]].timezone)
        found = slots.get(key)
        slot = found or Slot(mission=w.mission, day=days[(x["venue_key"], x["date"])])
        dirty = _assign(
            slot,
            {
                "block": x["block"],
                "start": datetime.datetime.combine(x["date"], x["start"], tzinfo=zone),
                "end": datetime.datetime.combine(x["date"], x["end"], tzinfo=zone),
            },
        )
        w.save(slot, created=found is None, changed=dirty, what="slot")
        slots[key] = slot
    tables = {(keys[t.venue_id], t.label) for t in Table.objects.for_mission(w.mission)}
    for x in plan.tables:
        if (x["venue_key"], x["label"]) not in tables:
            table = Table(mission=w.mission, venue=venues[x["venue_key"]], label=x["label"])
            w.save(table, created=True, changed=True, what="table")
    return slots


def _schedule(
    w: _Writer,
    plan: Plan,
    requests: dict[str, MeetingRequest],
    venues: dict[str, Venue],
    slots: dict[SlotKey, Slot],
) -> None:
    meetings = {
        str(m.uuid): m
        for m in ScheduledMeeting.objects.for_mission(w.mission).exclude(
            state=ScheduledMeeting.State.DRAFT
        )
    }
    tables = {(t.venue_id, t.label): t for t in Table.objects.for_mission(w.mission)}
    rows = []
    for x in plan.schedule:
        venue = venues[x["venue_key"]]
        values = {
            "request": requests[x["request_key"]],
            "slot": slots[(x["venue_key"], x["date"], x["start"])],
            "table": tables[(venue.pk, x["table"])] if x["table"] else None,
            "state": x["state"],
            "locked": x["locked"],
        }
        rows.append((x, values, meetings.get(str(x["uuid"])) if x["uuid"] else None))
    # Free the tables of the meetings that move before any of them lands, so that two
    # meetings swapping places never meet the one-meeting-per-table-and-slot rule.
    ScheduledMeeting.objects.filter(
        pk__in=[
            meeting.pk
            for _x, values, meeting in rows
            if meeting is not None
            and any(getattr(meeting, f) != values[f] for f in ("slot", "table", "state"))
        ]
    ).update(table=None)
    added = 0
    for x, values, meeting in rows:
        if meeting is None:
            meeting = ScheduledMeeting(
                mission=w.mission, uuid=x["uuid"] or uuid.uuid4(), sequence=x["sequence"]
            )
            _assign(meeting, values)
            w.save(meeting, created=True, changed=True, what="scheduled_meeting")
            added += 1
            continue
        moved = any(getattr(meeting, f) != values[f] for f in ("slot", "table", "state"))
        dirty = _assign(meeting, values)
        if moved:  # iCalendar clients take the highest SEQUENCE as the live version
            meeting.sequence += 1
        w.save(meeting, created=False, changed=dirty, what="scheduled_meeting")
    if added and not Publication.objects.for_mission(w.mission).exists():
        Publication.objects.create(mission=w.mission, version=1, changes={"imported": added})
