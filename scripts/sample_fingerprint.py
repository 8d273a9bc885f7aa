"""Fingerprint of the sample mission that `make run` serves, to show a refactor of the
sample or its demo activity changed nothing.

Builds the sample into a fresh SQLite database the way scripts/run.sh does (migrate,
sample-mission --if-empty, sample-activity --if-empty --publish), dumps every table with
`dumpdata`, blanks what differs from one run to the next (wall-clock times, password
salts, random badge codes and UUIDs, the solver's seconds), and prints a SHA-256 of the
sorted rows. Primary keys stay in: rows must also be written in the same order.

    .venv/bin/python scripts/sample_fingerprint.py [--keep DIR]

--keep writes the normalized rows to DIR/fingerprint.json, so two runs can be diffed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

JISR = Path(sys.executable).with_name("jisr")
# Times taken from the clock while the sample is written: they differ on every run.
CLOCK_FIELDS = {
    "created",
    "updated",
    "date_joined",
    "last_login",
    "responded",
    "published_at",
    "started",
    "finished",
    "progress_updated",
    "seconds",
    "enqueued_at",
    "started_at",
    "finished_at",
    "last_attempted_at",
}
# Values drawn from a secure random source, not from the sample's seed.
RANDOM_FIELDS = {
    ("auth.user", "password"),
    ("outcomes.badge", "code"),
    ("schedules.scheduledmeeting", "uuid"),
    ("schedules.schedulerun", "task_result_id"),
}
# Messages are dated from "now" on purpose (the days before the demo); keep their spacing.
RELATIVE_FIELDS = {("messaging.message", "created"), ("messaging.message", "read_at")}
RANDOM_PK_MODELS = {"django_tasks_database.dbtaskresult"}


def build(data_dir: Path) -> tuple[list[dict[str, Any]], str]:
    env = {
        **os.environ,
        "JISR_DEBUG": "1",  # as scripts/run.sh: no secret key to set up
        "JISR_DATA_DIR": str(data_dir),
        "JISR_EMAIL_BACKEND": "locmem",
    }
    env.pop("JISR_DATABASE_URL", None)
    output = []
    for args in (
        ["migrate", "--no-input", "-v0"],
        ["sample-mission", "--if-empty"],
        ["sample-activity", "--if-empty", "--publish"],
    ):
        done = subprocess.run([JISR, *args], env=env, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"jisr {' '.join(args)} failed:\n{done.stderr}")
        output.append(done.stdout)
    dump = data_dir / "dump.json"
    subprocess.run([JISR, "dumpdata", "-o", str(dump)], env=env, check=True)
    # The commands print how long they took; the counts they print are part of the check.
    text = re.sub(r" in \d+(\.\d+)? s", " in ? s", "".join(output))
    return json.loads(dump.read_text()), text


def normalize(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    origin = min(
        dt.datetime.fromisoformat(row["fields"]["created"])
        for row in rows
        if row["model"] == "messaging.message"
    )
    for row in rows:
        model, fields = row["model"], row["fields"]
        if model in RANDOM_PK_MODELS:
            row["pk"] = "<random>"
        for name, value in fields.items():
            if (model, name) in RELATIVE_FIELDS and value is not None:
                moment = dt.datetime.fromisoformat(value)
                fields[name] = f"+{(moment - origin).total_seconds()}s"
            elif name in CLOCK_FIELDS or (model, name) in RANDOM_FIELDS:
                fields[name] = "<varies>" if value is not None else None
        if model == "schedules.schedulerun" and isinstance(fields.get("solution"), dict):
            fields["solution"].pop("seconds", None)
    return sorted(rows, key=lambda row: (row["model"], str(row["pk"])))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the normalized rows here")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jisr-fingerprint-") as tmp:
        rows, output = build(Path(tmp))
    rows = normalize(rows)
    text = json.dumps({"commands": output, "rows": rows}, sort_keys=True, indent=1)
    if options.keep:
        options.keep.mkdir(parents=True, exist_ok=True)
        (options.keep / "fingerprint.json").write_text(text)
    for model, count in sorted(Counter(row["model"] for row in rows).items()):
        print(f"{count:6} {model}")
    print("sha256", hashlib.sha256(text.encode()).hexdigest())


if __name__ == "__main__":
    main()
