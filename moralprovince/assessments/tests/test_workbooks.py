"""Criteria as an Excel workbook: out, back in as a new draft version, and every problem
named by sheet, row and column with nothing stored."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from moralprovince.assessments.criteria_workbook import (
    ITEMS,
    RULES,
    SETTINGS,
    import_version,
    read_workbook,
    write_workbook,
)
from moralprovince.assessments.models import CriteriaVersion, VersionStatus
from moralprovince.assessments.tests.exchange import ExchangeTestCase
from moralprovince.audit.models import AuditEntry
from moralprovince.lib.sheets import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def edited(content: bytes, sheet: str, cell: str, value: Any) -> bytes:
    book = load_workbook(io.BytesIO(content))
    book[sheet][cell] = value
    return workbook_bytes(book)


def upload(content: bytes, name: str = "criteria.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def criteria_of(version: CriteriaVersion) -> tuple[Any, ...]:
    items = [
        (
            i.number,
            i.text_th,
            i.text_en,
            i.level,
            i.scoring,
            i.band_2_th,
            i.band_0_en,
            i.share_high,
            i.share_mid,
            i.evidence_th,
            i.evidence_required,
            i.prefill,
        )
        for i in version.items.order_by("number")
    ]
    rules = [
        (r.level, r.min_share, sorted((q.item.number, q.min_points) for q in r.requirements.all()))
        for r in version.rules.order_by("level")
    ]
    return items, rules


class CriteriaWorkbookTests(ExchangeTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.enterContext(translation.override("en"))

    def test_it_reads_back_the_criteria_it_writes_as_a_new_draft_version(self) -> None:
        content = write_workbook(self.version)
        data = read_workbook(upload(content))
        self.assertEqual(data.problems, [])
        new = import_version(actor=self.national, data=data)
        self.assertEqual((new.unit_type, new.fiscal_year), (self.version.unit_type, 2563))
        self.assertEqual(new.number, self.version.number + 1)
        self.assertEqual(new.status, VersionStatus.DRAFT)
        self.assertEqual(new.based_on, self.version)
        self.assertEqual(criteria_of(new), criteria_of(self.version))
        self.assertEqual(len(criteria_of(new)[0]), 9)
        names = load_workbook(io.BytesIO(content), read_only=True).sheetnames
        self.assertEqual(names, [ITEMS, RULES, SETTINGS, "readme"])
        entry = AuditEntry.objects.get(action="assessments.criteria.imported")
        self.assertEqual(entry.changes["items"]["after"], 9)

    def test_importing_over_a_version_in_use_leaves_it_as_it_was(self) -> None:
        before = criteria_of(self.version)
        content = edited(write_workbook(self.version), ITEMS, "B2", "ข้อความใหม่ของข้อ 1")
        content = edited(content, RULES, "B2", 60)
        new = import_version(actor=self.national, data=read_workbook(upload(content)))
        self.version.refresh_from_db()
        self.assertEqual(criteria_of(self.version), before)
        self.assertEqual(self.version.status, VersionStatus.PUBLISHED)
        self.assertEqual(new.items.get(number=1).text_th, "ข้อความใหม่ของข้อ 1")
        self.assertEqual(new.rules.get(level=1).min_share, Decimal(60))

    def test_a_changed_year_makes_version_1_of_that_year(self) -> None:
        content = edited(write_workbook(self.version), SETTINGS, "B2", 2566)
        new = import_version(actor=self.national, data=read_workbook(upload(content)))
        self.assertEqual((new.fiscal_year, new.number), (2566, 1))

    def test_every_problem_is_named_by_sheet_row_and_column_and_nothing_is_stored(self) -> None:
        content = write_workbook(self.version)
        for sheet, cell, value in [
            (SETTINGS, "A2", "village"),
            (SETTINGS, "B2", 2020),
            (ITEMS, "D3", 4),
            (ITEMS, "E4", "stars"),
            (ITEMS, "A5", 1),
            (ITEMS, "L6", 120),
            (ITEMS, "P7", "maybe"),
            (ITEMS, "B8", None),
            (RULES, "B3", "lots"),
            (RULES, "C4", "1=3, 42=1"),
        ]:
            content = edited(content, sheet, cell, value)
        count = CriteriaVersion.objects.count()
        data = read_workbook(upload(content))
        where = {(p.sheet, p.row, p.column.split(" ")[0]) for p in data.problems}
        self.assertEqual(
            where,
            {
                (SETTINGS, 2, "A"),
                (SETTINGS, 2, "B"),
                (ITEMS, 3, "D"),
                (ITEMS, 4, "E"),
                (ITEMS, 5, "A"),
                (ITEMS, 6, "L"),
                (ITEMS, 7, "P"),
                (ITEMS, 8, "B"),
                (RULES, 3, "B"),
                (RULES, 4, "C"),
                # Row 5 was item 4, which the rule of level 2 names.
                (RULES, 3, "C"),
            },
        )
        duplicate = next(p for p in data.problems if (p.sheet, p.row) == (ITEMS, 5))
        self.assertEqual(duplicate.message, "Item 1 is already on row 2.")
        self.assertEqual(CriteriaVersion.objects.count(), count)

    def test_a_share_band_upside_down_and_an_unknown_required_item_are_refused(self) -> None:
        content = edited(write_workbook(self.version), ITEMS, "M2", 90)
        content = edited(content, RULES, "C2", "1=1, 10=2")
        messages = [str(p) for p in read_workbook(upload(content)).problems]
        self.assertEqual(len(messages), 2)
        self.assertIn("share for 1 point must not be above", messages[0])
        self.assertIn("There is no item 10", messages[1])

    def test_a_missing_sheet_or_column_is_named(self) -> None:
        book = load_workbook(io.BytesIO(write_workbook(self.version)))
        del book[RULES]
        book[ITEMS].delete_cols(4)
        problems = read_workbook(upload(workbook_bytes(book))).problems
        self.assertIn((ITEMS, 1, "level"), [(p.sheet, p.row, p.column) for p in problems])
        self.assertIn((RULES, None), [(p.sheet, p.row) for p in problems])

    def test_a_file_that_is_not_a_workbook_is_refused(self) -> None:
        problems = read_workbook(upload(b"not a workbook at all")).problems
        self.assertEqual([p.message for p in problems], ["This is not an Excel workbook (.xlsx)."])
