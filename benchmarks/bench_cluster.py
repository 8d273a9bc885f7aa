"""The cluster of `make cluster`, driven as a whole (a benchmark, not in `make test`: it
starts PostgreSQL, nginx, 2 web processes and 2 workers, about 2-4 minutes here).

It checks and prints:
1. requests spread over both web processes (the ``X-Served-By`` header);
2. a schedule run, invitation e-mails and report PDFs, picked up by either worker;
3. SIGKILL of one web process under load: requests lost (nginx retries them);
4. SIGKILL of one worker in the middle of a PDF: tasks lost (re-queued, finished by the
   other worker);
5. PostgreSQL restarted under the running workers: a task enqueued afterwards completes;
6. throughput (requests/s) with 1 and with 2 web processes behind nginx.
Any lost request or task makes it exit non-zero.

    .venv/bin/python benchmarks/bench_cluster.py          # fresh cluster in a temp dir
    JISR_CLUSTER_DIR=... .venv/bin/python benchmarks/bench_cluster.py   # reuse one
"""

from __future__ import annotations

import collections
import http.client
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "cluster.sh"
KEEP = "JISR_CLUSTER_DIR" in os.environ
DIR = Path(os.environ.get("JISR_CLUSTER_DIR") or tempfile.mkdtemp(prefix="jisr-cluster-"))
# mkdtemp makes it 0700: run as root, PostgreSQL's own user must still reach its data.
DIR.chmod(0o755)
ENV = {**os.environ, "JISR_CLUSTER_DIR": str(DIR)}


def cluster(*args: str, **env: str) -> None:
    subprocess.run([str(SCRIPT), *args], env={**ENV, **env}, check=True)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def read_env() -> dict[str, str]:
    values = {}
    for line in (DIR / "cluster.env").read_text().splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        values[key] = value
    return values


