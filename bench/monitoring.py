"""Monitoring at national scale: the province dashboard, the IPTT and the year's report.

Run by `make bench`. Builds (once) a SQLite database in var/ with 77 provinces, about
100,000 organisations, 1,000,000 activity reports and 2,000,000 indicator values, then
measures, for one generated province, each page as its users would open it. The baseline
in the same run is the same figures computed by scanning the raw rows, which is what the
kept totals spare every page view.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moralprovince.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdef-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import warnings  # noqa: E402

import django  # noqa: E402

# The benchmark serves no static files, so WhiteNoise's missing-directory warning is noise.
warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.conf import settings  # noqa: E402

# Production settings, but static files are not collected for a benchmark.
settings.STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Sum  # noqa: E402
from django.db.models.functions import TruncMonth  # noqa: E402
from django.test import Client  # noqa: E402

from moralprovince.accounts.models import Role, RoleKind, User  # noqa: E402
from moralprovince.monitoring.models import ActivityReport, IndicatorValue  # noqa: E402
from moralprovince.monitoring.report import (  # noqa: E402
    render_report_pdf,
    render_report_xlsx,
    report_data,
    report_html,
)
from moralprovince.organisations.models import Programme  # noqa: E402

PROVINCE = "30"  # Nakhon Ratchasima: one of the generated provinces
FY = 2564


def prepare() -> None:
    call_command("migrate", verbosity=0)
    if Programme.objects.count() >= 77:
        return
    call_command("load_demo", "--national", stdout=sys.stdout)


def timed(function, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[18]


def page(client: Client, url: str, repeat: int) -> tuple[list[float], int]:
    """Time a page after one warm-up request, and count the queries of one request."""
    client.get(url)
    executed = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return timed(lambda: client.get(url), repeat), len(executed)


def report(name: str, times: list[float], queries: int, budget: str, raw: list[float]) -> None:
    ours, baseline = statistics.median(times), statistics.median(raw)
    print(
        f"{name}: p50 {ours:.1f} ms, p95 {p95(times):.1f} ms, {queries} queries (budget {budget})"
        f" | raw-scan baseline p50 {baseline:.1f} ms, ratio {ours / baseline:.2f}"
    )


def raw_dashboard() -> None:
    """The dashboard's figures from the raw rows, as a page without kept totals would do."""
    reports = ActivityReport.objects.filter(
        province_id=PROVINCE, held_on__range=("2020-10-01", "2021-09-30")
    )
    list(
        reports.annotate(m=TruncMonth("held_on"))
        .values("m")
        .annotate(n=Count("pk"), p=Sum("participants"))
    )
    list(reports.values("subdistrict__district").annotate(n=Count("pk"), p=Sum("participants")))
    list(reports.values("network").annotate(n=Count("pk"), p=Sum("participants")))
    values = IndicatorValue.objects.filter(province_id=PROVINCE, fiscal_year=FY, status="approved")
    list(values.values("indicator").annotate(total=Sum("value")))


def raw_iptt() -> None:
    values = IndicatorValue.objects.filter(province_id=PROVINCE, fiscal_year=FY, status="approved")
    list(values.values("indicator", "period").annotate(total=Sum("value")))


def main() -> None:
    prepare()
    print(
        f"data: {ActivityReport.objects.count():,} activity reports, "
        f"{IndicatorValue.objects.count():,} indicator values, "
        f"{Programme.objects.count()} provinces; measuring province {PROVINCE}"
    )
    user, _ = User.objects.get_or_create(username="bench-admin")
    Role.objects.get_or_create(user=user, kind=RoleKind.PROVINCE_ADMIN, province_id=PROVINCE)
    client = Client()
    client.force_login(user)

    dash, dash_queries = page(client, f"/provinces/{PROVINCE}/dashboard/?fy={FY}", 50)
    report("dashboard", dash, dash_queries, "200 ms, 20 queries", timed(raw_dashboard, 10))
    iptt, iptt_queries = page(client, f"/provinces/{PROVINCE}/iptt/?fy={FY}", 30)
    report("IPTT", iptt, iptt_queries, "300 ms", timed(raw_iptt, 10))

    year_report()


def year_report() -> None:
    """The year's report as the job worker makes it: once in a fresh process (a child of
    this one), then the median of three in a process that has made one (the worker keeps
    its process, its fonts and its cache). The baseline is WeasyPrint alone printing the
    same HTML, before the text layer is fixed."""
    first = subprocess.run(
        [sys.executable, __file__, "--one-report"], check=True, capture_output=True, text=True
    ).stdout.split()
    baseline, pages = weasyprint_alone(report_html(report_data(PROVINCE, FY)))
    runs = [one_report() for _ in range(4)][1:]
    total, data, pdf, xlsx = sorted(runs)[1]
    print(
        f"year's report ({pages} pages): in a fresh process {float(first[0]):.2f} s (data "
        f"{float(first[1]):.2f} s, PDF {float(first[2]):.2f} s); then {total:.2f} s (median of "
        f"3; budget 3 s): data {data:.2f} s, PDF {pdf:.2f} s, Excel {xlsx:.2f} s | WeasyPrint "
        f"alone on the same HTML {baseline:.2f} s, PDF ratio {pdf / baseline:.2f}"
    )


def one_report() -> tuple[float, float, float, float]:
    """Seconds in all, for the data, the PDF and the workbook."""
    started = time.perf_counter()
    data = report_data(PROVINCE, FY)
    gathered = time.perf_counter()
    render_report_pdf(data)
    printed = time.perf_counter()
    render_report_xlsx(data)
    done = time.perf_counter()
    return done - started, gathered - started, printed - gathered, done - printed


def weasyprint_alone(html: str) -> tuple[float, int]:
    """The best of three prints of the HTML by WeasyPrint with the same fonts and styles,
    and the number of pages."""
    from weasyprint import HTML

    from moralprovince.lib.pdf import _print_setup

    fonts, stylesheets = _print_setup()
    times = []
    for _ in range(3):
        started = time.perf_counter()
        document = HTML(string=html).render(stylesheets=stylesheets, font_config=fonts)
        document.write_pdf()
        times.append(time.perf_counter() - started)
    return min(times), len(document.pages)


if __name__ == "__main__":
    if sys.argv[1:] == ["--one-report"]:
        print(*one_report()[:3])
    else:
        main()
