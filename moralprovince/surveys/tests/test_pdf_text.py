"""The survey result PDFs' text layer: what is copied or searched is the Thai printed."""

from __future__ import annotations

import re
from unittest import mock

from django.urls import reverse

from moralprovince.lib.pdf import render_pdf
from moralprovince.lib.tests.thai_pdf import pdf_text, thai_text_problems, visible_text
from moralprovince.surveys.tests.base import SurveyTestCase, csv_text, import_bytes, many

NOT_THAI = re.compile(r"[^\u0e00-\u0e7f]+")
THEAD = re.compile(r"<thead>.*?</thead>", re.S)


def without_repeated_headings(pdf: bytes, html: str) -> tuple[str, str]:
    """The Thai letters of the PDF and of the HTML, with a table's heading printed again at
    the top of a new page (as it should be) counted once."""
    printed, expected = NOT_THAI.sub("", pdf_text(pdf)), NOT_THAI.sub("", visible_text(html))
    for heading in {NOT_THAI.sub("", visible_text(h)) for h in THEAD.findall(html)}:
        extra = printed.count(heading) - expected.count(heading)
        if heading and extra > 0:
            printed = printed[::-1].replace(heading[::-1], "", extra)[::-1]
    return printed, expected


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
                problems = thai_text_problems(response.content, html)
                # Every run of Thai is found whole; the count of letters may differ only by
                # headings repeated on a new page.
                self.assertEqual([p for p in problems if p.startswith("not in")], [])
                text, expected = without_repeated_headings(response.content, html)
                self.assertEqual(len(text), len(expected))


class SurveyPdfLayoutTests(SurveyTestCase):
    """Lines of the results PDF as printed: a school's name, a share with its "%" and the
    heading "ผู้ตอบ" each stay on one line; Thai breaks only between words."""

    def test_names_numbers_and_headings_are_not_broken(self) -> None:
        self.school.name_th = "โรงเรียนบ้านชลคราม"
        self.school.save()
        rows = many(12, self.school.code, answers=[4] * 48) + many(11, self.school2.code, start=20)
        import_bytes(self.round, csv_text(rows, self.items).encode())
        self.client.force_login(self.admin)
        response = self.client.get(reverse("surveys:results-pdf", args=[self.round.pk]))
        lines = [line.strip() for line in pdf_text(response.content).split("\n")]
        self.assertTrue(any("โรงเรียนบ้านชลคราม" in line for line in lines), lines)
        self.assertFalse([line for line in lines if line in ("%", "ผู้", "ตอบ")])
        self.assertTrue(any("ผู้ตอบ" in line for line in lines))
        self.assertTrue(any(re.search(r"\d+ %", line) for line in lines))
