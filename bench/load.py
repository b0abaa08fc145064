"""A reporting deadline: 100 people at once on the production server, PostgreSQL and SQLite.

Run by `make bench` (or `bench/load.py --seconds 20 --users 30` for a quick check). For each
database it prepares the demo province once (`make setup`'s steps; kept between runs:
PostgreSQL database moralprovince_load, or BENCH_LOAD_POSTGRES_URL; var/bench_load.sqlite3),
starts the site as `make serve` does (gunicorn, 2 × cores + 1 workers, DEBUG off, the job
worker beside it) on a free port, and lets the users work for the given time:

- reporters of the demo school send activity reports (some with a photo) and read them back;
- the network's coordinator and the province's secretary enter indicator values (drafts);
- pupils answer the youth survey's web form through their schools' links, each on a new
  device (session), from the first page to "thank you";
- the province's people read the dashboard and the reporting status; visitors read the
  public province page and the home page.

Everyone signs in through the login form, with its CSRF token and the right password, so
django-axes never locks anyone out. The site runs exactly as
`make serve` runs it behind TLS: the client says so with X-Forwarded-Proto, as the TLS
proxy does, so HTTPS redirects, secure cookies and the CSRF origin check all stay on.

It prints, per database: requests per second, p50/p95/p99 latency per kind of request,
errors (status >= 500, or no answer), and submissions lost or extra: rows counted in the
database before and after against the responses that said the submission was stored. The
baseline, measured in the same run just before the load: p95 of /healthz and of the login
page with no other traffic. Exits non-zero if any error, lost or extra submission is found.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
POSTGRES_URL = os.environ.get(
    "BENCH_LOAD_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/moralprovince_load"
)
SQLITE_URL = f"sqlite:///{VAR / 'bench_load.sqlite3'}"
PROVINCE = "84"
ROUND_NAME = "รอบทดสอบภาระงาน (load test)"
# Values are entered for a fiscal year after the demo's, whose periods are not locked.
VALUE_YEAR = 2566
# One school link takes 30 forms in 5 minutes by default; a deadline test sends far more
# through each link, so the limit is raised for this server (and said so in the output).
SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "load-test-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SURVEY_LINK_LIMIT": "1000000",
    "SURVEY_BURST_THRESHOLD": "1000000",
    "MEDIA_ROOT": str(VAR / "bench_load_media"),
    "LOG_LEVEL": "ERROR",
}
WORKERS = 2 * (os.cpu_count() or 1) + 1
# Users by what they do, per 100.
MIX = {"reporter": 25, "values": 15, "pupil": 25, "reader": 20, "visitor": 15}


# --- inside Django (run as a child process, on the database named by DATABASE_URL) ---------


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moralprovince.settings")
    import django

    django.setup()


def child_fixtures() -> dict[str, Any]:
    """What the users need: the demo's activities, indicators, an open survey round."""
    import datetime as dt

    from django.utils import timezone

    from moralprovince.accounts.access import SYSTEM
    from moralprovince.accounts.models import User
    from moralprovince.geo.models import Province, Subdistrict
    from moralprovince.monitoring.access import activities_reportable_by, indicators_visible_to
    from moralprovince.monitoring.models import PERIODS
    from moralprovince.surveys.models import Instrument, SurveyRound
    from moralprovince.surveys.reference import REFERENCE_CODE
    from moralprovince.surveys.services import RoundData, create_round

    reporter = User.objects.get(username="reporter")
    activities = [
        (a.pk, a.plan.fiscal_year)
        for a in activities_reportable_by(reporter).filter(province_id=PROVINCE)
    ]
    indicators = {}
    for name in ("coordinator", "province"):
        user = User.objects.get(username=name)
        rows = indicators_visible_to(user, write=True).filter(province_id=PROVINCE, source="")
        indicators[name] = [
            (i.pk, PERIODS[i.frequency], i.unit) for i in rows if not i.dimensions.exists()
        ]
    today = timezone.localdate()
    survey_round = SurveyRound.objects.filter(province_id=PROVINCE, name=ROUND_NAME).first()
    if survey_round is None:
        demo_round = SurveyRound.objects.filter(province_id=PROVINCE).order_by("-pk").first()
        assert demo_round is not None, "the demo has no survey round"
        schools = [m.organisation for m in demo_round.round_schools.select_related("organisation")]
        data = RoundData(
            province=Province.objects.get(pk=PROVINCE),
            version=Instrument.objects.get(code=REFERENCE_CODE).latest(),
            fiscal_year=today.year + 543 + (1 if today.month >= 10 else 0),
            name=ROUND_NAME,
            opens_on=today - dt.timedelta(days=1),
            closes_on=today + dt.timedelta(days=30),
        )
        survey_round = create_round(actor=SYSTEM, data=data, schools=schools)
    elif not survey_round.is_open(today):
        # Kept between runs: open again for the days of this run.
        SurveyRound.objects.filter(pk=survey_round.pk).update(
            opens_on=today - dt.timedelta(days=1), closes_on=today + dt.timedelta(days=30)
        )
    version = survey_round.version
    steps = [
        [item.code for item in domain.items.order_by("order")]
        for domain in version.domains.order_by("order")
    ]
    return {
        "activities": activities,
        "subdistricts": list(
            Subdistrict.objects.filter(province_id=PROVINCE).values_list("pk", flat=True)
        ),
        "indicators": indicators,
        "round": survey_round.pk,
        "tokens": list(survey_round.round_schools.values_list("token", flat=True)),
        "steps": steps,
        "choices": [c.value for c in version.choices.order_by("value")],
    }


