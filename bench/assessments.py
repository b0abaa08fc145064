"""Assessments at national scale: the province round board, the national level distribution
and the Excel import of results collected on paper.

Run by `make bench`. Builds (once) a SQLite database in var/ with 77 provinces and about
100,000 organisations (the national generator's), one round per province for each of two
fiscal years with every organisation assessed on the reference criteria's 9 items (about
200,000 assessments and 1,800,000 item scores). One province, the measured one, holds
6,000 organisations, so a 5,000-row import fits in one of its rounds.

Each figure has a baseline from the same run: the pages against the login page and against
a raw SQL count over the same rows; the import against openpyxl only reading the same file.
"""

from __future__ import annotations

import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moralprovince.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench_assessments.sqlite3'}")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdef-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import warnings  # noqa: E402

import django  # noqa: E402
import fastexcel  # noqa: E402

# The benchmark serves no static files, so WhiteNoise's missing-directory warning is noise.
warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.conf import settings  # noqa: E402

settings.STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from moralprovince.accounts.models import Role, RoleKind, User  # noqa: E402
from moralprovince.assessments import bulk  # noqa: E402
from moralprovince.assessments.levels import rules_of  # noqa: E402
from moralprovince.assessments.models import (  # noqa: E402
    Assessment,
    AssessmentStatus,
    CriteriaVersion,
    ItemScore,
    Round,
    RoundCriteria,
    UnitType,
)
from moralprovince.demo.national import Generator, Scale, insert, next_id  # noqa: E402
from moralprovince.geo.models import Province, Subdistrict  # noqa: E402
from moralprovince.lib.sheets import workbook_bytes  # noqa: E402
from moralprovince.organisations.models import (  # noqa: E402
    Membership,
    Network,
    Organisation,
    OrganisationType,
)

PROVINCE = "30"  # Nakhon Ratchasima: the measured province
BIG = 6_000  # its organisations
YEARS = (2563, 2564)
IMPORT_ROWS = 5_000
S = AssessmentStatus
# The statuses of the later round, in proportion; the earlier round is all approved.
LATER = [S.NOT_STARTED] * 3 + [S.DRAFT] * 2 + [S.SUBMITTED] * 3 + [S.VERIFIED, S.APPROVED]


def prepare() -> None:
    call_command("migrate", verbosity=0)
    if not Province.objects.exists():
        call_command("load_geography", verbosity=0)
    if not CriteriaVersion.objects.exists():
        call_command("load_reference_data", verbosity=0)
    if Organisation.objects.count() < 90_000:
        print("generating organisations …", flush=True)
        with transaction.atomic():
            generator = Generator(Scale())
            generator._organisations(generator._programmes_and_networks())
            _grow_province()
    if not Round.objects.exists():
        print("generating rounds, assessments and item scores …", flush=True)
        with transaction.atomic():
            _rounds()


def _grow_province() -> None:
    """More organisations in the measured province, members of its networks."""
    now = timezone.now()
    have = Organisation.objects.filter(province_id=PROVINCE).count()
    places = list(Subdistrict.objects.filter(province_id=PROVINCE).values_list("code", flat=True))
    networks = list(Network.objects.filter(province_id=PROVINCE).values_list("pk", flat=True))
    kinds = list(OrganisationType.objects.values_list("pk", flat=True))
    first = next_id(Organisation)
    rows, members = [], []
    for n in range(BIG - have):
        pk = first + n
        name = f"องค์กรตัวอย่างเพิ่ม {PROVINCE}-{n + 1:05d}"
        rows.append(
            (
                pk,
                PROVINCE,
                places[n % len(places)],
                kinds[n % len(kinds)],
                name,
                "",
                True,
                name,
                now,
                now,
            )
        )
        members.append((networks[n % len(networks)], pk, now))
    fields = [
        "id",
        "province",
        "subdistrict",
        "kind",
        "name_th",
        "name_en",
        "is_sample",
        "search_text",
        "created_at",
        "updated_at",
    ]
    insert(Organisation, fields, rows)
    insert(Membership, ["network", "organisation", "joined_at"], members)


