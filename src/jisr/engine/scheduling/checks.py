"""Structural checks of an ``Instance`` built in code (the JSON and DZN readers check
their own input): an index out of range, a meeting of a participant with herself or a
negative count is reported as ``InstanceError`` naming the field, before any solver
runs, instead of an ``IndexError`` from deep inside a model.

Contradictions between valid rules (a fixed meeting in a slot where someone is away,
more meetings than tables) are not errors: preprocessing reports them as conflicts.
"""

from __future__ import annotations

from jisr.engine.scheduling.errors import InstanceError
from jisr.engine.scheduling.instance import SESSION_RULES, Instance


def check_instance(instance: Instance) -> None:
    """Raise ``InstanceError`` (``field`` like ``meetings[3].after[0]``) at the first
    structural fault of ``instance``."""
    n_people, n_slots, n_meetings = (
        len(instance.participants),
        instance.n_slots,
        len(instance.meetings),
    )
    for p, person in enumerate(instance.participants):
        for slot in sorted(person.unavailable):
            if not 0 <= slot < n_slots:
                raise InstanceError(
                    f"participant {person.id} is unavailable in slot {slot}, but there are "
                    f"{n_slots} slots",
                    field=f"participants[{p}].unavailable",
                )
        if person.max_meetings is not None and person.max_meetings < 0:
            raise InstanceError(
                f"participant {person.id} has a negative maximum of meetings",
                field=f"participants[{p}].max_meetings",
            )
    for t, table in enumerate(instance.tables):
        for slot in sorted(table.slots or ()):
            if not 0 <= slot < n_slots:
                raise InstanceError(
                    f"table {table.id} exists in slot {slot}, but there are {n_slots} slots",
                    field=f"tables[{t}].slots",
                )
    for m, meeting in enumerate(instance.meetings):
        where = f"meetings[{m}]"
        for name, p in (("first", meeting.first), ("second", meeting.second)):
            if not 0 <= p < n_people:
                raise InstanceError(
                    f"meeting {meeting.id} names participant {p}, but there are {n_people}",
                    field=f"{where}.{name}",
                )
        if meeting.first == meeting.second:
            raise InstanceError(
                f"meeting {meeting.id} is between a participant and herself",
                field=f"{where}.second",
            )
        if meeting.session not in SESSION_RULES:
            raise InstanceError(
                f"meeting {meeting.id} has session {meeting.session!r}; expected one of "
                + ", ".join(SESSION_RULES),
                field=f"{where}.session",
            )
        if meeting.fixed_slot is not None and not 0 <= meeting.fixed_slot < n_slots:
            raise InstanceError(
                f"meeting {meeting.id} is fixed to slot {meeting.fixed_slot}, but there are "
                f"{n_slots} slots",
                field=f"{where}.fixed_slot",
            )
        if meeting.priority < 0:
            raise InstanceError(
                f"meeting {meeting.id} has a negative priority", field=f"{where}.priority"
            )
        for i, before in enumerate(meeting.after):
            if not 0 <= before < n_meetings or before == m:
                raise InstanceError(
                    f"meeting {meeting.id} must follow meeting {before}, which does not exist"
                    if before != m
                    else f"meeting {meeting.id} must follow itself",
                    field=f"{where}.after[{i}]",
                )
    for b, buffer in enumerate(instance.travel_buffers):
        if buffer.slots < 0:
            raise InstanceError(
                f"travel buffer {buffer.from_venue} -> {buffer.to_venue} is negative",
                field=f"travel_buffers[{b}].slots",
            )
