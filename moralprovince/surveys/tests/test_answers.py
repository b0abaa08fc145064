"""One answer check: the web form, the API and a file import refuse the same wrong answer
("5" to question self01, on the 1–4 scale) in the same words, naming where it is."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from moralprovince.surveys.ingest import ImportRefused
from moralprovince.surveys.models import Response
from moralprovince.surveys.problems import describe
from moralprovince.surveys.tests.base import SurveyTestCase, csv_text, import_bytes

BAD = "5"
WORDS_TH = "“5” ไม่ใช่คำตอบในมาตรวัด"
WORDS_EN = "“5” is not an answer on the scale"


class OneAnswerCheckTests(SurveyTestCase):
    def first_page(self, bad: str = BAD) -> dict[str, str]:
        domain = self.version.domains.order_by("order").first()
        assert domain is not None
        answers = {item.code: "3" for item in domain.items.all()}
        answers["self01"] = bad
        return answers

    def test_the_web_form_puts_the_refusal_under_the_question(self) -> None:
        token = self.round.round_schools.get(organisation=self.school).token
        step = reverse("surveys:answer-step", args=[token, 1])
        self.client.post(reverse("surveys:answer", args=[token]), {"grade": 7, "sex": 1})
        page = self.client.post(step, self.first_page())
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.context["form"].errors, {"self01": [WORDS_TH]})
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = self.client.post(step, self.first_page())
        self.assertEqual(page.context["form"].errors, {"self01": [WORDS_EN]})
        self.assertContains(page, WORDS_EN)
        # A label is an answer too, as it is in a file.
        page = self.client.post(step, self.first_page(bad="เป็นประจำ"))
        self.assertRedirects(page, reverse("surveys:answer-step", args=[token, 2]))
        self.assertEqual(self.client.session[f"survey-{token}"]["answers"]["self01"], 4)
        self.assertEqual(Response.objects.count(), 0)

    def api_row(self, submission: str, bad: Any = BAD) -> dict[str, object]:
        answers: dict[str, object] = {code: 3 for code in self.items}
        answers["self01"] = bad
        return {
            "submission_id": submission,
            "school": self.school.pk,
            "grade": 7,
            "sex": 1,
            "answers": answers,
        }

    def test_the_api_names_the_submission_and_the_answer(self) -> None:
        self.client.force_login(self.evaluator)
        url = f"/api/v1/survey-rounds/{self.round.pk}/responses/"
        rows = [self.api_row("a", bad=3), self.api_row("b", bad=int(BAD))]
        for language, words in (("th", WORDS_TH), ("en", WORDS_EN)):
            response = self.client.post(
                url, rows, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
            )
            self.assertEqual(response.status_code, 400)
            with translation.override(language):
                expected = translation.gettext(
                    "In submission “%(submission)s”, question “%(item)s”: %(problem)s"
                ) % {"submission": "b", "item": "self01", "problem": words}
            self.assertEqual(response.json(), {"1": [expected]})
        self.assertEqual(Response.objects.count(), 0)
        # Labels and Thai digits are answers through the API as in a file.
        accepted = [self.api_row("c", bad="เป็นประจำ"), self.api_row("d", bad="๒")]
        response = self.client.post(url, accepted, content_type="application/json")
        self.assertEqual(response.json(), {"added": 2, "already_present": 0})
        stored = sorted(Response.objects.values_list("answers", flat=True))
        self.assertEqual(stored, ["2" + "3" * 47, "4" + "3" * 47])

    def test_a_file_import_names_the_row_and_the_column(self) -> None:
        answers: list[object] = [BAD] + [3] * 47
        content = csv_text(
            [{"id": "b", "school": self.school.code, "answers": answers}], self.items
        )
        with self.assertRaises(ImportRefused) as refused:
            import_bytes(self.round, content.encode())
        (problem,) = refused.exception.args[0].problems
        self.assertEqual(
            (problem["row"], problem["column"], problem["code"]), (2, "self01", "out_of_scale")
        )
        self.assertEqual(describe(problem), f"แถวที่ 2 คอลัมน์ “self01”: {WORDS_TH}")
        with translation.override("en"):
            self.assertEqual(describe(problem), f"Row 2, column “self01”: {WORDS_EN}")
        self.assertEqual(Response.objects.count(), 0)

    def test_a_single_letter_is_not_taken_for_an_answer(self) -> None:
        # One character that is not a digit once slipped through the fast path of the import.
        rows: list[dict[str, Any]] = [
            {"id": "a", "school": self.school.code},
            {"id": "b", "school": self.school.code, "answers": ["x"] + [3] * 47},
        ]
        with self.assertRaises(ImportRefused) as refused:
            import_bytes(self.round, csv_text(rows, self.items).encode())
        found = [(p["row"], p["column"], p["code"]) for p in refused.exception.args[0].problems]
        self.assertEqual(found, [(3, "self01", "out_of_scale")])


class OneProfileCheckTests(SurveyTestCase):
    api_row = OneAnswerCheckTests.api_row

    """Grade, sex and age are checked in one place, for the API and the web form alike."""

    def test_a_grade_out_of_range_is_refused_by_the_api_and_the_web_service(self) -> None:
        from django.contrib.auth.models import AnonymousUser
        from django.core.exceptions import ValidationError

        from moralprovince.surveys import services
        from moralprovince.surveys.services import WebAnswers

        self.client.force_login(self.evaluator)
        row = self.api_row("x", bad=3) | {"grade": 13, "age": 40}
        response = self.client.post(
            f"/api/v1/survey-rounds/{self.round.pk}/responses/",
            [row],
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json(),
            {
                "0": [
                    "In submission “x”: the grade must be 1–12 (ป.1 is 1, ม.1 is 7)",
                    "In submission “x”: the age must be 6–25 years or left out",
                ]
            },
        )
        member = self.round.round_schools.get(organisation=self.school)
        answers = WebAnswers(nonce="n1", grade=7, sex=4, age=None, answers=row["answers"])
        with translation.override("en"), self.assertRaises(ValidationError) as refused:
            services.submit_web_response(actor=AnonymousUser(), member=member, answers=answers)
        self.assertEqual(
            refused.exception.messages,
            ["the sex must be 1 (male), 2 (female) or 3 (other or not stated)"],
        )
        self.assertEqual(Response.objects.count(), 0)


class StartPageTests(SurveyTestCase):
    def test_no_grade_or_sex_is_chosen_for_the_pupil_and_skipping_them_is_refused(self) -> None:
        token = self.round.round_schools.get(organisation=self.school).token
        url = reverse("surveys:answer", args=[token])
        html = self.client.get(url).content.decode()
        self.assertIn('<option value="" selected>', html)
        self.assertNotRegex(html, r'value="\d+" selected')
        self.assertNotIn("checked", html)
        refused = self.client.post(url, {"grade": "", "sex": ""})
        self.assertEqual(refused.status_code, 200)
        self.assertEqual(set(refused.context["form"].errors), {"grade", "sex"})
