"""Checking every row of a workbook against the file and the mission; writes nothing.

The result is a ``Plan``: typed rows per sheet, whose references between sheets are
known to resolve, either to a row of the file or to a row the mission already has.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from jisr.directory.models import (
    Certification,
    DeliverySite,
    Language,
    Organization,
    Person,
    ServiceLine,
)
from jisr.exchange import reading as r
from jisr.exchange import schema
from jisr.exchange.reading import Bad, Problem, SheetRows
from jisr.marketplace.models import (
    BODY_MAX,
    MAX_SERVICE_LINES,
    PARTNER_ROLE_MAX,
    TITLE_MAX,
    Listing,
)
from jisr.meetings.models import MESSAGE_MAX, OPEN_STATUSES, REASON_MAX, MeetingRequest
from jisr.missions.import_vocabulary import (
    KIND_OF_ROLE,
    LANGUAGE_ALIASES,
    ROLE_ALIASES,
    ROLE_KINDS,
)
from jisr.missions.models import MeetingDay, Mission, Participation, Slot, Table, Venue
from jisr.schedules.models import ScheduledMeeting

Record = dict[str, Any]
SlotKey = tuple[str, datetime.date, datetime.time]


@dataclass
class Plan:
    """Checked rows, ready to write; ``mission`` holds the Mission sheet's fields."""

    mission: Record = field(default_factory=dict)
    organizations: list[Record] = field(default_factory=list)
    sites: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    people: list[Record] = field(default_factory=list)
    listings: list[Record] = field(default_factory=list)
    requests: list[Record] = field(default_factory=list)
    venues: list[Record] = field(default_factory=list)
    days: list[Record] = field(default_factory=list)
    slots: list[Record] = field(default_factory=list)
    tables: list[Record] = field(default_factory=list)
    schedule: list[Record] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return (
            len(self.organizations)
            + sum(len(s) for s in self.sites.values())
            + len(self.people)
            + len(self.listings)
            + len(self.requests)
            + len(self.venues)
            + len(self.days)
            + len(self.slots)
            + len(self.tables)
            + len(self.schedule)
        )


def existing_key(prefix: str, value: str) -> int | None:
    """The id in a key such as ``O12``; keys of another form name new rows."""
    match = re.fullmatch(prefix + r"(\d+)", value)
    return int(match.group(1)) if match else None


class _Mission:
    """What the mission already holds, read once for the whole file."""

    def __init__(self, mission: Mission | None) -> None:
        self.orgs: dict[str, str] = {}  # key -> kind
        self.people: dict[str, str] = {}  # email -> org key
        self.listings: dict[str, str] = {}  # key -> org key
        self.requests: dict[str, tuple[str, str, str]] = {}
        self.venues: dict[str, str] = {}  # key -> time zone
        self.days: set[tuple[str, datetime.date]] = set()
        self.slots: dict[SlotKey, datetime.time] = {}  # -> local end
        self.tables: set[tuple[str, str]] = set()
        self.meetings: dict[str, tuple[str, str]] = {}  # uuid -> (request key, state)
        # Published meetings: uuid -> (request key, venue, date, local start, table label).
        self.placed: dict[str, tuple[str, str, datetime.date, datetime.time, str]] = {}
        if mission is None or mission.pk is None:
            return
        for pk, kind in Organization.objects.for_mission(mission).values_list("id", "kind"):
            self.orgs[f"O{pk}"] = kind
        for email, org in (
            Person.objects.for_mission(mission)
            .annotate(e=Lower("email"))
            .values_list("e", "organization_id")
        ):
            self.people[email] = f"O{org}"
        for pk, org in Listing.objects.for_mission(mission).values_list("id", "organization_id"):
            self.listings[f"L{pk}"] = f"O{org}"
        for pk, a, b, status in MeetingRequest.objects.for_mission(mission).values_list(
            "id", "requester__email", "recipient__email", "status"
        ):
            self.requests[f"R{pk}"] = (a.lower(), b.lower(), status)
        for pk, zone in Venue.objects.for_mission(mission).values_list("id", "timezone"):
            self.venues[f"V{pk}"] = zone
        for venue, day in MeetingDay.objects.for_mission(mission).values_list("venue_id", "date"):
            self.days.add((f"V{venue}", day))
        for slot in Slot.objects.for_mission(mission).select_related("day__venue"):
            zone = ZoneInfo(slot.day.venue.timezone)
            start = slot.start.astimezone(zone)
            key = (f"V{slot.day.venue_id}", slot.day.date, start.time())
            self.slots[key] = slot.end.astimezone(zone).time()
        for venue, label in Table.objects.for_mission(mission).values_list("venue_id", "label"):
            self.tables.add((f"V{venue}", label))
        meetings = (
            ScheduledMeeting.objects.for_mission(mission)
            .exclude(state=ScheduledMeeting.State.DRAFT)
            .select_related("slot__day__venue", "table")
        )
        for m in meetings:
            self.meetings[str(m.uuid)] = (f"R{m.request_id}", m.state)
            if m.state == ScheduledMeeting.State.PUBLISHED:
                venue = m.slot.day.venue
                start = m.slot.start.astimezone(ZoneInfo(venue.timezone)).time()
                table = m.table.label if m.table else ""
                self.placed[str(m.uuid)] = (
                    f"R{m.request_id}",
                    f"V{venue.pk}",
                    m.slot.day.date,
                    start,
                    table,
                )


