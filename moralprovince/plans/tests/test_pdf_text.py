"""The plan PDF's text layer: what is copied or searched is the Thai printed."""

from unittest import mock

from django.urls import reverse

from moralprovince.lib.pdf import render_pdf
from moralprovince.lib.tests.thai_pdf import thai_text_problems
from moralprovince.plans.tests.base import PlanTestCase


class PlanPdfTextTests(PlanTestCase):
    def test_the_text_of_the_plan_pdf_is_the_thai_on_its_pages(self):
        self.login(self.admin)
        with mock.patch("moralprovince.plans.views.render_pdf", wraps=render_pdf) as printed:
            response = self.client.get(reverse("plans:plan-pdf", args=[self.plan.pk]))
        html = printed.call_args.args[0]
        self.assertIn("อบรมครูแกนนำ", html)
        self.assertEqual(thai_text_problems(response.content, html), [])
