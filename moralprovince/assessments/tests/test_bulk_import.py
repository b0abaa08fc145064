"""Results collected on paper, through the round's Excel template: every problem by row and
column, nothing stored if any row is wrong, the same file twice changes nothing; and a
round's results out to Excel."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from moralprovince.assessments import bulk
from moralprovince.assessments.models import (
    Assessment,
    AssessmentStatus,
    ItemScore,
    Level,
    Transition,
    UnitType,
)
from moralprovince.assessments.tests.exchange import ExchangeTestCase
from moralprovince.lib.sheets import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
S = AssessmentStatus
# Items 1 and 2 are share items (a percent); the rest score 2/1/0.
FULL = [100, 100, 2, 2, 2, 2, 2, 2, 2]
LEVEL_2 = [60, 60, 1, 1, 2, 2, 2, 0, 0]


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("results.xlsx", content, content_type=XLSX)


class BulkMixin:
    """Fill in a round's template and import it, for a test case with `rnd` and `admin`."""

    rnd: Any
    admin: Any

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        self.enterContext(translation.override("en"))  # type: ignore[attr-defined]

    def template(self) -> Any:
        content = bulk.write_template(self.rnd, UnitType.ORGANISATION)
        return load_workbook(io.BytesIO(content))

    def row_of(self, sheet: Any, organisation: Any) -> int:
        for number in range(bulk.FIRST_ROW, sheet.max_row + 1):
            if sheet.cell(number, 1).value == organisation.pk:
                return number
        raise AssertionError("the organisation is not in the template")

    def fill(self, book: Any, organisation: Any, scores: list[Any], account: str = "") -> int:
        sheet = book[UnitType.ORGANISATION]
        row = self.row_of(sheet, organisation)
        for index, value in enumerate(scores):
            sheet.cell(row, 5 + 2 * index, value)
            if account:
                sheet.cell(row, 6 + 2 * index, f"{account} {index + 1}")
        return row

    def run_import(self, book: Any, target: str = S.SUBMITTED) -> tuple[bulk.BulkResult, int]:
        result = bulk.read_results(
            upload(workbook_bytes(book)),
            rnd=self.rnd,
            unit_type=UnitType.ORGANISATION,
            target=target,
        )
        if not result.ok:
            return result, 0
        changed = bulk.apply_results(
            actor=self.admin,
            rnd=self.rnd,
            unit_type=UnitType.ORGANISATION,
            target=target,
            result=result,
        )
        return result, changed


