"""Instance and schedule schemas for B2B meeting scheduling.

Everything is a frozen dataclass that refers to other objects by *index*
(participant index, slot index, meeting index, all 0-based), so solvers and the
validator never chase string ids. The JSON form uses participant ids and slot
indices; see ``formats.instance_json.instance_from_json`` for the exact shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

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

    @property
    def has_session_rules(self) -> bool:
        """Whether some meeting must be held in the morning or in the afternoon."""
        return any(meeting.session != "any" for meeting in self.meetings)

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


TravelGaps = dict[tuple[str, str], int]


def travel_gaps(instance: Instance) -> TravelGaps:
    """Free slots needed after a meeting at one venue before one at another, by
    (from venue, to venue)."""
    return {(b.from_venue, b.to_venue): b.slots for b in instance.travel_buffers}


def travel_clash(
    instance: Instance, gaps: TravelGaps, first: tuple[int, str], second: tuple[int, str]
) -> bool:
    """Two meetings of one person, (slot, venue) each, too close on one day to change
    venue between them."""
    (s, v), (t, w) = sorted((first, second))
    if v == w or s == t or instance.slots[s].day != instance.slots[t].day:
        return False
    return t - s - 1 < gaps.get((v, w), 0)


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
