"""Thai pages of programmes, networks, organisations, plans and the framework read in Thai.

English names belong to the English pages; numbers carry thousands separators.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.urls import reverse

from moralprovince.organisations.models import Organisation
from moralprovince.plans.tests.base import PlanTestCase

# Words a Thai page may show in Latin letters: file formats.
ALLOWED = {"Excel", "PDF", "xlsx"}


class MainText(HTMLParser):
    """The visible text of <main>, leaving out what is marked as English."""

    VOID = {"br", "img", "input", "hr", "meta", "link", "col", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        skipped = bool(self.stack and self.stack[-1][1])
        # Codes (identifiers such as a virtue's code) are not words of the page.
        hidden = dict(attrs).get("lang") == "en" or tag in ("script", "style", "code")
        inside = tag == "main" or bool(self.stack)
        if inside:
            self.stack.append((tag, skipped or hidden))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and not self.stack[-1][1]:
            self.words += re.findall(r"[A-Za-z]{2,}", data)


class ThaiPageTests(PlanTestCase):
    def test_no_english_outside_what_is_marked_english(self):
        Organisation.objects.filter(pk=self.school.pk).update(name_en="Ban Na Doem School")
        self.login(self.admin)
        pages = [
            reverse("organisations:programme", args=["84"]),
            reverse("organisations:network", args=[self.education.pk]),
            reverse("organisations:organisation", args=[self.school.pk]),
            reverse("organisations:directory"),
            reverse("plans:year", args=["84", 2564]),
            reverse("plans:plan", args=[self.plan.pk]),
            reverse("plans:integration", args=["84", 2564]),
            reverse("framework:index"),
        ]
        for url in pages:
            with self.subTest(url=url):
                page = self.client.get(url).content.decode()
                parser = MainText()
                parser.feed(page)
                self.assertEqual(set(parser.words) - ALLOWED, set())
        # The English names are the English pages' own: a Thai page shows none of them.
        for url in pages[1:3]:
            self.assertNotRegex(self.client.get(url).content.decode(), r"Education|Ban Na Doem")
        self.client.cookies["django_language"] = "en"
        network = self.client.get(pages[1]).content.decode()
        self.assertIn("<h1>3. Education</h1>", network)
        self.assertIn('<dt>Thai name</dt><dd lang="th">เครือข่ายภาคการศึกษา</dd>', network)

    def test_counts_and_people_have_thousands_separators(self):
        self.training.expected_participants = 12500
        self.training.save()
        self.login(self.coordinator)
        page = self.client.get(reverse("plans:plan", args=[self.plan.pk])).content.decode()
        self.assertIn("12,500", page)
        self.assertNotIn("12500", page)
