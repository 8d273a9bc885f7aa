"""Checks of the marketplace, meeting-request, grid and schedule sheets (see ``checks``)."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _

from jisr.exchange import reading as r
from jisr.exchange import schema
from jisr.exchange.checks import LIMITS, OPEN, SlotKey
from jisr.marketplace.models import Listing
from jisr.meetings.models import MeetingRequest
from jisr.missions.models import Slot

if TYPE_CHECKING:
    from jisr.exchange.checks import Checker


def check_listings_and_requests(c: Checker) -> None:
    _listings(c)
    _requests(c)


def _listings(c: Checker) -> None:
    sheet = schema.LISTINGS
    kinds = r.choice_lookup(list(Listing.Kind.choices))
    statuses = r.choice_lookup(list(Listing.Status.choices))
    languages = {k: v for k, v in c.interface.items() if v in dict(settings.LANGUAGES)}
    parsers: dict[str, Callable[[Any], Any]] = {
        "listing_key": lambda v: r.text(v, limit=40, required=True),
        "org_key": lambda v: r.text(v, required=True),
        "author_email": lambda v: r.email(v, required=False),
        "kind": lambda v: r.choice(v, kinds),
        "title": lambda v: r.text(v, limit=LIMITS["title"], required=True),
        "body": lambda v: r.text(v, limit=LIMITS["body"], required=True),
        "partner_role": lambda v: r.text(v, limit=LIMITS["partner_role"]),
        "language": lambda v: r.choice(v, languages),
        "service_lines": c.codes(c.service_lines),
        "status": lambda v: r.choice(v, statuses, default=str(Listing.Status.ACTIVE.value)),
    }
    seen: dict[Any, int] = {}
    for number, raw in c.rows(sheet):
        record = c.parse(sheet, number, raw, parsers)
        if record is None or not c.unique(
            sheet, "listing_key", seen, record["listing_key"], number
        ):
            continue
        ok = c.org_ref(sheet, number, "org_key", record["org_key"])
        if len(record["service_lines"]) > LIMITS["service_lines"]:
            c.error(
                sheet,
                number,
                "service_lines",
                _("Choose at most %(max)d service lines.") % {"max": LIMITS["service_lines"]},
            )
            ok = False
        author = record["author_email"]
        if author and c.people.get(author) is None:
            c.error(
                sheet,
                number,
                "author_email",
                _("No person “%(value)s” in the People sheet or the mission.") % {"value": author},
            )
            ok = False
        elif author and ok and c.people[author] != record["org_key"]:
            c.error(
                sheet,
                number,
                "author_email",
                _("The author must belong to the listing's organization."),
            )
            ok = False
        if ok:
            c.plan.listings.append(record)
    c.listings = dict(c.db.listings)
    c.listings.update({x["listing_key"]: x["org_key"] for x in c.plan.listings})


def _requests(c: Checker) -> None:
    sheet = schema.MEETING_REQUESTS
    statuses = r.choice_lookup(list(MeetingRequest.Status.choices))
    parsers: dict[str, Callable[[Any], Any]] = {
        "request_key": lambda v: r.text(v, limit=40, required=True),
        "requester_email": r.email,
        "recipient_email": r.email,
        "listing_key": r.text,
        "status": lambda v: r.choice(v, statuses),
        "message": lambda v: r.text(v, limit=LIMITS["message"]),
        "decline_reason": lambda v: r.text(v, limit=LIMITS["reason"]),
        "cancel_reason": lambda v: r.text(v, limit=LIMITS["reason"]),
        "cancelled_by_email": lambda v: r.email(v, required=False),
    }
    seen: dict[Any, int] = {}
    requests = dict(c.db.requests)
    for number, raw in c.rows(sheet):
        record = c.parse(sheet, number, raw, parsers)
        if record is None or not c.unique(
            sheet, "request_key", seen, record["request_key"], number
        ):
            continue
        ok = True
        for column in ("requester_email", "recipient_email"):
            if record[column] not in c.people:
                c.error(
                    sheet,
                    number,
                    column,
                    _("No person “%(value)s” in the People sheet or the mission.")
                    % {"value": record[column]},
                )
                ok = False
        if record["requester_email"] == record["recipient_email"]:
            c.error(sheet, number, "recipient_email", _("Nobody can meet themselves."))
            ok = False
        if record["listing_key"] and record["listing_key"] not in c.listings:
            c.error(
                sheet,
                number,
                "listing_key",
                _("No listing “%(value)s” in the Listings sheet or the mission.")
                % {"value": record["listing_key"]},
            )
            ok = False
        by = record["cancelled_by_email"]
        if by and by not in (record["requester_email"], record["recipient_email"]):
            c.error(
                sheet,
                number,
                "cancelled_by_email",
                _("Only the requester or the recipient can cancel a request."),
            )
            ok = False
        if ok:
            c.plan.requests.append(record)
            requests[record["request_key"]] = (
                record["requester_email"],
                record["recipient_email"],
                record["status"],
            )
    _one_open_request_per_pair(c, requests)
    c.requests = requests


def _one_open_request_per_pair(c: Checker, requests: dict[str, tuple[str, str, str]]) -> None:
    rows = {x["request_key"]: x["row"] for x in c.plan.requests}
    pairs: dict[frozenset[str], str] = {}
    for key, (a, b, status) in requests.items():
        if status not in OPEN:
            continue
        pair = frozenset((a, b))
        other = pairs.get(pair)
        # Report on a row of the file: the clash may be with a request it does not list.
        row = rows.get(key) or rows.get(other or "")
        if other is not None and row:
            c.error(
                schema.MEETING_REQUESTS,
                row,
                "status",
                _("%(a)s and %(b)s already have an open request (%(other)s).")
                % {"a": a, "b": b, "other": key if row != rows.get(key) else other},
            )
        pairs.setdefault(pair, key)


def check_grid(c: Checker) -> None:
    sheet = schema.VENUES
    parsers: dict[str, Callable[[Any], Any]] = {
        "venue_key": lambda v: r.text(v, limit=40, required=True),
        "name": lambda v: r.text(v, limit=200, required=True),
        "city": lambda v: r.text(v, limit=120, required=True),
        "address": lambda v: r.text(v, limit=300),
        "timezone": r.timezone_name,
    }
    seen: dict[Any, int] = {}
    for number, raw in c.rows(sheet):
        record = c.parse(sheet, number, raw, parsers)
        if record and c.unique(sheet, "venue_key", seen, record["venue_key"], number):
            c.plan.venues.append(record)
    c.venues = dict(c.db.venues)
    c.venues.update({v["venue_key"]: v["timezone"] for v in c.plan.venues})
    _days(c)
    _slots(c)
    _tables(c)


def venue_ref(c: Checker, sheet: schema.Sheet, number: int, value: str) -> bool:
    if value not in c.venues:
        c.error(
            sheet,
            number,
            "venue_key",
            _("No venue “%(value)s” in the Venues sheet or the mission.") % {"value": value},
        )
        return False
    return True


def _days(c: Checker) -> None:
    sheet = schema.DAYS
    parsers = {"venue_key": lambda v: r.text(v, required=True), "date": r.date}
    seen: dict[Any, int] = {}
    for number, raw in c.rows(sheet):
        record = c.parse(sheet, number, raw, parsers)
        if record is None or not venue_ref(c, sheet, number, record["venue_key"]):
            continue
        day = (record["venue_key"], record["date"])
        if c.unique(sheet, "date", seen, f"{day[0]} {day[1]}", number):
            c.plan.days.append(record)
    c.days = set(c.db.days) | {(d["venue_key"], d["date"]) for d in c.plan.days}


def _slots(c: Checker) -> None:
    sheet = schema.SLOTS
    blocks = r.choice_lookup(list(Slot.Block.choices))
    parsers: dict[str, Callable[[Any], Any]] = {
        "venue_key": lambda v: r.text(v, required=True),
        "date": r.date,
        "block": lambda v: r.choice(v, blocks),
        "start": r.time,
        "end": r.time,
    }
    slots: dict[SlotKey, datetime.time] = dict(c.db.slots)
    file_rows: dict[SlotKey, int] = {}
    for number, raw in c.rows(sheet):
        record = c.parse(sheet, number, raw, parsers)
        if record is None or not venue_ref(c, sheet, number, record["venue_key"]):
            continue
        if (record["venue_key"], record["date"]) not in c.days:
            c.error(
                sheet, number, "date", _("No meeting day on this date at this venue (Days sheet).")
            )
            continue
        if record["end"] <= record["start"]:
            c.error(sheet, number, "end", _("A slot must end after it starts."))
            continue
        key = (record["venue_key"], record["date"], record["start"])
        if key in file_rows:
            c.error(
                sheet,
                number,
                "start",
                _("This slot is already on row %(row)d of this sheet.") % {"row": file_rows[key]},
            )
            continue
        file_rows[key] = number
        slots[key] = record["end"]
        c.plan.slots.append(record)
    by_day: dict[tuple[str, datetime.date], list[tuple[datetime.time, datetime.time, SlotKey]]] = {}
    for key, end in slots.items():
        by_day.setdefault((key[0], key[1]), []).append((key[2], end, key))
    for items in by_day.values():
        items.sort()
        for (_s1, end1, key1), (start2, _e2, key2) in itertools.pairwise(items):
            if start2 < end1:
                row = file_rows.get(key2) or file_rows.get(key1, 0)
                c.error(
                    sheet,
                    row,
                    "start",
                    _("This slot overlaps the slot from %(start)s to %(end)s.")
                    % {"start": key1[2].strftime("%H:%M"), "end": end1.strftime("%H:%M")},
                )
    c.slots = slots


def _tables(c: Checker) -> None:
    sheet = schema.TABLES
    parsers = {
        "venue_key": lambda v: r.text(v, required=True),
        "label": lambda v: r.text(v, limit=20, required=True),
    }
    seen: dict[Any, int] = {}
    for number, raw in c.rows(sheet):
        record = c.parse(sheet, number, raw, parsers)
        if record is None or not venue_ref(c, sheet, number, record["venue_key"]):
            continue
        if c.unique(sheet, "label", seen, (record["venue_key"], record["label"]), number):
            c.plan.tables.append(record)
    c.tables = set(c.db.tables) | {(t["venue_key"], t["label"]) for t in c.plan.tables}