def child_counts(round_id: int) -> dict[str, int]:
    """The rows each kind of submission adds."""
    from moralprovince.audit.models import AuditEntry
    from moralprovince.monitoring.models import ActivityReport, Evidence
    from moralprovince.surveys.models import Response

    return {
        "report": ActivityReport.objects.count(),
        "evidence": Evidence.objects.count(),
        # Each value saved (first entry or correction) is one audit entry, in its transaction.
        "value": AuditEntry.objects.filter(action__startswith="monitoring.value.").count(),
        "survey": Response.objects.filter(round_id=round_id).count(),
    }


def child_prepared() -> bool:
    from django.db import DatabaseError

    from moralprovince.accounts.models import User

    try:
        return User.objects.filter(username="reporter").exists()
    except DatabaseError:
        return False


# --- the database and the server --------------------------------------------------------------


def run_child(env: dict[str, str], *args: str) -> Any:
    output = subprocess.run(
        [PYTHON, __file__, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def database_env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "moralprovince.settings"}


def ensure_postgres_database(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        if not admin.execute(query, [config["NAME"]]).fetchone():
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


def prepare(url: str) -> None:
    """The demo province, as `make setup` makes it; done once, kept between runs."""
    if url.startswith("postgres"):
        ensure_postgres_database(url)
    env = database_env(url)
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    if run_child(env, "--child", "prepared"):
        return
    for step in ("load_geography", "load_reference_data", "load_demo"):
        subprocess.run(
            [PYTHON, "manage.py", step],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def collect_static() -> None:
    """Static files as `make serve` collects them; again only when a source is newer."""
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    sources = [ROOT / "package-lock.json", *(ROOT / "static").rglob("*")]
    if manifest.exists() and all(p.stat().st_mtime < manifest.stat().st_mtime for p in sources):
        return
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
        check=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    port: int = field(default_factory=free_port)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self) -> None:
        env = {**database_env(self.url), **SERVER_ENV}
        log = (VAR / "bench_load_server.log").open("ab")
        self.processes.append(
            subprocess.Popen(
                [PYTHON, "manage.py", "run_jobs"], cwd=ROOT, env=env, stdout=log, stderr=log
            )
        )
        self.processes.append(
            subprocess.Popen(
                [
                    str(ROOT / ".venv" / "bin" / "gunicorn"),
                    "moralprovince.wsgi",
                    "--workers",
                    str(WORKERS),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--graceful-timeout",
                    "20",
                    "--timeout",
                    "120",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=log,
            )
        )

    def cpu_seconds(self) -> float:
        """CPU time used so far by the gunicorn workers and the job worker (from /proc)."""
        ticks = 0
        watched = {p.pid for p in self.processes}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # After the name: state, ppid, …, utime (12th) and stime (13th).
            if int(stat.parent.name) in watched or int(fields[1]) in watched:
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# --- the users ---------------------------------------------------------------------------------


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refused_samples: list[str] = field(default_factory=list)
    succeeded: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    requests: int = 0


class Stop(Exception):
    """A request failed: the user starts over (with a new session if need be)."""


class User:
    def __init__(self, base: str, tally: Tally, deadline: float) -> None:
        self.base = base
        self.tally = tally
        self.deadline = deadline
        self.client = self.new_client()

    def new_client(self) -> Any:
        import httpx

        client = httpx.AsyncClient(
            base_url=self.base,
            timeout=httpx.Timeout(150.0),
            headers={"X-Forwarded-Proto": "https", "User-Agent": "moralprovince-load-test"},
            # One connection per user, as a browser tab mostly uses.
            limits=httpx.Limits(max_connections=1),
        )
        self.cookies: dict[str, str] = {}
        return client

    def keep_cookies(self, response: Any) -> None:
        """The TLS proxy is left out, so the client speaks plain HTTP to the server: it keeps
        the cookies the site marks Secure itself and sends them back, as a browser does over
        HTTPS (httpx's cookie jar would not send them over plain HTTP)."""
        for header in response.headers.get_list("set-cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    async def request(
        self, kind: str, method: str, path: str, expect: tuple[int, ...] = (200,), **kwargs: Any
    ) -> Any:
        import httpx

        headers = kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            origin = self.base.replace("http://", "https://")
            headers |= {"Origin": origin, "Referer": origin + path}
        start = time.perf_counter()
        self.tally.requests += 1
        try:
            response = await self.client.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as error:
            self.tally.errors[kind] += 1
            self.tally.error_samples.append(f"{kind} {path}: {type(error).__name__} {error}")
            raise Stop from error
        self.tally.latencies[kind].append((time.perf_counter() - start) * 1000)
        self.keep_cookies(response)
        if response.status_code >= 500:
            self.tally.errors[kind] += 1
            self.tally.error_samples.append(f"{kind} {path}: {response.status_code}")
            raise Stop
        if response.status_code not in expect:
            self.refuse(kind, f"{path}: {response.status_code} {response.headers.get('location')}")
        return response

    def refuse(self, kind: str, why: str) -> None:
        self.tally.refused[kind] += 1
        if len(self.tally.refused_samples) < 20:
            self.tally.refused_samples.append(f"{kind} {why}")
        raise Stop

    async def csrf(self, kind: str, path: str) -> str:
        response = await self.request(kind, "GET", path)
        match = CSRF.search(response.text)
        if match is None:
            self.refuse(kind, f"{path}: no CSRF token")
        return match.group(1)  # type: ignore[union-attr]

    async def login(self, username: str, password: str) -> None:
        token = await self.csrf("login page", "/accounts/login/")
        data = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        await self.request("login", "POST", "/accounts/login/", expect=(302,), data=data)

    async def think(self) -> None:
        await asyncio.sleep(random.uniform(0.5, 1.5))

    async def run(self) -> None:
        try:
            while time.perf_counter() < self.deadline:
                try:
                    await self.act()
                except Stop:
                    await self.think()
        finally:
            await self.client.aclose()

    async def act(self) -> None:
        raise NotImplementedError


class Reporter(User):
    """The demo school's reporter, sending what was done at its activities."""

    def __init__(self, *args: Any, fixtures: dict[str, Any], password: str) -> None:
        super().__init__(*args)
        self.fixtures, self.password, self.signed_in = fixtures, password, False

    async def act(self) -> None:
        if not self.signed_in:
            await self.login("reporter", self.password)
            self.signed_in = True
        activity, fiscal_year = random.choice(self.fixtures["activities"])
        path = f"/activities/{activity}/reports/new/"
        token = await self.csrf("report form", path)
        await self.think()
        participants = random.randint(5, 120)
        # A day inside the plan's fiscal year (October to September), in the Buddhist Era.
        month = random.choice([10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9])
        year = fiscal_year - (1 if month >= 10 else 0)
        data = {
            "csrfmiddlewaretoken": token,
            "held_on": f"{random.randint(1, 28)}/{month}/{year}",
            "subdistrict": random.choice(self.fixtures["subdistricts"]),
            "participants": str(participants),
            "description": f"กิจกรรมจิตอาสา ทดสอบภาระงาน {uuid.uuid4().hex[:8]}",
            "outcomes": "ผู้เข้าร่วมได้เรียนรู้เรื่องวินัยและความซื่อสัตย์",
        }
        photo = random.random() < 0.25
        files = {"attachments": ("activity.png", PHOTO, "image/png")} if photo else None
        response = await self.request(
            "report submit", "POST", path, expect=(302,), data=data, files=files
        )
        location = response.headers.get("location", "")
        if not re.fullmatch(r"/activity-reports/\d+/", location):
            self.refuse("report submit", f"redirected to {location}")
        self.tally.succeeded["report"] += 1
        self.tally.succeeded["evidence"] += photo
        await self.request("report page", "GET", location)
        await self.think()


class ValueEditor(User):
    """The coordinator or the province's secretary entering indicator values."""

    def __init__(self, *args: Any, fixtures: dict[str, Any], password: str, who: str) -> None:
        super().__init__(*args)
        self.fixtures, self.password, self.who, self.signed_in = fixtures, password, who, False

    async def act(self) -> None:
        if not self.signed_in:
            await self.login(self.who, self.password)
            self.signed_in = True
        indicator, periods, unit = random.choice(self.fixtures["indicators"][self.who])
        page = f"/indicators/{indicator}/?fy={VALUE_YEAR}"
        token = await self.csrf("indicator page", page)
        await self.think()
        value = random.randint(0, 100) if unit == "percent" else random.randint(0, 5000)
        data = {
            "csrfmiddlewaretoken": token,
            "fiscal_year": str(VALUE_YEAR),
            "period": random.choice(periods),
            "value": str(value),
            "comment": "ข้อมูลทดสอบภาระงาน",
        }
        path = f"/indicators/{indicator}/values/"
        await self.request("value save", "POST", path, expect=(302,), data=data)
        # The page it goes back to says whether the value was saved.
        response = await self.request("indicator page", "GET", page)
        if "บันทึกเป็นร่างแล้ว" not in response.text:
            found = re.findall(r'<article class="message[^"]*"[^>]*>([^<]*)', response.text)
            self.refuse("value save", f"not saved: {found}")
        self.tally.succeeded["value"] += 1
        await self.think()


class Pupil(User):
    """One pupil after another, each on a device of their own, answering through a link."""

    def __init__(self, *args: Any, fixtures: dict[str, Any]) -> None:
        super().__init__(*args)
        self.fixtures = fixtures

    async def act(self) -> None:
        await self.client.aclose()
        self.client = self.new_client()
        token = random.choice(self.fixtures["tokens"])
        start = f"/s/{token}/"
        csrf = await self.csrf("survey page", start)
        await self.think()
        grade = random.randint(7, 12)
        data = {
            "csrfmiddlewaretoken": csrf,
            "grade": str(grade),
            "sex": str(random.randint(1, 3)),
            "age": str(grade + 5),
        }
        await self.request("survey page", "POST", start, expect=(302,), data=data)
        steps = self.fixtures["steps"]
        for number, items in enumerate(steps, start=1):
            path = f"/s/{token}/{number}/"
            csrf = await self.csrf("survey page", path)
            await self.think()
            answers = {code: str(random.choice(self.fixtures["choices"])) for code in items}
            last = number == len(steps)
            kind = "survey submit" if last else "survey page"
            response = await self.request(
                kind, "POST", path, expect=(302,), data={"csrfmiddlewaretoken": csrf, **answers}
            )
            expected = f"/s/{token}/done/" if last else f"/s/{token}/{number + 1}/"
            if response.headers.get("location") != expected:
                self.refuse(kind, f"redirected to {response.headers.get('location')}")
        self.tally.succeeded["survey"] += 1
        await self.request("survey page", "GET", f"/s/{token}/done/")
        await self.think()


class Reader(User):
    """The province's people reading the dashboard and the reporting status."""

    def __init__(self, *args: Any, password: str) -> None:
        super().__init__(*args)
        self.password, self.signed_in = password, False
        # Those who read a province as a whole: its secretary, its evaluators, the centre.
        self.who = random.choice(["province", "evaluator", "national"])

    async def act(self) -> None:
        if not self.signed_in:
            await self.login(self.who, self.password)
            self.signed_in = True
        kind, path = random.choice(
            [
                ("dashboard", f"/provinces/{PROVINCE}/dashboard/"),
                ("dashboard", f"/provinces/{PROVINCE}/dashboard/?fy=2565"),
                ("reporting status", f"/provinces/{PROVINCE}/reporting-status/"),
            ]
        )
        await self.request(kind, "GET", path)
        await self.think()


class Visitor(User):
    """Anyone reading the province's public page, its news and the home page."""

    async def act(self) -> None:
        kind, path = random.choice(
            [
                ("province page", f"/p/{PROVINCE}/"),
                ("province page", f"/p/{PROVINCE}/news/"),
                ("home page", "/"),
            ]
        )
        await self.request(kind, "GET", path)
        await self.think()


def small_photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


PHOTO = b""


async def wait_until_up(base: str, timeout: float = 120) -> None:
    import httpx

    start = time.perf_counter()
    async with httpx.AsyncClient(base_url=base) as client:
        while time.perf_counter() - start < timeout:
            try:
                response = await client.get("/healthz")
                if response.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.5)
    raise RuntimeError("the server did not answer /healthz")


async def baseline(base: str) -> dict[str, float]:
    """p95 of /healthz and of the login page, one request at a time, nothing else running."""
    tally = Tally()
    user = User(base, tally, 0)
    # Every worker answers a few first, so none is measured loading its code.
    for _ in range(3 * WORKERS):
        await user.request("warm-up", "GET", "/healthz")
        await user.request("warm-up", "GET", "/accounts/login/")
    for _ in range(40):
        await user.request("healthz", "GET", "/healthz")
        await user.request("login page", "GET", "/accounts/login/")
    await user.client.aclose()
    return {kind: percentile(values, 95) for kind, values in tally.latencies.items()}


async def load(base: str, users: int, seconds: float, fixtures: dict[str, Any]) -> Tally:
    password = os.environ.get("DEMO_PASSWORD") or "moral-demo-2563"
    tally = Tally()
    deadline = time.perf_counter() + seconds
    counts = {kind: max(1, round(users * share / 100)) for kind, share in MIX.items()}
    counts["visitor"] = max(1, users - sum(n for k, n in counts.items() if k != "visitor"))
    crowd: list[User] = []
    crowd += [
        Reporter(base, tally, deadline, fixtures=fixtures, password=password)
        for _ in range(counts["reporter"])
    ]
    for number in range(counts["values"]):
        who = "coordinator" if number % 2 else "province"
        crowd.append(
            ValueEditor(base, tally, deadline, fixtures=fixtures, password=password, who=who)
        )
    crowd += [Pupil(base, tally, deadline, fixtures=fixtures) for _ in range(counts["pupil"])]
    crowd += [Reader(base, tally, deadline, password=password) for _ in range(counts["reader"])]
    crowd += [Visitor(base, tally, deadline) for _ in range(counts["visitor"])]

    async def started(user: User, delay: float) -> None:
        await asyncio.sleep(delay)  # arrivals spread over the first seconds
        await user.run()

    await asyncio.gather(
        *(started(user, random.uniform(0, min(10, seconds / 4))) for user in crowd)
    )
    return tally


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


@dataclass
class Outcome:
    database: str
    seconds: float
    tally: Tally
    base_p95: dict[str, float]
    before: dict[str, int]
    after: dict[str, int]
    server_cpu: float
    load_average: float

    def stored(self, kind: str) -> int:
        return self.after[kind] - self.before[kind]

    def lost(self) -> dict[str, int]:
        return {k: self.tally.succeeded[k] - self.stored(k) for k in self.before}

    def errors(self) -> int:
        return sum(self.tally.errors.values())


def measure(url: str, users: int, seconds: float) -> Outcome:
    name = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"# {name}: preparing the demo province ({url})", flush=True)
    prepare(url)
    env = database_env(url)
    fixtures = run_child(env, "--child", "fixtures")
    server = Server(url)
    server.start()
    try:
        base = f"http://127.0.0.1:{server.port}"
        asyncio.run(wait_until_up(base))
        base_p95 = asyncio.run(baseline(base))
        before = run_child(env, "--child", "counts", str(fixtures["round"]))
        print(f"# {name}: {users} users for {seconds:.0f} s on {base}", flush=True)
        load_average = os.getloadavg()[0]
        cpu = server.cpu_seconds()
        start = time.perf_counter()
        tally = asyncio.run(load(base, users, seconds, fixtures))
        took = time.perf_counter() - start
        cpu = server.cpu_seconds() - cpu
    finally:
        server.stop()
    after = run_child(env, "--child", "counts", str(fixtures["round"]))
    return Outcome(name, took, tally, base_p95, before, after, cpu, load_average)


KINDS = [
    "login page",
    "login",
    "report form",
    "report submit",
    "report page",
    "indicator page",
    "value save",
    "survey page",
    "survey submit",
    "dashboard",
    "reporting status",
    "province page",
    "home page",
]


def report(outcomes: list[Outcome], users: int) -> None:
    names = [o.database for o in outcomes]
    width = 26

    def row(label: str, cells: list[str]) -> None:
        print(f"{label:<30}" + "".join(f"{c:>{width}}" for c in cells))

    print()
    print(
        f"# reporting deadline: {users} users at once, gunicorn {WORKERS} workers + job worker, "
        "DEBUG off; survey link limit raised to 1,000,000 forms per link "
        "(SURVEY_LINK_LIMIT) for the test"
    )
    row("", names)
    row("users × seconds", [f"{users} × {o.seconds:.0f}" for o in outcomes])
    row("requests", [f"{o.tally.requests:,}" for o in outcomes])
    row("requests/s", [f"{o.tally.requests / o.seconds:.1f}" for o in outcomes])
    # The machine is shared: its load before the run, and the server's own CPU per request
    # (which depends far less on what else runs than the latencies do).
    row("machine load average before", [f"{o.load_average:.1f}" for o in outcomes])
    row(
        "server CPU per request",
        [f"{o.server_cpu * 1000 / max(1, o.tally.requests):.0f} ms" for o in outcomes],
    )
    row("baseline p95, no load:", ["" for _ in outcomes])
    for kind in ("healthz", "login page"):
        row(f"  {kind}", [f"{o.base_p95.get(kind, float('nan')):.0f} ms" for o in outcomes])
    row("latency p50 / p95 / p99 (ms):", ["" for _ in outcomes])
    for kind in KINDS:
        cells = []
        for o in outcomes:
            values = o.tally.latencies.get(kind, [])
            cells.append(
                f"{percentile(values, 50):.0f} / {percentile(values, 95):.0f} / "
                f"{percentile(values, 99):.0f} ({len(values)})"
                if values
                else "-"
            )
        row(f"  {kind}", cells)
    row(
        "login page p95 vs no load",
        [
            f"{percentile(o.tally.latencies['login page'], 95) / o.base_p95['login page']:.1f}×"
            for o in outcomes
        ],
    )
    row("errors (>= 500, no answer)", [str(o.errors()) for o in outcomes])
    row("refused (4xx, form refused)", [str(sum(o.tally.refused.values())) for o in outcomes])
    row("submissions ok / stored:", ["" for _ in outcomes])
    for kind, label in (
        ("report", "activity reports"),
        ("evidence", "  their photos"),
        ("value", "indicator values"),
        ("survey", "survey forms"),
    ):
        row(f"  {label}", [f"{o.tally.succeeded[kind]:,} / {o.stored(kind):,}" for o in outcomes])
    row(
        "lost (ok, not stored)",
        [str(sum(max(0, v) for v in o.lost().values())) for o in outcomes],
    )
    row(
        "extra (stored, not ok)",
        [str(sum(max(0, -v) for v in o.lost().values())) for o in outcomes],
    )
    for o in outcomes:
        for sample in o.tally.error_samples[:10]:
            print(f"  {o.database} error: {sample}")
        for sample in o.tally.refused_samples[:10]:
            print(f"  {o.database} refused: {sample}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    args = parser.parse_args()
    global PHOTO
    PHOTO = small_photo()
    VAR.mkdir(exist_ok=True)
    collect_static()
    urls = {"postgresql": POSTGRES_URL, "sqlite": SQLITE_URL}
    outcomes = [
        measure(url, args.users, args.seconds)
        for name, url in urls.items()
        if args.only in (None, name)
    ]
    report(outcomes, args.users)
    bad = any(
        o.errors() or any(o.lost().values()) or sum(o.tally.refused.values()) for o in outcomes
    )
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        django_setup()
        what = sys.argv[2]
        if what == "fixtures":
            print(json.dumps(child_fixtures()))
        elif what == "counts":
            print(json.dumps(child_counts(int(sys.argv[3]))))
        else:
            print(json.dumps(child_prepared()))
    else:
        sys.exit(main())
