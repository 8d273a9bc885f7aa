"""The ``jisr`` command.

``jisr b2b ...`` runs the pure scheduling engine on benchmark files and never
loads Django. Every other sub-command is a Django management command; dashes in
its name become underscores (``jisr sample-mission`` runs ``sample_mission``).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "b2b":
        from jisr.engine.scheduling.cli import main as b2b_main

        return int(b2b_main(args[1:]))

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jisr.settings")
    from django.core.management import execute_from_command_line

    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["jisr", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
