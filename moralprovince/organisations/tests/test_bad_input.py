"""Bad values at every page and form of programmes, networks, organisations, people and the
national framework: never a 500, a form error or a 404, and nothing stored."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from moralprovince.accounts.models import Role
from moralprovince.core.tests.bad_input import BadInputMixin
from moralprovince.framework import urls as framework_urls
from moralprovince.framework.models import MasterPlan, Strategy, Virtue
from moralprovince.organisations import urls
from moralprovince.testing import MoralTestCase

QUERY_PARAMS = ("q", "province", "district", "network", "kind", "page")


class OrganisationPagesBadInputTests(BadInputMixin, MoralTestCase):
    def routes(self) -> dict[str, list[dict[str, Any]]]:
        code = {"code": "84"}
        return {
            "people": [code],
            "role-revoke": [{"code": "84", "role_id": Role.objects.get(user=self.viewer).pk}],
            "programme-create": [{}],
            "programme": [code],
            "programme-edit": [code],
            "programme-year-add": [code],
            "programme-year-remove": [{"code": "84", "year_id": self.programme.years.get().pk}],
            "network-create": [code],
            "organisation-create": [code],
            "network": [{"network_id": self.education.pk}],
            "network-edit": [{"network_id": self.education.pk}],
            "member-add": [{"network_id": self.education.pk}],
            "member-remove": [{"network_id": self.education.pk, "organisation_id": self.school.pk}],
            "directory": [{}],
            "lookup": [code],
            "organisation": [{"organisation_id": self.school.pk}],
            "organisation-edit": [{"organisation_id": self.school.pk}],
        }

    def test_every_url_of_the_app_is_in_the_catalogue(self):
        names = {p.name for p in urls.urlpatterns}
        self.assertEqual(names - set(self.routes()), set())

    def test_every_form_takes_every_bad_value_without_a_500_or_a_stored_row(self):
        self.login(self.admin)
        routes = self.routes()
        tried = self.throw_at_pages("organisations", routes)
        # Forms posted from another page: the year from the programme's page, a member
        # from the network's page.
        for page, action in (
            (reverse("organisations:programme", args=["84"]), "programme-year-add"),
            (reverse("organisations:network", args=[self.education.pk]), "member-add"),
        ):
            url = reverse(f"organisations:{action}", kwargs=routes[action][0])
            form = self.page_form(page, action=url)
            if form is not None:
                self.throw_at_form(page, form, post_to=url)
                tried.add(action)
        self.login(self.national)
        tried |= self.throw_at_pages("organisations", {"programme-create": [{}]})
        self.assert_no_problems()
        self.assertEqual(
            tried,
            {
                "people",
                "programme-create",
                "programme-edit",
                "programme-year-add",
                "network-create",
                "organisation-create",
                "network-edit",
                "member-add",
                "organisation-edit",
            },
        )

    def test_every_address_takes_bad_ids_and_query_values(self):
        for user in (self.admin, self.national):
            self.login(user)
            self.throw_at_addresses("organisations", self.routes(), QUERY_PARAMS)
        self.assert_no_problems()

    def test_a_province_code_that_is_not_two_digits_is_not_found(self):
        self.login(self.national)
        for code in ("%00", "8", "084", "๘๔", "x" * 300):
            with self.subTest(code=code):
                self.assertEqual(self.client.get(f"/provinces/{code}/").status_code, 404)


class FrameworkBadInputTests(BadInputMixin, MoralTestCase):
    def routes(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "index": [{}],
            "create": [{"kind": kind} for kind in ("virtue", "masterplan", "strategy")],
            "edit": [
                {"kind": "virtue", "pk": Virtue.objects.get(code="sufficiency").pk},
                {"kind": "masterplan", "pk": MasterPlan.objects.order_by("pk").first().pk},  # type: ignore[union-attr]
                {"kind": "strategy", "pk": Strategy.objects.order_by("pk").first().pk},  # type: ignore[union-attr]
            ],
        }

    def test_every_url_of_the_app_is_in_the_catalogue(self):
        names = {p.name for p in framework_urls.urlpatterns}
        self.assertEqual(names - set(self.routes()), set())

    def test_every_form_and_address_takes_every_bad_value(self):
        self.login(self.national)
        tried = self.throw_at_pages("framework", self.routes())
        self.throw_at_addresses("framework", self.routes(), ("kind", "page"))
        self.assert_no_problems()
        self.assertEqual(tried, {"create", "edit"})

    def test_a_virtue_or_master_plan_year_outside_the_fiscal_range_is_refused(self):
        self.login(self.national)
        virtue = Virtue.objects.get(code="sufficiency")
        data = {
            "name_th": virtue.name_th,
            "code": virtue.code,
            "valid_from": "0",
            "order": "1",
        }
        response = self.client.post(f"/framework/virtue/{virtue.pk}/edit/", data)
        self.assertContains(response, "กรุณากรอกปีงบประมาณเป็นพุทธศักราช ตั้งแต่ 2500 ถึง 2700")
        virtue.refresh_from_db()
        self.assertNotEqual(virtue.valid_from, 0)
