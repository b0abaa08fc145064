"""Generated files of responses through the import: it imports them or refuses them clearly.

Hypothesis writes tables of responses, right and wrong (unknown schools, grades and sexes,
answers off the scale, missing and extra columns, quotes, line breaks, Thai and other
scripts), as CSV in every encoding the import reads (UTF-8, UTF-8 with BOM, Thai Windows
cp874) and in one it refuses (UTF-16), as .xlsx, and as damaged bytes. Each file is either
refused with a message (nothing kept), or kept and then imported whole, or refused at
import with its problems (no response and no result cell stored). Any other exception is a
fault. The instrument workbook (XLSForm) is edited and damaged the same way: a new version is
saved whole, or the workbook is refused naming its sheet and row with no version written.
Examples are fixed in number and derandomized, so every run tries the same files.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from moralprovince.accounts.access import SYSTEM
from moralprovince.audit.models import AuditEntry
from moralprovince.surveys import queries
from moralprovince.surveys.files import FileRefused
from moralprovince.surveys.ingest import ImportRefused
from moralprovince.surveys.models import (
    Choice,
    Domain,
    GradeBand,
    InstrumentVersion,
    Item,
    Response,
    ResponseImport,
    ResultCell,
)
from moralprovince.surveys.services import create_import, create_version, import_responses
from moralprovince.surveys.tests.base import SurveyTestCase
from moralprovince.surveys.xlsform import WorkbookRefused, read_workbook, write_workbook
from moralprovince.testing_counts import COUNTS

EXAMPLES = 60
FIXED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
ENCODINGS = ["utf-8", "utf-8-sig", "cp874", "utf-16"]
TALLY: dict[str, int] = {}

# Cell text: Thai and Latin letters, digits (Arabic and Thai), the CSV's own punctuation.
THAI_TEXT = st.text(
    alphabet=st.sampled_from("กขคงมชายหญิงโรงเรียนม.ป.๑๒๓๔ abcXYZ0123456789 ,;\"'\t\n\r-_/"),
    max_size=12,
)
ANY_TEXT = st.text(max_size=8)
HEAD = ["submission_id", "school", "grade", "sex", "age"]


def tally(outcome: str) -> None:
    TALLY[outcome] = TALLY.get(outcome, 0) + 1
    COUNTS["hypothesis survey files"] = f"{sum(TALLY.values())} files: " + ", ".join(
        f"{name} {n}" for name, n in sorted(TALLY.items())
    )


@st.composite
def tables(draw: Any, items: list[str], schools: list[str]) -> list[list[Any]]:
    """A header and rows: mostly the instrument's columns, with right and wrong values."""
    header = [*HEAD, *items]
    if draw(st.integers(0, 3)) == 0:
        header = draw(st.permutations(header))
        header = header[: draw(st.integers(0, len(header)))]
        header += draw(st.lists(st.sampled_from(["note", "ชื่อ", "", "school", "q1"]), max_size=2))
    right = {
        "submission_id": st.one_of(st.just(""), st.from_regex(r"S[0-9]{1,3}", fullmatch=True)),
        "school": st.sampled_from(schools[:3]),
        "grade": st.sampled_from(["ม.1", "ม.2", "ม.3", "7", "๘"]),
        "sex": st.sampled_from(["ชาย", "หญิง", "1", "2"]),
        "age": st.one_of(st.integers(10, 20), st.just("")),
    }
    wrong = {
        "school": st.one_of(st.sampled_from(schools), THAI_TEXT),
        "age": st.one_of(st.integers(-1, 120), THAI_TEXT),
    }
    answer = st.integers(1, 4)
    bad_answer = st.one_of(st.integers(1, 4), st.integers(-5, 99), THAI_TEXT)
    good_row = st.tuples(*[right.get(name, answer) for name in header])
    # A messy row: any cell may be wrong (other scripts, numbers off the scale, line breaks).
    messy_row = st.tuples(
        *[
            st.one_of(right.get(name, answer), wrong.get(name, THAI_TEXT), bad_answer)
            for name in header
        ]
    )
    # Two rows in three are right, so that some files import whole and some are refused.
    row = st.integers(0, 2).flatmap(lambda n: messy_row if n == 0 else good_row)
    rows = draw(st.lists(row.map(list), max_size=6))
    return [header, *rows]


def csv_bytes(table: list[list[Any]], encoding: str, separator: str, newline: str) -> bytes:
    def quoted(value: Any) -> str:
        text = str(value)
        if any(c in text for c in f'"{separator}\r\n'):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [separator.join(quoted(v) for v in row) for row in table]
    return (newline.join(lines) + newline).encode(encoding, errors="replace")