class Checker:
    """Collects every problem of every sheet; ``plan`` is usable only without errors."""

    def __init__(self, mission: Mission | None, sheets: dict[str, SheetRows]) -> None:
        self.sheets = sheets
        self.mission_id = mission.pk if mission else None
        self.db = _Mission(mission)
        self.problems: list[Problem] = []
        self.plan = Plan()
        self.service_lines = set(ServiceLine.objects.values_list("code", flat=True))
        self.languages = set(Language.objects.values_list("code", flat=True))
        self.certifications = set(Certification.objects.values_list("code", flat=True))
        # Each sheet's check sets what the later sheets may refer to: file rows and
        # the mission's rows together.
        self.orgs: dict[str, str] = {}
        self.people: dict[str, str] = {}
        self.listings: dict[str, str] = {}
        self.requests: dict[str, tuple[str, str, str]] = {}
        self.venues: dict[str, str] = {}
        self.days: set[tuple[str, datetime.date]] = set()
        self.slots: dict[SlotKey, datetime.time] = {}
        self.tables: set[tuple[str, str]] = set()
        self.interface = r.choice_lookup(list(settings.LANGUAGES), dict(LANGUAGE_ALIASES))

    def check(self) -> Plan:
        from jisr.exchange import checks_more, checks_schedule

        self._mission_sheet()
        self._organizations()
        self._sites()
        self._people()
        checks_more.check_listings_and_requests(self)
        checks_more.check_grid(self)
        checks_schedule.check_schedule(self)
        return self.plan

    # --- helpers -----------------------------------------------------------

    def rows(self, sheet: schema.Sheet) -> list[tuple[int, Record]]:
        found = self.sheets.get(sheet.name)
        return found.rows if found else []

    def error(self, sheet: schema.Sheet, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(sheet.name, row, column, message))

    def parse(
        self,
        sheet: schema.Sheet,
        number: int,
        raw: Record,
        parsers: dict[str, Callable[[Any], Any]],
    ) -> Record | None:
        """Each column through its parser; None (and problems) if any cell is bad."""
        record: Record = {"row": number}
        ok = True
        for column, parser in parsers.items():
            try:
                record[column] = parser(raw.get(column))
            except Bad as bad:
                self.error(sheet, number, column, bad.message)
                ok = False
        return record if ok else None

    def unique(
        self, sheet: schema.Sheet, column: str, seen: dict[Any, int], value: Any, number: int
    ) -> bool:
        if value in seen:
            self.error(
                sheet,
                number,
                column,
                _("“%(value)s” is already on row %(row)d of this sheet.")
                % {"value": value, "row": seen[value]},
            )
            return False
        seen[value] = number
        return True

    def codes(self, allowed: set[str]) -> Callable[[Any], list[str]]:
        def parse(value: Any) -> list[str]:
            found = r.codes(value)
            unknown = [code for code in found if code not in allowed]
            if unknown:
                raise Bad(_("Unknown code(s): %(codes)s.") % {"codes": ", ".join(unknown)})
            return found

        return parse

    # --- sheets ------------------------------------------------------------

    def _mission_sheet(self) -> None:
        sheet = schema.MISSION
        raw: Record = {}
        rows: dict[str, int] = {}
        known = {c.name for c in schema.MISSION_KEYS}
        for number, cells in self.rows(sheet):
            name = r.text(cells.get("key"))
            if name not in known:
                self.problems.append(
                    Problem(
                        sheet.name,
                        number,
                        "key",
                        _("Unknown mission field “%(value)s”; it is ignored.") % {"value": name},
                        warning=True,
                    )
                )
                continue
            if self.unique(sheet, "key", rows, name, number):
                raw[name] = cells.get("value")
        status = r.choice_lookup(list(Mission.Status.choices))
        visibility = r.choice_lookup(list(Mission.DirectoryVisibility.choices))
        parsers: dict[str, Callable[[Any], Any]] = {
            "slug": r.text,
            "host_country": r.country,
            "timezone": r.timezone_name,
            "start_date": r.date,
            "end_date": r.date,
            "status": lambda v: r.choice(v, status),
            "directory_visibility": lambda v: r.choice(v, visibility),
            "invitation_validity_days": lambda v: r.integer(v, low=1, high=90, required=True),
            "privacy_contact": lambda v: r.email(v, required=False),
            "data_protection_reference": lambda v: r.text(v, limit=100),
        }
        for language in ("en", "fr", "ar"):
            parsers[f"name_{language}"] = r.text
            parsers[f"description_{language}"] = r.text
        record: Record = {}
        for name, parser in parsers.items():
            try:
                record[name] = parser(raw.get(name))
            except Bad as bad:
                self.error(sheet, rows.get(name, 0), name, bad.message)
        if (
            "start_date" in record
            and "end_date" in record
            and record["end_date"] < record["start_date"]
        ):
            self.error(
                sheet,
                rows.get("end_date", 0),
                "end_date",
                _("The mission cannot end before it starts."),
            )
        if not any(record.get(f"name_{x}") for x in ("en", "fr", "ar")):
            self.error(sheet, rows.get("name_en", 0), "name_en", _("This value is required."))
        self.plan.mission = record

    def _organizations(self) -> None:
        sheet = schema.ORGANIZATIONS
        # Words for buyer and provider people also name their organizations' kind.
        kinds = r.choice_lookup(
            list(Organization.Kind.choices),
            {str(KIND_OF_ROLE[role]): ROLE_ALIASES[role] for role in ROLE_KINDS},
        )
        headcounts = r.choice_lookup(list(Organization.Headcount.choices))
        parsers: dict[str, Callable[[Any], Any]] = {
            "org_key": lambda v: r.text(v, limit=40, required=True),
            "name": lambda v: r.text(v, limit=200, required=True),
            "kind": lambda v: r.choice(v, kinds),
            "country": r.country,
            "city": lambda v: r.text(v, limit=120, required=True),
            "website": r.url,
            "headcount": lambda v: r.choice(v, headcounts, default=""),
            "founded": lambda v: r.integer(v, low=1800, high=2100),
            "timezone": r.timezone_name,
            "service_lines": self.codes(self.service_lines),
            "technologies": lambda v: [t[:80] for t in r.codes(v)],
            "languages": self.codes(self.languages),
            "certifications": self.codes(self.certifications),
            "description_en": r.text,
            "description_fr": r.text,
            "description_ar": r.text,
        }
        seen: dict[Any, int] = {}
        for number, raw in self.rows(sheet):
            record = self.parse(sheet, number, raw, parsers)
            if record and self.unique(sheet, "org_key", seen, record["org_key"], number):
                self.plan.organizations.append(record)
        self.orgs = dict(self.db.orgs)
        self.orgs.update({o["org_key"]: o["kind"] for o in self.plan.organizations})

    def org_ref(self, sheet: schema.Sheet, number: int, column: str, value: str) -> bool:
        if value not in self.orgs:
            self.error(
                sheet,
                number,
                column,
                _("No organization “%(value)s” in the Organizations sheet or the mission.")
                % {"value": value},
            )
            return False
        return True

    def _sites(self) -> None:
        sheet = schema.DELIVERY_SITES
        parks = r.choice_lookup(list(DeliverySite.Park.choices))
        parsers: dict[str, Callable[[Any], Any]] = {
            "org_key": lambda v: r.text(v, required=True),
            "park": lambda v: r.choice(v, parks, default=str(DeliverySite.Park.OTHER.value)),
            "city": lambda v: r.text(v, limit=120, required=True),
            "country": r.country,
        }
        for number, raw in self.rows(sheet):
            record = self.parse(sheet, number, raw, parsers)
            if record and self.org_ref(sheet, number, "org_key", record["org_key"]):
                self.plan.sites.setdefault(record["org_key"], []).append(
                    (record["park"], record["city"], record["country"])
                )

    def _role_fits(self, number: int, record: Record) -> bool:
        """Buyers sit in buyer organizations and providers in providers, as invited."""
        kind = self.orgs[record["org_key"]]
        for role in record["roles"]:
            if kind not in ROLE_KINDS.get(role, {kind}):
                self.error(
                    schema.PEOPLE,
                    number,
                    "roles",
                    _("A %(role)s cannot belong to a %(kind)s organization.")
                    % {
                        "role": Participation.Role(role).label,
                        "kind": Organization.Kind(kind).label,
                    },
                )
                return False
        return True

    def _people(self) -> None:
        sheet = schema.PEOPLE
        roles = r.choice_lookup(
            list(Participation.Role.choices), {str(k): v for k, v in ROLE_ALIASES.items()}
        )
        parsers: dict[str, Callable[[Any], Any]] = {
            "email": r.email,
            "org_key": lambda v: r.text(v, required=True),
            "first_name": lambda v: r.text(v, limit=100, required=True),
            "last_name": lambda v: r.text(v, limit=100, required=True),
            "title": lambda v: r.text(v, limit=150),
            "phone": lambda v: r.text(v, limit=40),
            "languages": self.codes(self.languages),
            "preferred_language": lambda v: r.choice(v, self.interface, default="en"),
            "roles": lambda v: sorted({r.choice(x, roles) for x in r.codes(v)}),
        }
        seen: dict[Any, int] = {}
        for number, raw in self.rows(sheet):
            record = self.parse(sheet, number, raw, parsers)
            if record is None:
                continue
            if not self.unique(sheet, "email", seen, record["email"], number):
                continue
            if self.org_ref(sheet, number, "org_key", record["org_key"]) and self._role_fits(
                number, record
            ):
                self.plan.people.append(record)
        self.people = dict(self.db.people)
        self.people.update({p["email"]: p["org_key"] for p in self.plan.people})


# Limits the checks share with the domain models.
LIMITS = {
    "title": TITLE_MAX,
    "body": BODY_MAX,
    "partner_role": PARTNER_ROLE_MAX,
    "service_lines": MAX_SERVICE_LINES,
    "message": MESSAGE_MAX,
    "reason": REASON_MAX,
}
OPEN = OPEN_STATUSES
