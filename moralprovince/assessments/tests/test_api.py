"""Assessments through the API: the same access as the pages (outsiders get 404), each step
through the same services, and bad bodies answered with a 400 naming the field."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from moralprovince.api.tests.test_api import ApiTestCase
from moralprovince.assessments import services
from moralprovince.assessments.models import Assessment, AssessmentStatus, Level
from moralprovince.assessments.tests.base import AssessmentTestCase
from moralprovince.testing import make_organisation

S = AssessmentStatus


class AssessmentApiTestCase(AssessmentTestCase, ApiTestCase):
    def call(self, user: Any, method: str, path: str, data: Any = None, **headers: Any) -> Any:
        return super().call(user, method, path, data, **{"Accept-Language": "en", **headers})

    def full_scores(self) -> dict[str, dict[str, str]]:
        return {
            str(i.number): {"value": "100" if i.scoring == "share" else "2", "account": "ทำครบ"}
            for i in self.version.items.all()
        }

    def with_evidence(self, assessment: Assessment) -> None:
        for item in self.version.items.filter(evidence_required=True):
            services.add_evidence(
                actor=self.admin,
                assessment=assessment,
                item_number=item.number,
                link=f"https://example.org/{item.number}",
            )

    def submitted(self, organisation: Any) -> Assessment:
        assessment = self.of(organisation)
        self.with_evidence(assessment)
        response = self.call(
            self.admin,
            "post",
            f"assessments/{assessment.pk}/submit/",
            {"scores": self.full_scores()},
        )
        self.assertEqual(response.status_code, 200, response.content)
        return assessment


class ReadTests(AssessmentApiTestCase):
    def ids(self, user: Any, path: str) -> set[int]:
        response = self.call(user, "get", path)
        self.assertEqual(response.status_code, 200, response.content)
        return {row["id"] for row in response.json()["results"]}

    def test_each_person_lists_the_assessments_they_see_on_the_pages(self) -> None:
        school, university, temple = (
            self.of(o).pk for o in (self.school, self.university, self.temple)
        )
        province = Assessment.objects.get(round=self.rnd, unit_type="province").pk
        self.assertEqual(
            self.ids(self.admin, "assessments/"), {school, university, temple, province}
        )
        self.assertEqual(self.ids(self.coordinator, "assessments/"), {school, university})
        self.assertEqual(self.ids(self.reporter, "assessments/"), {school})
        self.assertEqual(self.ids(self.evaluator, "assessments/"), {school, university})
        self.assertEqual(self.ids(self.outsider, "assessments/"), set())
        self.assertEqual(self.ids(self.admin, "assessments/?unit_type=province"), {province})

    def test_the_outsider_gets_404_on_every_assessment_and_round(self) -> None:
        school = self.of(self.school)
        for method, path in [
            ("get", f"assessments/{school.pk}/"),
            ("post", f"assessments/{school.pk}/submit/"),
            ("post", f"assessments/{school.pk}/verify/"),
            ("post", f"assessments/{school.pk}/return/"),
            ("post", f"assessments/{school.pk}/approve/"),
            ("get", f"assessment-rounds/{self.rnd.pk}/"),
            ("get", f"assessment-rounds/{self.rnd.pk}/levels/"),
        ]:
            with self.subTest(path=path):
                body = {} if method == "post" else None
                self.assertEqual(self.call(self.outsider, method, path, body).status_code, 404)
        self.assertEqual(self.ids(self.outsider, "assessment-rounds/"), set())
        self.assertEqual(self.of(self.school).status, S.NOT_STARTED)

    def test_a_coordinator_and_an_evaluator_get_404_outside_their_network(self) -> None:
        temple = self.of(self.temple)
        for user in (self.coordinator, self.evaluator, self.reporter):
            with self.subTest(user=user.username):
                self.assertEqual(
                    self.call(user, "get", f"assessments/{temple.pk}/").status_code, 404
                )

    def test_the_detail_has_the_scores_and_the_round_names_its_criteria(self) -> None:
        school = self.submitted(self.school)
        data = self.call(self.reporter, "get", f"assessments/{school.pk}/").json()
        self.assertEqual(data["status"], "submitted")
        self.assertEqual(data["level"], Level.MODEL)
        self.assertEqual([s["item"] for s in data["scores"]], list(range(1, 10)))
        self.assertEqual(data["scores"][0]["self_share"], "100.00")
        rnd = self.call(self.reporter, "get", f"assessment-rounds/{self.rnd.pk}/").json()
        self.assertEqual(rnd["criteria"]["organisation"], self.version.pk)

    def test_criteria_versions_have_their_items_and_rule(self) -> None:
        response = self.call(self.reporter, "get", "assessment-criteria/?unit_type=organisation")
        [version] = response.json()["results"]
        self.assertEqual(len(version["items"]), 9)
        self.assertEqual(version["rules"][0]["requirements"], {"1": 1, "2": 1})
        self.assertEqual(
            self.call(self.reporter, "get", "assessment-criteria/?unit_type=x").status_code, 400
        )

    def test_the_levels_of_a_round_count_verified_results(self) -> None:
        school = self.submitted(self.school)
        self.call(self.evaluator, "post", f"assessments/{school.pk}/verify/", {})
        data = self.call(self.admin, "get", f"assessment-rounds/{self.rnd.pk}/levels/").json()
        self.assertEqual(
            data,
            [{"unit_type": "organisation", "levels": {"0": 0, "1": 0, "2": 0, "3": 1}, "total": 1}],
        )


class StepTests(AssessmentApiTestCase):
    def test_the_reporter_submits_the_evaluator_verifies_the_committee_approves(self) -> None:
        school = self.of(self.school)
        self.with_evidence(school)
        response = self.call(
            self.reporter,
            "post",
            f"assessments/{school.pk}/submit/",
            {"scores": self.full_scores()},
        )
        self.assertEqual((response.status_code, response.json()["status"]), (200, "submitted"))
        checks = {"4": {"points": "1", "comment": "ยังไม่ครบรอบ 12 เดือน"}}
        response = self.call(
            self.evaluator, "post", f"assessments/{school.pk}/verify/", {"checks": checks}
        )
        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual((data["status"], data["level"]), ("verified", Level.MORAL))
        self.assertEqual(
            data["level_reasons"][0],
            "Item 4 scored 1; Level 3: model needs at least 2.",
        )
        self.assertEqual(
            self.call(self.evaluator, "post", f"assessments/{school.pk}/approve/").status_code, 403
        )
        response = self.call(self.admin, "post", f"assessments/{school.pk}/approve/", {})
        self.assertEqual((response.status_code, response.json()["status"]), (200, "approved"))
        self.assertEqual(self.of(self.school).transitions.count(), 4)

    def test_the_evaluator_returns_an_item_and_the_unit_submits_again(self) -> None:
        school = self.submitted(self.school)
        response = self.call(
            self.evaluator,
            "post",
            f"assessments/{school.pk}/return/",
            {"checks": {"3": {"needs_evidence": True, "comment": "ขอแผนฉบับลงนาม"}}},
        )
        self.assertEqual((response.status_code, response.json()["status"]), (200, "returned"))
        self.assertTrue(response.json()["scores"][2]["needs_evidence"])
        response = self.call(self.reporter, "post", f"assessments/{school.pk}/submit/", {})
        self.assertEqual((response.status_code, response.json()["status"]), (200, "submitted"))

    def test_people_who_may_see_but_not_act_get_403(self) -> None:
        school = self.submitted(self.school)
        self.assertEqual(
            self.call(self.coordinator, "post", f"assessments/{school.pk}/verify/", {}).status_code,
            403,
        )
        self.assertEqual(
            self.call(self.reporter, "post", f"assessments/{school.pk}/verify/", {}).status_code,
            403,
        )
        university = self.of(self.university)
        self.assertEqual(
            self.call(self.reporter, "get", f"assessments/{university.pk}/").status_code, 404
        )
        self.assertEqual(
            self.call(
                self.evaluator, "post", f"assessments/{university.pk}/submit/", {}
            ).status_code,
            403,
        )
        self.assertEqual(self.of(self.school).status, S.SUBMITTED)

    def test_a_step_from_the_wrong_status_is_a_400_naming_the_status(self) -> None:
        school = self.of(self.school)
        for path in ("verify", "return", "approve"):
            response = self.call(self.admin, "post", f"assessments/{school.pk}/{path}/", {})
            self.assertEqual(response.status_code, 400)
            self.assertIn("status", response.json())

    def test_bad_bodies_get_a_400_naming_the_field_and_change_nothing(self) -> None:
        school = self.of(self.school)
        path = f"assessments/{school.pk}/submit/"
        for body, field in [
            ({"scores": []}, "scores"),
            ({"scores": {"one": {"value": "2"}}}, "scores"),
            ({"scores": {"3": {"value": 2}}}, "scores"),
            ({"scores": {"3": {"value": "5"}}}, "scores"),
            ({"scores": {"1": {"value": "180"}}}, "scores"),
            ({"scores": {"42": {"value": "1"}}}, "scores"),
        ]:
            with self.subTest(body=body):
                response = self.call(self.reporter, "post", path, body)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(list(response.json()), [field])
        response = self.call(self.reporter, "post", path, {"scores": {"3": {"value": "5"}}})
        self.assertEqual(
            response.json()["scores"]["3"], ["Item 3: the score must be one of 0, 1, 2."]
        )
        submitted = self.submitted(self.university)
        verify = f"assessments/{submitted.pk}/verify/"
        for body, field in [
            ({"checks": {"3": {"points": "7"}}}, "checks"),
            ({"checks": "all good"}, "checks"),
            ({"checks": {"3": {"needs_evidence": "perhaps"}}}, "checks"),
            ({"reason": 5}, "reason"),
        ]:
            with self.subTest(body=body):
                response = self.call(self.admin, "post", verify, body)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(list(response.json()), [field])
        response = self.call(self.admin, "post", f"assessments/{submitted.pk}/return/", {})
        self.assertEqual((response.status_code, list(response.json())), (400, ["reason"]))
        self.assertEqual(self.of(self.school).status, S.NOT_STARTED)
        self.assertEqual(self.of(self.university).status, S.SUBMITTED)

    def test_submitting_without_the_required_evidence_is_refused_by_the_service(self) -> None:
        school = self.of(self.school)
        response = self.call(
            self.reporter,
            "post",
            f"assessments/{school.pk}/submit/",
            {"scores": self.full_scores()},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Item 1 needs evidence", str(response.json()))
        self.assertEqual(self.of(self.school).status, S.NOT_STARTED)


class QueryCountTests(AssessmentApiTestCase):
    def queries_of(self, path: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = self.call(self.admin, "get", path)
        return len(captured), len(response.json()["results"])

    def test_the_list_takes_the_same_queries_however_many_units(self) -> None:
        path = f"assessments/?round={self.rnd.pk}"
        # The first request of a test fills per-process caches; the second is the one counted.
        self.queries_of(path)
        before, listed = self.queries_of(path)
        for n in range(5):
            make_organisation(self.surat, f"โรงเรียนทดสอบ {n}", "school", "841301")
        services.add_missing_units(self.rnd)
        self.assertEqual(self.queries_of(path), (before, listed + 5))
