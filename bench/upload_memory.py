"""Decompression bombs and oversized files through the real forms: the server stays under 1 GB.

Run by `make bench`. Uses a small demo database (var/upload_memory.sqlite3, made with
`make setup`'s steps when missing, kept between runs), starts the site as production does
(gunicorn with one worker, DEBUG off, a generated SECRET_KEY, ALLOWED_HOSTS=127.0.0.1) and
the job worker beside it, logs in as the demo province admin and uploads each file through
the form a person would use. For each it prints the answer (status and the message shown),
the seconds taken, and the peak memory (RSS) of the web server's process tree and of the job
worker, sampled every 50 ms during the request (and the kernel's high-water mark of the
worker, reset before each request), then whether /healthz still answers. The baseline in the
same run is a valid survey import (upload, check and import) and the year's report.

Exits non-zero if any peak reaches 1 GB, any answer is a 500, or /healthz stops answering.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from moralprovince.lib.tests import bombs  # noqa: E402

VAR = ROOT / "var"
DB = VAR / "upload_memory.sqlite3"
MEDIA = VAR / "upload_memory_media"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
LIMIT_MB = 1000  # 1 GB
MiB = 1024 * 1024
GiB = 1024 * MiB
PROVINCE = "84"
USER, PASSWORD = "province", os.environ.get("DEMO_PASSWORD") or "moral-demo-2563"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = free_port()
BASE = f"http://127.0.0.1:{PORT}"
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "moralprovince.settings",
    "DATABASE_URL": f"sqlite:///{DB}",
    "MEDIA_ROOT": str(MEDIA),
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    # Plain HTTP on the loopback: the bench says it came through TLS (X-Forwarded-Proto).
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
}


def manage(*args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def prepare() -> None:
    if DB.exists():
        return
    for step in (["migrate", "-v0"], ["load_geography"], ["load_reference_data"], ["load_demo"]):
        manage(*step)


FACTS = f"""
from moralprovince.knowledge.models import LessonCase, NewsPost
from moralprovince.surveys.models import SurveyRound
from moralprovince.surveys.queries import school_choices
from moralprovince.surveys.spec import spec_for
survey_round = SurveyRound.objects.filter(province_id="{PROVINCE}").order_by("-pk").first()
print(NewsPost.objects.filter(province_id="{PROVINCE}").order_by("pk").first().pk)
print(LessonCase.objects.filter(province_id="{PROVINCE}").order_by("pk").first().pk)
print(survey_round.pk)
print(school_choices(survey_round).order_by("pk").first().pk)
print(",".join(spec_for(survey_round.version).items))
"""


@dataclass
class Facts:
    news: int
    case: int
    round: int
    school: int
    items: list[str]


def facts() -> Facts:
    news, case, survey_round, school, items = manage("shell", "-v0", "-c", FACTS).splitlines()
    return Facts(int(news), int(case), int(survey_round), int(school), items.split(","))


# --- memory of a process tree -----------------------------------------------------------------


def status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def reset_high_water_mark(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text("5")


class Sampler:
    """The largest RSS of each watched process tree, read every 50 ms."""

    def __init__(self, roots: dict[str, int]) -> None:
        self.roots = roots
        self.peak_kb = dict.fromkeys(roots, 0)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stop.is_set():
            for name, root in self.roots.items():
                pids = tree(root)
                rss = sum(status_kb(pid, "VmRSS") for pid in pids)
                # The high-water mark catches a peak shorter than 50 ms in any one process.
                hwm = max((status_kb(pid, "VmHWM") for pid in pids), default=0)
                self.peak_kb[name] = max(self.peak_kb[name], rss, hwm)
            self.stop.wait(0.05)

    def __enter__(self) -> Sampler:
        for root in self.roots.values():
            reset_high_water_mark(tree(root))
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


# --- the site ---------------------------------------------------------------------------------


class Site:
    def __init__(self) -> None:
        self.web: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (read when the site stops)

    def start(self) -> None:
        manage("collectstatic", "--no-input", "-v0")
        self.web = subprocess.Popen(
            [
                GUNICORN,
                "moralprovince.wsgi",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--timeout",
                "120",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=ENV,
            stdout=self.log,
            stderr=self.log,
        )
        self.worker = subprocess.Popen(
            [PYTHON, "manage.py", "run_jobs", "--sleep", "0.2", "-v0"],
            cwd=ROOT,
            env=ENV,
            stdout=self.log,
            stderr=self.log,
        )
        for _ in range(200):
            if healthy():
                return
            time.sleep(0.1)
        raise SystemExit("The site did not start:\n" + self.tail())

    def fresh_worker(self) -> None:
        """Replace the web worker (gunicorn HUP), so each file starts from a new process."""
        assert self.web
        old = [pid for pid in tree(self.web.pid) if pid != self.web.pid]
        self.web.send_signal(signal.SIGHUP)
        for _ in range(300):
            now = [pid for pid in tree(self.web.pid) if pid != self.web.pid]
            if now and not set(now) & set(old) and healthy():
                return
            time.sleep(0.1)
        raise SystemExit("The web worker was not replaced:\n" + self.tail())

    def roots(self) -> dict[str, int]:
        assert self.web and self.worker
        return {"web": self.web.pid, "jobs": self.worker.pid}

    def tail(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]

    def stop(self) -> None:
        for process in (self.web, self.worker):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def healthy() -> bool:
    try:
        return requests.get(f"{BASE}/healthz", timeout=10).status_code == 200
    except requests.RequestException:
        return False


class Browser:
    """A logged-in person: cookies kept by hand, since the site's cookies are Secure."""

    def __init__(self) -> None:
        self.http = requests.Session()
        self.http.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "Accept-Language": "en",
                "Referer": f"https://127.0.0.1:{PORT}/",
            }
        )
        self.cookies: dict[str, str] = {"django_language": "en"}

    def request(self, method: str, path: str, **kwargs: object) -> requests.Response:
        kwargs.setdefault("timeout", 600)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers = {"Cookie": cookie, "X-CSRFToken": self.cookies.get("csrftoken", "")}
        answer = self.http.request(
            method,
            BASE + path,
            headers=headers,
            allow_redirects=False,
            **kwargs,  # type: ignore[arg-type]
        )
        for found in answer.raw.headers.getlist("Set-Cookie"):
            name, value = found.split(";", 1)[0].split("=", 1)
            self.cookies[name.strip()] = value.strip()
        return answer

    def follow(self, answer: requests.Response) -> requests.Response:
        while answer.status_code in (301, 302, 303) and "Location" in answer.headers:
            location = answer.headers["Location"].removeprefix(BASE)
            answer = self.request("GET", location)
        return answer

    def login(self) -> None:
        self.request("GET", "/accounts/login/")
        answer = self.request(
            "POST",
            "/accounts/login/",
            data={
                "username": USER,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            },
        )
        if answer.status_code != 302:
            raise SystemExit(f"Logging in as {USER} failed: {answer.status_code}")