def _rounds() -> None:
    version = CriteriaVersion.objects.get(unit_type=UnitType.ORGANISATION, number=1)
    rule = rules_of(version)
    items = list(version.items.order_by("number").values_list("pk", "number"))
    chance = random.Random(2564)
    assessment_id, now = next_id(Assessment), timezone.now()
    orgs = Organisation.objects.values_list("pk", "province_id", "subdistrict__district_id")
    by_province: dict[str, list[tuple[int, str]]] = {}
    for pk, province, district in orgs.iterator(chunk_size=20_000):
        by_province.setdefault(province, []).append((pk, district))
    assessments: list[tuple[Any, ...]] = []
    scores: list[tuple[Any, ...]] = []
    for code, members in sorted(by_province.items()):
        for year in YEARS:
            rnd = Round.objects.create(
                province_id=code,
                fiscal_year=year,
                name=f"การประเมินองค์กรคุณธรรม {year}",
                self_deadline=f"{year - 543}-06-30",
                verify_deadline=f"{year - 543}-08-31",
                is_sample=True,
            )
            RoundCriteria.objects.create(
                round=rnd, unit_type=UnitType.ORGANISATION, version=version
            )
            for n, (org, district) in enumerate(members):
                status = S.APPROVED if year == YEARS[0] else LATER[n % len(LATER)]
                points = {number: chance.choice((0, 1, 2, 2)) for _pk, number in items}
                started = status != S.NOT_STARTED
                decision = rule.decide(points if started else {})
                checked = status in (S.VERIFIED, S.APPROVED)
                assessments.append(
                    (
                        assessment_id,
                        rnd.pk,
                        code,
                        UnitType.ORGANISATION,
                        org,
                        district,
                        version.pk,
                        status,
                        decision.level if started else 0,
                        json.dumps(decision.reasons_data() if started else []),
                        False,
                        True,
                        now,
                    )
                )
                if started:
                    scores += [
                        (
                            assessment_id,
                            pk,
                            points[number],
                            points[number] if checked else None,
                            "",
                            "",
                            False,
                        )
                        for pk, number in items
                    ]
                assessment_id += 1
    fields = [
        "id",
        "round",
        "province",
        "unit_type",
        "organisation",
        "district",
        "version",
        "status",
        "level",
        "level_reason",
        "outstanding",
        "is_sample",
        "updated_at",
    ]
    print(f"  {insert(Assessment, fields, assessments):,} assessments", flush=True)
    fields = [
        "assessment",
        "item",
        "self_points",
        "verified_points",
        "account",
        "comment",
        "needs_evidence",
    ]
    print(f"  {insert(ItemScore, fields, scores):,} item scores", flush=True)


# --- measuring -----------------------------------------------------------------------------------


def timed(function: Any, repeat: int) -> list[float]:
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
    assert response.status_code == 200, (url, response.status_code)
    return timed(lambda: client.get(url), repeat), len(executed)


def report(name: str, times: list[float], queries: int, baselines: dict[str, list[float]]) -> None:
    ours = statistics.median(times)
    print(
        f"{name}: p50 {ours:.1f} ms, p95 {p95(times):.1f} ms, {queries} queries "
        "(budget p95 200 ms, 20 queries)"
    )
    for label, raw in baselines.items():
        base = statistics.median(raw)
        print(
            f"    baseline {label}: p50 {base:.1f} ms, p95 {p95(raw):.1f} ms;"
            f" ratio {ours / base:.1f}"
        )


def raw(sql: str, params: list[Any]) -> Any:
    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return run


def client_for(kind: str, **scope: Any) -> Client:
    user, _ = User.objects.get_or_create(username=f"bench-{kind}")
    Role.objects.get_or_create(user=user, kind=kind, **scope)
    client = Client()
    client.force_login(user)
    return client


def measure_pages() -> None:
    rnd = Round.objects.get(province_id=PROVINCE, fiscal_year=YEARS[1])
    table = Assessment._meta.db_table
    login = Client()
    login.get("/accounts/login/")
    login_times = timed(lambda: login.get("/accounts/login/"), 30)

    admin = client_for(RoleKind.PROVINCE_ADMIN, province_id=PROVINCE)
    if not _has_pages():
        _measure_queries(rnd, {"login page": login_times})
        return
    board, queries = page(admin, reverse("assessments:board", args=[rnd.pk]), 30)
    count = raw(
        f"SELECT status, COUNT(*) FROM {table} WHERE round_id = %s GROUP BY status", [rnd.pk]
    )
    report(
        f"province round board ({Assessment.objects.filter(round=rnd).count():,} units)",
        board,
        queries,
        {"login page": login_times, "raw SQL count by status": timed(count, 30)},
    )

    national = client_for(RoleKind.NATIONAL_ADMIN)
    url = f"{reverse('assessments:national')}?year={YEARS[1]}"
    distribution, queries = page(national, url, 30)
    count = raw(
        f"SELECT a.province_id, a.level, COUNT(*) FROM {table} a JOIN "
        f"{Round._meta.db_table} r ON r.id = a.round_id WHERE a.status = %s AND r.fiscal_year = %s "
        "GROUP BY a.province_id, a.level",
        [S.APPROVED, YEARS[1]],
    )
    report(
        "national level distribution",
        distribution,
        queries,
        {"login page": login_times, "raw SQL count by province and level": timed(count, 30)},
    )


def _has_pages() -> bool:
    try:
        reverse("assessments:national")
    except NoReverseMatch:
        return False
    return True


