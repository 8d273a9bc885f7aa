"""Reader for the B2BSOP benchmark's MiniZinc ``.dzn`` files (Bofill et al., JAIR 2022).

The file format is described in the shared benchmark README. Quirks handled here:
``forbidden`` sets use 0 as a placeholder to ignore; ``meetingsxBusiness`` is
shifted by +1 and always holds the dummy 1; a pair may be requested twice. The
whole event is one day and one block: the morning/afternoon boundary is not a
break. Errors name the field and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jisr.engine.scheduling.errors import InstanceError
from jisr.engine.scheduling.instance import (
    Instance,
    Meeting,
    Participant,
    SessionRule,
    Slot,
    Table,
)

_TOKEN = re.compile(r"\s*(\[\||\|\]|[\[\]{}|,;=]|-?\d+|[A-Za-z_][A-Za-z0-9_]*|\S)")
_SESSIONS: dict[int, SessionRule] = {1: "morning", 2: "afternoon", 3: "any", 0: "any"}
REQUIRED = (
    "nBusiness",
    "nMeetings",
    "nTables",
    "nTotalSlots",
    "nMorningSlots",
    "requested",
    "forbidden",
    "fixed",
    "precedences",
)
Value = int | list["Value"] | frozenset[int]


@dataclass(frozen=True)
class _Token:
    text: str
    line: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    line = 1
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # only trailing whitespace is left
            break
        line += text.count("\n", position, match.start(1))
        tokens.append(_Token(match.group(1), line))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Token], field: str) -> None:
        self.tokens = tokens
        self.index = 0
        self.field = field

    def error(self, message: str, *, after_previous: bool = False) -> InstanceError:
        # A missing terminator belongs to the line of the token before it.
        position = self.index - 1 if after_previous and self.index > 0 else self.index
        token = self.tokens[min(position, len(self.tokens) - 1)]
        return InstanceError(
            f"line {token.line}, field '{self.field}': {message}",
            field=self.field,
            line=token.line,
        )

    def peek(self) -> str:
        return self.tokens[self.index].text if self.index < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> str:
        if self.index >= len(self.tokens):
            raise self.error("unexpected end of file")
        text = self.tokens[self.index].text
        if expected is not None and text != expected:
            raise self.error(f"expected '{expected}', found '{text}'", after_previous=True)
        self.index += 1
        return text

    def integer(self) -> int:
        text = self.take()
        if not re.fullmatch(r"-?\d+", text):
            self.index -= 1
            raise self.error(f"expected an integer, found '{text}'")
        return int(text)

    def value(self) -> Value:
        head = self.peek()
        if head == "[|":
            return self.matrix()
        if head == "[":
            self.take("[")
            items: list[Value] = []
            while self.peek() != "]":
                items.append(self.value())
                if self.peek() == ",":
                    self.take(",")
            self.take("]")
            return items
        if head == "{":
            self.take("{")
            members: set[int] = set()
            while self.peek() != "}":
                members.add(self.integer())
                if self.peek() == ",":
                    self.take(",")
            self.take("}")
            return frozenset(members)
        return self.integer()

    def matrix(self) -> list[Value]:
        self.take("[|")
        rows: list[Value] = []
        row: list[Value] = []
        while True:
            head = self.peek()
            if head == "|]":
                self.take()
                break
            if head == "|":
                self.take()
                if row:
                    rows.append(row)
                row = []
                if self.peek() == "]":  # "|]" split by whitespace
                    self.take()
                    break
                continue
            if head == ",":
                self.take()
                continue
            row.append(self.integer())
        if row:
            rows.append(row)
        return rows


def parse_dzn(text: str) -> dict[str, tuple[Value, int]]:
    """Assignments of a .dzn text: name -> (value, line of the assignment)."""
    tokens = _tokenize(text)
    parser = _Parser(tokens, "file")
    result: dict[str, tuple[Value, int]] = {}
    while parser.index < len(tokens):
        line = tokens[parser.index].line
        name = parser.take()
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            parser.index -= 1
            raise parser.error(f"expected a field name, found '{name}'")
        parser.field = name
        parser.take("=")
        result[name] = (parser.value(), line)
        parser.take(";")
    return result


def _check_ints(value: Value, line: int, size: int, low: int, high: int, *, name: str) -> list[int]:
    if not isinstance(value, list) or len(value) != size:
        raise InstanceError(
            f"line {line}, field '{name}': expected {size} integers", field=name, line=line
        )
    out: list[int] = []
    for item in value:
        if not isinstance(item, int) or not low <= item <= high:
            raise InstanceError(
                f"line {line}, field '{name}': value {item!r} outside {low}..{high}",
                field=name,
                line=line,
            )
        out.append(item)
    return out


def _check_sets(
    value: Value, line: int, size: int, high: int, *, name: str
) -> list[frozenset[int]]:
    if not isinstance(value, list) or len(value) != size:
        raise InstanceError(
            f"line {line}, field '{name}': expected {size} sets", field=name, line=line
        )
    out: list[frozenset[int]] = []
    for item in value:
        if not isinstance(item, frozenset) or any(not 0 <= v <= high for v in item):
            raise InstanceError(
                f"line {line}, field '{name}': bad set {item!r}", field=name, line=line
            )
        out.append(item)
    return out


def _scalar(fields: dict[str, tuple[Value, int]], name: str, minimum: int) -> int:
    value, line = fields[name]
    if not isinstance(value, int) or value < minimum:
        raise InstanceError(
            f"line {line}, field '{name}': expected an integer >= {minimum}",
            field=name,
            line=line,
        )
    return value


def instance_from_dzn(text: str, name: str = "instance") -> Instance:
    """Build an instance (``require_all=True``) from .dzn text."""
    fields = parse_dzn(text)
    for required in REQUIRED:
        if required not in fields:
            raise InstanceError(f"missing field '{required}'", field=required)
    n_business = _scalar(fields, "nBusiness", 1)
    n_meetings = _scalar(fields, "nMeetings", 0)
    n_tables = _scalar(fields, "nTables", 0)
    n_slots = _scalar(fields, "nTotalSlots", 1)
    n_morning = _scalar(fields, "nMorningSlots", 0)
    if n_morning > n_slots:
        line = fields["nMorningSlots"][1]
        raise InstanceError(
            f"line {line}, field 'nMorningSlots': larger than nTotalSlots",
            field="nMorningSlots",
            line=line,
        )

    requested, line = fields["requested"]
    if not isinstance(requested, list) or len(requested) != n_meetings:
        raise InstanceError(
            f"line {line}, field 'requested': expected {n_meetings} rows",
            field="requested",
            line=line,
        )
    forbidden = _check_sets(*fields["forbidden"], n_business, n_slots, name="forbidden")
    fixed = _check_ints(*fields["fixed"], n_meetings, 0, n_slots, name="fixed")
    precedences = _check_sets(*fields["precedences"], n_meetings, n_meetings, name="precedences")

    meetings: list[Meeting] = []
    for index, row in enumerate(requested):
        row_line = line + index  # one row per line in the published files
        if not isinstance(row, list) or len(row) != 3 or not all(isinstance(v, int) for v in row):
            raise InstanceError(
                f"line {row_line}, field 'requested': row {index + 1} must be 'p1, p2, session'",
                field="requested",
                line=row_line,
            )
        first, second, session = (v for v in row if isinstance(v, int))
        if not (1 <= first <= n_business and 1 <= second <= n_business):
            raise InstanceError(
                f"line {row_line}, field 'requested': row {index + 1} names an unknown "
                f"participant (1..{n_business})",
                field="requested",
                line=row_line,
            )
        if first == second:
            raise InstanceError(
                f"line {row_line}, field 'requested': row {index + 1} is a meeting with oneself",
                field="requested",
                line=row_line,
            )
        if session not in _SESSIONS:
            raise InstanceError(
                f"line {row_line}, field 'requested': row {index + 1} has session {session}",
                field="requested",
                line=row_line,
            )
        before = precedences[index]
        if 0 in before:
            prec_line = fields["precedences"][1]
            raise InstanceError(
                f"line {prec_line}, field 'precedences': meeting ids start at 1",
                field="precedences",
                line=prec_line,
            )
        meetings.append(
            Meeting(
                id=str(index + 1),
                first=first - 1,
                second=second - 1,
                session=_SESSIONS[session],
                fixed_slot=fixed[index] - 1 if fixed[index] > 0 else None,
                after=tuple(sorted(m - 1 for m in before)),
            )
        )

    participants = tuple(
        Participant(id=str(p + 1), unavailable=frozenset(s - 1 for s in forbidden[p] if s > 0))
        for p in range(n_business)
    )
    slots = tuple(
        Slot(day=0, block=0, session="morning" if s < n_morning else "afternoon", label=str(s + 1))
        for s in range(n_slots)
    )
    tables = tuple(Table(id=str(t + 1)) for t in range(n_tables))
    instance = Instance(
        name=name,
        participants=participants,
        slots=slots,
        tables=tables,
        meetings=tuple(meetings),
        require_all=True,
    )
    _self_test(instance, fields)
    return instance


def _self_test(instance: Instance, fields: dict[str, tuple[Value, int]]) -> None:
    """The redundant fields must agree with ``requested`` when present."""
    per_participant = instance.meetings_of()
    if "nMeetingsBusiness" in fields:
        value, line = fields["nMeetingsBusiness"]
        counts = _check_ints(value, line, len(per_participant), 0, 10**9, name="nMeetingsBusiness")
        for p, count in enumerate(counts):
            if count != len(per_participant[p]):
                raise InstanceError(
                    f"line {line}, field 'nMeetingsBusiness': participant {p + 1} has "
                    f"{len(per_participant[p])} requested meetings, not {count}",
                    field="nMeetingsBusiness",
                    line=line,
                )
    if "meetingsxBusiness" in fields:
        value, line = fields["meetingsxBusiness"]
        sets = _check_sets(
            value, line, len(per_participant), len(instance.meetings) + 1, name="meetingsxBusiness"
        )
        for p, members in enumerate(sets):
            if {m - 2 for m in members if m > 1} != set(per_participant[p]):
                raise InstanceError(
                    f"line {line}, field 'meetingsxBusiness': participant {p + 1} disagrees "
                    "with 'requested'",
                    field="meetingsxBusiness",
                    line=line,
                )


def read_dzn(path: str | Path) -> Instance:
    """Read a .dzn file; the instance is named after the file."""
    file = Path(path)
    return instance_from_dzn(file.read_text(encoding="utf-8"), name=file.name)
