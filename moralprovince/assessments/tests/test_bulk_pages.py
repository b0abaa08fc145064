"""The pages of a round's paper results and its results workbook: the round's managers
import; whoever sees the round exports what they see; everyone else gets 404."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from moralprovince.assessments.models import Level
from moralprovince.assessments.tests.base import AssessmentTestCase
from moralprovince.assessments.tests.test_bulk_import import (
    FULL,
    LEVEL_2,
    XLSX,
    BulkMixin,
    S,
    upload,
)
from moralprovince.lib.sheets import workbook_bytes


class BulkPageTests(BulkMixin, AssessmentTestCase):
    def test_the_admin_downloads_the_template_and_imports_it(self) -> None:
        self.login(self.admin)
        url = reverse("assessments:results-template", args=[self.rnd.pk, "organisation"])
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], XLSX)
        book = load_workbook(io.BytesIO(response.content))
        self.fill(book, self.school, FULL)
        response = self.client.post(
            reverse("assessments:results-import", args=[self.rnd.pk]),
            {
                "unit_type": "organisation",
                "status": "submitted",
                "file": upload(workbook_bytes(book)),
            },
        )
        self.assertRedirects(response, reverse("assessments:board", args=[self.rnd.pk]))
        self.assertEqual(self.of(self.school).status, S.SUBMITTED)

    def test_the_page_lists_the_problems(self) -> None:
        self.login(self.admin)
        book = self.template()
        self.fill(book, self.school, [100, 100, 5, 2, 2, 2, 2, 2, 2])
        response = self.client.post(
            reverse("assessments:results-import", args=[self.rnd.pk]),
            {
                "unit_type": "organisation",
                "status": "submitted",
                "file": upload(workbook_bytes(book)),
            },
        )
        self.assertContains(response, "Item 3: the score must be one of 0, 1, 2.")
        self.assertEqual(self.of(self.school).status, S.NOT_STARTED)

    def test_people_who_do_not_run_the_round_get_404(self) -> None:
        book = self.template()
        self.fill(book, self.school, FULL)
        for user in (self.coordinator, self.reporter, self.evaluator, self.outsider):
            self.login(user)
            url = reverse("assessments:results-template", args=[self.rnd.pk, "organisation"])
            self.assertEqual(self.client.get(url).status_code, 404)
            response = self.client.post(
                reverse("assessments:results-import", args=[self.rnd.pk]),
                {
                    "unit_type": "organisation",
                    "status": "submitted",
                    "file": upload(workbook_bytes(book)),
                },
            )
            self.assertEqual(response.status_code, 404)
        self.assertEqual(self.of(self.school).status, S.NOT_STARTED)

    def test_the_export_has_each_items_self_and_verified_score_and_the_level(self) -> None:
        book = self.template()
        self.fill(book, self.school, LEVEL_2)
        self.run_import(book, target=S.VERIFIED)
        self.login(self.admin)
        response = self.client.get(reverse("assessments:results-export", args=[self.rnd.pk]))
        sheet = load_workbook(io.BytesIO(response.content))["organisation"]
        rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
        school = rows[self.school.name_th]
        self.assertEqual(
            school[1:5],
            ("เครือข่ายภาคการศึกษา", self.school.district.name_th, "Organisation", "Verified"),
        )
        self.assertEqual(school[5:9], (1, 1, 1, 1))
        self.assertEqual(school[-2], str(Level.MORAL.label))
        self.assertIn("Item 1 scored 1", school[-1])
        self.assertEqual(rows[self.temple.name_th][4], "Not started")

    def test_a_coordinator_exports_only_their_networks_units_and_an_outsider_nothing(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("assessments:results-export", args=[self.rnd.pk]))
        sheet = load_workbook(io.BytesIO(response.content))["organisation"]
        names = {r[0] for r in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(names, {self.school.name_th, self.university.name_th})
        self.login(self.outsider)
        response = self.client.get(reverse("assessments:results-export", args=[self.rnd.pk]))
        self.assertEqual(response.status_code, 404)

    def test_a_formula_in_a_name_is_exported_as_text(self) -> None:
        self.temple.name_th = '=HYPERLINK("http://x","y")'
        self.temple.save()
        self.login(self.admin)
        response = self.client.get(reverse("assessments:results-export", args=[self.rnd.pk]))
        sheet = load_workbook(io.BytesIO(response.content))["organisation"]
        cell = next(c for c in sheet["A"] if c.value == self.temple.name_th)
        self.assertEqual(cell.data_type, "s")

    def test_the_board_links_to_the_import_and_the_export(self) -> None:
        self.login(self.admin)
        response = self.client.get(reverse("assessments:board", args=[self.rnd.pk]))
        self.assertContains(response, reverse("assessments:results-import", args=[self.rnd.pk]))
        self.assertContains(response, reverse("assessments:results-export", args=[self.rnd.pk]))
        self.login(self.coordinator)
        response = self.client.get(reverse("assessments:board", args=[self.rnd.pk]))
        self.assertNotContains(response, reverse("assessments:results-import", args=[self.rnd.pk]))
