"""Every file the site opens is bounded before it is read: bombs are refused, not opened."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase, override_settings
from openpyxl import Workbook
from PIL import Image

from moralprovince.lib import uploads
from moralprovince.lib.tests import bombs
from moralprovince.lib.tests.bombs import InEnglish
from moralprovince.lib.uploads import Limits, UnsafeFile

MiB = bombs.MiB
SMALL = Limits(expanded_bytes=8 * MiB, rows=100, columns=20)


def workbook(rows: int = 3, columns: int = 3) -> bytes:
    book = Workbook()
    for r in range(1, rows + 1):
        book.active.append([f"r{r}c{c}" for c in range(1, columns + 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ZipGuardTests(InEnglish, SimpleTestCase):
    def test_it_accepts_an_ordinary_workbook(self):
        uploads.check_workbook(workbook(), SMALL)

    def test_it_refuses_a_zip_that_inflates_past_the_limit(self):
        bomb = bombs.zip_bomb("xl/worksheets/sheet1.xml", 10 * MiB)
        self.assertLess(len(bomb), 50_000)
        with self.assertRaisesMessage(UnsafeFile, "more than 8 MB"):
            uploads.check_zip(bomb, SMALL)

    def test_it_measures_the_real_size_instead_of_believing_the_headers(self):
        liar = bombs.lying_zip("word/document.xml", 2 * MiB, declared=1000)
        with self.assertRaisesMessage(UnsafeFile, "not the size it declares"):
            uploads.check_zip(liar, uploads.DOCX)
        liar = bombs.lying_zip("word/document.xml", 60 * MiB, declared=1000)
        with self.assertRaisesMessage(UnsafeFile, "more than 50 MB"):
            uploads.check_zip(liar, uploads.DOCX)

    def test_it_refuses_a_member_that_expands_a_thousandfold(self):
        bomb = bombs.docx_bomb(5 * MiB)
        with self.assertRaisesMessage(UnsafeFile, "looks like a “zip bomb”"):
            uploads.check_zip(bomb, uploads.DOCX)

    def test_it_refuses_too_many_members(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for n in range(30):
                archive.writestr(f"part{n}.xml", b"<a/>")
        with self.assertRaisesMessage(UnsafeFile, "30 parts"):
            uploads.check_zip(buffer.getvalue(), Limits(expanded_bytes=MiB, members=20))

    def test_a_file_that_is_no_zip_is_left_to_its_reader(self):
        uploads.check_zip(b"school_code,sex\n", SMALL)

    def test_the_callers_refusal_carries_the_message(self):
        class Refused(Exception):
            pass

        with self.assertRaisesRegex(Refused, "more than 8 MB"):
            uploads.check_zip(bombs.zip_bomb("a.xml", 9 * MiB), SMALL, refuse=Refused)

    def test_an_upload_is_rewound_after_the_check(self):
        upload = SimpleUploadedFile("plan.xlsx", workbook())
        uploads.check_workbook(upload, SMALL)
        self.assertEqual(upload.tell(), 0)


class SheetExtentTests(InEnglish, SimpleTestCase):
    def test_the_farthest_cell_counts_not_the_number_of_cells(self):
        with self.assertRaisesMessage(UnsafeFile, "row 1,048,576 and column 16,384"):
            uploads.check_workbook(bombs.far_cell_workbook(), SMALL)

    def test_rows_and_columns_up_to_the_limits_are_read(self):
        uploads.check_workbook(workbook(rows=100, columns=20), SMALL)
        with self.assertRaisesMessage(UnsafeFile, "row 101"):
            uploads.check_workbook(workbook(rows=101, columns=2), SMALL)
        with self.assertRaisesMessage(UnsafeFile, "column 21"):
            uploads.check_workbook(workbook(rows=2, columns=21), SMALL)

    def test_cells_without_references_are_counted_in_order(self):
        sheet = io.BytesIO()
        xml = b"<worksheet><sheetData><row>" + b"<c/>" * 25 + b"</row></sheetData></worksheet>"
        with zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", xml)
        with self.assertRaisesMessage(UnsafeFile, "column 25"):
            uploads.check_workbook(sheet.getvalue(), SMALL)

    def test_prefixed_tags_are_read_too(self):
        sheet = io.BytesIO()
        xml = b'<x:worksheet><x:sheetData><x:row r="1"><x:c r="XFD1"/></x:row></x:sheetData>'
        with zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", xml + b"</x:worksheet>")
        with self.assertRaisesMessage(UnsafeFile, "column 16,384"):
            uploads.check_workbook(sheet.getvalue(), SMALL)


class CsvGuardTests(InEnglish, SimpleTestCase):
    def write(self, content: bytes) -> Path:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        path = Path(folder.name) / "responses.csv"
        path.write_bytes(content)
        return path

    def test_an_ordinary_file_passes(self):
        uploads.check_csv(self.write(b"a,b,c\n1,2,3\n4,5,6\n"), SMALL)
        uploads.check_csv(self.write(b"a,b,c\n1,2,3"), SMALL)
        uploads.check_csv(self.write(b"a,b,c\n1,2,3\n"), SMALL)

    def test_too_many_columns_or_rows_are_refused(self):
        with self.assertRaisesMessage(UnsafeFile, "column 30"):
            uploads.check_csv(self.write(b";".join([b"x"] * 30) + b"\n"), SMALL)
        with self.assertRaisesMessage(UnsafeFile, "at most 100 rows"):
            uploads.check_csv(self.write(b"a,b\n" + b"1,2\n" * 200), SMALL)

    def test_a_line_too_long_to_be_a_row_is_refused(self):
        with self.assertRaisesMessage(UnsafeFile, "longer than 1 MB"):
            uploads.check_csv(self.write(b"a,b\n" + b"x" * (3 * MiB) + b"\n1,2\n"), SMALL)

    def test_a_line_is_measured_across_the_blocks_it_is_read_in(self):
        # Blocks are 1 MB: these lines start in one block and end in the next.
        uploads.check_csv(self.write(b"a,b\n" + b"x" * MiB + b"\n1,2\n"), SMALL)
        with self.assertRaisesMessage(UnsafeFile, "longer than 1 MB"):
            uploads.check_csv(self.write(b"a,b\n" + b"x" * (MiB + 1) + b"\n1,2\n"), SMALL)
        with self.assertRaisesMessage(UnsafeFile, "longer than 1 MB"):
            uploads.check_csv(self.write(b"a,b\n1,2\n" + b"y" * (MiB + 1)), SMALL)


class ImageGuardTests(InEnglish, SimpleTestCase):
    def test_a_photo_within_the_limit_opens(self):
        with uploads.open_image(io.BytesIO(bombs.png(400, 300))) as image:
            self.assertEqual(image.size, (400, 300))

    def test_a_small_file_promising_too_many_pixels_is_refused_before_decoding(self):
        # The example from the finding: 10,900 × 10,900, under Pillow's error threshold.
        bomb = bombs.png(10_900, 10_900)
        self.assertLess(len(bomb), 200_000)
        with (
            self.assertRaisesMessage(UnsafeFile, "at most 60 million pixels"),
            uploads.open_image(io.BytesIO(bomb)),
        ):
            pass

    def test_pillow_refuses_past_the_limit_for_any_reader(self):
        self.assertEqual(Image.MAX_IMAGE_PIXELS, uploads.MAX_IMAGE_PIXELS)

    def test_formats_other_than_photos_are_not_tried(self):
        buffer = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buffer, format="TIFF")
        with (
            self.assertRaises(Image.UnidentifiedImageError),
            uploads.open_image(io.BytesIO(buffer.getvalue())),
        ):
            pass


class PdfGuardTests(InEnglish, SimpleTestCase):
    def test_the_text_of_an_ordinary_pdf_is_read(self):
        self.assertEqual(uploads.pdf_text(bombs.pdf_with_stream(1000)).strip(), "")

    def test_a_stream_that_inflates_past_the_limit_is_refused(self):
        bomb = bombs.pdf_with_stream(30 * MiB)
        self.assertLess(len(bomb), 100_000)
        with self.assertRaisesMessage(UnsafeFile, "more than 20 MB"):
            uploads.pdf_text(bomb)

    def test_too_many_pages_are_refused(self):
        with self.assertRaisesMessage(UnsafeFile, "2,001 pages"):
            uploads.pdf_text(bombs.pdf_with_stream(10, pages=2001))


class RequestSizeTests(InEnglish, TestCase):
    @override_settings(MAX_REQUEST_BYTES=1000)
    def test_a_body_over_the_limit_is_answered_413_unread(self):
        upload = SimpleUploadedFile("big.csv", b"x" * 2000)
        response = self.client.post("/accounts/login/", {"file": upload})
        self.assertEqual(response.status_code, 413)
        self.assertIn("The upload is larger than", response.content.decode())


# --- every reader of the site calls a guard ---------------------------------------------------

PACKAGE = Path(__file__).resolve().parents[2]
OPENERS = re.compile(
    r"load_workbook\(|read_excel\(|Image\.open\(|PdfReader\(|ZipFile\(|read_csv\(|scan_csv\("
)
# Each module that opens files, and the guard it must call.
GUARDED = {
    "lib/uploads.py": "def check_zip",
    "surveys/files.py": "check_table(",
    "surveys/xlsform.py": "check_workbook(",
    "plans/excel_import.py": "workbook_problems(",
    "knowledge/documents.py": "check_zip(",
    "assessments/bulk.py": "workbook_problems(",
    "assessments/criteria_workbook.py": "workbook_problems(",
    "people/signin.py": "workbook_problems(",
    "partnerships/signin.py": "check_workbook(",
}


class EveryReaderIsGuardedTests(InEnglish, SimpleTestCase):
    def test_each_module_that_opens_files_calls_its_guard(self):
        found = {}
        for path in PACKAGE.glob("*/**/*.py"):
            relative = path.relative_to(PACKAGE).as_posix()
            if "/tests/" in relative or "/migrations/" in relative:
                continue
            text = path.read_text(encoding="utf-8")
            if OPENERS.search(text):
                found[relative] = text
        self.assertEqual(sorted(found), sorted(GUARDED), "a new reader of files: guard it")
        for module, guard in GUARDED.items():
            self.assertIn(guard, found[module], module)
