"""Reading and checking an invitation spreadsheet (CSV or XLSX) before anything is written.

Every row is checked, every problem is collected with its spreadsheet row number and
column, and the caller writes nothing unless the list of problems is empty.
Row numbers are the ones a person sees in their spreadsheet: the header is row 1.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jisr.core.text import fold
from jisr.directory.models import Organization, Person
from jisr.missions.import_vocabulary import (
    HEADER_ALIASES,
    KIND_OF_ROLE,
    LANGUAGE_ALIASES,
    ROLE_ALIASES,
    ROLE_KINDS,
)
from jisr.missions.models import Invitation, Mission, Participation

COLUMNS = (
    "email",
    "first_name",
    "last_name",
    "organization",
    "role",
    "language",
    "country",
    "city",
)
REQUIRED = ("email", "first_name", "last_name", "organization", "role")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
FILE = 0  # the row number of problems with the whole file


@dataclass(frozen=True)
class RowError:
    row: int  # 0: the whole file
    column: str
    message: str


@dataclass(frozen=True)
class InviteeRow:
    """One checked row, ready to become an invitation."""

    row: int
    email: str
    first_name: str
    last_name: str
    organization_name: str
    organization: Organization | None
    role: str
    language: str
    country: str
    city: str


class SpreadsheetError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _key(text: str) -> str:
    return re.sub(r"[\s_\-.'’]+", "", fold(text))


def _lookup(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {_key(alias): code for code, names in aliases.items() for alias in (code, *names)}


def _role_lookup() -> dict[str, str]:
    """Role codes, aliases and the role labels in every interface language."""
    lookup = _lookup({str(k): v for k, v in ROLE_ALIASES.items()})
    for language in LANGUAGE_ALIASES:
        with translation.override(language):
            for code, label in Participation.Role.choices:
                lookup.setdefault(_key(str(label)), code)
    return lookup


# --- reading -----------------------------------------------------------------


def read_table(filename: str, content: bytes) -> list[tuple[int, list[str]]]:
    """The non-empty rows of a .csv or .xlsx file as (row number, cells).

    Raises ``SpreadsheetError`` with a translated message for anything unreadable.
    """
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in {"csv", "xlsx"}:
        raise SpreadsheetError(_("Upload a .csv or .xlsx file."))
    if not content:
        raise SpreadsheetError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise SpreadsheetError(_("The file is larger than 5 MB."))
    raw = _read_xlsx(content) if extension == "xlsx" else _read_csv(content)
    rows = [(number, cells) for number, cells in raw if any(cells)]
    if len(rows) > MAX_ROWS + 1:
        raise SpreadsheetError(
            _("The file has more than %(max)d rows; split it into smaller files.")
            % {"max": MAX_ROWS}
        )
    return rows


def _read_csv(content: bytes) -> Iterator[tuple[int, list[str]]]:
    if b"\x00" in content[:4096]:
        raise SpreadsheetError(_("This is not a text CSV file. Save it as “CSV UTF-8”."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _("The file is not encoded in UTF-8. In your spreadsheet, save it as “CSV UTF-8”.")
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            yield number, [cell.strip() for cell in cells]
    except csv.Error:
        raise SpreadsheetError(_("The CSV file is malformed (check its quotes).")) from None


def _read_xlsx(content: bytes) -> list[tuple[int, list[str]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [
                (number, [_cell_text(value) for value in values])
                for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
            ]
        finally:
            workbook.close()
    except Exception:  # openpyxl raises many exception types for a damaged workbook
        raise SpreadsheetError(
            _("The file could not be read as an Excel workbook (.xlsx); it may be damaged.")
        ) from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


# --- checking ----------------------------------------------------------------


def check_table(
    mission: Mission, table: list[tuple[int, list[str]]]
) -> tuple[list[InviteeRow], list[RowError]]:
    """Map headers, check every row against the file and the mission; write nothing."""
    if not table:
        return [], [RowError(FILE, "", _("The file is empty."))]
    header_row, header = table[0]
    columns, errors = _map_header(header, header_row)
    if errors:
        return [], errors
    records = [
        (number, {name: _cell(cells, index) for name, index in columns.items()})
        for number, cells in table[1:]
    ]
    if not records:
        return [], [RowError(FILE, "", _("The file has a header but no rows of people."))]
    return check_records(mission, records)


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _map_header(header: list[str], row: int) -> tuple[dict[str, int], list[RowError]]:
    lookup = _lookup(HEADER_ALIASES)
    columns: dict[str, int] = {}
    errors: list[RowError] = []
    for index, title in enumerate(header):
        name = lookup.get(_key(title))
        if name is None:
            continue  # extra columns are allowed and ignored
        if name in columns:
            errors.append(
                RowError(row, name, _("The column “%(column)s” appears twice.") % {"column": name})
            )
        columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        errors.append(
            RowError(
                row,
                ", ".join(missing),
                _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)},
            )
        )
    return columns, errors


def check_records(
    mission: Mission, records: Iterable[tuple[int, dict[str, str]]]
) -> tuple[list[InviteeRow], list[RowError]]:
    """Check rows given as dicts keyed by column; shared by the import and the form."""
    records = list(records)
    context = _MissionContext(mission, [r.get("email", "").lower() for _n, r in records])
    roles = _role_lookup()
    languages = _lookup(LANGUAGE_ALIASES)
    seen: dict[str, int] = {}
    new_org_kinds: dict[str, str] = {}
    rows: list[InviteeRow] = []
    errors: list[RowError] = []
    for number, record in records:
        problems: list[tuple[str, str]] = []
        email = record.get("email", "").strip().lower()
        role = roles.get(_key(record.get("role", "")), "")
        problems += _check_email(email, number, seen, context)
        for name, limit in (("first_name", 100), ("last_name", 100), ("organization", 200)):
            value = record.get(name, "").strip()
            if not value:
                problems.append((name, _("This value is required.")))
            elif len(value) > limit:
                problems.append((name, _("Use at most %(limit)d characters.") % {"limit": limit}))
        if not role:
            problems.append(
                (
                    "role",
                    _(
                        "Unknown role “%(value)s”; use buyer, provider, organizer, "
                        "advisor or speaker."
                    )
                    % {"value": record.get("role", "")},
                )
            )
        language = languages.get(_key(record.get("language", "") or "en"), "")
        if not language:
            problems.append(
                (
                    "language",
                    _("Unknown language “%(value)s”; use en, fr or ar.")
                    % {"value": record.get("language", "")},
                )
            )
        country = record.get("country", "").strip().upper()
        if country and not re.fullmatch(r"[A-Z]{2}", country):
            problems.append(("country", _("Use a two-letter country code such as MA, US or CA.")))
        city = record.get("city", "").strip()
        if len(city) > 120:
            problems.append(("city", _("Use at most %(limit)d characters.") % {"limit": 120}))
        org_name = record.get("organization", "").strip()
        organization = context.organizations.get(fold(org_name))
        if role and org_name:
            problems += _check_organization(role, org_name, organization, new_org_kinds)
        errors += [RowError(number, column, message) for column, message in problems]
        if not problems:
            rows.append(
                InviteeRow(
                    row=number,
                    email=email,
                    first_name=record["first_name"].strip(),
                    last_name=record["last_name"].strip(),
                    organization_name=organization.name if organization else org_name,
                    organization=organization,
                    role=role,
                    language=language,
                    country=country,
                    city=city,
                )
            )
    return rows, errors


class _MissionContext:
    """What the mission already holds, fetched in three queries for the whole file."""

    def __init__(self, mission: Mission, emails: list[str]) -> None:
        self.people = set(
            Person.objects.for_mission(mission)
            .annotate(lower_email=Lower("email"))
            .filter(lower_email__in=emails)
            .values_list("lower_email", flat=True)
        )
        self.pending = set(
            Invitation.objects.for_mission(mission)
            .filter(status=Invitation.Status.PENDING, expires_at__gt=timezone.now())
            .annotate(lower_email=Lower("email"))
            .filter(lower_email__in=emails)
            .values_list("lower_email", flat=True)
        )
        self.organizations = {
            fold(org.name): org for org in Organization.objects.for_mission(mission)
        }


def _check_email(
    email: str, number: int, seen: dict[str, int], context: _MissionContext
) -> list[tuple[str, str]]:
    if not email:
        return [("email", _("This value is required."))]
    try:
        validate_email(email)
    except ValidationError:
        return [("email", _("“%(value)s” is not a valid email address.") % {"value": email})]
    if email in seen:
        return [
            ("email", _("This email is already on row %(row)d of the file.") % {"row": seen[email]})
        ]
    seen[email] = number
    if email in context.people:
        return [("email", _("This person already takes part in this mission."))]
    if email in context.pending:
        return [("email", _("This person already has a pending invitation."))]
    return []


def _check_organization(
    role: str, name: str, organization: Organization | None, new_kinds: dict[str, str]
) -> list[tuple[str, str]]:
    allowed = ROLE_KINDS.get(role)
    if not allowed:
        return []  # advisors, speakers and organizers may join any organization
    # A new organization takes the kind of its first buyer or provider in the file.
    kind = (
        organization.kind if organization else new_kinds.setdefault(fold(name), KIND_OF_ROLE[role])
    )
    if kind not in allowed:
        return [
            (
                "organization",
                _("“%(name)s” takes part as %(kind)s; a %(role)s cannot join it.")
                % {
                    "name": name,
                    "kind": Organization.Kind(kind).label,
                    "role": Participation.Role(role).label,
                },
            )
        ]
    return []
