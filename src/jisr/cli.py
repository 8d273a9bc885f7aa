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
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    # A wrong setting or an unreachable database is told in one sentence, not a traceback.
    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings, which check themselves)
        execute_from_command_line(["jisr", *args])
    except ImproperlyConfigured as error:
        print(f"jisr: {error}", file=sys.stderr)
        return 2
    except OperationalError as error:
        print(f"jisr: {describe_database_error(error)}", file=sys.stderr)
        return 2
    return 0


def describe_database_error(error: BaseException) -> str:
    """One sentence naming the database that failed and why (its first line)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    where = database.get("HOST") or "localhost"
    if database.get("PORT"):
        where = f"{where}:{database['PORT']}"
    if "sqlite" in database["ENGINE"]:
        where = str(database["NAME"])
    reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return f"the database {where} cannot be used ({reason}); check JISR_DATABASE_URL."


if __name__ == "__main__":
    sys.exit(main())