class BulkImportTests(BulkMixin, ExchangeTestCase):
    def test_the_template_lists_every_organisation_of_the_round_with_a_column_per_item(
        self,
    ) -> None:
        sheet = self.template()[UnitType.ORGANISATION]
        keys = [c.value for c in sheet[bulk.KEY_ROW]]
        self.assertEqual(keys[:5], ["unit_id", "code", "name", "district", "item_1"])
        self.assertEqual(keys[-2:], ["item_9", "account_9"])
        ids = [sheet.cell(r, 1).value for r in range(bulk.FIRST_ROW, sheet.max_row + 1)]
        self.assertEqual(len(ids), 3)
        self.assertEqual(set(ids), {self.school.pk, self.university.pk, self.temple.pk})

    def test_rows_are_stored_as_submitted_with_the_level_of_the_rule(self) -> None:
        book = self.template()
        self.fill(book, self.school, FULL, account="ทำแล้ว")
        self.fill(book, self.temple, LEVEL_2)
        result, changed = self.run_import(book)
        self.assertEqual(result.problems, [])
        self.assertEqual(changed, 2)
        school, temple = self.of(self.school), self.of(self.temple)
        self.assertEqual((school.status, school.level), (S.SUBMITTED, Level.MODEL))
        # Level 1: 1+1+1+1 = 4 of 8; level 2: 4+6 = 10 of 14 (71 %); level 3 needs item 4 at 2.
        self.assertEqual((temple.status, temple.level), (S.SUBMITTED, Level.MORAL))
        self.assertEqual(temple.level_reason[0], {"level": 3, "item": 1, "points": 1, "needed": 2})
        score = ItemScore.objects.get(assessment=school, item__number=1)
        self.assertEqual((score.self_points, score.self_share, score.account), (2, 100, "ทำแล้ว 1"))
        self.assertIsNone(score.verified_points)
        self.assertEqual(self.of(self.university).status, S.NOT_STARTED)
        step = Transition.objects.get(assessment=school)
        self.assertEqual(
            (step.from_status, step.to_status, step.actor), ("not_started", "submitted", self.admin)
        )

    def test_the_same_file_twice_changes_nothing(self) -> None:
        book = self.template()
        self.fill(book, self.school, FULL)
        self.run_import(book)
        before = list(Assessment.objects.values_list("pk", "status", "level", "updated_at"))
        result, changed = self.run_import(book)
        self.assertEqual((result.problems, changed, len(result.rows)), ([], 0, 1))
        self.assertEqual(
            list(Assessment.objects.values_list("pk", "status", "level", "updated_at")), before
        )
        self.assertEqual(Transition.objects.count(), 1)

    def test_the_template_made_after_an_import_imports_as_nothing_new(self) -> None:
        book = self.template()
        self.fill(book, self.school, LEVEL_2)
        self.run_import(book)
        result, changed = self.run_import(self.template())
        self.assertEqual((result.problems, changed), ([], 0))

    def test_verified_results_get_the_verified_scores(self) -> None:
        book = self.template()
        self.fill(book, self.school, FULL)
        self.run_import(book, target=S.VERIFIED)
        school = self.of(self.school)
        self.assertEqual((school.status, school.verified_by), (S.VERIFIED, self.admin))
        self.assertEqual(set(school.scores.values_list("verified_points", flat=True)), {2})

    def test_evidence_stays_attached_when_a_submitted_result_is_entered_again(self) -> None:
        book = self.template()
        self.fill(book, self.school, FULL)
        self.run_import(book)
        score = ItemScore.objects.get(assessment=self.of(self.school), item__number=3)
        score.evidence.create(kind="link", link="https://example.org/plan")
        self.fill(book, self.school, LEVEL_2)
        _result, changed = self.run_import(book)
        self.assertEqual(changed, 1)
        score.refresh_from_db()
        self.assertEqual((score.self_points, score.evidence.count()), (1, 1))

    def test_every_bad_row_is_named_and_nothing_is_stored(self) -> None:
        book = self.template()
        sheet = book[UnitType.ORGANISATION]
        school_row = self.fill(book, self.school, FULL)
        self.fill(book, self.temple, [100, 100, 3, 2, 2, 2, 2, 2, 2])
        university_row = self.fill(book, self.university, [101, "x", 2, 2, 2, 2, 2, 2, None])
        extra = sheet.max_row + 1
        sheet.append([self.other_org.pk, "", "", "", *([2] * 18)])
        sheet.append([None, "", "ไม่มีองค์กรนี้", "", *([2] * 18)])
        sheet.append([self.school.pk, "", "", "", *([1] * 18)])
        result, changed = self.run_import(book)
        found = {(p.row, p.column.split(" ")[0], p.message) for p in result.problems}
        temple_row = self.row_of(sheet, self.temple)
        self.assertEqual(
            found,
            {
                (temple_row, "I", "Item 3: the score must be one of 0, 1, 2."),
                (university_row, "E", "Item 1: write the share as a percent from 0 to 100."),
                (university_row, "G", "Item 2: write the share as a percent from 0 to 100."),
                (university_row, "U", "Item 9 has no score."),
                (extra, "A", "This organisation belongs to another province."),
                (extra + 1, "C", "There is no such organisation in this round."),
                (extra + 2, "A", f"This unit is already on row {school_row}."),
            },
        )
        self.assertEqual(changed, 0)
        self.assertFalse(
            Assessment.objects.filter(round=self.rnd).exclude(status=S.NOT_STARTED).exists()
        )
        self.assertFalse(ItemScore.objects.exclude(self_points=None).exists())

    def test_an_approved_result_is_not_changed_by_an_import(self) -> None:
        book = self.template()
        self.fill(book, self.school, FULL)
        self.run_import(book)
        Assessment.objects.filter(pk=self.of(self.school).pk).update(status=S.APPROVED)
        result, _changed = self.run_import(book)
        self.assertEqual(result.problems, [])
        self.fill(book, self.school, LEVEL_2)
        result, _changed = self.run_import(book)
        self.assertEqual(len(result.problems), 1)
        self.assertIn("return or reopen it", result.problems[0].message)
        self.assertEqual(self.of(self.school).level, Level.MODEL)

    def test_a_unit_found_by_code_or_name(self) -> None:
        self.school.code = "SCH-01"
        self.school.save()
        book = self.template()
        sheet = book[UnitType.ORGANISATION]
        row = self.fill(book, self.school, FULL)
        sheet.cell(row, 1, None)
        temple_row = self.fill(book, self.temple, FULL)
        sheet.cell(temple_row, 1, None)
        result, changed = self.run_import(book)
        self.assertEqual((result.problems, changed), ([], 2))

    def test_a_missing_sheet_column_or_a_file_that_is_no_workbook_is_named(self) -> None:
        book = self.template()
        book[UnitType.ORGANISATION].title = "Sheet1"
        result, _changed = self.run_import(book)
        self.assertEqual([(p.sheet, p.row) for p in result.problems], [("organisation", None)])
        book = self.template()
        book[UnitType.ORGANISATION].delete_cols(7)
        result, _changed = self.run_import(book)
        self.assertEqual(
            [(p.row, p.column, p.message) for p in result.problems],
            [(bulk.KEY_ROW, "item_2", "The column item_2 is missing.")],
        )
        result = bulk.read_results(
            upload(b"PK not really"), rnd=self.rnd, unit_type="organisation", target=S.SUBMITTED
        )
        self.assertEqual(len(result.problems), 1)
        self.assertEqual(result.problems[0].sheet, "file")
