from moralprovince.api.tests.test_api import ApiTestCase
from moralprovince.plans.models import Activity, BudgetLine, Declaration, Plan
from moralprovince.plans.tests.base import PlanTestCase


class PlanApiTests(PlanTestCase, ApiTestCase):
    def test_the_outsider_gets_nothing_of_surat_thanis_plans(self):
        for path in [
            "plans/",
            "activities/",
            "budget-lines/",
            "goals/",
            "declarations/",
            "target-virtues/",
        ]:
            with self.subTest(path=path):
                self.assertEqual(self.call(self.outsider, "get", path).json()["results"], [])
        for path in [f"plans/{self.plan.pk}/", f"activities/{self.camp.pk}/"]:
            with self.subTest(path=path):
                self.assertEqual(self.call(self.outsider, "get", path).status_code, 404)
                self.assertEqual(
                    self.call(self.outsider, "patch", path, {"title": "x"}).status_code, 404
                )
        self.assertEqual(
            self.call(self.outsider, "post", f"plans/{self.plan.pk}/approve/").status_code, 404
        )

    def test_a_coordinator_plans_only_their_own_network(self):
        response = self.call(
            self.coordinator,
            "post",
            "plans/",
            {"province": "84", "network": self.religion.pk, "fiscal_year": 2564, "title": "แอบทำ"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("network", response.json())
        province_plan = self.call(
            self.coordinator,
            "post",
            "plans/",
            {"province": "84", "fiscal_year": 2564, "title": "แอบทำ"},
        )
        self.assertEqual(province_plan.status_code, 403)
        self.assertFalse(Plan.objects.filter(title="แอบทำ").exists())

    def test_the_plan_detail_has_its_goals_and_total(self):
        data = self.call(self.evaluator, "get", f"plans/{self.plan.pk}/").json()
        self.assertEqual(data["budget_total"], "190000.00")
        self.assertEqual(data["level"], "network")
        self.assertEqual([g["text"] for g in data["goals"]], ["โรงเรียนคุณธรรม"])

    def test_a_coordinator_adds_an_activity_and_a_budget_line(self):
        activity = self.call(
            self.coordinator,
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
        )
        self.assertEqual(activity.status_code, 201, activity.content)
        line = self.call(
            self.coordinator,
            "post",
            "budget-lines/",
            {"activity": activity.json()["id"], "source": "private", "amount": "๕,๐๐๐"},
        )
        self.assertEqual(line.status_code, 201, line.content)
        self.assertEqual(line.json()["amount"], "5000.00")

    def test_bad_activities_and_money_get_400s_naming_the_field(self):
        bad_dates = self.call(
            self.coordinator,
            "post",
            "activities/",
            {
                "plan": self.plan.pk,
                "goal": self.goal.pk,
                "title": "x",
                "start": "2021-10-01",
                "end": "2021-09-01",
                "responsible": self.school.pk,
                "virtues": ["gratitude"],
            },
        )
        self.assertEqual(bad_dates.status_code, 400)
        self.assertLessEqual({"start", "end", "virtues"}, set(bad_dates.json()))
        other_province = self.call(
            self.coordinator,
            "post",
            "activities/",
            {
                "plan": self.plan.pk,
                "goal": self.goal.pk,
                "title": "x",
                "start": "2021-01-01",
                "end": "2021-01-02",
                "responsible": self.other_org.pk,
            },
        )
        self.assertIn("responsible", other_province.json())
        negative = self.call(
            self.coordinator,
            "post",
            "budget-lines/",
            {"activity": self.camp.pk, "source": "private", "amount": "-1"},
        )
        self.assertIn("amount", negative.json())
        self.assertEqual(Activity.objects.count(), 2)
        self.assertEqual(BudgetLine.objects.count(), 3)

    def test_the_review_steps_follow_the_rules(self):
        self.assertEqual(
            self.call(self.coordinator, "post", f"plans/{self.plan.pk}/submit/").json()["status"],
            "submitted",
        )
        self.assertEqual(
            self.call(self.coordinator, "post", f"plans/{self.plan.pk}/approve/").status_code, 403
        )
        self.assertEqual(
            self.call(
                self.admin, "post", f"plans/{self.plan.pk}/return/", {"comment": ""}
            ).status_code,
            400,
        )
        returned = self.call(
            self.admin, "post", f"plans/{self.plan.pk}/return/", {"comment": "เพิ่มงบ"}
        )
        self.assertEqual(returned.json()["status"], "returned")
        self.call(self.coordinator, "post", f"plans/{self.plan.pk}/submit/")
        approved = self.call(self.admin, "post", f"plans/{self.plan.pk}/approve/").json()
        self.assertEqual((approved["status"], approved["version"]), ("approved", 1))
        self.assertEqual(approved["baseline"]["total"], "190000.00")
        blocked = self.call(
            self.coordinator, "patch", f"activities/{self.camp.pk}/", {"title": "แก้"}
        )
        self.assertEqual(blocked.status_code, 400)

    def test_the_admin_who_submitted_a_plan_cannot_approve_it_through_the_api(self):
        self.call(self.admin, "post", f"plans/{self.plan.pk}/submit/")
        refused = self.call(
            self.admin, "post", f"plans/{self.plan.pk}/approve/", **{"Accept-Language": "th"}
        )
        self.assertEqual(refused.status_code, 400)
        self.assertIn("จึงต้องให้ผู้อื่นเป็นผู้อนุมัติ", refused.json()["non_field_errors"][0])
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, "submitted")

    def test_the_one_person_setting_is_read_and_written_through_the_api(self):
        path = "provinces/84/"
        self.assertFalse(self.call(self.admin, "get", path).json()["one_person_secretariat"])
        changed = self.call(self.admin, "patch", path, {"one_person_secretariat": True})
        self.assertEqual(changed.status_code, 200, changed.content)
        self.programme.refresh_from_db()
        self.assertTrue(self.programme.one_person_secretariat)
        self.assertEqual(
            self.call(
                self.coordinator, "patch", path, {"one_person_secretariat": False}
            ).status_code,
            404,
        )

    def test_declarations_and_target_virtues_through_the_api(self):
        declaration = self.call(
            self.admin,
            "post",
            "declarations/",
            {
                "province": "84",
                "fiscal_year": 2564,
                "text": "ประกาศ",
                "declared_on": "2020-12-04",
                "executives_signed": 8,
                "executives_total": 10,
                "members_signed": 40,
                "members_total": 50,
            },
        )
        self.assertEqual(declaration.status_code, 201, declaration.content)
        self.assertEqual(
            (declaration.json()["signed_share"], declaration.json()["score_band"]), ("80.00", 2)
        )
        target = self.call(
            self.coordinator,
            "post",
            "target-virtues/",
            {
                "province": "84",
                "network": self.education.pk,
                "fiscal_year": 2564,
                "problem_to_solve": "ขาดวินัย",
                "good_to_do": "ตรงเวลา",
                "virtues": ["gratitude"],
            },
        )
        self.assertEqual(target.status_code, 400)
        self.assertIn("virtues", target.json())
        self.assertEqual(Declaration.objects.count(), 1)