def shown_messages(page: str) -> str:
    found = re.findall(r'<article class="message ([^"]*)"[^>]*>(.*?)</article>', page, re.S)
    texts = [text for _tags, text in found]
    # The plan import lists its problems in a table (sheet, row, column, message).
    problems = re.search(r'<table class="problems">(.*?)</table>', page, re.S)
    if problems:
        texts += re.findall(r"<td>([^<]*)</td></tr>", problems.group(1))[:2]
    return " | ".join(unescape(" ".join(text.split())) for text in texts)


def job_state(job_id: int) -> tuple[str, str]:
    with sqlite3.connect(DB) as db:
        row = db.execute("SELECT status, message FROM jobs_job WHERE id = ?", [job_id]).fetchone()
    return (row[0], row[1]) if row else ("missing", "")


# --- the files --------------------------------------------------------------------------------


def pdf_bomb(size: int) -> bytes:
    """A one-page PDF whose content stream inflates to `size` spaces (built a MiB at a time)."""
    packer = zlib.compressobj(9)
    block = b" " * MiB
    stream = b"".join([packer.compress(block) for _ in range(size // MiB)] + [packer.flush()])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << >> >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def many_entries_xlsx(count: int) -> bytes:
    """A real workbook with `count` more (empty) parts: the zip's directory is the bomb."""
    source = zipfile.ZipFile(io.BytesIO(bombs.far_cell_workbook("A2")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info.filename))
        for number in range(count):
            archive.writestr(f"x/{number}", b"")
    return buffer.getvalue()


def csv_rows(rows: int) -> bytes:
    return b"submission_id\n" + b"1\n" * rows


def csv_columns(columns: int) -> bytes:
    return b",".join(b"q%d" % n for n in range(columns)) + b"\n" + b"1," * (columns - 1) + b"1\n"


def headings(items: list[str], columns: int) -> list[bytes]:
    """The instrument's columns (so the import's check reads them), then other columns."""
    names = ["submission_id", "grade", "sex", "age", *items]
    names += [f"note{n}" for n in range(columns - len(names))]
    return [name.encode() for name in names[:columns]]


def wide_csv(size: int, columns: int, items: list[str]) -> bytes:
    """A CSV of about `size` bytes: every row `columns` one-digit answers."""
    header = b",".join(headings(items, columns)) + b"\n"
    row = b"1," * (columns - 1) + b"1\n"
    return header + row * ((size - len(header)) // len(row))


def full_sheet_xlsx(rows: int, columns: int, items: list[str]) -> bytes:
    """An .xlsx whose sheet holds rows × columns one-digit cells, as Excel writes numbers."""
    good = io.BytesIO(bombs.far_cell_workbook("A2"))
    source = zipfile.ZipFile(good)
    letters = [_letters(n + 1) for n in range(columns)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info.filename, source.read(info.filename))
                continue
            head = source.read(info.filename).split(b"<sheetData>")[0]
            with archive.open(info.filename, "w", force_zip64=True) as out:
                out.write(head + b"<sheetData>")
                out.write(
                    b'<row r="1">'
                    + b"".join(
                        b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (x, name)
                        for x, name in zip(letters, headings(items, columns), strict=True)
                    )
                    + b"</row>"
                )
                for number in range(2, rows + 2):
                    cells = b"".join(b'<c r="%s%d"><v>1</v></c>' % (x, number) for x in letters)
                    out.write(b'<row r="%d">' % number + cells + b"</row>")
                out.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def _letters(number: int) -> bytes:
    out = b""
    while number:
        number, rest = divmod(number - 1, 26)
        out = bytes([65 + rest]) + out
    return out


def valid_csv(items: list[str], rows: int) -> bytes:
    header = ["submission_id", "grade", "sex", "age", *items]
    lines = [",".join(header)]
    for n in range(rows):
        answers = [str(1 + (n + j) % 4) for j in range(len(items))]
        grade = f"ม.{1 + n % 6}"
        sex = "ชาย" if n % 2 else "หญิง"
        lines.append(",".join([f"B{n:07d}", grade, sex, str(12 + n % 7), *answers]))
    return ("\n".join(lines) + "\n").encode()


# --- one measured request ---------------------------------------------------------------------


@dataclass
class Result:
    name: str
    size: int
    status: str
    message: str
    seconds: float
    web_mb: float
    jobs_mb: float
    healthy: bool
    problems: list[str] = field(default_factory=list)


def measure(site: Site, name: str, size: int, action: Callable[[], tuple[str, str]]) -> Result:
    with Sampler(site.roots()) as sampler:
        start = time.perf_counter()
        try:
            status, message = action()
        except requests.RequestException as error:
            status, message = "no answer", str(error)[:200]
        seconds = time.perf_counter() - start
    result = Result(
        name,
        size,
        status,
        message,
        seconds,
        sampler.peak_kb["web"] / 1024,
        sampler.peak_kb["jobs"] / 1024,
        healthy(),
    )
    if max(result.web_mb, result.jobs_mb) >= LIMIT_MB:
        result.problems.append("peak ≥ 1 GB")
    if "500" in status or status == "no answer":
        result.problems.append("server error")
    if not result.healthy:
        result.problems.append("/healthz does not answer")
    print_result(result)
    return result


def print_result(result: Result) -> None:
    print(
        f"{result.name:<48} {result.size / MiB:>8.1f} MB  {result.status:<14} "
        f"{result.seconds:>7.1f} s  web {result.web_mb:>7.0f} MB  jobs {result.jobs_mb:>6.0f} MB  "
        f"healthz {'ok' if result.healthy else 'DOWN'}"
        + (f"  ← {', '.join(result.problems)}" if result.problems else ""),
        flush=True,
    )
    if result.message:
        print(f"    {result.message[:400]}", flush=True)


def upload(
    browser: Browser, path: str, filename: str, content: bytes, **fields: str
) -> Callable[[], tuple[str, str]]:
    def action() -> tuple[str, str]:
        answer = browser.request(
            "POST",
            path,
            data={"csrfmiddlewaretoken": browser.cookies["csrftoken"], **fields},
            files={"file": (filename, content)},
        )
        first = str(answer.status_code)
        page = browser.follow(answer)
        status = first if first == str(page.status_code) else f"{first}→{page.status_code}"
        text = shown_messages(page.text) if "html" in page.headers.get("Content-Type", "") else ""
        return status, text or page.text[:200].strip()

    return action


def run_job(browser: Browser, path: str, data: dict[str, str]) -> Callable[[], tuple[str, str]]:
    """Post the form that starts a job, and wait until the job worker has finished it."""

    def action() -> tuple[str, str]:
        answer = browser.request(
            "POST", path, data={"csrfmiddlewaretoken": browser.cookies["csrftoken"], **data}
        )
        found = re.search(r"/jobs/(\d+)/", answer.headers.get("Location", ""))
        if not found:
            page = browser.follow(answer)
            return str(answer.status_code), shown_messages(page.text)
        job_id = int(found.group(1))
        deadline = time.monotonic() + 900
        while (state := job_state(job_id))[0] in ("queued", "running"):
            if time.monotonic() > deadline:
                return "job not finished", state[1]
            time.sleep(0.05)
        return f"{answer.status_code} job {state[0]}", state[1]

    return action


def main() -> int:
    prepare()
    known = facts()
    site = Site()
    site.start()
    results: list[Result] = []
    try:
        browser = Browser()
        browser.login()
        case = f"/cases/{known.case}/upload/"
        news = f"/news/{known.news}/upload/"
        imports = f"/surveys/rounds/{known.round}/import/"
        school = {"school": str(known.school)}
        plans = f"/provinces/{PROVINCE}/plans/2564/import/"
        print(
            f"gunicorn, 1 worker (replaced before each file), DEBUG=0, port {PORT}; the job "
            f"worker beside it; limit {LIMIT_MB} MB per process tree\n"
        )

        def add(name: str, content: bytes, action: Callable[[], tuple[str, str]]) -> None:
            site.fresh_worker()
            results.append(measure(site, name, len(content), action))

        def check_job(name: str) -> None:
            """The import's check, run by the job worker on what the upload stored."""
            record = _latest_import()
            if record == last_import[0]:
                return  # the upload was refused: nothing to check
            last_import[0] = record
            path = f"/surveys/imports/{record}/"
            results.append(measure(site, name, 0, run_job(browser, path, {"action": "check"})))

        last_import = [_latest_import()]
        # The baseline: a valid file of responses, uploaded, checked and imported.
        valid = valid_csv(known.items, 5_000)
        add(
            "baseline: valid survey CSV, 5,000 rows",
            valid,
            upload(browser, imports, "r.csv", valid, **school),
        )
        check_job("baseline: check of that import (job)")
        record = f"/surveys/imports/{last_import[0]}/"
        results.append(
            measure(
                site,
                "baseline: import of that file (job)",
                0,
                run_job(browser, record, {"action": "import", "after_close": "on"}),
            )
        )
        results.append(
            measure(
                site,
                "baseline: year report (job)",
                0,
                run_job(browser, f"/provinces/{PROVINCE}/year-report/", {"fiscal_year": "2564"}),
            )
        )

        files: list[tuple[str, str, str, Callable[[], bytes], dict[str, str]]] = [
            (
                ".docx → 1 GiB, lessons-learned document",
                case,
                "lessons.docx",
                lambda: bombs.docx_bomb(GiB),
                {"caption": "bomb"},
            ),
            (
                "PDF stream → 1 GiB, lessons-learned document",
                case,
                "lessons.pdf",
                lambda: pdf_bomb(GiB),
                {"caption": "bomb"},
            ),
            (
                "PNG 10,900 × 10,900, news photo",
                news,
                "photo.png",
                lambda: bombs.png(10_900, 10_900),
                {"caption": "bomb"},
            ),
            (
                ".xlsx sheet → 1 GiB, survey import",
                imports,
                "r.xlsx",
                lambda: bombs.sheet_bomb(GiB),
                school,
            ),
            (
                ".xlsx one cell at SF250000, survey import",
                imports,
                "r.xlsx",
                lambda: bombs.far_cell_workbook("SF250000"),
                school,
            ),
            (
                ".xlsx one cell at BH99999 (6.0 M cells)",
                imports,
                "r.xlsx",
                lambda: bombs.far_cell_workbook("BH99999"),
                school,
            ),
            (
                ".xlsx 40,000 cells × one 32,000-char string",
                imports,
                "r.xlsx",
                lambda: bombs.shared_string_workbook(2_000, 20, 32_000),
                school,
            ),
            (
                ".xlsx with 200,000 zip entries, survey import",
                imports,
                "r.xlsx",
                lambda: many_entries_xlsx(200_000),
                school,
            ),
            (
                "CSV 2,500,000 rows, survey import",
                imports,
                "r.csv",
                lambda: csv_rows(2_500_000),
                school,
            ),
            (
                "CSV 20,000 columns, survey import",
                imports,
                "r.csv",
                lambda: csv_columns(20_000),
                school,
            ),
            (
                "CSV 250 MB × 500 columns, survey import",
                imports,
                "r.csv",
                lambda: wide_csv(250 * MiB, 500, known.items),
                school,
            ),
            (
                ".xlsx sheet → 1 GiB, plan workbook import",
                plans,
                "plans.xlsx",
                lambda: bombs.sheet_bomb(GiB),
                {},
            ),
            (
                ".xlsx 9,500 full rows × 100 columns, plans",
                plans,
                "plans.xlsx",
                lambda: full_sheet_xlsx(9_500, 100, []),
                {},
            ),
            (
                ".xlsx 95,000 full rows × 60 columns",
                imports,
                "r.xlsx",
                lambda: full_sheet_xlsx(95_000, 60, known.items),
                school,
            ),
        ]
        for name, path, filename, make, fields in files:
            content = make()
            add(name, content, upload(browser, path, filename, content, **fields))
            del content
            check_job("  check of what it stored (job)")
    finally:
        site.stop()
        if any("server error" in r.problems for r in results):
            print("\nServer log (end):\n" + site.tail())

    baseline = results[0].web_mb
    print(f"\nbaseline (valid import upload): web {baseline:.0f} MB")
    print(f"{'file':<48} {'answer':<14} {'seconds':>8} {'web MB':>7} {'× base':>7} {'jobs MB':>8}")
    for result in results:
        print(
            f"{result.name:<48} {result.status:<14} {result.seconds:>8.1f} {result.web_mb:>7.0f} "
            f"{result.web_mb / baseline:>7.1f} {result.jobs_mb:>8.0f}"
        )
    failed = [r for r in results if r.problems]
    if failed:
        print(f"\nFAILED: {len(failed)} of {len(results)} ({', '.join(r.name for r in failed)})")
        return 1
    print(f"\nAll {len(results)} under {LIMIT_MB} MB, no server error, /healthz answering.")
    return 0


def _latest_import() -> int:
    with sqlite3.connect(DB) as db:
        return db.execute("SELECT max(id) FROM surveys_responseimport").fetchone()[0]


if __name__ == "__main__":
    sys.exit(main())
