"""Thai search over 1,000,000 generated documents, on the database named by DATABASE_URL.

Run by `make bench` twice: on SQLite (FTS5 trigram index) and on PostgreSQL (pg_trgm).
Prints the indexing throughput, the search time per query (p50 and p95 over 200 searches)
and, as the in-run baseline, the same matching done by scanning every row without the index.
"""

from __future__ import annotations

import gc
import hashlib
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moralprovince.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench_search.sqlite3'}")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402


def ensure_postgres_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database if it is not there yet."""
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
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


if os.environ["DATABASE_URL"].startswith("postgres"):
    ensure_postgres_database(os.environ["DATABASE_URL"])
django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from moralprovince.demo.national import insert  # noqa: E402
from moralprovince.geo.models import Province  # noqa: E402
from moralprovince.geo.services import load_geography  # noqa: E402
from moralprovince.knowledge import search  # noqa: E402
from moralprovince.knowledge.models import SearchEntry  # noqa: E402
from moralprovince.lib.thaitext import search_terms, sub_words  # noqa: E402

DOCUMENTS = 1_000_000
CHUNK = 10_000
SCANNED = 3
BUDGET_MS = {"sqlite": 20, "postgresql": 50}
MEASURED_TOKENISING = 2_000
WORDS = [
    "จังหวัด",
    "คุณธรรม",
    "เครือข่าย",
    "ทางสังคม",
    "ภาคี",
    "วิชาการ",
    "ต้นทุนชีวิต",
    "เด็ก",
    "เยาวชน",
    "ครอบครัว",
    "ความรุนแรง",
    "วิทยากร",
    "ส่งเสริม",
    "ขับเคลื่อน",
    "ประกาศ",
    "เจตนารมณ์",
    "แผน",
    "กิจกรรม",
    "โรงเรียน",
    "วัด",
    "ชุมชน",
    "จิตอาสา",
    "พอเพียง",
    "วินัย",
    "สุจริต",
    "สมัชชา",
    "มติ",
    "ถอดบทเรียน",
    "องค์กร",
    "ต้นแบบ",
    "ประเมินผล",
    "ติดตาม",
    "งบประมาณ",
    "อบรม",
    "ประชุม",
    "หารือ",
    "แกนนำ",
    "คณะทำงาน",
    "สุราษฎร์ธานี",
    "มหาวิทยาลัย",
    "ราชภัฏ",
    "สำนักงาน",
    "วัฒนธรรม",
    "การศึกษา",
    "สาธารณสุข",
    "อาสาสมัคร",
    "สื่อมวลชน",
    "ธุรกิจ",
    "ประชาสังคม",
    "ศาสนา",
    "ภาครัฐ",
    "ตัวชี้วัด",
    "เป้าหมาย",
    "ผลลัพธ์",
    "นวัตกรรม",
    "พฤติกรรม",
    "ความดี",
    "ปัญหา",
    "การสื่อสาร",
]
QUERIES = [
    "ต้นทุนชีวิต",
    "ครอบครัว",
    "วิทยากร",
    "เครือข่าย",
    "การสื่อสาร",
    "เครือข่ายการสื่อสาร",
    "จิตอาสา ชุมชน",
    "ถอดบทเรียน องค์กรต้นแบบ",
    "สมัชชา มติ",
    "ความรุนแรง",
    "สุราษฎร์ธานี",
    "ราชภัฏ",
    "ตัวชี้วัด เป้าหมาย",
    "นวัตกรรม",
    "ภาคี วิชาการ",
    "โรงเรียน วินัย",
    "งบประมาณ",
    "อาสาสมัคร สาธารณสุข",
    "ดี",
    "ความดี ปัญหา",
]


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """The words and two-word compounds, weighted as word frequencies are (Zipf)."""
    words = WORDS + [a + b for a in WORDS for b in WORDS if a != b]
    rng.shuffle(words)
    return words, [1 / (rank + 1) for rank in range(len(words))]


def documents(
    rng: random.Random, provinces: list[str], count: int
) -> list[tuple[str, list[str], list[str]]]:
    words, weights = vocabulary(random.Random(2564))
    rows = []
    for _ in range(count):
        title = rng.choices(words, weights, k=rng.randrange(4, 9))
        body = rng.choices(words, weights, k=rng.randrange(60, 140))
        rows.append((rng.choice(provinces), title, body))
    return rows


def programmes() -> None:
    """Three provinces in four run a public programme; the rest keep their items to themselves,
    so the search applies the visibility rule as it does for a visitor."""
    from moralprovince.organisations.models import Programme

    for index, code in enumerate(Province.objects.order_by("code").values_list("pk", flat=True)):
        Programme.objects.get_or_create(
            province_id=code,
            defaults={"name_th": f"จังหวัดคุณธรรม {code}", "is_public": index % 4 != 0},
        )


FIELDS = [
    "kind",
    "object_id",
    "province",
    "published",
    "title",
    "title_words",
    "words",
    "terms",
    "body",
    "url",
]


def build() -> None:
    """Store the generated documents a chunk at a time (each chunk its own transaction and
    its own seed), going on from the chunks already stored."""
    if Province.objects.count() < 77:
        load_geography()
    programmes()
    stored = SearchEntry.objects.filter(kind="bench").count()
    if stored >= DOCUMENTS:
        return
    provinces = list(Province.objects.order_by("code").values_list("pk", flat=True))
    sample = documents(random.Random(0), provinces, MEASURED_TOKENISING)
    started = time.perf_counter()
    for _province, title, body in sample:
        search.entry_fields("".join(title), ["".join(body)])
    per_second = MEASURED_TOKENISING / (time.perf_counter() - started)
    print(
        f"indexing (word split of title and text): {per_second:,.0f} documents/s "
        f"(measured on {MEASURED_TOKENISING:,}; the rest are stored from their known words)"
    )
    # The generated words are dictionary words (or two of them), so their split is known
    # without tokenising; their sub-words are worked out once per distinct word.
    known = {w: sub_words(w) for w in vocabulary(random.Random(2564))[0]}
    started = time.perf_counter()
    for first in range(stored - stored % CHUNK, DOCUMENTS, CHUNK):
        docs = documents(random.Random(first), provinces, min(CHUNK, DOCUMENTS - first))
        rows = (
            (
                "bench",
                first + i,
                province,
                True,
                "".join(title),
                " ".join(title),
                " ".join(title + body),
                " ".join(sorted(set().union(*(known[w] for w in set(title + body))))),
                "".join(body)[:5000],
                f"/bench/{first + i}/",
            )
            for i, (province, title, body) in enumerate(docs)
        )
        with transaction.atomic():
            insert(SearchEntry, FIELDS, rows)
        if first // CHUNK % 10 == 9:
            done = first + CHUNK - stored
            print(f"  {first + CHUNK:,} stored ({done / (time.perf_counter() - started):,.0f}/s)")
    if connection.vendor == "postgresql":
        # As autovacuum would after a bulk load: the planner needs the new statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE knowledge_searchentry")
    took = time.perf_counter() - started
    rate = (DOCUMENTS - stored) / took
    print(
        f"stored and indexed {DOCUMENTS - stored:,} entries in {took:.1f} s ({rate:,.0f} entries/s)"
    )


def timed(function, queries: list[str], rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            function(query)
            times.append((time.perf_counter() - started) * 1000)
    return times


def scan(query: str) -> None:
    """The same matching without the index: every row's terms are read."""
    terms = search_terms(query)
    if connection.vendor == "postgresql":
        match = " & ".join(f"'{t}'" for t in terms)
        entries = SearchEntry.objects.filter(published=True).extra(
            where=[search.POSTGRES_MATCH], params=[match]
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            list(entries.order_by("-date", "-id").values_list("id", flat=True)[: search.CANDIDATES])
        return
    entries = SearchEntry.objects.filter(published=True)
    for term in terms:
        entries = entries.extra(where=["(' ' || terms || ' ') LIKE %s"], params=[f"% {term} %"])
    list(entries.order_by("-date", "-id").values_list("id", flat=True)[: search.CANDIDATES])


def main() -> None:
    call_command("migrate", verbosity=0)
    build()
    anonymous = AnonymousUser()
    search.search("ต้นทุนชีวิต", anonymous)  # load the word-splitting dictionary once
    gc.collect()
    gc.freeze()  # as a served worker does once loaded (moralprovince/wsgi.py)
    ours = timed(lambda q: search.search(q, anonymous), QUERIES, 10)
    # A full scan reads every document (many seconds at a million): three queries, once.
    scanned = QUERIES[:SCANNED]
    baseline = timed(scan, scanned, 1)
    same = [t for i, t in enumerate(ours) if i % len(QUERIES) < SCANNED]
    p95 = statistics.quantiles(ours, n=20)[18]
    print(
        f"search on {connection.vendor}: {len(ours)} searches over {DOCUMENTS:,} documents, "
        f"p50 {statistics.median(ours):.1f} ms, p95 {p95:.1f} ms "
        f"(budget {BUDGET_MS[connection.vendor]} ms) | full-scan baseline over the first "
        f"{SCANNED} queries p50 {statistics.median(baseline):.1f} ms, ratio "
        f"{statistics.median(same) / statistics.median(baseline):.3f}"
    )
    print(f"  slowest queries (p95 ms): {slowest(ours)}")
    # The same documents in the same order on both databases: the same digest on both.
    found = [h.entry.object_id for q in QUERIES for h in search.search(q, anonymous)[1]]
    digest = hashlib.blake2b(repr(found).encode(), digest_size=8).hexdigest()
    print(f"  results of the {len(QUERIES)} queries ({len(found)} hits): digest {digest}")


def slowest(times: list[float]) -> str:
    by_query: dict[str, list[float]] = {}
    for i, took in enumerate(times):
        by_query.setdefault(QUERIES[i % len(QUERIES)], []).append(took)
    p95s = {query: statistics.quantiles(t, n=20)[18] for query, t in by_query.items()}
    worst = sorted(p95s, key=p95s.__getitem__, reverse=True)[:3]
    return ", ".join(f"{query} {p95s[query]:.1f}" for query in worst)


if __name__ == "__main__":
    main()
