"""Generated plan workbooks through the import: stored whole, or refused naming each problem.

Hypothesis starts from the workbook the site exports and changes its cells (numbers, dates
as cells or text in either era, Thai digits, formulas, text in other scripts, blanks, very
long text), merges cells, renames, adds or drops sheets, or cuts the file's bytes. Each
workbook either reads cleanly and is stored, or gives problems by sheet, row and column and
stores nothing (the rows of plans, goals, activities and budget lines are counted before
and after). Any other exception is a fault. Examples are fixed and derandomized.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from moralprovince.audit.models import AuditEntry
from moralprovince.plans import excel
from moralprovince.plans.excel_import import apply_import, read_workbook
from moralprovince.plans.models import Activity, BudgetLine, Goal, Plan
from moralprovince.plans.tests.base import PlanTestCase
from moralprovince.testing_counts import COUNTS

FIXED = settings(
    max_examples=50,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
TALLY: dict[str, int] = {}
FIRST = excel.HEADER_ROW + 1
VALUES = st.one_of(
    st.none(),
    st.integers(-10, 10**7),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 12, 31)),
    st.sampled_from(
        [
            "1/10/2563",
            "30/9/2564",
            "๑๕,๐๐๐",
            "15,000.50",
            "=1+2",
            "ความมีวินัย; จิตอาสา",
            "กตัญญู",
            "ศูนย์คุณธรรม",
            "วางแผน",
            "เครือข่ายศาสนา",
            "x" * 5000,
        ]
    ),
    # Any text a cell can hold (control characters cannot be written into a workbook).
    st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=20),
)
# (row, column) in the block above the table and in the table's first rows.
PLACES = st.tuples(st.integers(1, FIRST + 4), st.integers(1, len(excel.COLUMNS) + 2))


def tally(outcome: str) -> None:
    TALLY[outcome] = TALLY.get(outcome, 0) + 1


class GeneratedWorkbookTests(PlanTestCase):
    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        COUNTS["hypothesis plan workbooks"] = f"{sum(TALLY.values())} workbooks: " + ", ".join(
            f"{name} {n}" for name, n in sorted(TALLY.items())
        )

    def counts(self) -> tuple[int, ...]:
        return tuple(m.objects.count() for m in (Plan, Goal, Activity, BudgetLine, AuditEntry))

    def exported(self) -> bytes:
        return excel.export_workbook([self.plan], "สุราษฎร์ธานี", 2564)

    def attempt(self, content: bytes, label: str) -> None:
        with transaction.atomic():
            self.read_and_store(content, label)
            transaction.set_rollback(True)

    def read_and_store(self, content: bytes, label: str) -> None:
        upload = io.BytesIO(content)
        upload.name = "plan.xlsx"
        before = self.counts()
        with translation.override("en"):
            result = read_workbook(upload, actor=self.admin, province_id="84", fiscal_year=2564)
        self.assertEqual(self.counts(), before, "reading a workbook wrote rows")
        if not result.ok:
            self.assertTrue(all(str(problem).strip() for problem in result.problems))
            with self.assertRaises(ValidationError):
                apply_import(actor=self.admin, province=self.surat, fiscal_year=2564, result=result)
            self.assertEqual(self.counts(), before, "a refused workbook stored rows")
            tally(f"{label} refused")
            return
        apply_import(actor=self.admin, province=self.surat, fiscal_year=2564, result=result)
        tally(f"{label} stored")

    def test_edited_workbooks_are_stored_or_refused_cleanly(self) -> None:
        content = self.exported()

        @FIXED
        @given(
            edits=st.lists(st.tuples(PLACES, VALUES), max_size=6),
            merge=st.one_of(st.none(), PLACES),
            sheets=st.sampled_from(["same", "renamed", "copied", "no summary", "no plan"]),
        )
        def run(edits: list[Any], merge: Any, sheets: str) -> None:
            book = load_workbook(io.BytesIO(content))
            sheet = book[excel.sheet_title(self.plan)]
            for (row, column), value in edits:
                sheet.cell(row, column).value = value
            if merge:
                row, column = merge
                sheet.merge_cells(
                    start_row=row, start_column=column, end_row=row + 1, end_column=column
                )
            if sheets == "renamed":
                sheet.title = "แผนอื่น"
            elif sheets == "copied":
                book.copy_worksheet(sheet)
            elif sheets == "no summary":
                del book[excel.SUMMARY_SHEET]
            elif sheets == "no plan":
                del book[sheet.title]
            out = io.BytesIO()
            book.save(out)
            self.attempt(out.getvalue(), "edited" if edits or merge else sheets)

        run()

    def test_damaged_bytes_are_refused_cleanly(self) -> None:
        content = self.exported()

        @FIXED
        @given(cut=st.integers(0, len(content) - 1), noise=st.binary(max_size=64))
        def run(cut: int, noise: bytes) -> None:
            self.attempt(content[:cut] + noise, "damaged")

        run()

    def test_a_goal_or_activity_number_out_of_range_is_a_problem_of_its_cell(self) -> None:
        for key, value in [("goal_no", -1), ("no", 40000), ("participants", -5)]:
            with self.subTest(key=key, value=value):
                book = load_workbook(io.BytesIO(self.exported()))
                sheet = book[excel.sheet_title(self.plan)]
                column = [c.key for c in excel.COLUMNS].index(key) + 1
                sheet.cell(FIRST, column).value = value
                out = io.BytesIO()
                book.save(out)
                out.seek(0)
                out.name = "plan.xlsx"
                with translation.override("en"):
                    result = read_workbook(
                        out, actor=self.admin, province_id="84", fiscal_year=2564
                    )
                self.assertFalse(result.ok)
                letter = sheet.cell(FIRST, column).column_letter
                self.assertIn(
                    (FIRST, letter), {(p.row, p.column) for p in result.problems}, result.problems
                )
