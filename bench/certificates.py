"""Certificates in the batch job: how many a second, issued and printed as one PDF.

Run by `make bench`. Uses its own SQLite database in var/ (migrated, with the geography).
A source registered here for the benchmark certifies generated units of Surat Thani, so the
figures do not depend on the assessment or training data. It measures the batch job end to
end (issuing each certificate with its audit entry, then one PDF of them all, stored as the
job's file); the baselines in the same run are the same certificates printed one PDF each,
and a plain one-page WeasyPrint PDF rendered one at a time. Target: at least 5 a second.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moralprovince.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{VAR / 'bench_certificates.sqlite3'}")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from moralprovince.accounts.access import SYSTEM  # noqa: E402
from moralprovince.certificates.models import Certificate  # noqa: E402
from moralprovince.certificates.pdf import render_certificates_pdf  # noqa: E402
from moralprovince.certificates.services import set_signatories, start_batch  # noqa: E402
from moralprovince.certificates.sources import Facts, Source, register  # noqa: E402
from moralprovince.geo.models import Province  # noqa: E402
from moralprovince.jobs.services import run_job  # noqa: E402
from moralprovince.lib.pdf import render_pdf  # noqa: E402

KIND = "bench"
PROVINCE = "84"
BATCH = 300
ONE_AT_A_TIME = 20
TARGET = 5.0
LEVELS = ["ระดับที่ ๑ ส่งเสริมคุณธรรม", "ระดับที่ ๒ คุณธรรม", "ระดับที่ ๓ คุณธรรมต้นแบบ"]


def facts(ids: list[int]) -> dict[int, Facts]:
    return {
        i: Facts(
            province_id=PROVINCE,
            holder=f"โรงเรียนบ้านนาเดิมทดสอบที่ {i}",
            lines=("ได้ผ่านการประเมินเป็นองค์กรคุณธรรม", "ตามเกณฑ์การประเมินของจังหวัดคุณธรรม"),
            fiscal_year=2564,
            level=LEVELS[i % 3],
        )
        for i in ids
    }


def prepare() -> None:
    call_command("migrate", verbosity=0)
    if not Province.objects.filter(pk=PROVINCE).exists():
        call_command("load_geography", verbosity=0)
    register(Source(KIND, "Benchmark", facts, lambda actor, province_id, object_id: True))
    set_signatories(
        actor=SYSTEM,
        province_id=PROVINCE,
        rows=[
            ("นายวิชวุทย์ จินโต", "ผู้ว่าราชการจังหวัดสุราษฎร์ธานี"),
            ("นางสาวปิ่นแก้ว ศรีสุข", "วัฒนธรรมจังหวัดสุราษฎร์ธานี"),
        ],
    )
    # Every run issues afresh.
    Certificate.objects.filter(kind=KIND).delete()


def batch() -> tuple[float, float, int]:
    """Seconds (wall and this process's CPU) for the batch job of BATCH certificates, and the
    pages of its PDF."""
    job = start_batch(
        actor=SYSTEM, kind=KIND, province_id=PROVINCE, object_ids=list(range(1, BATCH + 1))
    )
    start, cpu = time.perf_counter(), time.process_time()
    job = run_job(job.pk)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if job.status != "done":
        raise SystemExit(f"the batch job failed: {job.message}")
    pages = len(PdfReader(io.BytesIO(job.files.get().file.read())).pages)
    return seconds, cpu, pages


def one_by_one() -> float:
    """Seconds to print ONE_AT_A_TIME of the certificates, one PDF each."""
    certificates = list(Certificate.objects.filter(kind=KIND).order_by("pk")[:ONE_AT_A_TIME])
    start = time.perf_counter()
    for certificate in certificates:
        render_certificates_pdf([certificate])
    return time.perf_counter() - start


def plain_pages() -> float:
    """Seconds to render ONE_AT_A_TIME plain one-page PDFs with WeasyPrint, one at a time."""
    html = (
        '<html lang="th"><body><h1>เกียรติบัตร</h1>'
        "<p>มอบเกียรติบัตรฉบับนี้ให้ไว้เพื่อแสดงว่า โรงเรียนบ้านนาเดิม</p></body></html>"
    )
    start = time.perf_counter()
    for _ in range(ONE_AT_A_TIME):
        render_pdf(html)
    return time.perf_counter() - start


def main() -> None:
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-certificates-")
    prepare()
    render_pdf("<p>ก</p>")  # WeasyPrint's first render loads its libraries: not measured.
    seconds, cpu, pages = batch()
    rate = BATCH / seconds
    single = ONE_AT_A_TIME / one_by_one()
    plain = ONE_AT_A_TIME / plain_pages()
    print(f"certificates: batch job of {BATCH} (issue + audit + one PDF of {pages} pages)")
    print(f"  batch job            {seconds:7.2f} s  {rate:7.1f} certificates/s")
    # On a machine shared with other work the wall time is longer than the CPU time.
    print(f"  batch job, CPU only  {cpu:7.2f} s  {BATCH / cpu:7.1f} certificates/s")
    print(f"  baseline: one PDF each (x{ONE_AT_A_TIME})   {single:7.1f} certificates/s")
    print(f"  baseline: plain one-page PDF (x{ONE_AT_A_TIME})  {plain:7.1f} pages/s")
    print(f"  ratio batch / one PDF each: {rate / single:.1f}x")
    print(f"  ratio batch / plain one-page PDF: {rate / plain:.1f}x")
    verdict = "meets" if rate >= TARGET and pages == BATCH else "MISSES"
    print(f"  {verdict} the target of {TARGET:.0f} certificates/s with one page each")


if __name__ == "__main__":
    main()
