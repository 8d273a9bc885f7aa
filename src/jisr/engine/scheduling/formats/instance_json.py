"""JSON form of an instance (what the Django side stores), with errors that name the
field and, when it can be found, the line."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from jisr.engine.scheduling.errors import InstanceError
from jisr.engine.scheduling.instance import (
    SESSION_RULES,
    Instance,
    Meeting,
    Participant,
    Slot,
    Table,
    TravelBuffer,
)


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


def _objects(value: Any, path: str) -> list[Mapping[str, Any]]:
    """A list whose items are all JSON objects."""
    items = _list(value, path)
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise InstanceError(f"{path}[{i}]: expected an object", field=f"{path}[{i}]")
    return list(items)


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
    slots_raw = _objects(_get(data, "slots", ""), "slots")
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
    for i, raw in enumerate(_objects(_get(data, "participants", ""), "participants")):
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
                    slot_index(s, f"{path}.unavailable")
                    for s in _list(raw.get("unavailable", []), f"{path}.unavailable")
                ),
                max_meetings=None if cap is None else _int(cap, f"{path}.max_meetings", minimum=0),
            )
        )

    tables: list[Table] = []
    for i, raw in enumerate(_objects(data.get("tables", []), "tables")):
        path = f"tables[{i}]"
        table_slots = raw.get("slots")
        tables.append(
            Table(
                id=str(_get(raw, "id", path)),
                venue=str(raw.get("venue", "main")),
                slots=None
                if table_slots is None
                else frozenset(
                    slot_index(s, f"{path}.slots") for s in _list(table_slots, f"{path}.slots")
                ),
            )
        )

    raw_meetings = _objects(_get(data, "meetings", ""), "meetings")
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
        for other in _list(raw.get("after", []), f"{path}.after"):
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
        for i, raw in enumerate(_objects(data.get("travel_buffers", []), "travel_buffers"))
    ]
    require_all = data.get("require_all", False)
    if not isinstance(require_all, bool):
        raise InstanceError("require_all: expected true or false", field="require_all")
    return Instance(
        name=str(data.get("name", "instance")),
        participants=tuple(participants),
        slots=tuple(slots),
        tables=tuple(tables),
        meetings=tuple(meetings),
        travel_buffers=tuple(buffers),
        require_all=require_all,
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
