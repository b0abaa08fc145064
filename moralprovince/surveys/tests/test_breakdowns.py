"""Every category of a breakdown (each sex, each grade of the round) is listed at every level,
on the pages, the PDF's context, the Excel file and the API: a category left out would say
that nobody is in it. Where a breakdown hides a group, an empty category looks hidden too."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from moralprovince.surveys import queries
from moralprovince.surveys.models import RoundSchool
from moralprovince.surveys.tests.base import SurveyTestCase, csv_text, import_bytes, many

HIDDEN = "ไม่แสดง"  # the start of the hidden text in Thai
EMPTY = "ไม่มีผู้ตอบ"  # "no responses"
SEXES = ["ชาย", "หญิง", "อื่น ๆ หรือไม่ระบุ"]


def table(page: str, table_id: str) -> str:
    part = page[page.index(f'id="{table_id}"') :]
    return part[: part.index("</table>")]


class BreakdownTests(SurveyTestCase):
    def load(self, *groups: tuple[int, str, str, str]) -> None:
        rows, start = [], 0
        for count, school, grade, sex in groups:
            rows += many(count, school, start, grade=grade, sex=sex)
            start += count
        import_bytes(self.round, csv_text(rows, self.items).encode())

    def member(self, school) -> RoundSchool:  # type: ignore[no-untyped-def]
        return RoundSchool.objects.get(round=self.round, organisation=school)

    def test_a_school_lists_every_category_and_hides_the_empty_ones_beside_hidden_ones(self):
        # The school has no ม.1 and no "other": another school has ม.1.
        self.load(
            (12, self.school.code, "ม.2", "ชาย"),
            (5, self.school.code, "ม.3", "หญิง"),
            (15, self.school2.code, "ม.1", "ชาย"),
        )
        context = queries.school_context(self.round, self.member(self.school))
        self.assertEqual([f.label for f in context["by_sex"]], SEXES)
        self.assertEqual([f.label for f in context["by_grade"]], ["ม.1", "ม.2", "ม.3"])
        # Girls (5) are hidden, and boys with them; "other" (nobody) looks the same.
        for figure in [*context["by_sex"], *context["by_grade"]]:
            with self.subTest(group=figure.label):
                self.assertTrue(figure.suppressed)
                self.assertFalse(figure.empty)
        self.client.force_login(self.admin)
        page = self.client.get(
            reverse("surveys:school-results", args=[self.round.pk, self.school.pk])
        ).content.decode()
        for table_id, labels in (("by-sex", SEXES), ("by-grade", ["ม.1", "ม.2", "ม.3"])):
            rows = table(page, table_id)
            self.assertNotIn(EMPTY, rows)
            for label in labels:
                self.assertIn(f'<td class="group">{label}<', rows)
            self.assertEqual(rows.count(HIDDEN), len(labels))

    def test_the_province_lists_every_category_on_every_output(self):
        self.load(
            (12, self.school.code, "ม.2", "ชาย"),
            (5, self.school.code, "ม.3", "หญิง"),
            (15, self.school2.code, "ม.1", "ชาย"),
        )
        context = queries.results_context(self.round)
        for rows in (context["by_sex"], context["by_grade"]):
            if any(f.suppressed for f in rows):
                self.assertFalse([f.label for f in rows if f.empty])
        self.assertEqual(len(context["by_sex"]), 3)
        self.assertEqual(len(context["by_grade"]), 3)
        self.client.force_login(self.admin)
        data = self.client.get(f"/api/v1/survey-rounds/{self.round.pk}/results/").json()
        self.assertEqual(sorted(data["by_sex"]), ["1", "2", "3"])
        self.assertEqual(sorted(data["by_grade"]), ["7", "8", "9"])
        # "Other" has nobody, and is told apart from a hidden group by nothing.
        self.assertTrue(data["by_sex"]["2"]["suppressed"])
        self.assertEqual(data["by_sex"]["3"], data["by_sex"]["2"])
        book = load_workbook(
            io.BytesIO(
                self.client.get(reverse("surveys:results-xlsx", args=[self.round.pk])).content
            )
        )
        labels = [row[0] for row in book.worksheets[0].iter_rows(values_only=True)]
        for label in [*SEXES, "ม.1", "ม.2", "ม.3"]:
            self.assertIn(label, labels)

    def test_an_empty_category_is_shown_as_empty_where_nothing_is_hidden(self):
        self.load(
            (15, self.school.code, "ม.1", "ชาย"),
            (15, self.school.code, "ม.2", "หญิง"),
        )
        context = queries.school_context(self.round, self.member(self.school))
        [male, female, other] = context["by_sex"]
        self.assertEqual((male.n, female.n), (15, 15))
        self.assertFalse(male.suppressed or female.suppressed)
        self.assertTrue(other.empty)
        self.assertFalse(other.suppressed)
        self.assertEqual([f.label for f in context["by_grade"]], ["ม.1", "ม.2"])
        # The other school has nobody: every category of it is listed, as empty.
        context = queries.school_context(self.round, self.member(self.school2))
        self.assertEqual([f.label for f in context["by_sex"]], SEXES)
        self.assertTrue(all(f.empty and not f.suppressed for f in context["by_sex"]))


class HiddenRowNoticeTests(SurveyTestCase):
    """On a phone the figures scroll sideways: a hidden or empty group says so in its first
    cell, under its name, not in a cell that starts after the name far to the right."""

    def test_the_notice_is_in_the_first_cell(self):
        rows = many(12, self.school.code, grade="ม.1", sex="ชาย")
        rows += many(5, self.school.code, start=50, grade="ม.1", sex="หญิง")
        import_bytes(self.round, csv_text(rows, self.items).encode())
        self.client.force_login(self.admin)
        page = self.client.get(reverse("surveys:results", args=[self.round.pk])).content.decode()
        rows_html = table(page, "by-sex").split("<tr")
        for label, note in (("หญิง", HIDDEN), ("อื่น ๆ หรือไม่ระบุ", HIDDEN)):
            with self.subTest(label=label):
                [row] = [r for r in rows_html if f'<td class="group">{label}<' in r]
                first = row[row.index('<td class="group">') : row.index("</td>")]
                self.assertIn(note, first)
        self.assertIn('<th class="group">', table(page, "by-sex"))
