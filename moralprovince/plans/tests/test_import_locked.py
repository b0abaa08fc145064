"""Exporting a year and importing it back: plans under review are left alone unless changed."""

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl.utils import get_column_letter

from moralprovince.audit.models import AuditEntry
from moralprovince.plans import excel, services
from moralprovince.plans.excel_import import apply_import
from moralprovince.plans.models import Goal, Plan
from moralprovince.plans.services import GoalInput
from moralprovince.plans.tests.test_excel import ExcelTestCase, upload


class LockedPlanImportTests(ExcelTestCase):
    def approve(self) -> None:
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        services.approve_plan(actor=self.admin, plan=self.plan)
        self.plan.refresh_from_db()

    def letter(self, key: str) -> str:
        return get_column_letter(self.column(key))

    def test_the_unchanged_export_of_an_approved_plan_reads_as_nothing_to_do(self):
        self.approve()
        result = self.read(self.exported())
        self.assertTrue(result.ok, [str(p) for p in result.problems])
        self.assertEqual(result.changed, [])
        logged = AuditEntry.objects.count()
        self.assertEqual(
            apply_import(actor=self.admin, province=self.surat, fiscal_year=2564, result=result),
            [],
        )
        self.assertEqual(AuditEntry.objects.count(), logged)

    def test_the_unchanged_export_of_a_submitted_plan_reads_as_nothing_to_do(self):
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        result = self.read(self.exported(), user=self.coordinator)
        self.assertTrue(result.ok, [str(p) for p in result.problems])
        self.assertEqual(result.changed, [])

    def test_a_changed_row_of_an_approved_plan_is_refused_naming_sheet_row_and_plan(self):
        self.approve()
        book = self.exported()
        ws = self.sheet(book)
        rows = [r for r in range(excel.HEADER_ROW + 1, ws.max_row + 1)]
        camp_row = next(r for r in rows if ws.cell(r, self.column("no")).value == 2)
        ws.cell(camp_row, self.column("amount")).value = 95000
        before = self.counts()
        result = self.read(book)
        self.assertFalse(result.ok)
        [problem] = result.problems
        self.assertEqual(
            (problem.sheet, problem.row, problem.column),
            (ws.title, camp_row, self.letter("amount")),
        )
        self.assertIn(f"“{self.plan.title}”", problem.message)
        self.assertIn("open a revision", problem.message)
        self.assertEqual(self.counts(), before)

    def test_leaving_out_an_activity_of_an_approved_plan_is_refused_naming_it(self):
        self.approve()
        book = self.exported()
        ws = self.sheet(book)
        for row in range(ws.max_row, excel.HEADER_ROW, -1):
            if ws.cell(row, self.column("no")).value == 2:
                ws.delete_rows(row)
        [problem] = self.read(book).problems
        self.assertEqual((problem.sheet, problem.row), (ws.title, excel.HEADER_ROW + 1))
        self.assertIn("Activity 2", problem.message)
        self.assertIn(self.plan.title, problem.message)

    def test_a_changed_title_of_a_submitted_plan_says_to_have_it_returned(self):
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        book = self.exported()
        self.sheet(book)["B1"] = "แผนใหม่"
        [problem] = self.read(book).problems
        self.assertEqual((problem.row, problem.column), (1, "B"))
        self.assertIn("return it", problem.message)

    def test_a_returned_plan_is_changed_by_its_sheet_as_a_draft_is(self):
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        services.return_plan(actor=self.admin, plan=self.plan, comment="แก้งบ")
        book = self.exported()
        self.sheet(book)["B1"] = "แผนใหม่"
        result = self.read(book)
        self.assertTrue(result.ok, [str(p) for p in result.problems])
        apply_import(actor=self.admin, province=self.surat, fiscal_year=2564, result=result)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.title, "แผนใหม่")

    def test_a_goal_without_activities_survives_the_round_trip(self):
        empty = services.create_goal(
            actor=self.coordinator, plan=self.plan, data=GoalInput(text="ยังไม่มีกิจกรรม")
        )
        book = self.exported()
        self.sheet(book)["B1"] = "แผนใหม่"
        # The coordinator imports: the admin who approves below must not have entered it.
        result = self.read(book, self.coordinator)
        apply_import(actor=self.coordinator, province=self.surat, fiscal_year=2564, result=result)
        self.assertTrue(Goal.objects.filter(pk=empty.pk).exists())
        self.approve()
        self.assertEqual(self.read(self.exported()).changed, [])


class ImportPageTests(ExcelTestCase):
    def post(self, book, language: str = "th"):
        self.login(self.admin)
        self.client.cookies["django_language"] = language
        file = SimpleUploadedFile("plans.xlsx", upload(book).getvalue())
        url = reverse("plans:year-import", args=["84", 2564])
        return self.client.post(url, {"file": file}, follow=True)

    def messages(self, response) -> list[str]:
        return [str(m) for m in get_messages(response.wsgi_request)]

    def test_the_unchanged_export_of_approved_plans_says_there_is_nothing_to_import(self):
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        services.approve_plan(actor=self.admin, plan=self.plan)
        book = self.exported()
        response = self.post(book)
        self.assertRedirects(response, reverse("plans:year", args=["84", 2564]))
        self.assertIn("สมุดงานนี้ตรงกับแผนที่บันทึกไว้แล้ว", response.content.decode())
        response = self.post(book, "en")
        self.assertIn(
            "The workbook is the same as the stored plans: there was nothing to import.",
            response.content.decode(),
        )
        self.assertEqual(Plan.objects.get().status, "approved")

    def test_a_change_to_an_approved_plan_is_listed_in_thai_with_the_plan_named(self):
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        services.approve_plan(actor=self.admin, plan=self.plan)
        book = self.exported()
        self.sheet(book)["B1"] = "แผนใหม่"
        page = self.post(book).content.decode()
        self.assertIn("เปิดการปรับแผน", page)
        self.assertIn(f"“{self.plan.title}”", page)
        self.assertEqual(Plan.objects.get().title, self.plan.title)