class Client:
    """Threads issuing GETs through the proxy; counts answers by status and process."""

    def __init__(self, port: int, paths: list[str]) -> None:
        self.port, self.paths = port, paths
        self.ok = 0
        self.failed: list[str] = []
        self.served_by: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()

    def run(self, seconds: float, threads: int) -> float:
        stop = time.monotonic() + seconds

        def loop(index: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            n = index
            while time.monotonic() < stop:
                path = self.paths[n % len(self.paths)]
                n += 1
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    response.read()
                    with self.lock:
                        if response.status == 200:
                            self.ok += 1
                            self.served_by[response.getheader("X-Served-By", "?")] += 1
                        else:
                            self.failed.append(f"{response.status} {path}")
                except (OSError, http.client.HTTPException) as error:
                    with self.lock:
                        self.failed.append(f"{type(error).__name__} {path}")
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

        workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
        started = time.monotonic()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return self.ok / (time.monotonic() - started)


def kill_group(pid_file: Path) -> None:
    pid = int(pid_file.read_text())
    os.killpg(pid, signal.SIGKILL)  # the process and its children: a machine lost


def wait_for(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise SystemExit(f"FAILED: {what} (after {timeout:.0f} s)")


def main() -> int:
    print(f"Cluster in {DIR}; {load()}")
    started = time.monotonic()
    cluster("start")
    print(f"started in {time.monotonic() - started:.0f} s")
    env = read_env()
    os.environ.update({k: v for k, v in env.items() if k.startswith("JISR_")})
    os.environ["DJANGO_SETTINGS_MODULE"] = "jisr.settings"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import close_old_connections
    from django_tasks_db.models import DBTaskResult

    from jisr.missions.models import Mission
    from jisr.missions.services import import_invitations
    from jisr.reports import services as reports
    from jisr.reports.queries import Filters
    from jisr.schedules.services import start_schedule_run

    port = int(env["JISR_CLUSTER_PROXY_PORT"])
    mission = Mission.objects.order_by("pk").first()
    assert mission is not None
    organizer = get_user_model().objects.get(email="organizer@jisr.example")
    pages = ["/en/", f"/en/m/{mission.slug}/", "/fr/", f"/ar/m/{mission.slug}/"]
    failures = []

    # 1. Spread.
    spread = Client(port, pages)
    spread.run(4, 4)
    print(f"\n1. Spread: {spread.ok} requests, by process: {dict(spread.served_by)}")
    if len(spread.served_by) < 2 or spread.failed:
        failures.append("requests did not reach both web processes")

    # 2. Tasks picked up by either worker.
    before = set(DBTaskResult.objects.values_list("pk", flat=True))
    run = start_schedule_run(mission, by=organizer, parameters={"time_limit": 5})
    stamp = int(time.time())  # a reused cluster already has the last run's invitations
    for batch in range(6):
        rows = "\n".join(
            f"bench{stamp}-{batch}-{n}@cluster-bench.example,Sam{n},Roe,"
            f"Bench {batch} Ltd,buyer,en,US,Boston"
            for n in range(5)
        )
        import_invitations(
            mission,
            by=organizer,
            filename="bench.csv",
            content=(
                "email,first_name,last_name,organization,role,language,country,city\n" + rows
            ).encode(),
            base_url=f"http://127.0.0.1:{port}/",
        )
    exports = [
        reports.request_export(mission, by=organizer, kind="pdf", filters=Filters(), language=lang)
        for lang in ("en", "fr", "ar", "en", "fr", "ar")
    ]

    def new_tasks():  # type: ignore[no-untyped-def]
        return DBTaskResult.objects.exclude(pk__in=before)

    wait_for(
        lambda: not new_tasks().exclude(status__in=["SUCCESSFUL", "FAILED"]).exists(),
        300,
        "tasks to finish",
    )
    by_worker: collections.Counter[str] = collections.Counter()
    kinds: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for task in new_tasks():
        by_worker[task.worker_ids[-1]] += 1
        kinds[task.task_path.rsplit(".", 1)[1]][task.worker_ids[-1]] += 1
    failed = new_tasks().filter(status="FAILED").count()
    for task in new_tasks().filter(status="FAILED")[:3]:
        print(f"   failed: {task.task_path}: {task.traceback.strip().splitlines()[-1]}")
    run.refresh_from_db()
    print(f"2. Tasks: {new_tasks().count()} run, {failed} failed; by worker: {dict(by_worker)}")
    for name, counter in sorted(kinds.items()):
        print(f"   {name}: {dict(counter)}")
    mails = len(list((DIR / "mail").glob("*.log")))
    print(
        f"   schedule run: {run.status}; e-mail files written: {mails}; PDFs done: "
        f"{sum(1 for e in exports if type(e).objects.get(pk=e.pk).status == 'done')}/6"
    )
    if failed or len(by_worker) < 2:
        failures.append("tasks failed or only one worker ran them")

    # 3. Kill a web process under load.
    killer = Client(port, pages)
    timer = threading.Timer(3, kill_group, args=(DIR / "web-2.pid",))
    timer.start()
    killer.run(10, 6)
    print(
        f"\n3. Web process 2 killed (SIGKILL) 3 s into 10 s of load: {killer.ok} answered, "
        f"{len(killer.failed)} lost {killer.failed[:5]}; by process: {dict(killer.served_by)}"
    )
    if killer.failed:
        failures.append("requests were lost when a web process died")
    cluster("web-start", "2")

    # 4. Kill a worker in the middle of a PDF.
    close_old_connections()
    before = set(DBTaskResult.objects.values_list("pk", flat=True))
    exports = [
        reports.request_export(mission, by=organizer, kind="pdf", filters=Filters(), language="ar")
        for _ in range(8)
    ]
    wait_for(
        lambda: new_tasks().filter(status="RUNNING", worker_ids__contains=["worker-2"]).exists(),
        120,
        "worker 2 to start a PDF",
    )
    victim = new_tasks().filter(status="RUNNING", worker_ids__contains=["worker-2"]).first()
    kill_group(DIR / "worker-2.pid")
    killed_at = time.monotonic()
    wait_for(
        lambda: not new_tasks().exclude(status__in=["SUCCESSFUL", "FAILED"]).exists(),
        300,
        "tasks after the kill",
    )
    victim.refresh_from_db()
    lost = new_tasks().exclude(status="SUCCESSFUL").count()
    done = sum(1 for e in exports if type(e).objects.get(pk=e.pk).status == "done")
    print(
        f"4. Worker 2 killed (SIGKILL) running task {victim.pk}: re-queued and run by "
        f"{victim.worker_ids} in {time.monotonic() - killed_at:.0f} s; "
        f"{len(exports)} PDFs asked, {done} done, {lost} tasks lost"
    )
    if lost or done != len(exports) or victim.worker_ids[-1] == "worker-2":
        failures.append("a task was lost when a worker died")
    cluster("worker-start", "2")

    # 5. Restart PostgreSQL under the workers.
    close_old_connections()
    cluster("pg-restart")
    time.sleep(2)
    close_old_connections()
    after = reports.request_export(
        mission, by=organizer, kind="xlsx", filters=Filters(), language="en"
    )
    wait_for(
        lambda: type(after).objects.get(pk=after.pk).status == "done",
        120,
        "a task after the restart",
    )
    alive = [n for n in (1, 2) if _alive(DIR / f"worker-{n}.pid")]
    print(f"5. PostgreSQL restarted: the next task completed; workers still running: {alive}")
    if alive != [1, 2]:
        failures.append("a worker died when PostgreSQL restarted")

    # 6. Throughput with 1 and 2 web processes.
    close_old_connections()
    print(f"\n6. Throughput, 8 client threads, 15 s each, pages {pages}:")
    for webs in ("1", "2"):
        cluster("proxy-reload", JISR_CLUSTER_WEBS=webs)
        time.sleep(1)
        Client(port, pages).run(2, 4)  # warm up
        client = Client(port, pages)
        web_cpu, own_cpu = web_cpu_seconds(), sum(os.times()[:2])
        rate = client.run(15, 8)
        web_cpu, own_cpu = web_cpu_seconds() - web_cpu, sum(os.times()[:2]) - own_cpu
        print(
            f"   {webs} web process(es): {rate:.1f} requests/s, "
            f"{len(client.failed)} errors; web processes {web_cpu:.1f} CPU s "
            f"({rate * 15 / max(web_cpu, 0.01):.0f} requests per web CPU second), "
            f"client {own_cpu:.1f} CPU s; {load()}"
        )
    cluster("proxy-reload", JISR_CLUSTER_WEBS="2")

    if not KEEP:
        cluster("destroy")
    print("\nFAILED: " + "; ".join(failures) if failures else "\nOK: nothing lost")
    return 1 if failures else 0


def web_cpu_seconds() -> float:
    """User + system CPU seconds of every web process and its children (granian's
    workers), the figure a shared machine disturbs least."""
    import psutil

    total = 0.0
    for pid_file in DIR.glob("web-*.pid"):
        if pid_file.name.endswith("server.pid"):
            continue
        try:
            root = psutil.Process(int(pid_file.read_text()))
            for process in [root, *root.children(recursive=True)]:
                times = process.cpu_times()
                total += times.user + times.system
        except (psutil.Error, ValueError):
            continue
    return total


def _alive(pid_file: Path) -> bool:
    try:
        os.kill(int(pid_file.read_text()), 0)
    except (OSError, ValueError):
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
