"""Checks of the Schedule sheet: the published meetings (see ``checks``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from jisr.exchange import reading as r
from jisr.exchange import schema
from jisr.exchange.checks_more import venue_ref
from jisr.schedules.models import ScheduledMeeting

if TYPE_CHECKING:
    from jisr.exchange.checks import Checker


def check_schedule(c: Checker) -> None:
    sheet = schema.SCHEDULE
    states = r.choice_lookup(
        [x for x in ScheduledMeeting.State.choices if x[0] != ScheduledMeeting.State.DRAFT]
    )
    parsers: dict[str, Callable[[Any], Any]] = {
        "uuid": r.uuid_value,
        "request_key": lambda v: r.text(v, required=True),
        "venue_key": lambda v: r.text(v, required=True),
        "date": r.date,
        "start": r.time,
        "end": r.time,
        "table": lambda v: r.text(v, limit=20),
        "state": lambda v: r.choice(v, states),
        "sequence": lambda v: r.integer(v, low=0, high=1_000_000) or 0,
        "locked": r.boolean,
    }
    seen_uuid: dict[Any, int] = {}
    seen_request: dict[Any, int] = {}
    meetings = dict(c.db.meetings)  # uuid -> (request key, state), file rows override
    elsewhere = _uuids_elsewhere(c)
    for number, raw in c.rows(sheet):
        record = c.parse(sheet, number, raw, parsers)
        if record is None:
            continue
        uid = str(record["uuid"]) if record["uuid"] else ""
        if uid and uid in elsewhere:
            # A meeting id is a calendar UID, unique across missions: a copy gets its own.
            c.problems.append(
                r.Problem(
                    sheet.name,
                    number,
                    "uuid",
                    _(
                        "This id belongs to a meeting of another mission; the meeting "
                        "gets a new id."
                    ),
                    warning=True,
                )
            )
            record["uuid"] = None
            uid = ""
        if uid and not c.unique(sheet, "uuid", seen_uuid, uid, number):
            continue
        if not c.unique(sheet, "request_key", seen_request, record["request_key"], number):
            continue
        if _schedule_row_ok(c, record):
            c.plan.schedule.append(record)
            meetings[uid or f"new:{number}"] = (record["request_key"], record["state"])
    owners: dict[str, str] = {}
    rows = {str(x["uuid"]) if x["uuid"] else f"new:{x['row']}": x["row"] for x in c.plan.schedule}
    for uid, (request, _state) in meetings.items():
        owner = owners.get(request)
        row = rows.get(uid) or rows.get(owner or "")
        if owner is not None and row:
            c.error(
                sheet,
                row,
                "request_key",
                _("This request already has a meeting in the schedule (%(uuid)s).")
                % {"uuid": uid if row != rows.get(uid) else owner},
            )
        owners.setdefault(request, uid)
    _no_double_booking(c)


def _schedule_row_ok(c: Checker, x: dict[str, Any]) -> bool:
    sheet, number = schema.SCHEDULE, x["row"]
    request = c.requests.get(x["request_key"])
    if request is None:
        c.error(
            sheet,
            number,
            "request_key",
            _("No meeting request “%(value)s” in the MeetingRequests sheet or the mission.")
            % {"value": x["request_key"]},
        )
        return False
    if x["state"] == ScheduledMeeting.State.PUBLISHED and request[2] != "accepted":
        c.error(sheet, number, "state", _("Only an accepted request can have a published meeting."))
        return False
    if not venue_ref(c, sheet, number, x["venue_key"]):
        return False
    end = c.slots.get((x["venue_key"], x["date"], x["start"]))
    if end is None:
        c.error(
            sheet,
            number,
            "start",
            _("No slot starts at this time on this day at this venue (Slots sheet)."),
        )
        return False
    if end != x["end"]:
        c.error(
            sheet,
            number,
            "end",
            _("The slot starting then ends at %(end)s.") % {"end": end.strftime("%H:%M")},
        )
        return False
    if x["table"] and (x["venue_key"], x["table"]) not in c.tables:
        c.error(
            sheet,
            number,
            "table",
            _("No table “%(value)s” at this venue (Tables sheet).") % {"value": x["table"]},
        )
        return False
    return True


def _no_double_booking(c: Checker) -> None:
    """One published meeting per table and per person in each slot, counting the
    mission's meetings that the file leaves out."""
    taken: dict[tuple[Any, ...], int | str] = {}
    in_file = {str(x["uuid"]) for x in c.plan.schedule if x["uuid"]}
    for uid, (request, venue, day, start, table) in c.db.placed.items():
        if uid in in_file or request not in c.requests:
            continue
        a, b, _status = c.requests[request]
        slot = (venue, day, start)
        for key in (("table", *slot, table), ("person", *slot, a), ("person", *slot, b)):
            if key[-1]:
                taken[key] = uid
    for x in c.plan.schedule:
        if x["state"] != ScheduledMeeting.State.PUBLISHED:
            continue
        slot = (x["venue_key"], x["date"], x["start"])
        a, b, _status = c.requests[x["request_key"]]
        checks = [(("table", *slot, x["table"]), "table")] if x["table"] else []
        checks += [(("person", *slot, a), "request_key"), (("person", *slot, b), "request_key")]
        for key, column in checks:
            other = taken.get(key)
            if isinstance(other, int):
                c.error(
                    schema.SCHEDULE,
                    x["row"],
                    column,
                    _("This clashes with the meeting on row %(row)d in the same slot.")
                    % {"row": other},
                )
            elif other:
                c.error(
                    schema.SCHEDULE,
                    x["row"],
                    column,
                    _("This clashes with meeting %(uuid)s of the mission in the same slot.")
                    % {"uuid": other},
                )
            else:
                taken[key] = x["row"]


def _uuids_elsewhere(c: Checker) -> set[str]:
    wanted = [r.text(raw.get("uuid")) for _n, raw in c.rows(schema.SCHEDULE)]
    found = (
        ScheduledMeeting.objects.exclude(state=ScheduledMeeting.State.DRAFT)
        .filter(uuid__in=[u for u in wanted if _is_uuid(u)])
        .exclude(mission_id=c.mission_id)
        .values_list("uuid", flat=True)
    )
    return {str(u) for u in found}


def _is_uuid(value: str) -> bool:
    try:
        r.uuid_value(value)
    except r.Bad:
        return False
    return bool(value)
