"""Load test (a benchmark of `make bench`): Jisr served by granian behind nginx with 2 web
processes, 2 workers and PostgreSQL (the cluster of scripts/cluster.sh, all on
loopback), on a 2,000 x 6,000 sample mission; locust drives participants (agendas,
directory, recommendations, programme) and API clients at 50 and then 200 concurrent
users, for a fixed time each, then stops by itself. Prints requests/s, p50/p95/p99
latencies and errors per level, with the load average (the machine is shared).

    .venv/bin/python benchmarks/bench_load.py
    LOAD_BUYERS=200 LOAD_PROVIDERS=600 LOAD_SECONDS=30 .venv/bin/python benchmarks/bench_load.py

Exits non-zero if any request failed.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "cluster.sh"
BUYERS = os.environ.get("LOAD_BUYERS", "2000")
PROVIDERS = os.environ.get("LOAD_PROVIDERS", "6000")
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
LEVELS = [int(n) for n in os.environ.get("LOAD_USERS", "50,200").split(",")]
KEEP = "JISR_CLUSTER_DIR" in os.environ
DIR = Path(os.environ.get("JISR_CLUSTER_DIR") or tempfile.mkdtemp(prefix="jisr-load-"))
ENV = {
    **os.environ,
    "JISR_CLUSTER_DIR": str(DIR),
    "JISR_CLUSTER_BUYERS": BUYERS,
    "JISR_CLUSTER_PROVIDERS": PROVIDERS,
}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} {five:.1f} {fifteen:.1f}"


def prepare() -> dict[str, str]:
    """Sessions for the participants with accounts, an API token, and the mission's
    recommendations computed in advance (as an organizer does for a large mission)."""
    values = {}
    for line in (DIR / "cluster.env").read_text().splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        values[key] = value
    os.environ.update({k: v for k, v in values.items() if k.startswith("JISR_")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "jisr.settings"
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from jisr.api.tokens import create_token
    from jisr.directory.models import Organization, Person
    from jisr.matchmaking.queries import latest_run
    from jisr.matchmaking.tasks import embed_mission_texts, precompute_mission_recommendations
    from jisr.missions.models import Mission

    mission = Mission.objects.order_by("pk").first()
    assert mission is not None
    started = time.monotonic()
    if latest_run(mission) is None:  # a kept cluster has them already
        embed_mission_texts.call(mission.pk)
        rows = precompute_mission_recommendations.call(mission.pk)
        print(f"recommendations precomputed: {rows} rows in {time.monotonic() - started:.0f} s")
    # Buyers and providers: the organizer has no recommendations (403).
    users = [
        p.user
        for p in Person.objects.filter(
            mission=mission,
            user__isnull=False,
            organization__kind__in=[Organization.Kind.BUYER, Organization.Kind.PROVIDER],
        )
    ]
    sessions = []
    for user in users:
        for _ in range(20):
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            sessions.append(store.session_key)
    token = create_token(users[0], name="load test").plain
    print(f"{len(users)} participant accounts, {len(sessions)} sessions, 1 API token")
    return {
        "LOAD_SESSIONS": ",".join(sessions),
        "LOAD_TOKEN": token,
        "LOAD_SLUG": mission.slug,
        "port": values["JISR_CLUSTER_PROXY_PORT"],
    }


def run_level(users: int, prepared: dict[str, str]) -> dict[str, str]:
    prefix = DIR / f"locust-{users}"
    command = [
        str(ROOT / ".venv" / "bin" / "locust"),
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(10, users // 5)),
        "--run-time",
        f"{SECONDS}s",
        "--stop-timeout",
        "10",
        "--host",
        f"http://127.0.0.1:{prepared['port']}",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {**os.environ, **{k: v for k, v in prepared.items() if k.startswith("LOAD_")}}
    subprocess.run(command, env=env, check=False, stdout=subprocess.DEVNULL, timeout=SECONDS + 120)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["Name"]: row for row in rows} | {"load": load()}  # type: ignore[return-value]


def main() -> int:
    print(f"Load test on {BUYERS} x {PROVIDERS}; cluster in {DIR}; load average {load()}")
    started = time.monotonic()
    subprocess.run([str(SCRIPT), "start"], env=ENV, check=True)
    print(f"cluster ready in {time.monotonic() - started:.0f} s")
    prepared = prepare()
    errors = 0
    header = f"{'users':>5} {'page':<14} {'requests':>8} {'fails':>5} {'req/s':>7} "
    header += f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
    results = []
    for users in LEVELS:
        results.append((users, run_level(users, prepared)))
    print(f"\n{header}  (load average at the end)")
    for users, stats in results:
        for name, row in stats.items():
            if name == "load":
                continue
            fails = int(row["Failure Count"])
            errors += fails if name == "Aggregated" else 0
            label = "ALL" if name == "Aggregated" else name
            print(
                f"{users:>5} {label:<14} {row['Request Count']:>8} {fails:>5} "
                f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7}"
                + (f"  ({stats['load']})" if name == "Aggregated" else "")
            )
    if not KEEP:
        subprocess.run([str(SCRIPT), "destroy"], env=ENV, check=True)
    print(f"\n{errors} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
