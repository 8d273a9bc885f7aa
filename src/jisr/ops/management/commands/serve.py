"""``jisr serve``: Jisr under granian, the production WSGI server (see docs/deploy.md
and docs/benchmarks.md for why granian rather than gunicorn: it served the same pages
faster here).

``--workers`` processes (about one per core), each running Django in ``--threads``
threads; behind a proxy (nginx), several machines each run one. A worker process that
dies is started again. The request log comes from Jisr itself (one JSON line per request
with its request id), so granian's access log stays off.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.utils import OperationalError


class Command(BaseCommand):
    help = "Serve Jisr with granian (production WSGI server)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("JISR_BIND", "127.0.0.1:8001"),
            help="address:port (default: 127.0.0.1:8001 or JISR_BIND)",
        )
        parser.add_argument("--workers", type=int, default=int(os.environ.get("JISR_WORKERS", 2)))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("JISR_THREADS", 1)))
        parser.add_argument("--pid", default="", help="write the server's process id here")

    def handle(self, *args: Any, **options: Any) -> None:
        host, _, port = options["bind"].rpartition(":")
        if not host or not port.isdigit():
            raise CommandError(f"--bind takes address:port, not {options['bind']!r}.")
        try:
            connection.ensure_connection()
        except OperationalError as error:
            from jisr.cli import describe_database_error

            raise CommandError(describe_database_error(error)) from None
        connection.close()
        granian = shutil.which("granian", path=str(Path(sys.executable).parent)) or shutil.which(
            "granian"
        )
        if granian is None:
            raise CommandError("granian is not installed: run make install.")
        command = [
            granian,
            "--interface",
            "wsgi",
            "--host",
            host.strip("[]"),
            "--port",
            port,
            "--workers",
            str(options["workers"]),
            "--blocking-threads",
            str(options["threads"]),
            "--no-ws",
            "--respawn-failed-workers",
            "--workers-kill-timeout",
            "30",
            "--log-level",
            "warning",
            "--no-access-log",
        ]
        if options["pid"]:
            command += ["--pid-file", options["pid"]]
        self.stdout.flush()
        os.execv(granian, [*command, "jisr.wsgi:application"])
