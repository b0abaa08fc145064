"""Every table of these pages scrolls inside its own wrapper on a phone, not the page.

The layout itself is measured in the browser tests (browser_tests/test_plans_on_a_phone.py);
this checks, without a browser, that no table is left outside a `table-wrap roomy` wrapper.
"""

from __future__ import annotations

from html.parser import HTMLParser

from django.urls import reverse

from moralprovince.plans.tests.base import PlanTestCase


class Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.wrappers: list[bool] = []
        self.bare: list[str] = []
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div":
            classes = (dict(attrs).get("class") or "").split()
            self.wrappers.append("table-wrap" in classes and "roomy" in classes)
        elif tag == "table":
            self.count += 1
            if not (self.wrappers and self.wrappers[-1]):
                self.bare.append(dict(attrs).get("class") or dict(attrs).get("id") or "table")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.wrappers:
            self.wrappers.pop()


class TableWrapperTests(PlanTestCase):
    def test_every_table_is_in_a_scrolling_wrapper(self):
        self.login(self.admin)
        pages = [
            reverse("organisations:programme", args=["84"]),
            reverse("organisations:people", args=["84"]),
            reverse("organisations:network", args=[self.education.pk]),
            reverse("organisations:directory"),
            reverse("plans:year", args=["84", 2564]),
            reverse("plans:plan", args=[self.plan.pk]),
            reverse("plans:integration", args=["84", 2564]),
            reverse("framework:index"),
        ]
        tables = 0
        for url in pages:
            parser = Tables()
            parser.feed(self.client.get(url).content.decode())
            tables += parser.count
            with self.subTest(url=url):
                self.assertEqual(parser.bare, [])
        self.assertGreater(tables, 10)
