"""Pages, exports and API of the survey: access, suppression, the web form, instruments."""

from __future__ import annotations

import io
import re

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from moralprovince.organisations.models import Organisation
from moralprovince.surveys.models import InstrumentVersion, Response, ResponseImport, SurveyRound
from moralprovince.surveys.services import add_round_schools
from moralprovince.surveys.tests.base import (
    SurveyTestCase,
    cell_total,
    csv_text,
    import_bytes,
    many,
    upload,
)
from moralprovince.testing import PASSWORD, make_organisation


class SurveyPageTests(SurveyTestCase):
    def login(self, user: object) -> None:
        self.client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]

    def fill(self) -> None:
        # 12 boys in ม.1 at the first school, 3 girls in ม.2 at the second, 11 boys at a third.
        third = make_organisation(self.surat, "โรงเรียนท่าชนะ", "school", "840601")
        add_round_schools(actor=self.admin, survey_round=self.round, schools=[third])
        rows = many(12, self.school.code, answers=[4] * 48) + many(
            3, self.school2.code, start=50, sex="หญิง", grade="ม.2"
        )
        rows += many(11, "โรงเรียนท่าชนะ", start=80)
        import_bytes(self.round, csv_text(rows, self.items).encode())

    def test_outsiders_get_nothing(self) -> None:
        self.fill()
        record = ResponseImport.objects.first()
        assert record is not None
        urls = [
            reverse("surveys:round", args=[self.round.pk]),
            reverse("surveys:results", args=[self.round.pk]),
            reverse("surveys:results-xlsx", args=[self.round.pk]),
            reverse("surveys:responses-csv", args=[self.round.pk]),
            reverse("surveys:school-results", args=[self.round.pk, self.school.pk]),
            reverse("surveys:import", args=[record.pk]),
            reverse("surveys:national"),
            f"/api/v1/survey-rounds/{self.round.pk}/",
            f"/api/v1/survey-rounds/{self.round.pk}/results/",
        ]
        self.login(self.outsider)
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertNotContains(self.client.get(reverse("surveys:index")), self.round.name)
        # A reader of the province sees results but may not import or export responses.
        self.login(self.viewer)
        self.assertEqual(
            self.client.get(reverse("surveys:import", args=[record.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("surveys:responses-csv", args=[self.round.pk])).status_code, 404
        )

    def test_anonymised_export_has_no_id_and_no_age(self) -> None:
        self.fill()
        self.login(self.admin)
        response = self.client.get(reverse("surveys:responses-csv", args=[self.round.pk]))
        text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        lines = text.strip().split("\n")
        self.assertEqual(len(lines), 1 + 26)  # every respondent: the province total is shown
        self.assertNotIn("S0", text)  # no submission ids
        with translation.override("th"):
            self.assertNotIn(translation.gettext("Age"), lines[0])
        self.assertIn("100.0", text)

    def test_excel_and_pdf(self) -> None:
        self.fill()
        self.login(self.admin)
        book = load_workbook(
            io.BytesIO(
                self.client.get(reverse("surveys:results-xlsx", args=[self.round.pk])).content
            )
        )
        cells = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
        self.assertIn(26, cells)
        self.assertNotIn(
            3, [c for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r]
        )
        pdf = self.client.get(reverse("surveys:results-pdf", args=[self.round.pk]))
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        school_pdf = self.client.get(
            reverse("surveys:school-pdf", args=[self.round.pk, self.school.pk])
        )
        self.assertTrue(school_pdf.content.startswith(b"%PDF"))

    def test_import_through_the_pages(self) -> None:
        self.login(self.evaluator)
        content = csv_text(
            [
                *many(2, self.school.code),
                {"id": "bad", "school": self.school.code, "answers": [5] * 48},
            ],
            self.items,
        ).encode()
        response = self.client.post(
            reverse("surveys:import-upload", args=[self.round.pk]),
            {"file": upload("r.csv", content)},
        )
        record = ResponseImport.objects.get()
        self.assertRedirects(response, reverse("surveys:import", args=[record.pk]))
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("surveys:import", args=[record.pk]), {"action": "check"})
        page = self.client.get(reverse("surveys:import", args=[record.pk]))
        self.assertContains(page, "self01")
        # The problem by column and kind, without the value found.
        self.assertContains(page, "ไม่ใช่คำตอบในมาตรวัด")
        self.assertNotContains(page, "“5”")
        # Without the confirmation box nothing is imported; with it, the two valid rows are.
        self.client.post(reverse("surveys:import", args=[record.pk]), {"action": "import-valid"})
        self.assertEqual(Response.objects.count(), 0)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("surveys:import", args=[record.pk]),
                {"action": "import-valid", "confirm": "1"},
            )
        self.assertEqual(Response.objects.count(), 2)

    def test_a_round_is_started_through_the_page(self) -> None:
        self.login(self.evaluator)
        data = {
            "province": self.surat.pk,
            "version": self.version.pk,
            "fiscal_year": 2570,
            "name": "รอบ 2570",
            "opens_on": "01/06/2570",
            "closes_on": "01/05/2570",
        }
        page = self.client.post(reverse("surveys:round-new"), data)
        with translation.override("th"):
            refusal = translation.gettext("The round must close on or after the day it opens.")
        self.assertContains(page, refusal)
        self.assertFalse(SurveyRound.objects.filter(name="รอบ 2570").exists())
        response = self.client.post(
            reverse("surveys:round-new"), {**data, "closes_on": "31/08/2570"}
        )
        created = SurveyRound.objects.get(name="รอบ 2570")
        self.assertRedirects(response, reverse("surveys:round", args=[created.pk]))
        schools = Organisation.objects.filter(province=self.surat, kind__code="school")
        self.assertEqual(created.round_schools.count(), schools.count())
        self.login(self.viewer)
        self.assertEqual(self.client.get(reverse("surveys:round-new")).status_code, 404)

    def test_a_non_table_upload_is_refused_in_words(self) -> None:
        self.login(self.admin)
        response = self.client.post(
            reverse("surveys:import-upload", args=[self.round.pk]),
            {"file": upload("r.csv", b"%PDF-1.4\x00")},
            follow=True,
        )
        self.assertContains(response, "CSV")
        self.assertFalse(ResponseImport.objects.exists())


