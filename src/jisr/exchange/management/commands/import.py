"""``jisr import FILE.xlsx --mission SLUG``: all or nothing, with a per-row report."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jisr.exchange.services import import_workbook, problem_rows

REPORT_COLUMNS = ["severity", "sheet", "row", "column", "message"]


class Command(BaseCommand):
    help = (
        "Import a workbook made by `jisr export` (or edited from one). Every sheet and row "
        "is checked first; if any problem is found nothing changes and each problem is "
        "reported with its sheet, row and column. Otherwise rows are created or updated by "
        "their keys in one transaction; rows absent from the file are left untouched."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument("--mission", required=True, help="the mission's short name (slug)")
        parser.add_argument(
            "--create-mission",
            action="store_true",
            help="create the mission from the Mission sheet if it does not exist",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument("--report", help="write the problems to this .csv or .xlsx file")
        parser.add_argument(
            "--by", help="username recorded as the actor in the activity log (default: none)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        by = None
        if options["by"]:
            by = get_user_model().objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"No user “{options['by']}”.")
        started = time.perf_counter()
        result = import_workbook(
            options["mission"],
            content,
            by=by,
            create_mission=options["create_mission"],
            dry_run=options["dry_run"],
            filename=path.name,
        )
        rows = problem_rows(result.problems)
        for row in rows:
            where = ":".join(str(x) for x in (row["sheet"], row["row"], row["column"]) if x)
            where = where or "file"
            self.stderr.write(f"{row['severity']}: {where}: {row['message']}")
        if options["report"]:
            write_report(options["report"], rows)
        seconds = time.perf_counter() - started
        if result.errors:
            raise CommandError(f"{len(result.errors)} problem(s) found; nothing was changed.")
        changes = ", ".join(f"{k} {v}" for k, v in sorted(result.counts.items())) or "none"
        verb = "Checked" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{verb} {result.rows} rows in {seconds:.2f} s"
            + ("; nothing written (dry run)." if options["dry_run"] else f"; changes: {changes}.")
        )


def write_report(filename: str, rows: list[dict[str, Any]]) -> None:
    """The problems as CSV (UTF-8 with BOM, for spreadsheets) or as an .xlsx sheet."""
    if filename.lower().endswith(".xlsx"):
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "Problems"
        sheet.append(REPORT_COLUMNS)
        for row in rows:
            sheet.append([str(row[c]) if c != "row" else row[c] for c in REPORT_COLUMNS])
        sheet.freeze_panes = "A2"
        workbook.save(filename)
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REPORT_COLUMNS)
    writer.writeheader()
    writer.writerows({c: str(row[c]) for c in REPORT_COLUMNS} for row in rows)
    Path(filename).write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")
