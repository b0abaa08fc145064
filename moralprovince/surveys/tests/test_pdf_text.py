"""The survey result PDFs' text layer: what is copied or searched is the Thai printed."""

from __future__ import annotations

from unittest import mock

from django.urls import reverse

from moralprovince.lib.pdf import render_pdf
from moralprovince.lib.tests.thai_pdf import thai_text_problems
from moralprovince.surveys.tests.base import SurveyTestCase, csv_text, import_bytes, many


class SurveyPdfTextTests(SurveyTestCase):
    def test_the_text_of_the_results_and_school_pdfs_is_the_thai_on_their_pages(self) -> None:
        rows = many(12, self.school.code, answers=[4] * 48) + many(11, self.school2.code, start=20)
        import_bytes(self.round, csv_text(rows, self.items).encode())
        self.client.force_login(self.admin)
        pages = {
            "results": reverse("surveys:results-pdf", args=[self.round.pk]),
            "school": reverse("surveys:school-pdf", args=[self.round.pk, self.school.pk]),
        }
        for name, url in pages.items():
            with (
                self.subTest(pdf=name),
                mock.patch("moralprovince.surveys.exports.render_pdf", wraps=render_pdf) as printed,
            ):
                response = self.client.get(url)
                html = printed.call_args.args[0]
                self.assertIn("โรงเรียน", html)
                self.assertEqual(thai_text_problems(response.content, html), [])
