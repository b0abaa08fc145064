"""Youth survey at national scale: 1,000,000 generated responses from 2,000 schools.

Run by `make bench` on SQLite and on PostgreSQL (the database named by DATABASE_URL).
Measures, each against a baseline taken in the same run:
- import end to end (read, check, store, score, result cells) of the 1M-row CSV, with the
  peak memory of the importing process; baseline: DuckDB computing the same cells from the
  same file;
- the province results page at 1M responses (server time, p50/p95 of 30 requests);
- the anonymised CSV export (rows per second, peak memory); baseline: DuckDB writing the
  same columns from the file;
- a 100,000-row .xlsx import.
The CSV is generated once with DuckDB from a fixed formula (no randomness), in var/.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moralprovince.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{VAR / 'bench_survey.sqlite3'}")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from search import ensure_postgres_database  # noqa: E402

if os.environ["DATABASE_URL"].startswith("postgres"):
    ensure_postgres_database(os.environ["DATABASE_URL"])
django.setup()

import duckdb  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

RESPONSES = 1_000_000
SCHOOLS = 2_000
XLSX_ROWS = 100_000
PROVINCE = "30"
CSV = VAR / "bench_survey_1m.csv"
XLSX = VAR / "bench_survey_100k.xlsx"
DOMAINS = [("self", 15), ("fami", 8), ("wisd", 11), ("peer", 6), ("comm", 8)]
ITEMS = [f"{d}{i:02d}" for d, k in DOMAINS for i in range(1, k + 1)]


def generate_csv() -> None:
    """Deterministic answers: a level per respondent, varied per item by a hash."""
    if CSV.exists():
        return
    answers = ", ".join(
        f"greatest(1, least(4, base + (hash(i, {j}) % 3)::INT - 1)) AS {c}"
        for j, c in enumerate(ITEMS)
    )
    duckdb.sql(
        f"""COPY (SELECT 'R' || lpad(i::VARCHAR, 9, '0') AS submission_id,
        'S' || lpad((hash(i, 'school') % {SCHOOLS})::VARCHAR, 5, '0') AS school_code,
        'ม.' || (1 + hash(i, 'g') % 6)::VARCHAR AS grade,
        CASE WHEN hash(i, 'x') % 2 = 0 THEN 'ชาย' ELSE 'หญิง' END AS sex,
        12 + (hash(i, 'a') % 7)::INT AS age, {answers}
        FROM (SELECT i, 1 + (hash(i) % 4)::INT AS base FROM range({RESPONSES}) t(i)))
        TO '{CSV}' (HEADER)"""
    )


def generate_xlsx() -> None:
    if XLSX.exists():
        return
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("responses")
    with CSV.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number > XLSX_ROWS:
                break
            cells = line.rstrip("\n").split(",")
            sheet.append(cells if number == 0 else [*cells[:4], *map(int, cells[4:])])
    book.save(XLSX)


def prepare_database() -> None:
    call_command("migrate", verbosity=0)
    from moralprovince.geo.models import Province

    if not Province.objects.exists():
        call_command("load_geography", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    from moralprovince.geo.models import Subdistrict
    from moralprovince.organisations.models import Organisation, OrganisationType

    if Organisation.objects.filter(province_id=PROVINCE, code__startswith="S0").count() < SCHOOLS:
        kind = OrganisationType.objects.get(code="school")
        places = list(Subdistrict.objects.filter(province_id=PROVINCE).order_by("code"))
        Organisation.objects.bulk_create(
            Organisation(
                province_id=PROVINCE,
                subdistrict=places[n % len(places)],
                kind=kind,
                code=f"S{n:05d}",
                name_th=f"โรงเรียนทดสอบ {n}",
                is_sample=True,
            )
            for n in range(SCHOOLS)
        )


def new_round(name: str) -> int:
    """A fresh round over the 2,000 schools; earlier benchmark rounds are removed."""
    import datetime as dt

    from moralprovince.accounts.access import SYSTEM
    from moralprovince.organisations.models import Organisation
    from moralprovince.surveys.models import Instrument, SurveyRound
    from moralprovince.surveys.reference import REFERENCE_CODE
    from moralprovince.surveys.services import RoundData, create_round

    old = list(
        SurveyRound.objects.filter(province_id=PROVINCE, name=name).values_list("pk", flat=True)
    )
    with connection.cursor() as cursor:
        for pk in old:
            cursor.execute("DELETE FROM surveys_response WHERE round_id = %s", [pk])
    SurveyRound.objects.filter(pk__in=old).delete()
    version = Instrument.objects.get(code=REFERENCE_CODE).latest()
    schools = list(Organisation.objects.filter(province_id=PROVINCE, code__startswith="S0"))
    data = RoundData(
        province=schools[0].province,
        version=version,
        fiscal_year=2569,
        name=name,
        opens_on=dt.date(2026, 6, 1),
        closes_on=dt.date(2026, 8, 31),
    )
    survey_round = create_round(actor=SYSTEM, data=data, schools=schools)
    return survey_round.pk


def child_import(round_id: int, path: str) -> None:
    """Run in a child process, so its peak memory is the import's own."""
    from moralprovince.accounts.access import SYSTEM
    from moralprovince.surveys.models import SurveyRound
    from moralprovince.surveys.services import create_import, import_responses

    survey_round = SurveyRound.objects.get(pk=round_id)
    start = time.perf_counter()
    with open(path, "rb") as upload:
        record = create_import(
            actor=SYSTEM, survey_round=survey_round, upload=upload, name=Path(path).name
        )
    outcome = import_responses(actor=SYSTEM, record=record, only_valid=True, after_close=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "added": outcome.added,
                "problems": outcome.counts,
                "peak_mb": peak,
            }
        )
    )


