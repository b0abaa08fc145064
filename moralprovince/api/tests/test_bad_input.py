"""Bad values at every API endpoint of programmes, networks, organisations and plans: never a
500, a 400 that names the field in Thai, and nothing stored."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from moralprovince.accounts.services import create_api_token
from moralprovince.api import plan_serializers, serializers
from moralprovince.core.tests.bad_input import (
    ALWAYS_BAD_JSON,
    BAD_JSON,
    BAD_QUERY,
    BadInputMixin,
    api_field_check,
    api_thai_check,
)
from moralprovince.plans import services
from moralprovince.plans.tests.base import PlanTestCase

LISTS = [
    "provinces/",
    "networks/",
    "organisations/",
    "declarations/",
    "target-virtues/",
    "plans/",
    "goals/",
    "activities/",
    "budget-lines/",
    "search/",
]
FILTERS = [
    "province",
    "fiscal_year",
    "plan",
    "network",
    "kind",
    "q",
    "limit",
    "offset",
    "page",
    "indicator",
    "activity",
]


class ApiBadInputTests(BadInputMixin, PlanTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.declaration, cls.target = cls.add_commitments()
        cls.tokens = {
            user.username: create_api_token(actor=user, user=user)[1]
            for user in (cls.national, cls.admin, cls.coordinator)
        }

    def endpoints(self) -> list[tuple[str, str, str, dict[str, Any], Any]]:
        """(who, method, path, a valid body, its serializer class) for each write."""
        line = self.training.budget_lines.first()
        assert line is not None
        plan_unit = {"province": "84", "fiscal_year": 2564}
        return [
            ("national", "post", "provinces/", {"province": "10", "name_th": "กรุงเทพฯ"}, None),
            ("admin", "patch", "provinces/84/", {"name_th": "สุราษฎร์ธานี"}, None),
            (
                "admin",
                "post",
                "networks/",
                {"province": "84", "number": 9, "name_th": "เครือข่ายใหม่"},
                None,
            ),
            ("admin", "patch", f"networks/{self.education.pk}/", {"name_th": "การศึกษา"}, None),
            (
                "admin",
                "post",
                "organisations/",
                {
                    "province": "84",
                    "subdistrict": "841301",
                    "kind": "school",
                    "name_th": "โรงเรียนใหม่",
                },
                None,
            ),
            ("admin", "patch", f"organisations/{self.school.pk}/", {"phone": "077"}, None),
            (
                "admin",
                "post",
                "declarations/",
                plan_unit
                | {"network": self.education.pk, "text": "ประกาศ", "declared_on": "2020-12-04"},
                None,
            ),
            ("admin", "patch", f"declarations/{self.declaration.pk}/", {"text": "แก้"}, None),
            (
                "admin",
                "post",
                "target-virtues/",
                plan_unit
                | {
                    "network": self.education.pk,
                    "problem_to_solve": "ปัญหา",
                    "good_to_do": "ความดี",
                    "virtues": ["sufficiency"],
                },
                None,
            ),
            ("admin", "patch", f"target-virtues/{self.target.pk}/", {"good_to_do": "ดี"}, None),
            ("admin", "post", "plans/", plan_unit | {"title": "แผนจังหวัด"}, None),
            ("admin", "patch", f"plans/{self.plan.pk}/", {"title": "แผนใหม่"}, None),
            ("coordinator", "post", "goals/", {"plan": self.plan.pk, "text": "เป้าหมาย"}, None),
            ("coordinator", "patch", f"goals/{self.goal.pk}/", {"text": "เป้า"}, None),
            (
                "coordinator",
                "post",
                "activities/",
                {
                    "plan": self.plan.pk,
                    "goal": self.goal.pk,
                    "title": "นิทรรศการ",
                    "start": "2021-01-15",
                    "end": "2021-01-16",
                    "responsible": self.school.pk,
                    "virtues": ["discipline"],
                },
                None,
            ),
            ("coordinator", "patch", f"activities/{self.camp.pk}/", {"title": "ค่าย"}, None),
            (
                "coordinator",
                "post",
                "budget-lines/",
                {"activity": self.camp.pk, "source": "private", "amount": "5000"},
                None,
            ),
            ("coordinator", "patch", f"budget-lines/{line.pk}/", {"amount": "1"}, None),
        ]

    def writable(self, path: str, method: str) -> list[str]:
        """The fields a request may write, read from the endpoint's serializer."""
        classes = {
            "provinces": serializers.ProgrammeSerializer,
            "networks": serializers.NetworkSerializer,
            "organisations": serializers.OrganisationSerializer,
            "declarations": plan_serializers.DeclarationSerializer,
            "target-virtues": plan_serializers.TargetVirtueSerializer,
            "plans": plan_serializers.PlanSerializer,
            "goals": plan_serializers.GoalSerializer,
            "activities": plan_serializers.ActivitySerializer,
            "budget-lines": plan_serializers.BudgetLineSerializer,
        }
        serializer_class = classes[path.split("/")[0]]
        # An update's serializer has an instance: the unit and year are then read-only.
        instance = self.plan if method == "patch" else None
        fields = serializer_class(instance=instance).fields
        return [name for name, f in fields.items() if not f.read_only]

    def test_every_write_takes_every_bad_value_without_a_500_or_a_stored_row(self):
        for who, method, path, valid, _serializer in self.endpoints():
            token = self.tokens[who]
            self.attempt(
                f"{method} {path} (valid)",
                lambda token=token, method=method, path=path, valid=valid: self.api(
                    token, method, path, valid
                ),
                check=lambda r: [] if r.status_code in (200, 201) else [f"{r.status_code}"],
            )
            for name in self.writable(path, method):
                for value in BAD_JSON:
                    body = valid | {name: value}
                    self.attempt(
                        f"{method} {path} {name}={str(value)[:20]!r}",
                        lambda token=token, method=method, path=path, body=body: self.api(
                            token, method, path, body
                        ),
                        must_refuse=value in ALWAYS_BAD_JSON,
                        check=api_field_check(name),
                    )
            for raw in ("[]", '"text"', "5", "null", "{", '{"a": NaN}', "[1, 2]"):
                self.attempt(
                    f"{method} {path} body={raw}",
                    lambda token=token, method=method, path=path, raw=raw: self.api(
                        token, method, path, raw
                    ),
                    must_refuse=True,
                    check=api_thai_check,
                )
        self.assert_no_problems()

    def test_the_review_steps_take_every_bad_comment_and_body(self):
        token = self.tokens["admin"]
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        for step in ("return", "revise", "approve", "submit"):
            path = f"plans/{self.plan.pk}/{step}/"
            for value in BAD_JSON:
                self.attempt(
                    f"post {path} comment={str(value)[:20]!r}",
                    lambda path=path, value=value: self.api(
                        token, "post", path, {"comment": value}
                    ),
                    # Only returning and revising read a comment.
                    must_refuse=value in ALWAYS_BAD_JSON and step in ("return", "revise"),
                    check=api_thai_check,
                )
            for raw in ("[]", '"text"', "5", "null", "{", "[1, 2]", '{"comment": NaN}'):
                self.attempt(
                    f"post {path} body={raw}",
                    lambda path=path, raw=raw: self.api(token, "post", path, raw),
                    check=api_thai_check,
                )
        self.assert_no_problems()

    def test_a_comment_that_is_not_text_is_refused_naming_the_field(self):
        services.submit_plan(actor=self.coordinator, plan=self.plan)
        token = self.tokens["admin"]
        for value in (5, ["a"], {"a": 1}, None, True):
            response = self.api(token, "post", f"plans/{self.plan.pk}/return/", {"comment": value})
            with self.subTest(value=value):
                self.assertEqual(response.status_code, 400)
                self.assertIn("comment", response.json())
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, "submitted")

    def test_a_plan_for_fiscal_year_zero_or_in_the_christian_era_is_refused(self):
        token = self.tokens["admin"]
        for year in (0, 2021, 2499, 2701, 25640):
            body = {"province": "84", "fiscal_year": year, "title": "แผน"}
            response = self.api(token, "post", "plans/", body)
            with self.subTest(year=year):
                self.assertEqual(response.status_code, 400)
                self.assertIn("พุทธศักราช", response.json()["fiscal_year"][0])
        self.assertFalse(self.plan.__class__.objects.filter(title="แผน").exists())

    def test_every_list_filter_and_id_takes_every_bad_value(self):
        token = self.tokens["national"]
        for path in LISTS:
            for name in FILTERS:
                for value in BAD_QUERY:
                    query = f"{path}?{name}={quote(value)}"
                    self.attempt(
                        f"get {query[:60]}",
                        lambda query=query: self.api(token, "get", query),
                        check=api_thai_check,
                    )
        for path in LISTS[:-1]:
            for value in BAD_QUERY:
                if not value:
                    continue
                detail = f"{path}{quote(value, safe='')}/"
                self.attempt(
                    f"get {detail[:60]}", lambda detail=detail: self.api(token, "get", detail)
                )
        self.assert_no_problems()

    def test_huge_numbers_in_filters_get_a_400_naming_the_filter(self):
        token = self.tokens["admin"]
        for query in (
            "plans/?fiscal_year=99999999999999999999",
            "plans/?province=99999999999999999999",
            "goals/?plan=99999999999999999999",
            "organisations/?network=99999999999999999999",
            "plans/?limit=99999999999999999999",
        ):
            response = self.api(token, "get", query)
            name = query.split("?")[1].split("=")[0]
            with self.subTest(query=query):
                self.assertEqual(response.status_code, 400)
                self.assertIn(name, response.json())
                self.assertEqual(api_thai_check(response), [])
