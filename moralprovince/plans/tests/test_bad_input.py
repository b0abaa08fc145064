"""Bad values at every page and form of commitments and plans: never a 500, a form error or
a clear 400, and nothing stored."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from moralprovince.core.tests.bad_input import (
    ALWAYS_BAD_TEXT,
    BAD_TEXT,
    HUGE,
    BadInputMixin,
    damaged_files,
    zip_bytes,
)
from moralprovince.plans import excel, services, urls
from moralprovince.plans.tests.base import PlanTestCase, TemporaryMedia

QUERY_PARAMS = ("network", "organisation", "fy", "page", "q")
# The pages that hold a form of their own (the others post from another page).
FORM_PAGES = {
    "plan-create",
    "year-import",
    "declaration-create",
    "target-create",
    "declaration-edit",
    "target-edit",
    "goal-create",
    "activity-create",
    "goal-edit",
    "activity-edit",
    "budget-create",
    "budget-edit",
}


class PlanPagesBadInputTests(BadInputMixin, TemporaryMedia, PlanTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.declaration, cls.target = cls.add_commitments()

    def routes(self) -> dict[str, list[dict[str, Any]]]:
        """Each URL of the app, with the arguments of the rows it is tried on."""
        line = self.training.budget_lines.first()
        assert line is not None
        year = {"code": "84", "fy": 2564}
        return {
            "year": [year],
            "integration": [year],
            "plan-create": [year],
            "year-export": [year],
            "year-import": [year],
            "declaration-create": [year],
            "target-create": [year],
            "declaration": [{"pk": self.declaration.pk}],
            "declaration-edit": [{"pk": self.declaration.pk}],
            "target-edit": [{"pk": self.target.pk}],
            "unit-row-delete": [
                {"kind": "declaration", "pk": self.declaration.pk},
                {"kind": "target", "pk": self.target.pk},
            ],
            "plan": [{"plan_id": self.plan.pk}],
            "plan-export": [{"plan_id": self.plan.pk}],
            "plan-pdf": [{"plan_id": self.plan.pk}],
            "plan-review": [
                {"plan_id": self.plan.pk, "action": a}
                for a in ("submit", "approve", "return", "revise")
            ],
            "goal-create": [{"plan_id": self.plan.pk}],
            "activity-create": [{"plan_id": self.plan.pk}],
            "goal-edit": [{"goal_id": self.goal.pk}],
            "activity-edit": [{"activity_id": self.camp.pk}],
            "budget-create": [{"activity_id": self.camp.pk}],
            "budget-edit": [{"line_id": line.pk}],
            "delete": [
                {"kind": "goal", "pk": self.goal.pk},
                {"kind": "activity", "pk": self.camp.pk},
                {"kind": "budget", "pk": line.pk},
            ],
        }

    def test_every_url_of_the_app_is_in_the_catalogue(self):
        names = {p.name for p in urls.urlpatterns}
        self.assertEqual(names - set(self.routes()), set())

    def test_every_form_takes_every_bad_value_without_a_500_or_a_stored_row(self):
        self.login(self.admin)
        routes = self.routes()
        # The forms that start a row are tried for a network that has none yet.
        starts = ("plan-create", "declaration-create", "target-create")
        tried = self.throw_at_pages(
            "plans", {n: routes[n] for n in starts}, f"?network={self.religion.pk}"
        )
        tried |= self.throw_at_pages("plans", {n: r for n, r in routes.items() if n not in starts})
        self.assert_no_problems()
        self.assertEqual(tried, FORM_PAGES)

    def test_every_address_takes_bad_ids_years_and_query_values(self):
        self.login(self.admin)
        self.throw_at_addresses("plans", self.routes(), QUERY_PARAMS)
        self.assert_no_problems()

    def test_the_review_steps_take_every_bad_comment(self):
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        self.login(self.admin)
        for action in ("return", "approve", "revise", "submit", "unknown"):
            url = f"/plans/{self.plan.pk}/review/{action}/"
            for value in BAD_TEXT:
                self.attempt(
                    f"post {url} comment={value[:20]!r}",
                    lambda url=url, value=value: self.client.post(url, {"comment": value}),
                    must_refuse=value in ALWAYS_BAD_TEXT and action != "approve",
                )
            self.attempt(
                f"post {url} comment=[two]",
                lambda url=url: self.client.post(url, {"comment": ["a", "b"]}),
            )
        self.assert_no_problems()

    def test_a_fiscal_year_out_of_range_in_the_address_gets_a_400_saying_so(self):
        self.login(self.admin)
        for fy in ("0", "1", "2021", HUGE):
            for page in ("", "integration/", "new/", "export.xlsx", "import/", "targets/new/"):
                url = f"/provinces/84/plans/{fy}/{page}"
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 400)
                    self.assertContains(
                        response, "กรุณากรอกปีงบประมาณเป็นพุทธศักราช ตั้งแต่ 2500 ถึง 2700", status_code=400
                    )

    def test_a_comment_that_is_not_text_or_too_long_is_refused_naming_the_field(self):
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        self.login(self.admin)
        url = f"/plans/{self.plan.pk}/review/return/"
        for value in ("ขอแก้\x00", "ก" * 5001):
            with self.subTest(length=len(value)):
                page = self.client.post(url, {"comment": value}, follow=True)
                self.assertContains(page, "ความเห็น:")
                self.plan.refresh_from_db()
                self.assertEqual(self.plan.status, "submitted")

    def damaged_exports(self) -> list[SimpleUploadedFile]:
        """The year's real export with one part of it broken, missing or truncated."""
        good = excel.export_workbook([self.plan], "สุราษฎร์ธานี", 2564)
        with zipfile.ZipFile(io.BytesIO(good)) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        uploads = [
            SimpleUploadedFile("truncated.xlsx", good[: len(good) // 2]),
            SimpleUploadedFile("cut-end.xlsx", good[:-10]),
        ]
        for name in parts:
            for kind, content in (("garbled", b"<x><y>"), ("binary", b"\x00\xff" * 10)):
                uploads.append(
                    SimpleUploadedFile(
                        f"{kind}-{name.replace('/', '-')}.xlsx",
                        zip_bytes(parts | {name: content}),
                    )
                )
            others = {n: c for n, c in parts.items() if n != name}
            uploads.append(
                SimpleUploadedFile(f"without-{name.replace('/', '-')}.xlsx", zip_bytes(others))
            )
        return uploads

    def test_a_file_of_more_than_10_mb_is_refused(self):
        self.login(self.admin)
        url = reverse("plans:year-import", args=["84", 2564])
        big = SimpleUploadedFile("big.xlsx", b"PK" + b"\x00" * (10 * 1024 * 1024))
        self.assertContains(self.client.post(url, {"file": big}), "ไฟล์มีขนาดเกิน 10 MB")

    def test_damaged_workbooks_get_a_message_and_store_nothing(self):
        self.login(self.admin)
        url = reverse("plans:year-import", args=["84", 2564])
        for upload in damaged_files("plans.xlsx") + self.damaged_exports():
            self.attempt(
                f"import {upload.name}",
                lambda upload=upload: self.client.post(url, {"file": upload}),
                must_refuse=True,
            )
        self.assert_no_problems()
        for upload in damaged_files("plans.xlsx")[1:4]:
            upload.seek(0)
            response = self.client.post(url, {"file": upload})
            self.assertContains(response, "ไฟล์นี้ไม่ใช่สมุดงาน Excel (.xlsx)")