class WebFormTests(SurveyTestCase):
    def test_answer_on_a_phone_once(self) -> None:
        token = self.round.round_schools.get(organisation=self.school).token
        start = self.client.get(reverse("surveys:answer", args=[token]))
        self.assertContains(start, "ม.1")
        self.assertNotContains(start, 'name="name"')
        self.client.post(reverse("surveys:answer", args=[token]), {"grade": 8, "sex": 2, "age": 14})
        domains = list(self.version.domains.order_by("order"))
        last = None
        for number, domain in enumerate(domains, start=1):
            page = self.client.get(reverse("surveys:answer-step", args=[token, number]))
            self.assertContains(page, domain.name_th)
            answers = {item.code: "3" for item in domain.items.all()}
            last = self.client.post(reverse("surveys:answer-step", args=[token, number]), answers)
        assert last is not None
        self.assertRedirects(last, reverse("surveys:answer-done", args=[token]))
        # The last page sent again (a double tap) stores nothing more.
        self.client.post(
            reverse("surveys:answer-step", args=[token, len(domains)]),
            {i.code: "3" for i in domains[-1].items.all()},
        )
        self.assertEqual(Response.objects.filter(round=self.round).count(), 1)
        stored = Response.objects.get(round=self.round)
        self.assertEqual(
            (stored.grade, stored.sex, stored.age, stored.answers), (8, 2, 14, "3" * 48)
        )
        self.assertEqual(cell_total(self.round), 1)

    def test_the_form_shows_children_no_site_search_or_menu(self) -> None:
        token = self.round.round_schools.get(organisation=self.school).token
        self.client.force_login(self.admin)  # even a signed-in person sees only the survey
        self.client.post(reverse("surveys:answer", args=[token]), {"grade": 7, "sex": 1})
        for url in (
            reverse("surveys:answer", args=[token]),
            reverse("surveys:answer-step", args=[token, 1]),
            reverse("surveys:answer-done", args=[token]),
        ):
            with self.subTest(url=url):
                page = self.client.get(url, follow=True).content.decode()
                self.assertNotIn('role="search"', page)
                self.assertNotIn("main-nav", page)
                self.assertNotIn(reverse("surveys:index"), page)
                self.assertNotIn(f'href="{reverse("portal:home")}"', page)
                self.assertIn('class="textsize"', page)

    def test_back_keeps_the_answers_of_both_pages(self) -> None:
        token = self.round.round_schools.get(organisation=self.school).token
        first, second = list(self.version.domains.order_by("order"))[:2]
        page_one = {item.code: "4" for item in first.items.all()}
        self.client.post(reverse("surveys:answer", args=[token]), {"grade": 9, "sex": 2, "age": 15})
        self.client.post(reverse("surveys:answer-step", args=[token, 1]), page_one)
        # Half of page 2 answered, then Back: nothing is refused, and both pages keep theirs.
        codes = list(second.items.order_by("order").values_list("code", flat=True))
        half = {codes[0]: "2", codes[1]: "1", "move": "back"}
        back = self.client.post(reverse("surveys:answer-step", args=[token, 2]), half)
        self.assertRedirects(back, reverse("surveys:answer-step", args=[token, 1]))
        shown = self.client.get(reverse("surveys:answer-step", args=[token, 1]))
        self.assertEqual(shown.context["form"].initial, {**page_one, codes[0]: "2", codes[1]: "1"})
        html = shown.content.decode()
        self.assertEqual(len(re.findall(r'value="4"[^>]*checked', html)), len(page_one))
        again = self.client.get(reverse("surveys:answer-step", args=[token, 2])).content.decode()
        self.assertRegex(again, rf'name="{codes[0]}" value="2"[^>]*checked')
        self.assertRegex(again, rf'name="{codes[1]}" value="1"[^>]*checked')
        # "Next" comes first in the form, so the Enter key never goes back.
        self.assertLess(again.index('value="next"'), again.index('value="back"'))
        # Back from the first page: the grade, sex and age are still chosen.
        self.client.post(reverse("surveys:answer-step", args=[token, 1]), {"move": "back"})
        start = self.client.get(reverse("surveys:answer", args=[token]))
        self.assertEqual(start.context["form"].initial, {"grade": 9, "sex": 2, "age": 15})
        self.client.post(reverse("surveys:answer", args=[token]), {"grade": 9, "sex": 2})
        self.assertEqual(
            self.client.session[f"survey-{token}"]["answers"][codes[0]], 2
        )  # changing the first page keeps the answers
        self.assertEqual(Response.objects.count(), 0)

    def test_missing_answer_is_asked_again(self) -> None:
        token = self.round.round_schools.get(organisation=self.school).token
        self.client.post(reverse("surveys:answer", args=[token]), {"grade": 7, "sex": 1})
        page = self.client.post(reverse("surveys:answer-step", args=[token, 1]), {"self01": "4"})
        self.assertEqual(page.status_code, 200)
        self.assertEqual(Response.objects.count(), 0)


