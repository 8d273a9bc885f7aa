"""Reading a workbook into rows of raw cells, and turning cells into typed values.

Nothing here touches the database. Row numbers are the ones a person sees in their
spreadsheet: the header is row 1.
"""

from __future__ import annotations

import datetime
import io
import re
import uuid
import zoneinfo
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from jisr.core.text import fold
from jisr.exchange import schema
from jisr.exchange.schema import SEPARATOR, Sheet
from jisr.missions.import_vocabulary import HEADER_ALIASES, LANGUAGE_ALIASES

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000  # per sheet
FILE = ""  # the sheet name of problems with the whole file


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int  # 0: the whole sheet or file
    column: str
    message: str
    warning: bool = False


class Unreadable(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class SheetRows:
    sheet: Sheet
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def key(text: str) -> str:
    """Headers and words compared without case, accents, spaces or punctuation."""
    return re.sub(r"[\s_\-.'’]+", "", fold(text))


def read_workbook(content: bytes) -> tuple[dict[str, SheetRows], list[Problem]]:
    """Every known sheet as rows of {column: raw cell}; problems for missing sheets and
    columns. Raises ``Unreadable`` when the file is not an .xlsx workbook."""
    if not content:
        raise Unreadable(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise Unreadable(_("The file is larger than 20 MB."))
    if not content.startswith(b"PK"):
        raise Unreadable(
            _("This is not an Excel workbook (.xlsx); a CSV file cannot hold every sheet.")
        )
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many exception types for a damaged workbook
        raise Unreadable(
            _("The file could not be read as an Excel workbook (.xlsx); it may be damaged.")
        ) from None
    try:
        found = {key(name): name for name in workbook.sheetnames}
        sheets: dict[str, SheetRows] = {}
        problems: list[Problem] = []
        for sheet in schema.SHEETS:
            name = found.get(key(sheet.name))
            if name is None:
                problems.append(
                    Problem(
                        sheet.name,
                        0,
                        "",
                        _("The sheet “%(sheet)s” is missing.") % {"sheet": sheet.name},
                    )
                )
                continue
            # Stop reading past the limit: a workbook can claim millions of rows.
            values = list(islice(workbook[name].iter_rows(values_only=True), MAX_ROWS + 2))
            if len(values) > MAX_ROWS + 1:
                problems.append(
                    Problem(
                        sheet.name,
                        0,
                        "",
                        _("The sheet has more than %(max)d rows; split the file.")
                        % {"max": MAX_ROWS},
                    )
                )
                continue
            rows, sheet_problems = _rows(sheet, values)
            sheets[sheet.name] = rows
            problems += sheet_problems
        return sheets, problems
    finally:
        workbook.close()


def _header_lookup(sheet: Sheet) -> dict[str, str]:
    lookup = {key(name): name for name in sheet.names}
    for name, aliases in HEADER_ALIASES.items():
        if name in sheet.names:
            for alias in aliases:
                lookup.setdefault(key(alias), name)
    return lookup


def _rows(sheet: Sheet, values: list[tuple[Any, ...]]) -> tuple[SheetRows, list[Problem]]:
    result = SheetRows(sheet)
    if not values or not any(_filled(v) for v in values[0]):
        return result, [Problem(sheet.name, 1, "", _("The header row is empty."))]
    lookup = _header_lookup(sheet)
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    for index, title in enumerate(values[0]):
        if not _filled(title):
            continue
        name = lookup.get(key(str(title)))
        if name is None:
            problems.append(
                Problem(
                    sheet.name,
                    1,
                    str(title),
                    _("Unknown column “%(column)s”; it is ignored.") % {"column": title},
                    warning=True,
                )
            )
        elif name in columns:
            problems.append(
                Problem(
                    sheet.name,
                    1,
                    name,
                    _("The column “%(column)s” appears twice.") % {"column": name},
                )
            )
        else:
            columns[name] = index
    for column in sheet.columns:
        if not column.readonly and column.name not in columns:
            problems.append(
                Problem(
                    sheet.name,
                    1,
                    column.name,
                    _("The column “%(column)s” is missing.") % {"column": column.name},
                )
            )
    for number, cells in enumerate(values[1:], 2):
        if any(_filled(v) for v in cells):
            result.rows.append(
                (number, {n: cells[i] if i < len(cells) else None for n, i in columns.items()})
            )
    return result, problems


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


# --- typed cells -------------------------------------------------------------


class Bad(Exception):
    """A cell that cannot be read; ``message`` is translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def text(value: Any, *, limit: int | None = None, required: bool = False) -> str:
    if value is None:
        result = ""
    elif isinstance(value, float) and value.is_integer():
        result = str(int(value))
    else:
        result = str(value).strip()
    if required and not result:
        raise Bad(_("This value is required."))
    if limit is not None and len(result) > limit:
        raise Bad(_("Use at most %(limit)d characters.") % {"limit": limit})
    return result


def integer(value: Any, *, low: int, high: int, required: bool = False) -> int | None:
    if not _filled(value):
        if required:
            raise Bad(_("This value is required."))
        return None
    if isinstance(value, bool):
        raise Bad(_("“%(value)s” is not a whole number.") % {"value": value})
    try:
        number = float(str(value).strip()) if not isinstance(value, int | float) else value
    except ValueError:
        raise Bad(_("“%(value)s” is not a whole number.") % {"value": value}) from None
    if int(number) != number:
        raise Bad(_("“%(value)s” is not a whole number.") % {"value": value})
    if not low <= number <= high:
        raise Bad(_("Use a number from %(low)d to %(high)d.") % {"low": low, "high": high})
    return int(number)


def date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time(0):
            raise Bad(_("“%(value)s” is not a date.") % {"value": value})
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not _filled(value):
        raise Bad(_("This value is required."))
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise Bad(
            _("“%(value)s” is not a date; use a date cell or YYYY-MM-DD.") % {"value": value}
        ) from None


def time(value: Any) -> datetime.time:
    if isinstance(value, datetime.datetime):
        value = value.time()
    if isinstance(value, datetime.time):
        return value.replace(microsecond=0)
    if not _filled(value):
        raise Bad(_("This value is required."))
    if not re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", str(value).strip()):
        raise Bad(_("“%(value)s” is not a time; use a time cell or HH:MM.") % {"value": value})
    try:
        return datetime.time.fromisoformat(str(value).strip().zfill(5))
    except ValueError:
        raise Bad(
            _("“%(value)s” is not a time; use a time cell or HH:MM.") % {"value": value}
        ) from None


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = key(text(value))
    if word in {"", "0", "no", "non", "false", "faux", "لا"}:
        return False
    if word in {"1", "yes", "oui", "true", "vrai", "نعم"}:
        return True
    raise Bad(_("“%(value)s” is not yes or no.") % {"value": value})


def email(value: Any, *, required: bool = True) -> str:
    result = text(value, limit=254, required=required).lower()
    if result:
        try:
            validate_email(result)
        except ValidationError:
            raise Bad(_("“%(value)s” is not a valid email address.") % {"value": result}) from None
    return result


def url(value: Any) -> str:
    result = text(value, limit=200)
    if result:
        try:
            URLValidator()(result)
        except ValidationError:
            raise Bad(_("“%(value)s” is not a valid web address.") % {"value": result}) from None
    return result


def country(value: Any) -> str:
    result = text(value).upper()
    if not re.fullmatch(r"[A-Z]{2}", result):
        raise Bad(_("Use a two-letter country code such as MA, US or CA."))
    return result


def timezone_name(value: Any) -> str:
    result = text(value, required=True)
    if result not in zoneinfo.available_timezones():
        raise Bad(_("“%(value)s” is not a known time zone.") % {"value": result})
    return result


def uuid_value(value: Any) -> uuid.UUID | None:
    result = text(value)
    if not result:
        return None
    try:
        return uuid.UUID(result)
    except ValueError:
        raise Bad(_("“%(value)s” is not a valid meeting id (UUID).") % {"value": result}) from None


def codes(value: Any) -> list[str]:
    return list(dict.fromkeys(p.strip() for p in text(value).split(SEPARATOR) if p.strip()))


def choice_lookup(
    choices: list[tuple[str, Any]], aliases: dict[str, tuple[str, ...]] | None = None
) -> dict[str, str]:
    """Codes, their labels in English, French and Arabic, and extra aliases."""
    lookup = {key(code): code for code, _label in choices}
    for code, names in (aliases or {}).items():
        for name in names:
            lookup.setdefault(key(name), code)
    for language in LANGUAGE_ALIASES:
        with translation.override(language):
            for code, label in choices:
                lookup.setdefault(key(str(label)), code)
    return lookup


def choice(value: Any, lookup: dict[str, str], *, default: str | None = None) -> str:
    raw = text(value)
    if not raw and default is not None:
        return default
    found = lookup.get(key(raw))
    if found is None:
        options = ", ".join(sorted(set(lookup.values())))
        raise Bad(
            _("Unknown value “%(value)s”; use %(options)s.") % {"value": raw, "options": options}
        )
    return found
