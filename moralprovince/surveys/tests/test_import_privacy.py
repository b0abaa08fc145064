"""A file of responses keeps no child's name or id: the columns that identify a child are
dropped before anything is stored, never shown, and named; the copy kept while importing is
deleted once the file is imported or refused (or left too long), and its digest still makes
a second import of the same file add nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import tempfile
from pathlib import Path

import polars as pl
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from moralprovince.accounts.access import SYSTEM
from moralprovince.audit.models import AuditEntry
from moralprovince.surveys.columns import identifying_columns
from moralprovince.surveys.ingest import ImportRefused, submission_key
from moralprovince.surveys.models import Response, ResponseImport
from moralprovince.surveys.services import check_import, import_responses, purge_stale_imports
from moralprovince.surveys.tests.base import (
    SurveyTestCase,
    csv_text,
    import_bytes,
    many,
    stored_files,
    upload,
    upload_bytes,
)

# Headings that name a child, in Thai and English, as schools' sheets have them.
IDENTIFYING = [
    "ชื่อ",
    "นามสกุล",
    "ชื่อ-สกุล",
    "เลขประจำตัวนักเรียน",
    "รหัสนักเรียน",
    "เลขบัตรประชาชน",
    "เบอร์โทร",
    "name",
    "first_name",
    "student_id",
    "citizen_id",
    "phone",
    "email",
    "dob",
]
CHILD = ["สมชาย", "ใจดี", "ด.ช.สมชาย ใจดี", "12345", "S-6789", "1849900123456", "0812345678"]
CHILD += ["Somchai", "Somchai J.", "ST-42", "3100100100100", "+66811112222", "somchai@ex.th"]
CHILD += ["2011-05-04"]


def with_child_columns(content: str) -> str:
    """The file with the identifying columns (and one child's details on each row) first."""
    lines = content.strip().split("\n")
    head = ",".join(IDENTIFYING) + "," + lines[0]
    return "\n".join([head, *(",".join(CHILD) + "," + line for line in lines[1:])]) + "\n"


class DroppedColumnsTests(SurveyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.media = self.fresh_media()

    def content(self, count: int = 2) -> bytes:
        return with_child_columns(csv_text(many(count, self.school.code), self.items)).encode()

    def test_identifying_headings_in_thai_and_english_are_found_and_others_are_not(self):
        kept = ["ชื่อโรงเรียน", "school name", "ประทับเวลา", "ชั้น", "เพศ", "อายุ", "_uuid", "id"]
        self.assertEqual(identifying_columns([*IDENTIFYING, *kept], {}), IDENTIFYING)
        # A question's text may hold "ชื่อ" ("เชื่อ"): a column matched to a question stays.
        question = "ฉันเชื่อมั่นในตัวเอง"
        self.assertEqual(identifying_columns([question], {question: "item:self01"}), [])

    def test_the_columns_are_dropped_before_anything_is_stored_and_named(self):
        self.client.force_login(self.admin)
        sent = self.client.post(
            reverse("surveys:import-upload", args=[self.round.pk]),
            {"file": upload("class.csv", self.content())},
            follow=True,
        )
        record = ResponseImport.objects.get()
        self.assertEqual(record.dropped_columns, IDENTIFYING)
        self.assertFalse(set(IDENTIFYING) & set(record.columns))
        self.assertFalse(set(IDENTIFYING) & set(record.mapping))
        self.assertContains(sent, "ไม่ได้นำเข้าและไม่ได้เก็บไว้ เพราะระบุตัวเด็กได้")
        # The stored copy holds none of the child's details, in any column.
        (kept,) = stored_files(self.media)
        table = pl.read_parquet(kept)
        self.assertFalse(set(IDENTIFYING) & set(table.columns))
        values = {str(v) for column in table.iter_columns() for v in column.to_list()}
        self.assertFalse(set(CHILD) & values)
        for detail in CHILD:
            self.assertNotIn(detail.encode(), kept.read_bytes())
        # The preview and the matching never show them; the page names the columns left out.
        page = self.client.get(reverse("surveys:import", args=[record.pk])).content.decode()
        for detail in CHILD:
            self.assertNotIn(detail, page)
        self.assertIn("“รหัสนักเรียน”", page)
        self.assertNotIn(self.school.code, page)  # nor any row of the file
        entry = AuditEntry.objects.get(action="surveys.import.created")
        self.assertEqual(entry.changes["dropped_columns"]["after"], IDENTIFYING)
        # And the file imports as before.
        self.assertEqual(import_responses(actor=SYSTEM, record=record).added, 2)

    def test_a_workbook_keeps_its_row_numbers_without_the_dropped_columns(self):
        book = Workbook()
        sheet = book.active
        sheet.append(["ชื่อ-สกุล", "เลขประจำตัวนักเรียน", "school", "grade", *self.items])
        sheet.append(["ด.ช.สมชาย ใจดี", "12345", self.school.code, "ม.1", *[3] * 48])
        sheet.append([None] * 4)
        sheet.append(["ด.ญ.สมหญิง", "12346", self.school.code, "ม.1", 9, *[3] * 47])
        out = io.BytesIO()
        book.save(out)
        record = upload_bytes(self.round, out.getvalue(), "class.xlsx")
        self.assertEqual(record.dropped_columns, ["ชื่อ-สกุล", "เลขประจำตัวนักเรียน"])
        self.assertEqual(record.kind, "xlsx")
        with self.assertRaises(ImportRefused) as refused:
            import_responses(actor=SYSTEM, record=record)
        # Row 4 in Excel (after the blank row 3), as the school's sheet shows it.
        (problem,) = refused.exception.args[0].problems
        self.assertEqual((problem["row"], problem["column"]), (4, "self01"))
        self.assertTrue(any("ว่าง" in n for n in record.notices))
        for detail in ("สมชาย", "12345", "สมหญิง"):
            self.assertNotIn(detail, str(problem))

    def test_a_file_kept_before_columns_were_dropped_never_shows_them(self):
        columns = ["ชื่อ", "school", "grade", *self.items]
        line = ["ด.ช.สมชาย", self.school.code, "ม.1", *["3"] * 48]
        record = ResponseImport.objects.create(
            round=self.round,
            file=ContentFile(
                (",".join(columns) + "\n" + ",".join(line) + "\n").encode(), name="old.csv"
            ),
            original_name="old.csv",
            sha256="1" * 64,
            kind="csv",
            encoding="utf-8",
            columns=columns,
            mapping={c: (f"item:{c}" if c in self.items else "") for c in columns}
            | {"school": "school", "grade": "grade"},
        )
        self.client.force_login(self.admin)
        page = self.client.get(reverse("surveys:import", args=[record.pk])).content.decode()
        self.assertNotIn("สมชาย", page)
        self.assertNotIn(">ชื่อ<", page)
        self.assertNotIn(self.school.code, page)


class KeptFileTests(SurveyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.media = self.fresh_media()

    def test_the_copy_is_deleted_once_imported_and_the_digest_keeps_a_second_import_empty(self):
        text = csv_text(many(3, self.school.code), self.items)
        # No submission ids: each row's key comes from the file's digest and its row.
        content = "\n".join(line.split(",", 1)[1] for line in text.strip().split("\n")).encode()
        record = upload_bytes(self.round, content)
        self.assertEqual(len(stored_files(self.media)), 1)
        with self.captureOnCommitCallbacks(execute=True):
            import_responses(actor=SYSTEM, record=record)
        record.refresh_from_db()
        self.assertEqual((record.status, record.file.name), ("imported", ""))
        self.assertEqual(stored_files(self.media), [])
        self.assertEqual(record.sha256, hashlib.sha256(content).hexdigest())
        imported = AuditEntry.objects.get(action="surveys.responses.imported")
        self.assertEqual(imported.changes["kept_file"]["after"], "")
        # The keys are those of the file as uploaded, as before copies were kept.
        first = submission_key(f"{record.sha256}:2")
        self.assertTrue(Response.objects.filter(round=self.round, key=first).exists())
        with self.captureOnCommitCallbacks(execute=True):
            again = upload_bytes(self.round, content)
        self.assertTrue(any("เคยนำเข้า" in n for n in again.notices))
        with self.captureOnCommitCallbacks(execute=True):
            outcome = import_responses(actor=SYSTEM, record=again)
        self.assertEqual((outcome.added, outcome.already_present), (0, 3))
        self.assertEqual(stored_files(self.media), [])

    def test_refused_and_failed_imports_leave_no_file(self):
        bad = csv_text([{"id": "x", "school": "nowhere"}], self.items).encode()
        for n in range(5):
            with self.captureOnCommitCallbacks(execute=True), self.assertRaises(ImportRefused):
                import_bytes(self.round, bad + f"\n#{n}".encode())
        statuses = set(ResponseImport.objects.values_list("status", flat=True))
        self.assertEqual(statuses, {"refused"})
        # A check that finds the file unreadable (here: its matching undone) also drops it.
        record = upload_bytes(self.round, csv_text(many(1, self.school.code), self.items).encode())
        ResponseImport.objects.filter(pk=record.pk).update(mapping={})
        record.refresh_from_db()
        with self.captureOnCommitCallbacks(execute=True):
            check_import(actor=SYSTEM, record=record)
        self.assertEqual(record.status, "failed")
        self.assertEqual(stored_files(self.media), [])
        self.assertEqual(ResponseImport.objects.exclude(file="").count(), 0)
        self.assertFalse(Response.objects.exists())

    def test_the_command_leaves_no_file_when_it_refuses(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bad.csv"
            path.write_text(csv_text([{"id": "Z", "school": "nowhere"}], self.items))
            with self.captureOnCommitCallbacks(execute=True), self.assertRaises(CommandError):
                call_command(
                    "import_survey_responses",
                    "--round",
                    str(self.round.pk),
                    str(path),
                    stdout=io.StringIO(),
                    stderr=io.StringIO(),
                )
        self.assertEqual(stored_files(self.media), [])

    def test_files_kept_by_imports_that_are_over_are_deleted_whatever_their_age(self):
        # As imports made before copies were deleted at once left them.
        content = csv_text(many(1, self.school.code), self.items).encode()
        done = upload_bytes(self.round, content, name="done.csv")
        ResponseImport.objects.filter(pk=done.pk).update(status="imported")
        # The next upload clears it; so would the command.
        with self.captureOnCommitCallbacks(execute=True):
            waiting = upload_bytes(self.round, content, name="waiting.csv")
        done.refresh_from_db()
        self.assertEqual((done.status, done.file.name), ("imported", ""))
        self.assertEqual([p.name for p in stored_files(self.media)], [Path(waiting.file.name).name])
        removed = AuditEntry.objects.get(action="surveys.import.file_removed")
        self.assertEqual(removed.object_id, str(done.pk))
        out = io.StringIO()
        call_command("purge_survey_imports", stdout=out)
        self.assertIn("0", out.getvalue())

    @override_settings(SURVEY_IMPORT_KEEP_HOURS=24)
    def test_an_upload_left_unimported_is_deleted_after_the_hours_kept(self):
        content = csv_text(many(1, self.school.code), self.items).encode()
        fresh = upload_bytes(self.round, content, name="fresh.csv")
        old = upload_bytes(self.round, content, name="old.csv")
        ResponseImport.objects.filter(pk=old.pk).update(
            created_at=timezone.now() - dt.timedelta(hours=25)
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(purge_stale_imports(actor=SYSTEM), 1)
        old.refresh_from_db()
        self.assertEqual((old.status, old.file.name), ("failed", ""))
        self.assertEqual([p.name for p in stored_files(self.media)], [Path(fresh.file.name).name])
        removed = AuditEntry.objects.get(action="surveys.import.file_removed")
        self.assertEqual(removed.object_id, str(old.pk))
        # Its page says the file is gone and offers nothing to do with it.
        self.client.force_login(self.admin)
        page = self.client.get(reverse("surveys:import", args=[old.pk]))
        self.assertContains(page, 'id="no-file"')
        self.assertNotContains(page, 'value="check"')
        entries = AuditEntry.objects.count()
        for data in ({"action": "check"}, {"action": "mapping", "col-0": "school"}):
            sent = self.client.post(reverse("surveys:import", args=[old.pk]), data, follow=True)
            self.assertContains(sent, "ไม่ได้เก็บไฟล์นี้ไว้แล้ว")
        old.refresh_from_db()
        self.assertEqual(old.status, "failed")
        self.assertEqual(AuditEntry.objects.count(), entries)


class ImportPageShowsNoRowsTests(SurveyTestCase):
    """The import's page shows the columns, their matching and how many rows have which
    problem: never a row of the file (a child's school, grade, sex and age), and only to
    those who run the round."""

    def setUp(self) -> None:
        super().setUp()
        self.fresh_media()
        rows = [
            *many(2, self.school.code, grade="ม.5", sex="หญิง", age=17),
            {"id": "S9", "school": self.school.code, "age": 99},
        ]
        self.record = upload_bytes(
            self.round, csv_text(rows, self.items).encode(), actor=self.admin
        )
        check_import(actor=SYSTEM, record=self.record)
        self.record.refresh_from_db()

    def page(self, user):  # type: ignore[no-untyped-def]
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(reverse("surveys:import", args=[self.record.pk]))

    def test_no_row_of_the_file_is_shown(self):
        page = self.page(self.admin).content.decode()
        self.assertNotIn('id="preview"', page)
        self.assertNotIn(self.school.code, page)
        self.assertNotIn("“99”", page)  # the bad age itself
        self.assertNotIn(">17<", page)
        # What is shown: the columns matched, and the problem by column with its row number.
        self.assertIn('id="mapping"', page)
        problems = page[page.index('id="problems"') :]
        problems = problems[: problems.index("</table>")]
        self.assertIn("<td>age</td>", problems)
        self.assertIn("ไม่ใช่อายุ 6 ถึง 25 ปี", problems)
        self.assertIn("<td>4</td>", problems)  # the row, counted after the heading

    def test_only_those_who_run_the_round_open_it(self):
        for user in (self.admin, self.evaluator, self.national):
            with self.subTest(user=user.username):
                self.assertEqual(self.page(user).status_code, 200)
        for user in (self.outsider, self.coordinator, self.reporter, self.viewer):
            with self.subTest(user=user.username):
                self.assertEqual(self.page(user).status_code, 404)
                sent = self.client.post(
                    reverse("surveys:import", args=[self.record.pk]), {"action": "check"}
                )
                self.assertEqual(sent.status_code, 404)
                sent = self.client.post(
                    reverse("surveys:import-upload", args=[self.round.pk]),
                    {"file": upload("r.csv", b"a\n1\n")},
                )
                self.assertEqual(sent.status_code, 404)
        self.assertEqual(self.page(None).status_code, 302)  # to the sign-in page