def xlsx_bytes(table: list[list[Any]], dated: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in table:
        values = [int(v) if isinstance(v, str) and v.isdigit() and len(v) < 6 else v for v in row]
        if dated and values:
            values[-1] = dt.date(2024, 5, 1)
        # Text that Excel would read as a formula is written as text, as a person's would be.
        sheet.append([f"'{v}" if isinstance(v, str) and v.startswith("=") else v for v in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class GeneratedFileTests(SurveyTestCase):
    def counts(self) -> dict[str, int]:
        return {
            "responses": Response.objects.count(),
            "cells": ResultCell.objects.count(),
            "imports": ResponseImport.objects.count(),
            "audit": AuditEntry.objects.count(),
        }

    def schools(self) -> list[str]:
        return [self.school.code, self.school2.code, self.school2.name_th, "1057010001"]

    def attempt(self, content: bytes, name: str, label: str) -> None:
        """Upload and import in a transaction of its own, undone afterwards."""
        with transaction.atomic():
            self.upload_and_import(content, name, label)
            transaction.set_rollback(True)

    def upload_and_import(self, content: bytes, name: str, label: str) -> None:
        before = self.counts()
        try:
            record = create_import(
                actor=SYSTEM, survey_round=self.round, upload=io.BytesIO(content), name=name
            )
        except FileRefused as refused:
            self.assertTrue(str(refused).strip())
            self.assertEqual(self.counts(), before, "a refused file left rows behind")
            tally(f"{label} refused")
            return
        kept = self.counts()
        try:
            outcome = import_responses(actor=SYSTEM, record=record)
        except (ImportRefused, ValidationError) as refused:
            self.assertTrue(str(refused).strip())
            after = self.counts()
            self.assertEqual(
                (after["responses"], after["cells"]),
                (kept["responses"], kept["cells"]),
                "a refused import stored responses",
            )
            tally(f"{label} refused at import")
            return
        added = Response.objects.count() - before["responses"]
        self.assertEqual(added, outcome.added)
        self.assertEqual(outcome.added + outcome.already_present, outcome.valid_rows)
        tally(f"{label} imported")

    def test_csv_in_every_encoding_is_imported_or_refused_cleanly(self) -> None:
        @FIXED
        @given(
            table=tables(self.items, self.schools()),
            encoding=st.sampled_from(ENCODINGS),
            separator=st.sampled_from([",", ",", ";", "\t"]),
            newline=st.sampled_from(["\n", "\r\n"]),
        )
        def run(table: list[list[Any]], encoding: str, separator: str, newline: str) -> None:
            content = csv_bytes(table, encoding, separator, newline)
            self.attempt(content, "responses.csv", f"csv {encoding}")

        run()

    def test_the_utf16_csv_is_refused_with_a_message(self) -> None:
        content = "school,grade\n1084130001,ม.1\n".encode("utf-16")
        with self.assertRaisesMessage(FileRefused, "CSV"):
            create_import(
                actor=SYSTEM, survey_round=self.round, upload=io.BytesIO(content), name="r.csv"
            )

    def test_xlsx_is_imported_or_refused_cleanly(self) -> None:
        @FIXED
        @given(table=tables(self.items, self.schools()), dated=st.booleans())
        def run(table: list[list[Any]], dated: bool) -> None:
            self.attempt(xlsx_bytes(table, dated), "responses.xlsx", "xlsx")

        run()

    def test_damaged_bytes_are_refused_cleanly(self) -> None:
        good = xlsx_bytes([[*HEAD, *self.items]], dated=False)

        @FIXED
        @given(
            cut=st.integers(0, len(good)),
            noise=st.binary(max_size=64),
            name=st.sampled_from(["r.csv", "r.xlsx", "r.txt", "r"]),
        )
        def run(cut: int, noise: bytes, name: str) -> None:
            self.attempt(good[:cut] + noise, name, "damaged")

        run()


# Values written into the instrument workbook's cells.
CELL_VALUES = st.one_of(
    st.none(),
    st.integers(-5, 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["select_one scale", "integer", "text", "1.5", "=1+2", "ม.1", "x" * 3000]),
    st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=16),
)


class GeneratedInstrumentWorkbookTests(SurveyTestCase):
    def counts(self) -> tuple[int, ...]:
        models = (InstrumentVersion, Domain, Item, Choice, GradeBand, AuditEntry)
        return tuple(model.objects.count() for model in models)

    def test_edited_instrument_workbooks_are_saved_or_refused_cleanly(self) -> None:
        content = write_workbook(queries.version_data(self.version), self.version.number)

        @FIXED
        @given(
            edits=st.lists(
                st.tuples(st.integers(0, 3), st.integers(1, 12), st.integers(1, 8), CELL_VALUES),
                max_size=5,
            ),
            cut=st.one_of(st.none(), st.integers(0, len(content) - 1)),
        )
        def run(edits: list[Any], cut: int | None) -> None:
            book = load_workbook(io.BytesIO(content))
            for index, row, column, value in edits:
                sheet = book.worksheets[index % len(book.worksheets)]
                sheet.cell(row, column).value = value
            out = io.BytesIO()
            book.save(out)
            data = out.getvalue() if cut is None else content[:cut]
            with transaction.atomic():
                before = self.counts()
                try:
                    create_version(read_workbook(data), actor=SYSTEM)
                except (WorkbookRefused, ValidationError) as refused:
                    self.assertTrue(str(refused).strip())
                    self.assertEqual(self.counts(), before, "a refused workbook wrote rows")
                    tally("instrument workbook refused")
                else:
                    tally("instrument workbook saved")
                transaction.set_rollback(True)

        run()

    def edited(self, edit: Any) -> bytes:
        book = load_workbook(
            io.BytesIO(write_workbook(queries.version_data(self.version), self.version.number))
        )
        edit(book)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def test_a_choices_sheet_without_its_name_column_is_refused(self) -> None:
        content = self.edited(lambda book: book["choices"].delete_cols(2))
        with self.assertRaisesMessage(WorkbookRefused, "choices"):
            read_workbook(content)

    def test_a_settings_sheet_with_only_headings_is_refused(self) -> None:
        content = self.edited(lambda book: book["settings"].delete_rows(2))
        with self.assertRaisesMessage(WorkbookRefused, "settings"):
            read_workbook(content)

    def test_a_band_limit_that_is_not_a_finite_number_is_refused(self) -> None:
        def infinite(book: Any) -> None:
            sheet = book["scoring"]
            header = [cell.value for cell in sheet[1]]
            for row in range(2, sheet.max_row + 1):
                if sheet.cell(row, header.index("kind") + 1).value == "band":
                    sheet.cell(row, header.index("value") + 1).value = "NaN"

        with self.assertRaisesMessage(WorkbookRefused, "scoring"):
            read_workbook(self.edited(infinite))
