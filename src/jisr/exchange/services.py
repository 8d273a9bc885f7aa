"""Importing a mission workbook: check everything, then write everything or nothing.

Rows are matched by their key (``O12``, ``L3``, ``R7``, ``V1``, a person's email, a
meeting's uuid; days, slots and tables by venue, date, start or label) and created or
updated. Rows absent from the file are left untouched. Unchanged rows are not written,
so importing a mission's own export changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from jisr.core.services import log_activity
from jisr.exchange import apply
from jisr.exchange.checks import Checker, Plan
from jisr.exchange.reading import FILE, Problem, Unreadable, read_workbook
from jisr.missions.models import Mission
from jisr.missions.rules import User


@dataclass
class ImportResult:
    mission: Mission | None
    problems: list[Problem]
    counts: Counter[str] = field(default_factory=Counter)
    rows: int = 0
    applied: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


def check_workbook(mission: Mission | None, content: bytes) -> tuple[Plan | None, list[Problem]]:
    """Read and check every sheet and row; the plan is None if the file is unreadable."""
    try:
        sheets, problems = read_workbook(content)
    except Unreadable as error:
        return None, [Problem(FILE, 0, "", error.message)]
    checker = Checker(mission, sheets)
    plan = checker.check()
    return plan, problems + checker.problems


def import_workbook(
    slug: str,
    content: bytes,
    *,
    by: User | None,
    create_mission: bool = False,
    dry_run: bool = False,
    filename: str = "",
) -> ImportResult:
    """Import ``content`` into the mission ``slug`` in one transaction.

    Nothing is written when any problem (not a warning) is found, or with ``dry_run``.
    ``create_mission`` makes the mission from the Mission sheet when ``slug`` is new.
    """
    mission = Mission.objects.filter(slug=slug).first()
    if mission is None and not create_mission:
        problem = Problem(FILE, 0, "", _("No mission “%(slug)s”.") % {"slug": slug})
        return ImportResult(None, [problem])
    plan, problems = check_workbook(mission, content)
    result = ImportResult(mission, problems, rows=plan.row_count if plan else 0)
    if plan is None or result.errors or dry_run:
        return result
    try:
        with transaction.atomic():
            if mission is None:
                mission = apply.create_mission(slug, plan.mission)
                result.counts["mission.created"] += 1
                log_activity(mission, action="mission.created", actor=by, mission=mission)
            counts = apply.apply_plan(mission, plan, by=by)
            result.counts.update(counts)
            log_activity(
                mission,
                action="exchange.imported",
                actor=by,
                mission=mission,
                data={"file": filename, "rows": result.rows, "changes": dict(result.counts)},
            )
    except DatabaseError as error:  # a rule the checks missed: nothing was written
        message = _("The database refused the import: %(error)s") % {"error": error}
        result.problems.append(Problem(FILE, 0, "", message))
        return result
    result.mission = mission
    result.applied = True
    return result


def problem_rows(problems: list[Problem]) -> list[dict[str, Any]]:
    """Problems as report rows (sheet, row, column, severity, message)."""
    return [
        {
            "severity": _("warning") if p.warning else _("error"),
            "sheet": p.sheet,
            "row": p.row or "",
            "column": p.column,
            "message": p.message,
        }
        for p in problems
    ]
