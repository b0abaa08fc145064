"""Every main page and API list, on the national-scale database and on the demo database.

Run by `make bench`. The national database is the one `bench/monitoring.py` builds (77
provinces, about 100,000 organisations, 1,000,000 activity reports, 2,000,000 indicator
values); the demo database is the demo province as `make run` loads it. Each page is opened
by the role that works with it (a province admin of the measured province, or national
staff), once to warm up and then timed; its query count and size come from one request.

Printed per page: p50/p95 and queries on both databases, the size at national scale, and
whether it keeps the budget (p95 <= 200 ms and <= 20 queries at national scale). The
baseline in the same run is the login page, which costs no query of the data.

Once loaded, the measuring process freezes its objects out of the garbage collector's full
passes, as a served worker does (moralprovince/wsgi.py).

Each database is measured in a child process of this script (`--measure <name>`), since
one Django process serves one default database.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
DATABASES = {
    "demo": (f"sqlite:///{VAR / 'bench_pages_demo.sqlite3'}", "84"),
    "national": (f"sqlite:///{VAR / 'bench.sqlite3'}", "30"),
}
FY = 2564
REPEAT = 15
BUDGET_MS, BUDGET_QUERIES = 200.0, 20


def pages(code: str) -> list[tuple[str, str, str]]:
    """(name, role, address) of each page and API list measured, for province `code`."""
    province = f"/provinces/{code}"
    api = "/api/v1"
    return [
        ("login page (baseline)", "visitor", "/accounts/login/"),
        ("home", "admin", "/"),
        ("home (national staff)", "national", "/"),
        ("directory", "national", "/organisations/"),
        ("directory, Thai search", "national", "/organisations/?q=%E0%B9%82%E0%B8%A3%E0%B8%87"),
        ("directory, deep page", "national", "/organisations/?page=1500"),
        ("province programme", "admin", f"{province}/"),
        ("plans of the year", "admin", f"{province}/plans/{FY}/"),
        ("integration", "admin", f"{province}/plans/{FY}/integration/"),
        ("indicators", "admin", f"{province}/indicators/?fy={FY}"),
        ("IPTT", "admin", f"{province}/iptt/?fy={FY}"),
        ("dashboard", "admin", f"{province}/dashboard/?fy={FY}"),
        ("reporting status", "admin", f"{province}/reporting-status/"),
        ("visits", "admin", f"{province}/visits/"),
        ("people and roles", "admin", f"{province}/people/"),
        ("surveys", "admin", "/surveys/"),
        ("national survey comparison", "national", "/surveys/national/"),
        ("assessments", "admin", "/assessments/"),
        ("national assessment view", "national", "/assessments/national/"),
        ("training", "admin", f"{province}/training/"),
        ("trainers", "admin", f"{province}/trainers/"),
        ("meetings", "admin", f"{province}/meetings/"),
        ("follow-up board", "admin", f"{province}/actions/"),
        ("partners", "admin", f"{province}/partners/"),
        ("certificates", "admin", f"{province}/certificates/"),
        ("public province page", "visitor", f"/p/{code}/"),
        ("news list", "visitor", f"/p/{code}/news/"),
        (
            "search",
            "visitor",
            "/search/?q=%E0%B8%84%E0%B8%B8%E0%B8%93%E0%B8%98%E0%B8%A3%E0%B8%A3%E0%B8%A1",
        ),
        ("audit log", "admin", f"{province}/audit/"),
        ("API organisations", "admin", f"{api}/organisations/"),
        ("API plans", "admin", f"{api}/plans/"),
        ("API activities", "admin", f"{api}/activities/"),
        ("API budget lines", "admin", f"{api}/budget-lines/"),
        ("API indicators", "admin", f"{api}/indicators/"),
        ("API indicator values", "admin", f"{api}/indicator-values/"),
        ("API activity reports", "admin", f"{api}/activity-reports/"),
        ("API activity reports (national)", "national", f"{api}/activity-reports/"),
        ("API assessments", "admin", f"{api}/assessments/"),
    ]


# --- the child: one database -------------------------------------------------------------------


def measure(name: str) -> None:
    url, code = DATABASES[name]
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moralprovince.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdef-0123456789")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    sys.path.insert(0, str(ROOT))
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.conf import settings

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    settings.ALLOWED_HOSTS = ["*"]
    _prepare(name)
    clients = _clients(code)
    # As a served worker does once loaded (moralprovince/wsgi.py).
    gc.collect()
    gc.freeze()
    results = {}
    for title, role, address in pages(code):
        results[title] = _time_page(clients[role], address)
    print(json.dumps(results))


def _prepare(name: str) -> None:
    from django.core.management import call_command

    from moralprovince.organisations.models import Programme

    call_command("migrate", verbosity=0)
    if name == "national" and Programme.objects.count() < 77:
        call_command("load_demo", "--national", stdout=sys.stderr)
    # The measured province publishes its page, as the demo province does.
    Programme.objects.filter(province_id=DATABASES[name][1]).update(is_public=True)
    if name == "demo" and not Programme.objects.exists():
        call_command("load_demo", stdout=sys.stderr)


def _clients(code: str) -> dict[str, Any]:
    from django.test import Client

    from moralprovince.accounts.models import Role, RoleKind, User

    admin, _ = User.objects.get_or_create(username="bench-pages-admin")
    Role.objects.get_or_create(user=admin, kind=RoleKind.PROVINCE_ADMIN, province_id=code)
    national, _ = User.objects.get_or_create(username="bench-pages-national")
    Role.objects.get_or_create(user=national, kind=RoleKind.NATIONAL_ADMIN)
    clients = {"visitor": Client(), "admin": Client(), "national": Client()}
    clients["admin"].force_login(admin)
    clients["national"].force_login(national)
    return clients


def _time_page(client: Any, address: str) -> dict[str, Any]:
    from django.db import connection

    first = client.get(address)
    if first.status_code != 200:
        return {"status": first.status_code}
    executed: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(address)
    size = len(b"".join(response)) if response.streaming else len(response.content)
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        client.get(address)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "status": 200,
        "p50": statistics.median(times),
        "p95": statistics.quantiles(times, n=20)[18],
        "queries": len(executed),
        "bytes": size,
    }


# --- the parent: both databases, side by side --------------------------------------------------


def run_child(name: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", name],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def cell(row: dict[str, Any] | None) -> str:
    if not row:
        return "—"
    if row["status"] != 200:
        return f"HTTP {row['status']}"
    return f"{row['p50']:7.1f} {row['p95']:7.1f} {row['queries']:4d}"


def verdict(row: dict[str, Any] | None, baseline: float) -> str:
    if not row or row["status"] != 200:
        return "not measured"
    ratio = row["p50"] / baseline if baseline else 0.0
    kept = row["p95"] <= BUDGET_MS and row["queries"] <= BUDGET_QUERIES
    return f"{row['bytes'] / 1024:8.1f} KB  ×{ratio:6.1f}  {'ok' if kept else 'OVER'}"


def main() -> None:
    VAR.mkdir(exist_ok=True)
    demo = run_child("demo")
    national = run_child("national")
    baseline = national["login page (baseline)"]["p50"]
    print(
        "page: demo p50 p95 queries | national p50 p95 queries | national size, "
        "p50 ratio to the login page, budget (p95 200 ms, 20 queries)"
    )
    over = []
    for title, _role, _address in pages("30"):
        row = national.get(title)
        print(f"{title:34s} {cell(demo.get(title))} | {cell(row)} | {verdict(row, baseline)}")
        if (
            row
            and row["status"] == 200
            and (row["p95"] > BUDGET_MS or row["queries"] > BUDGET_QUERIES)
        ):
            over.append((row["p95"], title))
    slowest = ", ".join(f"{title} ({p95:.0f} ms)" for p95, title in sorted(over, reverse=True))
    print(f"over the budget at national scale: {slowest or 'none'}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        measure(sys.argv[2])
    else:
        main()