class InstrumentTests(SurveyTestCase):
    def login(self, user: object) -> None:
        self.client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]

    def test_reference_instrument_has_48_items_in_five_powers(self) -> None:
        counts = [d.items.count() for d in self.version.domains.order_by("order")]
        self.assertEqual(counts, [15, 8, 11, 6, 8])
        self.assertIn("Reference version", self.version.note)

    def test_workbook_round_trip_and_scoring_change(self) -> None:
        self.login(self.national)
        content = self.client.get(
            reverse(
                "surveys:instrument-workbook",
                args=[self.version.instrument_id, self.version.number],
            )
        ).content
        self.assertEqual(
            set(load_workbook(io.BytesIO(content)).sheetnames),
            {"survey", "choices", "scoring", "settings"},
        )
        self.client.post(
            reverse("surveys:instrument-upload"), {"file": upload("form.xlsx", content)}
        )
        second = InstrumentVersion.objects.get(
            instrument=self.version.instrument, number=self.version.number + 1
        )
        self.assertEqual(second.items.count(), 48)
        self.client.post(
            reverse("surveys:instrument-scoring", args=[self.version.instrument_id, second.number]),
            {"rule": "rescaled", "note": "ตามคู่มือ"},
        )
        third = InstrumentVersion.objects.get(
            instrument=self.version.instrument, number=second.number + 1
        )
        self.assertEqual(third.scoring_rule, "rescaled")
        self.version.refresh_from_db()
        self.assertEqual(self.version.scoring_rule, "raw")  # the round's version is unchanged

    def test_only_national_staff_change_instruments(self) -> None:
        self.login(self.admin)
        response = self.client.post(
            reverse(
                "surveys:instrument-scoring", args=[self.version.instrument_id, self.version.number]
            ),
            {"rule": "rescaled", "note": "x"},
        )
        self.assertEqual(response.status_code, 403)

    def test_broken_workbook_is_refused_in_words(self) -> None:
        self.login(self.national)
        response = self.client.post(
            reverse("surveys:instrument-upload"), {"file": upload("x.xlsx", b"nope")}, follow=True
        )
        self.assertTrue(re.search("xlsx", response.content.decode()))
        self.assertEqual(
            InstrumentVersion.objects.filter(instrument=self.version.instrument).count(), 1
        )
