"""Each place the site opens an uploaded file refuses the bombs of the security review."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase
from openpyxl import Workbook

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

    def test_a_sheet_that_inflates_past_200_mb_is_refused(self):
        bomb = bombs.sheet_bomb(201 * MiB)
        self.assertLess(len(bomb), 1_000_000)
        with self.assertRaisesMessage(FileRefused, "more than 200 MB"):
            self.open(bomb)

    def test_a_grid_of_more_than_six_million_cells_is_refused_within_rows_and_columns(self):
        # 250,000 rows and 500 columns are each allowed; the grid of 125 M cells took 6.4 GB.
        with self.assertRaisesMessage(FileRefused, "at most 6,000,000 cells are read"):
            self.open(bombs.far_cell_workbook("SF250000"))

    def test_one_long_shared_string_named_by_every_cell_is_refused(self):
        # 80 KB of workbook; fastexcel copied the string into each cell: 2.5 GB.
        bomb = bombs.shared_string_workbook(2_000, 20, 32_000)
        self.assertLess(len(bomb), 200_000)
        with self.assertRaisesMessage(FileRefused, "repeat its texts to more than 200 MB"):
            self.open(bomb)

    def test_shared_strings_within_the_budget_are_read(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "upload"
            path.write_bytes(bombs.shared_string_workbook(50, 3, 100))
            table = open_table(path, Path(folder))
        self.assertEqual(len(next(table.batches())), 49)

    def test_a_formula_megabytes_down_the_sheet_is_still_found_with_its_cell(self):
        # The sheet is read in pieces, no longer whole: a cell on a piece's edge still counts.
        book = Workbook()
        for number in range(40_000):
            book.active.append([f"R{number}", 1, 2, 3, 4])
        book.active["E40001"] = "=1+1"
        buffer = io.BytesIO()
        book.save(buffer)
        with self.assertRaisesMessage(FileRefused, "E40001"):
            self.open(buffer.getvalue())

    def test_a_workbook_of_200000_parts_is_refused_before_its_directory_is_read(self):
        with self.assertRaisesMessage(FileRefused, "200,000 parts; at most 2,000"):
            self.open(bombs.many_members_zip(200_000))

    def test_a_directory_larger_than_its_declared_parts_take_is_refused(self):
        with self.assertRaisesMessage(FileRefused, "table of contents"):
            self.open(bombs.many_members_zip(60_000, declared=1))

    def test_a_file_of_500_columns_is_read_a_few_thousand_rows_at_a_time(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "upload.csv"
            row = b",".join([b"1"] * 500) + b"\n"
            path.write_bytes(b",".join(b"q%d" % n for n in range(500)) + b"\n" + row * 20_000)
            table = open_table(path, Path(folder))
            self.assertEqual(table.batch_rows(), 8_000)
            self.assertEqual([len(b) for b in table.batches()], [8_000, 8_000, 4_000])


class InstrumentWorkbookTests(InEnglish, SimpleTestCase):
    def test_a_far_cell_is_refused(self):
        with self.assertRaisesMessage(WorkbookRefused, "row 1,048,576"):
            read_instrument(bombs.far_cell_workbook())


class PlanWorkbookTests(InEnglish, SimpleTestCase):
    def read(self, content: bytes) -> list[str]:
        upload = SimpleUploadedFile("plans.xlsx", content)
        result = read_plan_workbook(upload, actor=SYSTEM, province_id="84", fiscal_year=2564)
        return [p.message for p in result.problems]

    def test_a_sheet_that_inflates_past_25_mb_is_refused_with_the_reason(self):
        # 50 MB of dense cells took 820 MB in openpyxl.
        problems = self.read(bombs.sheet_bomb(26 * MiB))
        self.assertEqual(len(problems), 1)
        self.assertIn("more than 25 MB", problems[0])

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
