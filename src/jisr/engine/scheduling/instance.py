"""Instance and schedule schemas for B2B meeting scheduling.

Everything is a frozen dataclass that refers to other objects by *index*
(participant index, slot index, meeting index, all 0-based), so solvers and the
validator never chase string ids. The JSON form uses participant ids and slot
indices; see ``instance_from_json`` for the exact shape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from jisr.engine.scheduling.errors import InstanceError

Session = Literal["morning", "afternoon"]
SessionRule = Literal["morning", "afternoon", "any"]
SESSION_RULES: tuple[SessionRule, ...] = ("morning", "afternoon", "any")


@dataclass(frozen=True)
class Participant:
    """A delegate. ``unavailable`` holds slot indices; ``max_meetings`` caps the load."""

    id: str
    unavailable: frozenset[int] = frozenset()
    max_meetings: int | None = None


@dataclass(frozen=True)
class Slot:
    """A time slot. Slots are listed in chronological order.

    Two slots are adjacent (no break between them) only when they are next to each
    other in the list and share ``day`` and ``block``; a block is one run of
    consecutive meeting slots, e.g. a whole day without a real pause.
    """

    day: int = 0
    block: int = 0
    session: Session = "morning"
    label: str = ""


@dataclass(frozen=True)
class Table:
    """A meeting point at a venue; ``slots`` = slot indices where it exists (None: all)."""

    id: str
    venue: str = "main"
    slots: frozenset[int] | None = None


@dataclass(frozen=True)
class Meeting:
    """An accepted 1:1 meeting between participants ``first`` and ``second`` (indices).

    ``fixed_slot`` locks the meeting to a slot; ``after`` lists meetings (indices)
    that must be held in strictly earlier slots; ``priority`` weighs the meeting
    when not every meeting fits.
    """

    id: str
    first: int
    second: int
    session: SessionRule = "any"
    fixed_slot: int | None = None
    priority: int = 1
    after: tuple[int, ...] = ()

    @property
    def pair(self) -> tuple[int, int]:
        return (self.first, self.second)


@dataclass(frozen=True)
class TravelBuffer:
    """After a meeting at ``from_venue`` the participant needs ``slots`` free slots
    before a meeting at ``to_venue`` on the same day."""

    from_venue: str
    to_venue: str
    slots: int


@dataclass(frozen=True)
class Instance:
    """A scheduling problem.

    ``require_all``: every meeting must be placed (the published benchmark's rule);
    otherwise the solver maximises the priority-weighted number placed first.
    """

    name: str
    participants: tuple[Participant, ...]
    slots: tuple[Slot, ...]
    tables: tuple[Table, ...]
    meetings: tuple[Meeting, ...]
    travel_buffers: tuple[TravelBuffer, ...] = ()
    require_all: bool = False

    @property
    def n_slots(self) -> int:
        return len(self.slots)

    def meetings_of(self) -> list[list[int]]:
        """Meeting indices per participant index."""
        result: list[list[int]] = [[] for _ in self.participants]
        for index, meeting in enumerate(self.meetings):
            result[meeting.first].append(index)
            result[meeting.second].append(index)
        return result

    def capacity(self) -> list[int]:
        """Number of tables that exist in each slot."""
        caps = [0] * self.n_slots
        for table in self.tables:
            for slot in table.slots if table.slots is not None else range(self.n_slots):
                caps[slot] += 1
        return caps

    def venue_capacity(self) -> list[dict[str, int]]:
        """Tables per venue in each slot."""
        caps: list[dict[str, int]] = [{} for _ in self.slots]
        for table in self.tables:
            for slot in table.slots if table.slots is not None else range(self.n_slots):
                caps[slot][table.venue] = caps[slot].get(table.venue, 0) + 1
        return caps

    def adjacent(self, slot: int) -> bool:
        """True when ``slot`` and ``slot + 1`` are consecutive in one block."""
        if slot + 1 >= self.n_slots:
            return False
        here, there = self.slots[slot], self.slots[slot + 1]
        return here.day == there.day and here.block == there.block

    def blocks(self) -> list[list[int]]:
        """Maximal runs of adjacent slots, in order."""
        runs: list[list[int]] = []
        for slot in range(self.n_slots):
            if slot > 0 and self.adjacent(slot - 1):
                runs[-1].append(slot)
            else:
                runs.append([slot])
        return runs

    def allowed_slots(self, meeting_index: int, caps: list[int] | None = None) -> list[int]:
        """Slots a meeting may use by sessions, availability and table existence alone.

        Pass ``caps`` (from ``capacity()``) when calling in a loop: it is not cached.
        """
        meeting = self.meetings[meeting_index]
        caps = self.capacity() if caps is None else caps
        blocked = (
            self.participants[meeting.first].unavailable
            | self.participants[meeting.second].unavailable
        )
        return [
            slot
            for slot, info in enumerate(self.slots)
            if caps[slot] > 0
            and slot not in blocked
            and (meeting.session == "any" or meeting.session == info.session)
        ]


@dataclass(frozen=True)
class Schedule:
    """A (possibly partial) solution: slot index per meeting (None = unscheduled)
    and, optionally, a table index per meeting."""

    slots: tuple[int | None, ...]
    tables: tuple[int | None, ...] | None = None


@dataclass(frozen=True)
class Change:
    """One rescheduling change; see ``reschedule.reschedule``."""

    kind: Literal["cancel", "add", "withdraw", "unavailable"]
    meeting: int | None = None
    new_meeting: Meeting | None = None
    participant: int | None = None
    slots: frozenset[int] = field(default_factory=frozenset)


# --------------------------------------------------------------------------- JSON


def _where(path: str) -> str:
    return path or "instance"


def _get(obj: Mapping[str, Any], key: str, path: str) -> Any:
    if key not in obj:
        raise InstanceError(f"{_where(path)}: missing field '{key}'", field=f"{path}.{key}")
    return obj[key]


def _int(value: Any, path: str, *, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{path}: expected an integer, got {value!r}", field=path)
    if minimum is not None and value < minimum:
        raise InstanceError(f"{path}: must be >= {minimum}, got {value}", field=path)
    return value


def _list(value: Any, path: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise InstanceError(f"{path}: expected a list", field=path)
    return value


def instance_from_json(data: Mapping[str, Any]) -> Instance:
    """Build an instance from its JSON form and check references.

    Shape: ``{"name", "participants": [{"id", "unavailable": [slot], "max_meetings"}],
    "slots": [{"day", "block", "session", "label"}], "tables": [{"id", "venue",
    "slots"}], "meetings": [{"id", "participants": [id, id], "session", "fixed_slot",
    "priority", "after": [meeting id]}], "travel_buffers": [{"from", "to", "slots"}],
    "require_all"}``. Slots are referred to by 0-based index.
    """
    if not isinstance(data, Mapping):
        raise InstanceError("instance: expected a JSON object", field="instance")
    slots_raw = _list(_get(data, "slots", ""), "slots")
    slots: list[Slot] = []
    for i, raw in enumerate(slots_raw):
        path = f"slots[{i}]"
        session = raw.get("session", "morning")
        if session not in ("morning", "afternoon"):
            raise InstanceError(f"{path}.session: unknown session {session!r}", field=path)
        slots.append(
            Slot(
                day=_int(raw.get("day", 0), f"{path}.day"),
                block=_int(raw.get("block", 0), f"{path}.block"),
                session=session,
                label=str(raw.get("label", "")),
            )
        )
    n_slots = len(slots)

    def slot_index(value: Any, path: str) -> int:
        index = _int(value, path, minimum=0)
        if index >= n_slots:
            raise InstanceError(f"{path}: slot {index} does not exist", field=path)
        return index

    participants: list[Participant] = []
    index_of: dict[str, int] = {}
    for i, raw in enumerate(_list(_get(data, "participants", ""), "participants")):
        path = f"participants[{i}]"
        pid = str(_get(raw, "id", path))
        if pid in index_of:
            raise InstanceError(f"{path}.id: duplicate participant {pid!r}", field=path)
        index_of[pid] = i
        cap = raw.get("max_meetings")
        participants.append(
            Participant(
                id=pid,
                unavailable=frozenset(
                    slot_index(s, f"{path}.unavailable") for s in raw.get("unavailable", [])
                ),
                max_meetings=None if cap is None else _int(cap, f"{path}.max_meetings", minimum=0),
            )
        )

    tables: list[Table] = []
    for i, raw in enumerate(_list(data.get("tables", []), "tables")):
        path = f"tables[{i}]"
        table_slots = raw.get("slots")
        tables.append(
            Table(
                id=str(_get(raw, "id", path)),
                venue=str(raw.get("venue", "main")),
                slots=None
                if table_slots is None
                else frozenset(slot_index(s, f"{path}.slots") for s in table_slots),
            )
        )

    raw_meetings = _list(_get(data, "meetings", ""), "meetings")
    meeting_index: dict[str, int] = {}
    for i, raw in enumerate(raw_meetings):
        mid = str(_get(raw, "id", f"meetings[{i}]"))
        if mid in meeting_index:
            raise InstanceError(f"meetings[{i}].id: duplicate meeting {mid!r}", field="id")
        meeting_index[mid] = i
    meetings: list[Meeting] = []
    for i, raw in enumerate(raw_meetings):
        path = f"meetings[{i}]"
        pair = _list(_get(raw, "participants", path), f"{path}.participants")
        if len(pair) != 2:
            raise InstanceError(f"{path}.participants: expected two ids", field=path)
        ends: list[int] = []
        for pid in pair:
            if str(pid) not in index_of:
                raise InstanceError(f"{path}.participants: unknown participant {pid!r}", field=path)
            ends.append(index_of[str(pid)])
        if ends[0] == ends[1]:
            raise InstanceError(f"{path}.participants: a meeting with oneself", field=path)
        session = raw.get("session", "any")
        if session not in SESSION_RULES:
            raise InstanceError(f"{path}.session: unknown session {session!r}", field=path)
        fixed = raw.get("fixed_slot")
        after: list[int] = []
        for other in raw.get("after", []):
            if str(other) not in meeting_index:
                raise InstanceError(f"{path}.after: unknown meeting {other!r}", field=path)
            after.append(meeting_index[str(other)])
        meetings.append(
            Meeting(
                id=str(raw["id"]),
                first=ends[0],
                second=ends[1],
                session=session,
                fixed_slot=None if fixed is None else slot_index(fixed, f"{path}.fixed_slot"),
                priority=_int(raw.get("priority", 1), f"{path}.priority", minimum=1),
                after=tuple(after),
            )
        )

    buffers = [
        TravelBuffer(
            from_venue=str(_get(raw, "from", f"travel_buffers[{i}]")),
            to_venue=str(_get(raw, "to", f"travel_buffers[{i}]")),
            slots=_int(_get(raw, "slots", f"travel_buffers[{i}]"), "slots", minimum=0),
        )
        for i, raw in enumerate(_list(data.get("travel_buffers", []), "travel_buffers"))
    ]
    return Instance(
        name=str(data.get("name", "instance")),
        participants=tuple(participants),
        slots=tuple(slots),
        tables=tuple(tables),
        meetings=tuple(meetings),
        travel_buffers=tuple(buffers),
        require_all=bool(data.get("require_all", False)),
    )


def instance_to_json(instance: Instance) -> dict[str, Any]:
    """The JSON form read by ``instance_from_json``."""
    return {
        "name": instance.name,
        "require_all": instance.require_all,
        "participants": [
            {
                "id": p.id,
                "unavailable": sorted(p.unavailable),
                **({"max_meetings": p.max_meetings} if p.max_meetings is not None else {}),
            }
            for p in instance.participants
        ],
        "slots": [
            {"day": s.day, "block": s.block, "session": s.session, "label": s.label}
            for s in instance.slots
        ],
        "tables": [
            {
                "id": t.id,
                "venue": t.venue,
                **({"slots": sorted(t.slots)} if t.slots is not None else {}),
            }
            for t in instance.tables
        ],
        "meetings": [
            {
                "id": m.id,
                "participants": [
                    instance.participants[m.first].id,
                    instance.participants[m.second].id,
                ],
                "session": m.session,
                "fixed_slot": m.fixed_slot,
                "priority": m.priority,
                "after": [instance.meetings[a].id for a in m.after],
            }
            for m in instance.meetings
        ],
        "travel_buffers": [
            {"from": b.from_venue, "to": b.to_venue, "slots": b.slots}
            for b in instance.travel_buffers
        ],
    }


def load_instance_json(text: str) -> Instance:
    """Parse JSON text; syntax errors name the line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InstanceError(
            f"line {error.lineno}, column {error.colno}: {error.msg}",
            field="json",
            line=error.lineno,
        ) from error
    try:
        return instance_from_json(data)
    except InstanceError as error:
        line = None if error.line is not None else _line_of(text, data, error.field)
        if line is None:
            raise
        raise InstanceError(f"line {line}, {error}", field=error.field, line=line) from error


def _line_of(text: str, data: Any, field_path: str) -> int | None:
    """Line of the list item named by ``field_path`` ("meetings[3]..."), found by its id."""
    match = re.match(r"(\w+)\[(\d+)\]", field_path)
    if match is None or not isinstance(data, Mapping):
        return None
    collection, index = match.group(1), int(match.group(2))
    items = data.get(collection)
    if not isinstance(items, list) or index >= len(items) or not isinstance(items[index], dict):
        return None
    start = re.search(rf'"{collection}"\s*:', text)
    if start is None or "id" not in items[index]:
        return None
    found = re.search(
        rf'"id"\s*:\s*{re.escape(json.dumps(items[index]["id"]))}', text[start.end() :]
    )
    if found is None:
        return None
    return text.count("\n", 0, start.end() + found.start()) + 1
