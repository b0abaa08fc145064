"""Every destructive form of these pages asks first, in Thai, saying what is lost."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

from django.urls import resolve, reverse

from moralprovince.framework.models import Virtue
from moralprovince.plans import services
from moralprovince.plans.access import Unit
from moralprovince.plans.services import DeclarationInput, TargetVirtueInput
from moralprovince.plans.tests.base import PlanTestCase

DESTRUCTIVE = {
    "organisations:programme-year-remove",
    "organisations:member-remove",
    "organisations:role-revoke",
    "plans:delete",
    "plans:unit-row-delete",
}
THAI = re.compile(r"[\u0e00-\u0e7f]")


class Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "form":
            self.forms.append(dict(attrs))


class ConfirmTests(PlanTestCase):
    def test_destructive_forms_ask_in_thai_before_they_are_sent(self):
        virtues = list(Virtue.objects.valid_in(2564)[:1])
        target = services.create_target_virtue(
            actor=self.admin,
            unit=Unit("84"),
            fiscal_year=2564,
            data=TargetVirtueInput(problem_to_solve="ขยะ", good_to_do="คัดแยก", virtues=virtues),
        )
        declaration = services.create_declaration(
            actor=self.admin,
            unit=Unit("84"),
            fiscal_year=2564,
            data=DeclarationInput(text="ประกาศ", declared_on=dt.date(2020, 12, 4)),
        )
        pages = [
            reverse("organisations:programme", args=["84"]),
            reverse("organisations:network", args=[self.education.pk]),
            reverse("organisations:people", args=["84"]),
            reverse("plans:plan", args=[self.plan.pk]),
            reverse("plans:declaration-edit", args=[declaration.pk]),
            reverse("plans:target-edit", args=[target.pk]),
        ]
        self.login(self.admin)
        found: dict[str, list[str]] = {}
        for url in pages:
            parser = Forms()
            parser.feed(self.client.get(url).content.decode())
            for form in parser.forms:
                name = resolve(form.get("action") or url).view_name
                if name in DESTRUCTIVE:
                    found.setdefault(name, []).append(form.get("data-confirm") or "")
        self.assertEqual(set(found), DESTRUCTIVE)
        for name, questions in found.items():
            for question in questions:
                with self.subTest(name=name, question=question):
                    self.assertRegex(question, THAI)
        [year] = found["organisations:programme-year-remove"]
        self.assertIn("ปีงบประมาณ 2564", year)
        self.assertIn("ไม่ถูกลบ", year)
        member = found["organisations:member-remove"][0]
        self.assertIn("เพิ่มองค์กรกลับ", member)
        self.assertTrue(any("อบรมครูแกนนำ" in q for q in found["plans:delete"]))
        self.assertTrue(any("90,000.00" in q for q in found["plans:delete"]))
