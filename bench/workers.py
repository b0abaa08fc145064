"""Background jobs with several workers, one of them killed mid-job: no job lost, none run twice.

Run by `make bench`. Uses a copy of the demo database (var/workers.sqlite3, made with
`make setup`'s steps when missing), queues year reports of the demo province, starts two
workers (`manage.py run_jobs`), kills one with SIGKILL while it runs a job, starts a
replacement, and waits. It prints, per job, how many times a worker started it and the files
it made; the baseline in the same run is one worker alone running the same number of jobs.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = ROOT / "var" / "workers.sqlite3"
JOBS = 6
ENV = {
    **os.environ,
    "DATABASE_URL": f"sqlite:///{DB}",
    "JOBS_TIME_LIMIT_SECONDS": "60",
    "JOBS_REAP_GRACE_SECONDS": "2",
    "DJANGO_SETTINGS_MODULE": "moralprovince.settings",
}
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def prepare() -> None:
    if DB.exists():
        return
    source = ROOT / "var" / "db.sqlite3"
    if source.exists():
        shutil.copy(source, DB)
    for step in (["migrate", "-v0"], ["load_geography"], ["load_reference_data"], ["load_demo"]):
        manage(*step)


def django_shell(code: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


QUEUE = f"""
from moralprovince.accounts.access import SYSTEM
from moralprovince.geo.models import Province
from moralprovince.jobs.models import Job
from moralprovince.monitoring.services import start_year_report
Job.objects.filter(status__in=["queued", "running"]).update(status="failed")
ids = [start_year_report(actor=SYSTEM, province=Province.objects.get(pk="84"), fiscal_year=2564).pk
       for _ in range({JOBS})]
print(",".join(map(str, ids)))
"""

STATE = """
from moralprovince.jobs.models import Job
for job in Job.objects.filter(pk__in=[{ids}]).order_by("pk"):
    print(job.pk, job.status, job.attempts, job.files.count())
"""


def states(ids: str) -> list[tuple[int, str, int, int]]:
    lines = django_shell(STATE.format(ids=ids)).splitlines()
    return [(int(a), b, int(c), int(d)) for a, b, c, d in (line.split() for line in lines)]


def worker() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [PYTHON, "manage.py", "run_jobs", "--sleep", "0.2", "-v0"],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until_finished(ids: str, timeout: float) -> tuple[float, list[tuple[int, str, int, int]]]:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        rows = states(ids)
        if all(status in ("done", "failed") for _, status, _, _ in rows):
            return time.perf_counter() - start, rows
        time.sleep(1)
    return time.perf_counter() - start, states(ids)


def run(kill: bool) -> tuple[float, list[tuple[int, str, int, int]]]:
    ids = django_shell(QUEUE)
    workers = [worker()] if not kill else [worker(), worker()]
    if kill:
        # Kill the first worker as soon as some job is running.
        while not any(status == "running" for _, status, _, _ in states(ids)):
            time.sleep(0.2)
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait()
        time.sleep(int(ENV["JOBS_TIME_LIMIT_SECONDS"]) + 3)
        workers.append(worker())  # the replacement finds the lost job on its start
    try:
        return wait_until_finished(ids, timeout=600)
    finally:
        for process in workers:
            process.terminate()
            process.wait()


def report(title: str, seconds: float, rows: list[tuple[int, str, int, int]]) -> None:
    done = sum(status == "done" for _, status, _, _ in rows)
    twice = sum(files > 2 for *_, files in rows)
    print(
        f"{title}: {len(rows)} jobs, {done} done, {len(rows) - done} not done, "
        f"{twice} with files made twice, {seconds:.1f} s"
    )
    for pk, status, attempts, files in rows:
        print(f"    job {pk}: {status}, started {attempts}×, {files} files")


def main() -> None:
    prepare()
    seconds, rows = run(kill=False)
    report("baseline, one worker", seconds, rows)
    seconds, rows = run(kill=True)
    report("two workers, one killed mid-job, one replacement", seconds, rows)


if __name__ == "__main__":
    main()
