"""Thai pages say things in Thai: sex and grade by their Thai names, import problems as
sentences with their count, API errors in the client's language, numbers with separators."""

from __future__ import annotations

import io
import json

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from moralprovince.surveys.models import ResponseImport
from moralprovince.surveys.tests.base import SurveyTestCase, csv_text, import_bytes, many, upload


def th(text: str) -> str:
    with translation.override("th"):
        return translation.gettext(text)


class ThaiWordsTests(SurveyTestCase):
    def test_sex_and_grade_have_their_thai_names(self) -> None:
        rows = many(12, self.school.code) + many(11, self.school2.code, 50, sex="หญิง", grade="ม.2")
        import_bytes(self.round, csv_text(rows, self.items).encode())
        self.login(self.admin)
        page = self.client.get(reverse("surveys:results", args=[self.round.pk])).content.decode()
        by_sex = page[page.index('id="by-sex"') : page.index('id="by-grade"')]
        self.assertIn('<td class="group">ชาย<', by_sex)
        self.assertIn('<td class="group">หญิง<', by_sex)
        self.assertNotIn("male", by_sex.lower())
        content = self.client.get(reverse("surveys:results-xlsx", args=[self.round.pk])).content
        labels = [
            row[0]
            for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True)
        ]
        self.assertIn("หญิง", labels)
        self.assertIn("ม.2", labels)
        header = [
            c
            for c in next(
                load_workbook(io.BytesIO(content)).worksheets[1].iter_rows(values_only=True)
            )
        ]
        self.assertFalse([h for h in header if " grade" in str(h) or "of respondents" in str(h)])

    def test_import_problems_are_counted_in_a_sentence(self) -> None:
        self.login(self.evaluator)
        rows = [
            *many(2, self.school.code),
            {"id": "x", "school": self.school.code, "answers": [5] * 48},
        ]
        rows.append({"id": "y", "school": "โรงเรียนไม่มีจริง"})
        self.client.post(
            reverse("surveys:import-upload", args=[self.round.pk]),
            {"file": upload("r.csv", csv_text(rows, self.items).encode())},
        )
        record = ResponseImport.objects.get()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("surveys:import", args=[record.pk]), {"action": "check"})
        page = self.client.get(reverse("surveys:import", args=[record.pk])).content.decode()
        self.assertIn("CSV (UTF-8)", page)
        summary = page[page.index('id="problem-counts"') : page.index('id="problems"')]
        self.assertNotIn("out_of_scale", summary)
        self.assertNotIn("unknown_school", summary)
        with translation.override("th"):
            scale = translation.ngettext(
                "%(count)s answer is not a value of the answer scale.",
                "%(count)s answers are not values of the answer scale.",
                48,
            ) % {"count": "48"}
            school = translation.ngettext(
                "%(count)s row names a school that is not in the round.",
                "%(count)s rows name a school that is not in the round.",
                1,
            ) % {"count": "1"}
        self.assertIn(scale, summary)
        self.assertIn(school, summary)

    def test_numbers_have_thousands_separators(self) -> None:
        rows = many(1200, self.school.code)
        record = import_bytes(self.round, csv_text(rows, self.items).encode())
        self.assertEqual(record.added, 1200)
        self.login(self.admin)
        results = self.client.get(reverse("surveys:results", args=[self.round.pk]))
        self.assertContains(results, '<td class="num">1,200</td>')
        imported = ResponseImport.objects.get()
        page = self.client.get(reverse("surveys:import", args=[imported.pk])).content.decode()
        self.assertIn("1,200", page)
        self.assertNotIn(">1200", page)
        round_page = self.client.get(reverse("surveys:round", args=[self.round.pk]))
        self.assertContains(round_page, '<td class="num">1,200</td>')
        content = self.client.get(reverse("surveys:results-xlsx", args=[self.round.pk])).content
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        counts = [row[0] for row in sheet.iter_rows(min_col=2, max_col=2) if row[0].value == 1200]
        self.assertEqual(counts[0].number_format, "#,##0")


class ApiWordsTests(SurveyTestCase):
    def post(self, body: str, language: str = "th") -> dict[str, object]:
        self.login(self.evaluator)
        response = self.client.post(
            f"/api/v1/survey-rounds/{self.round.pk}/responses/",
            body,
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        self.assertEqual(response.status_code, 400)
        return response.json()

    def test_errors_are_all_thai_for_a_thai_client(self) -> None:
        self.assertEqual(
            self.post(json.dumps({"submission_id": "a"})),
            {"non_field_errors": [th("Send a JSON list of responses, one object per response.")]},
        )
        self.assertEqual(
            self.post("{not json"), {"detail": th("The request body is not valid JSON.")}
        )
        errors = self.post(json.dumps([{"submission_id": "a", "school": "x", "answers": []}]))
        self.assertEqual(
            errors,
            {
                "0": {
                    "school": ["ช่อง “school” ต้องเป็นจำนวนเต็ม"],
                    "grade": ["ไม่มีช่อง “grade”"],
                    "sex": ["ไม่มีช่อง “sex”"],
                    "answers": [
                        th("“answers” must be an object: each question's code and its answer.")
                    ],
                }
            },
        )
        self.assertEqual(
            self.post(json.dumps(["x"])),
            {
                "0": {
                    "non_field_errors": [th("Each response must be a JSON object with its fields.")]
                }
            },
        )
        missing = self.client.get(
            "/api/v1/survey-rounds/999999/results/", HTTP_ACCEPT_LANGUAGE="th"
        )
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(missing.json(), {"detail": "ไม่พบรอบสำรวจ 999999 ที่คุณมีสิทธิ์ดู"})

    def test_errors_are_english_for_an_english_client(self) -> None:
        errors = self.post(json.dumps([{"submission_id": "a", "school": "x", "answers": {}}]), "en")
        self.assertEqual(errors["0"]["school"], ["“school” must be a whole number."])  # type: ignore[index]
        self.assertEqual(errors["0"]["grade"], ["“grade” is missing."])  # type: ignore[index]