def _measure_queries(rnd: Round, baselines: dict[str, list[float]]) -> None:
    """Without the pages: the grouped counts the board and the national view are made of."""
    rows = Assessment.objects.filter(round=rnd).order_by()
    decided = [S.VERIFIED, S.APPROVED]

    def board() -> None:
        list(rows.values_list("status").annotate(n=Count("pk")))
        list(
            rows.filter(status__in=decided)
            .values_list("unit_type", "level")
            .annotate(n=Count("pk"))
        )
        list(
            rows.filter(status__in=decided).values_list("district", "level").annotate(n=Count("pk"))
        )

    def national() -> None:
        approved = Assessment.objects.filter(status=S.APPROVED, round__fiscal_year=YEARS[1])
        list(approved.order_by().values_list("province", "level").annotate(n=Count("pk")))

    report("province round board's counts (queries only)", timed(board, 30), 3, baselines)
    report("national level distribution (query only)", timed(national, 30), 1, baselines)


def measure_import() -> None:
    rnd = Round.objects.get(province_id=PROVINCE, fiscal_year=YEARS[1])
    actor = User.objects.get(username=f"bench-{RoleKind.PROVINCE_ADMIN}")
    with transaction.atomic():
        # Results already verified are not entered from paper: for the measure, every unit
        # of the round is open to the import. All of it is rolled back at the end.
        Assessment.objects.filter(round=rnd).exclude(status__in=bulk.REPLACEABLE).update(
            status=S.SUBMITTED
        )
        content = _filled_template(rnd)
        started = time.perf_counter()
        result = bulk.read_results(
            content, rnd=rnd, unit_type=UnitType.ORGANISATION, target=S.SUBMITTED
        )
        checked = time.perf_counter()
        assert result.ok, result.problems[:5]
        changed = bulk.apply_results(
            actor=actor, rnd=rnd, unit_type=UnitType.ORGANISATION, target=S.SUBMITTED, result=result
        )
        stored = time.perf_counter()
        again = bulk.read_results(
            content, rnd=rnd, unit_type=UnitType.ORGANISATION, target=S.SUBMITTED
        )
        unchanged = bulk.apply_results(
            actor=actor, rnd=rnd, unit_type=UnitType.ORGANISATION, target=S.SUBMITTED, result=again
        )
        repeated = time.perf_counter()
        transaction.set_rollback(True)

    def baseline() -> None:
        read = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        for _row in read[UnitType.ORGANISATION].iter_rows(values_only=True):
            pass
        read.close()

    def baseline_calamine() -> None:
        reader = fastexcel.read_excel(content)
        reader.load_sheet(UnitType.ORGANISATION, header_row=None, dtypes="string").to_polars()

    read_times = timed(baseline, 3)
    calamine_times = timed(baseline_calamine, 3)
    total = stored - started
    base = statistics.median(read_times) / 1000
    print(
        f"Excel import of {IMPORT_ROWS:,} rows ({len(content):,} bytes): {total:.2f} s in all "
        f"(budget 10 s): check {checked - started:.2f} s, store {stored - checked:.2f} s, "
        f"{changed:,} assessments changed"
    )
    print(
        f"    the same file again: {repeated - stored:.2f} s, {unchanged} changed"
        f" | baseline openpyxl only reading the file: {base:.2f} s; ratio {total / base:.1f}"
    )
    fast = statistics.median(calamine_times) / 1000
    print(
        f"    baseline fastexcel (the reader the import uses) only reading the file: {fast:.2f} s;"
        f" ratio {total / fast:.1f}"
    )


def _filled_template(rnd: Round) -> bytes:
    """The round's template with scores on its first 5,000 units, the rest left blank."""
    book = load_workbook(io.BytesIO(bulk.write_template(rnd, UnitType.ORGANISATION)))
    sheet = book[UnitType.ORGANISATION]
    chance = random.Random(5000)
    for number, row in enumerate(sheet.iter_rows(min_row=bulk.FIRST_ROW)):
        for index in range(9):
            score, account = row[4 + 2 * index], row[5 + 2 * index]
            if number >= IMPORT_ROWS:
                score.value = account.value = None
                continue
            score.value = chance.choice((45, 70, 95)) if index < 2 else chance.choice((0, 1, 2))
            account.value = "บันทึกจากแบบประเมินกระดาษ"
    return workbook_bytes(book)


def main() -> None:
    prepare()
    print(
        f"data: {Organisation.objects.count():,} organisations, {Round.objects.count()} rounds, "
        f"{Assessment.objects.count():,} assessments, {ItemScore.objects.count():,} item scores; "
        f"measuring province {PROVINCE} on {connection.vendor}"
    )
    measure_pages()
    measure_import()


if __name__ == "__main__":
    main()
