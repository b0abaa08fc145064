"""Bulk import: encodings, formats, problems by row and column, idempotence, atomicity."""

from __future__ import annotations

import io
from unittest import mock

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from openpyxl import Workbook

from moralprovince.accounts.access import SYSTEM
from moralprovince.surveys import files, store
from moralprovince.surveys.files import FileRefused
from moralprovince.surveys.ingest import ImportRefused
from moralprovince.surveys.models import Response, ResultCell
from moralprovince.surveys.services import import_responses
from moralprovince.surveys.tests.base import (
    SurveyTestCase,
    cell_total,
    csv_text,
    import_bytes,
    many,
    upload_bytes,
)


def workbook(
    rows: list[list[object]], extra_sheet: bool = False, merge: str = "", formula: str = ""
) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "คำตอบ"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if formula:
        sheet[formula] = "=1+2"
    if extra_sheet:
        book.create_sheet("notes").append(["memo"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class ImportTests(SurveyTestCase):
    def test_csv_imports_scores_and_aggregates(self) -> None:
        rows = many(12, self.school.code, answers=[4] * 48) + many(
            3, "โรงเรียนไชยาวิทยา", start=100, sex="หญิง", grade="ม.2"
        )
        outcome = import_bytes(self.round, csv_text(rows, self.items).encode())
        self.assertEqual((outcome.rows, outcome.added), (15, 15))
        self.assertEqual(Response.objects.filter(round=self.round).count(), 15)
        self.assertEqual(cell_total(self.round), 15)
        school = ResultCell.objects.get(
            round=self.round, level="school", unit=str(self.school.pk), sex=0, grade=0, domain=0
        )
        self.assertEqual((school.n, school.score_sum, school.band0), (12, 12 * 4 * 48, 12))
        district = ResultCell.objects.get(
            round=self.round, level="district", unit="8406", sex=2, grade=0, domain=1
        )
        self.assertEqual(district.n, 3)
        self.assertEqual(district.score_sum, 3 * 3 * 15)  # all answers 3 in the 15 self items

    def test_reimporting_the_same_file_adds_nothing(self) -> None:
        content = csv_text(many(11, self.school.code), self.items).encode()
        import_bytes(self.round, content)
        again = import_bytes(self.round, content)
        self.assertEqual((again.added, again.already_present), (0, 11))
        self.assertEqual(Response.objects.filter(round=self.round).count(), 11)
        self.assertEqual(cell_total(self.round), 11)

    def test_a_write_that_fails_on_a_later_batch_leaves_nothing_and_says_so(self) -> None:
        """Batches are written on a second thread while the next is checked; its failure
        reaches the importer and the batches written before it are taken back."""
        content = csv_text(many(2_500, self.school.code), self.items).encode()
        record = upload_bytes(self.round, content)
        write = store._insert
        calls: list[int] = []

        def fail_second(*args: object) -> None:
            calls.append(1)
            if len(calls) == 2:
                raise DatabaseError("disk full")
            write(*args)  # type: ignore[arg-type]

        with (
            mock.patch.object(files, "BATCH_ROWS", 1_000),
            mock.patch.object(store, "_insert", fail_second),
            self.assertRaisesMessage(DatabaseError, "disk full"),
        ):
            import_responses(actor=SYSTEM, record=record, after_close=True)
        self.assertEqual(len(calls), 2)
        self.assertFalse(Response.objects.filter(round=self.round).exists())
        self.assertEqual(cell_total(self.round), 0)
        outcome = import_responses(actor=SYSTEM, record=record, after_close=True)
        self.assertEqual(outcome.added, 2_500)
        self.assertEqual(Response.objects.filter(round=self.round).count(), 2_500)

    def test_reimport_without_submission_ids_adds_nothing(self) -> None:
        text = csv_text(many(4, self.school.code), self.items)
        content = "\n".join(line.split(",", 1)[1] for line in text.strip().split("\n")).encode()
        import_bytes(self.round, content)
        self.assertEqual(import_bytes(self.round, content).added, 0)
        self.assertEqual(cell_total(self.round), 4)

    def test_cp874_file_keeps_its_thai(self) -> None:
        rows = [
            {
                "id": "T1",
                "school": "โรงเรียนไชยาวิทยา",
                "sex": "หญิง",
                "grade": "ม.๓",
                "answers": ["บ่อยครั้ง"] * 48,
            }
        ]
        content = csv_text(rows, self.items).encode("cp874")
        record = upload_bytes(self.round, content, "windows.csv")
        self.assertEqual(record.encoding, "cp874")
        outcome = import_responses(actor=SYSTEM, record=record)
        self.assertEqual(outcome.added, 1)
        response = Response.objects.get(round=self.round)
        self.assertEqual(
            (response.school_id, response.sex, response.grade, response.answers),
            (self.school2.pk, 2, 9, "3" * 48),
        )

    def test_utf8_with_bom_and_semicolons(self) -> None:
        content = (
            "\ufeff" + csv_text(many(2, self.school.code), self.items, separator=";")
        ).encode()
        self.assertEqual(import_bytes(self.round, content).added, 2)

    def test_problems_are_reported_by_row_and_column_and_nothing_is_stored(self) -> None:
        answers_bad = [3] * 48
        answers_bad[0], answers_bad[5] = 5, 0
        missing = [3] * 47 + [""]
        rows = [
            {"id": "A", "school": self.school.code},
            {"id": "B", "school": self.school.code, "answers": answers_bad},
            {"id": "C", "school": self.school.code, "answers": missing},
            {"id": "D", "school": "โรงเรียนบ้านรอบเวียง"},  # Chiang Rai
            {"id": "E", "school": "ไม่มีโรงเรียนนี้"},
            {"id": "A", "school": self.school.code},
            {"id": "F", "school": self.school.code, "grade": "ม.9"},
        ]
        with self.assertRaises(ImportRefused) as refused:
            import_bytes(self.round, csv_text(rows, self.items).encode())
        outcome = refused.exception.args[0]
        found = {(p["row"], p["column"], p["code"]) for p in outcome.problems}
        self.assertIn((3, "self01", "out_of_scale"), found)
        self.assertIn((3, "self06", "out_of_scale"), found)
        self.assertIn((4, "comm08", "missing_answer"), found)
        self.assertIn((5, "school", "other_province_school"), found)
        self.assertIn((6, "school", "unknown_school"), found)
        self.assertIn((7, "submission_id", "repeated_id"), found)
        self.assertIn((8, "grade", "bad_grade"), found)
        self.assertEqual(Response.objects.filter(round=self.round).count(), 0)
        self.assertFalse(ResultCell.objects.filter(round=self.round).exists())
        # Knowingly importing only the valid rows stores the one good row.
        self.assertEqual(
            import_bytes(self.round, csv_text(rows, self.items).encode(), only_valid=True).added, 1
        )

    def test_thai_digits_and_labels_are_answers(self) -> None:
        rows = [{"id": "X", "school": self.school.code, "answers": ["๔"] * 24 + ["เป็นประจำ"] * 24}]
        import_bytes(self.round, csv_text(rows, self.items).encode())
        self.assertEqual(Response.objects.get(round=self.round).answers, "4" * 48)

    def test_not_a_table_is_refused(self) -> None:
        for content in (b"%PDF-1.7 binary\x00\x01", b"", b"PK\x03\x04broken zip"):
            with self.subTest(content=content[:8]), self.assertRaises(FileRefused):
                upload_bytes(self.round, content, "x.csv")

    def test_truncated_csv_reports_the_missing_answers(self) -> None:
        content = csv_text(many(2, self.school.code), self.items).encode()[:-40]
        with self.assertRaises(ImportRefused) as refused:
            import_bytes(self.round, content)
        self.assertEqual({p["row"] for p in refused.exception.args[0].problems}, {3})
        self.assertEqual(Response.objects.count(), 0)

    def test_xlsx_with_blank_rows_and_extra_sheets(self) -> None:
        header = ["submission_id", "school", "grade", "sex", "age", *self.items]
        rows = [
            header,
            ["X1", self.school.code, "ม.1", "ชาย", 13, *[4] * 48],
            [None] * 5,
            ["X2", self.school.code, 7, "หญิง", 12, *[2] * 48],
        ]
        record = upload_bytes(self.round, workbook(rows, extra_sheet=True), "r.xlsx")
        outcome = import_responses(actor=SYSTEM, record=record)
        self.assertEqual(outcome.added, 2)
        self.assertTrue(any("notes" in n for n in record.notices))
        self.assertTrue(any("blank" in n or "ว่าง" in n for n in outcome.notices))

    def test_xlsx_formulas_and_merged_headers_are_refused_with_the_cell(self) -> None:
        header = ["submission_id", "school", "grade", "sex", "age", *self.items]
        data = ["X1", self.school.code, "ม.1", "ชาย", 13, *[4] * 48]
        for options, cell in (({"formula": "C2"}, "C2"), ({"merge": "A1:B1"}, "A1:B1")):
            with self.subTest(cell=cell), self.assertRaises(FileRefused) as refused:
                upload_bytes(self.round, workbook([header, data], **options), "r.xlsx")
            self.assertIn(cell, str(refused.exception))

    def test_google_forms_headers_match_by_question_text(self) -> None:
        texts = list(self.version.items.order_by("order").values_list("text_th", flat=True))
        header = [
            "ประทับเวลา",
            "โรงเรียน",
            "ระดับชั้น",
            "เพศ",
            *[f"{n}. {t}" for n, t in enumerate(texts, 1)],
        ]
        line = ["2026/07/01 9:00:00", self.school.name_th, "มัธยมศึกษาปีที่ 1", "หญิง", *["บางครั้ง"] * 48]
        content = (",".join(header) + "\n" + ",".join(line) + "\n").encode()
        record = upload_bytes(self.round, content, "google.csv")
        self.assertEqual(record.mapping["1. " + texts[0]], f"item:{self.items[0]}")
        self.assertEqual(record.mapping["โรงเรียน"], "school")
        self.assertEqual(import_responses(actor=SYSTEM, record=record).added, 1)

    def test_command_imports_with_a_progress_bar(self) -> None:
        path = f"{self.round.pk}-cmd.csv"
        from pathlib import Path
        from tempfile import TemporaryDirectory

        with TemporaryDirectory() as folder:
            file = Path(folder) / path
            file.write_text(csv_text(many(3, self.school.code), self.items), encoding="utf-8")
            out, err = io.StringIO(), io.StringIO()
            call_command(
                "import_survey_responses",
                "--round",
                str(self.round.pk),
                str(file),
                stdout=out,
                stderr=err,
            )
            self.assertIn("100%", err.getvalue())
            self.assertEqual(Response.objects.filter(round=self.round).count(), 3)
            bad = Path(folder) / "bad.csv"
            bad.write_text(
                csv_text([{"id": "Z", "school": "nowhere"}], self.items), encoding="utf-8"
            )
            with self.assertRaises(CommandError):
                call_command(
                    "import_survey_responses",
                    "--round",
                    str(self.round.pk),
                    str(bad),
                    stdout=out,
                    stderr=err,
                )
        self.assertEqual(Response.objects.filter(round=self.round).count(), 3)