def run_child(*args: str) -> dict:
    """Run this file as a child process (so its peak memory is its own); its last line."""
    output = subprocess.run(
        [sys.executable, __file__, *args],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure_import(round_id: int, path: Path) -> dict:
    return run_child("--child-import", str(round_id), str(path))


def duckdb_cells() -> float:
    """Baseline: DuckDB reads the same file and computes the same per-school cells."""
    sums = ", ".join(
        f"({' + '.join(f'{d}{i:02d}' for i in range(1, k + 1))}) AS s_{d}" for d, k in DOMAINS
    )
    start = time.perf_counter()
    duckdb.sql(
        f"""SELECT school_code, sex, grade, count(*) AS n,
            {", ".join(f"sum(s_{d}) AS sum_{d}, count(*) FILTER (WHERE s_{d} * 100 > {k * 4} * 80) AS a_{d}" for d, k in DOMAINS)}
        FROM (SELECT school_code, sex, grade, {sums} FROM read_csv('{CSV}', all_varchar=false))
        GROUP BY ALL"""
    ).fetchall()
    return time.perf_counter() - start


def child_export(round_id: int) -> None:
    """Stream the anonymised CSV to nowhere; the peak memory is measured around it."""
    from moralprovince.surveys.exports import anonymised_csv
    from moralprovince.surveys.models import SurveyRound

    survey_round = SurveyRound.objects.get(pk=round_id)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    rows = sum(chunk.count(b"\n") for chunk in anonymised_csv(survey_round)) - 1
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rows": rows, "before_mb": before, "after_mb": after}))


def duckdb_export() -> float:
    target = VAR / "bench_survey_duckdb_export.csv"
    start = time.perf_counter()
    duckdb.sql(
        f"COPY (SELECT school_code, grade, sex, {', '.join(ITEMS)} FROM read_csv('{CSV}')) TO '{target}' (HEADER)"
    )
    seconds = time.perf_counter() - start
    target.unlink()
    return seconds


def measure_page(round_id: int) -> list[float]:
    from django.test import Client

    from moralprovince.accounts.models import Role, RoleKind, User

    user, created = User.objects.get_or_create(username="bench-national")
    if created:
        Role.objects.create(user=user, kind=RoleKind.NATIONAL_ADMIN)
    client = Client()
    client.force_login(user)
    url = f"/surveys/rounds/{round_id}/results/"
    assert client.get(url).status_code == 200
    times = []
    for _ in range(30):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure_login(client_times: int = 30) -> list[float]:
    """Baseline for the page: the login page, served by the same stack in the same run."""
    from django.test import Client

    client = Client()
    times = []
    for _ in range(client_times):
        start = time.perf_counter()
        client.get("/accounts/login/")
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure_export(round_id: int) -> dict:
    return run_child("--child-export", str(round_id))


def small_csv() -> Path:
    """The first XLSX_ROWS rows of the CSV: the same rows as the workbook, for its baseline."""
    path = VAR / "bench_survey_100k.csv"
    if not path.exists():
        with CSV.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as out:
            for number, line in enumerate(source):
                if number > XLSX_ROWS:
                    break
                out.write(line)
    return path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(label: str, value: str) -> None:
    print(f"{label:<46} {value}")


def main() -> None:
    database = connection.vendor
    print(f"# youth survey benchmark on {database}: {RESPONSES:,} responses, {SCHOOLS:,} schools")
    VAR.mkdir(exist_ok=True)
    generate_csv()
    generate_xlsx()
    prepare_database()
    round_id = new_round("bench 1M")
    result = measure_import(round_id, CSV)
    assert result["added"] == RESPONSES, result
    baseline = duckdb_cells()
    rate = RESPONSES / result["seconds"]
    report(
        "import 1M CSV end to end",
        f"{result['seconds']:.2f} s = {rate:,.0f} responses/s (target >= 250,000)",
    )
    report(
        "  peak memory of the importing process", f"{result['peak_mb']:,.0f} MB (target <= 1,024)"
    )
    report(
        "  DuckDB: same cells from the same file",
        f"{baseline:.2f} s; ratio ours/DuckDB {result['seconds'] / baseline:.1f} (target <= 3)",
    )
    page = measure_page(round_id)
    login = measure_login()
    report(
        "results page at 1M responses (30 requests)",
        f"p50 {percentile(page, 0.5):.1f} ms, p95 {percentile(page, 0.95):.1f} ms "
        f"(target p95 <= 200); {percentile(page, 0.5) / percentile(login, 0.5):.1f}x the login page "
        f"(p50 {percentile(login, 0.5):.1f} ms)",
    )
    export = measure_export(round_id)
    duck = duckdb_export()
    report(
        "anonymised CSV export, 1M rows",
        f"{export['seconds']:.2f} s = {export['rows'] / export['seconds']:,.0f} rows/s "
        f"(target >= 200,000); DuckDB {duck:.2f} s, ratio {export['seconds'] / duck:.1f}",
    )
    report(
        "  memory taken by the export",
        f"{export['after_mb'] - export['before_mb']:,.0f} MB over the "
        f"{export['before_mb']:,.0f} MB before it",
    )
    xlsx = measure_import(new_round("bench 100k xlsx"), XLSX)
    csv = measure_import(new_round("bench 100k csv"), small_csv())
    assert xlsx["added"] == csv["added"] == XLSX_ROWS, (xlsx, csv)
    report(
        "import 100k rows .xlsx end to end",
        f"{xlsx['seconds']:.2f} s = {XLSX_ROWS / xlsx['seconds']:,.0f} rows/s, "
        f"{xlsx['peak_mb']:,.0f} MB; the same rows as CSV {csv['seconds']:.2f} s, "
        f"ratio {xlsx['seconds'] / csv['seconds']:.1f} (target <= 2)",
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child-import":
        child_import(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-export":
        child_export(int(sys.argv[2]))
    else:
        main()
