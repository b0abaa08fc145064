"""Each place the site opens an uploaded file refuses the bombs of the security review."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase

from moralprovince.accounts.access import SYSTEM
from moralprovince.knowledge.documents import extract_text
from moralprovince.lib.tests import bombs
from moralprovince.lib.tests.bombs import InEnglish
from moralprovince.monitoring.uploads import prepare_evidence
from moralprovince.plans.excel_import import read_workbook as read_plan_workbook
from moralprovince.surveys.files import FileRefused, open_table
from moralprovince.surveys.xlsform import WorkbookRefused
from moralprovince.surveys.xlsform import read_workbook as read_instrument

MiB = bombs.MiB


class SurveyFileTests(InEnglish, SimpleTestCase):
    def open(self, content: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "upload"
            path.write_bytes(content)
            open_table(path, Path(folder))

    def test_a_sheet_naming_a_cell_a_million_rows_down_is_refused_before_it_is_loaded(self):
        with self.assertRaisesMessage(FileRefused, "row 1,048,576 and column 16,384"):
            self.open(bombs.far_cell_workbook())

    def test_a_csv_with_thousands_of_columns_is_refused(self):
        with self.assertRaisesMessage(FileRefused, "column 5,000"):
            self.open(b",".join([b"q"] * 5000) + b"\n")

    def test_a_sheet_that_inflates_past_400_mb_is_refused(self):
        bomb = bombs.sheet_bomb(401 * MiB)
        self.assertLess(len(bomb), 1_000_000)
        with self.assertRaisesMessage(FileRefused, "more than 400 MB"):
            self.open(bomb)


class InstrumentWorkbookTests(InEnglish, SimpleTestCase):
    def test_a_far_cell_is_refused(self):
        with self.assertRaisesMessage(WorkbookRefused, "row 1,048,576"):
            read_instrument(bombs.far_cell_workbook())


class PlanWorkbookTests(InEnglish, SimpleTestCase):
    def read(self, content: bytes) -> list[str]:
        upload = SimpleUploadedFile("plans.xlsx", content)
        result = read_plan_workbook(upload, actor=SYSTEM, province_id="84", fiscal_year=2564)
        return [p.message for p in result.problems]

    def test_a_sheet_that_inflates_past_100_mb_is_refused_with_the_reason(self):
        problems = self.read(bombs.sheet_bomb(101 * MiB))
        self.assertEqual(len(problems), 1)
        self.assertIn("more than 100 MB", problems[0])

    def test_a_far_cell_is_refused(self):
        problems = self.read(bombs.far_cell_workbook("B30000"))
        self.assertIn("row 30,000", problems[0])


class DocumentTests(InEnglish, SimpleTestCase):
    def test_a_docx_that_inflates_to_60_mb_is_refused(self):
        bomb = bombs.docx_bomb(60 * MiB)
        self.assertLess(len(bomb), 200_000)
        with self.assertRaisesMessage(ValidationError, "more than 50 MB"):
            extract_text(SimpleUploadedFile("lessons.docx", bomb))

    def test_a_pdf_with_a_stream_bomb_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "more than 20 MB"):
            extract_text(SimpleUploadedFile("lessons.pdf", bombs.pdf_with_stream(30 * MiB)))


class PhotoTests(InEnglish, SimpleTestCase):
    def test_a_10900_pixel_square_png_is_refused_as_a_news_photo(self):
        upload = SimpleUploadedFile("photo.png", bombs.png(10_900, 10_900))
        with self.assertRaisesMessage(ValidationError, "10,900 × 10,900"):
            prepare_evidence(upload, images_only=True)

    def test_an_ordinary_photo_is_still_shrunk_and_kept(self):
        upload = SimpleUploadedFile("photo.png", bombs.png(3000, 2000))
        stored = prepare_evidence(upload, images_only=True)
        self.assertEqual(stored.content_type, "image/jpeg")
