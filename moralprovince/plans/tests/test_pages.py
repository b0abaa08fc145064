import logging
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moralprovince.plans.models import (
    Activity,
    BudgetLine,
    Declaration,
    FundingSource,
    Plan,
    TargetVirtue,
)
from moralprovince.plans.tests.base import PlanTestCase, TemporaryMedia
from moralprovince.plans.views import TIMELINE_PER_PAGE


class PlanPageAccessTests(PlanTestCase):
    def status(self, user, url, method="get", data=None):
        self.login(user)
        return getattr(self.client, method)(url, data or {}).status_code

    def test_the_outsider_gets_nothing_of_surat_thanis_plans(self):
        urls = [
            reverse("plans:year", args=["84", 2564]),
            reverse("plans:integration", args=["84", 2564]),
            reverse("plans:plan", args=[self.plan.pk]),
            reverse("plans:plan-export", args=[self.plan.pk]),
            reverse("plans:plan-pdf", args=[self.plan.pk]),
            reverse("plans:year-export", args=["84", 2564]),
            reverse("plans:year-import", args=["84", 2564]),
            reverse("plans:activity-edit", args=[self.camp.pk]),
            reverse("plans:goal-edit", args=[self.goal.pk]),
            reverse("plans:plan-create", args=["84", 2564]),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.status(self.outsider, url), 404)

    def test_a_coordinator_plans_only_their_own_network(self):
        create = reverse("plans:plan-create", args=["84", 2564])
        self.assertEqual(self.status(self.coordinator, f"{create}?network={self.religion.pk}"), 404)
        self.assertEqual(self.status(self.coordinator, create), 404)
        response = self.client.post(f"{create}?network={self.religion.pk}", {"title": "แอบทำแผน"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Plan.objects.filter(title="แอบทำแผน").exists())
        self.login(self.viewer)
        self.assertEqual(
            self.client.get(reverse("plans:activity-edit", args=[self.camp.pk])).status_code, 404
        )

    def test_the_coordinator_of_another_network_cannot_edit_this_plan(self):
        self.login(self.coordinator)
        religion_plan = Plan.objects.create(
            province=self.surat, network=self.religion, fiscal_year=2564, title="x"
        )
        url = reverse("plans:goal-create", args=[religion_plan.pk])
        self.assertEqual(self.client.post(url, {"text": "แอบเพิ่ม"}).status_code, 404)
        self.assertFalse(religion_plan.goals.exists())

    def test_the_integrated_view_is_for_those_who_read_the_whole_province(self):
        url = reverse("plans:integration", args=["84", 2564])
        for user, status in [
            (self.admin, 200),
            (self.evaluator, 200),
            (self.national, 200),
            (self.coordinator, 404),
            (self.reporter, 404),
        ]:
            with self.subTest(user=user.username):
                self.assertEqual(self.status(user, url), status)

    def test_only_admins_approve_through_the_page(self):
        self.login(self.coordinator)
        self.client.post(reverse("plans:plan-review", args=[self.plan.pk, "submit"]))
        self.assertEqual(
            self.status(
                self.coordinator,
                reverse("plans:plan-review", args=[self.plan.pk, "approve"]),
                "post",
            ),
            404,
        )
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, "submitted")
        self.assertEqual(
            self.status(
                self.admin, reverse("plans:plan-review", args=[self.plan.pk, "approve"]), "post"
            ),
            302,
        )
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.status, "approved")


class PlanPageTests(PlanTestCase):
    def test_the_plan_page_shows_goals_activities_and_money_in_the_buddhist_era(self):
        self.login(self.evaluator)
        response = self.client.get(reverse("plans:plan", args=[self.plan.pk]))
        self.assertContains(response, "อบรมครูแกนนำ")
        self.assertContains(response, "23 พฤศจิกายน 2563")
        self.assertContains(response, "190,000.00")
        self.assertNotContains(response, reverse("plans:activity-create", args=[self.plan.pk]))

    def test_an_activity_is_added_with_thai_dates_and_digits(self):
        self.login(self.coordinator)
        response = self.client.post(
            reverse("plans:activity-create", args=[self.plan.pk]),
            {
                "goal": self.goal.pk,
                "title": "นิทรรศการโรงเรียนคุณธรรม",
                "start": "๑๕/๑/๒๕๖๔",
                "end": "16 ม.ค. 2564",
                "responsible": self.university.pk,
                "status": "planned",
                "expected_participants": "300",
            },
        )
        self.assertRedirects(response, reverse("plans:plan", args=[self.plan.pk]))
        activity = Activity.objects.get(title="นิทรรศการโรงเรียนคุณธรรม")
        self.assertEqual(
            (activity.start.isoformat(), activity.end.isoformat()), ("2021-01-15", "2021-01-16")
        )

    def test_a_date_outside_the_year_is_shown_next_to_its_field(self):
        self.login(self.coordinator)
        response = self.client.post(
            reverse("plans:activity-edit", args=[self.camp.pk]),
            {
                "goal": self.goal.pk,
                "title": "ค่าย",
                "start": "1/10/2564",
                "end": "5/10/2564",
                "responsible": self.school.pk,
                "status": "planned",
            },
        )
        self.assertContains(response, "ปีงบประมาณ 2564")
        self.camp.refresh_from_db()
        self.assertEqual(self.camp.title, "ค่ายเยาวชนพอเพียง")

    def test_money_with_thai_digits_and_commas_is_read_and_negatives_refused(self):
        self.login(self.coordinator)
        url = reverse("plans:budget-create", args=[self.camp.pk])
        source = FundingSource.objects.get(code="private").pk
        self.client.post(url, {"source": source, "amount": "๑๕,๐๐๐", "state": "requested"})
        self.assertTrue(BudgetLine.objects.filter(activity=self.camp, amount=15000).exists())
        for bad in ["-500", "สองพัน", "1e400"]:
            with self.subTest(amount=bad):
                response = self.client.post(
                    url, {"source": source, "amount": bad, "state": "requested"}
                )
                self.assertContains(response, "จำนวนเงิน")
        self.assertEqual(BudgetLine.objects.filter(activity=self.camp).count(), 2)

    def test_the_integrated_view_puts_every_networks_activities_on_one_timeline(self):
        religion_plan = Plan.objects.create(
            province=self.surat, network=self.religion, fiscal_year=2564, title="ศาสนา"
        )
        goal = religion_plan.goals.create(number=1, text="บวร")
        Activity.objects.create(
            plan=religion_plan,
            goal=goal,
            province=self.surat,
            number=1,
            title="เวียนเทียน",
            start="2021-02-26",
            end="2021-02-26",
            responsible=self.temple,
        )
        self.login(self.admin)
        response = self.client.get(reverse("plans:integration", args=["84", 2564]))
        rows = response.context["rows"]
        self.assertEqual({r.unit for r in rows}, {"เครือข่ายภาคการศึกษา", "เครือข่ายศาสนา"})
        temple_row = next(r for r in rows if r.activity.title == "เวียนเทียน")
        self.assertEqual(temple_row.cells, [False] * 4 + [True] + [False] * 7)
        self.assertContains(response, "190,000.00")

    def test_the_integrated_timeline_shows_a_page_of_activities(self):
        religion_plan = Plan.objects.create(
            province=self.surat, network=self.religion, fiscal_year=2564, title="ศาสนา"
        )
        goal = religion_plan.goals.create(number=1, text="บวร")
        Activity.objects.bulk_create(
            Activity(
                plan=religion_plan,
                goal=goal,
                province=self.surat,
                number=n,
                title=f"เวียนเทียน {n:02d}",
                start="2021-02-26",
                end="2021-02-26",
                responsible=self.temple,
            )
            for n in range(1, TIMELINE_PER_PAGE + 6)
        )
        total = Activity.objects.filter(plan__province=self.surat, plan__fiscal_year=2564).count()
        self.login(self.admin)
        url = reverse("plans:integration", args=["84", 2564])
        with CaptureQueriesContext(connection) as first_queries:
            first = self.client.get(url)
        second = self.client.get(url, {"page": "2"})
        shown = [r.activity.pk for r in first.context["rows"] + second.context["rows"]]
        self.assertEqual(len(first.context["rows"]), TIMELINE_PER_PAGE)
        self.assertEqual(len(shown), total)
        self.assertEqual(len(set(shown)), total)
        self.assertContains(first, "?page=2")
        self.assertContains(second, "เวียนเทียน 55")
        # The budgets are of the whole year, not of the page.
        self.assertEqual(first.context["budget"], second.context["budget"])
        with CaptureQueriesContext(connection) as second_queries:
            self.client.get(url, {"page": "2"})
        self.assertEqual(len(first_queries), len(second_queries))

    def test_the_pdf_prints_thai_in_sarabun_without_missing_glyphs(self):
        self.login(self.admin)
        with self.assertLogs("weasyprint", level=logging.WARNING) as logs:
            logging.getLogger("weasyprint").warning("(start)")
            response = self.client.get(reverse("plans:plan-pdf", args=[self.plan.pk]))
        # Where the machine lacks HarfBuzz-Subset, WeasyPrint subsets fonts with fontTools and
        # says so; any other warning (a missing glyph, a font not found) fails the test.
        problems = [line for line in logs.output[1:] if "HarfBuzz-Subset" not in line]
        self.assertEqual(problems, [])
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF-"))


def signed_pdf(name: str = "signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


DECLARATION = {
    "text": "ประกาศเจตนารมณ์",
    "declared_on": "4/12/2563",
    "executives_signed": 46,
    "executives_total": 52,
    "members_signed": 98,
    "members_total": 118,
}


class CommitmentPageTests(TemporaryMedia, PlanTestCase):
    def test_the_admin_records_the_provinces_declaration_with_a_signed_pdf(self):
        self.login(self.admin)
        url = reverse("plans:declaration-create", args=["84", 2564])
        response = self.client.post(url, DECLARATION | {"document": signed_pdf()})
        self.assertRedirects(response, reverse("plans:year", args=["84", 2564]))
        declaration = Declaration.objects.get()
        self.assertEqual(declaration.score_band, 2)
        self.assertTrue(declaration.document.name.endswith(".pdf"))

    def test_a_replaced_or_removed_document_leaves_no_file_behind(self):
        self.login(self.admin)
        self.client.post(
            reverse("plans:declaration-create", args=["84", 2564]),
            DECLARATION | {"document": signed_pdf("first.pdf")},
        )
        declaration = Declaration.objects.get()
        edit = reverse("plans:declaration-edit", args=[declaration.pk])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(edit, DECLARATION | {"document": signed_pdf("second.pdf")})
        stored = [p.name for p in Path(self.media_root).rglob("*") if p.is_file()]
        declaration.refresh_from_db()
        # Only the second one is left (stored under a random name).
        self.assertEqual(stored, [Path(declaration.document.name).name])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(edit, DECLARATION | {"document-clear": "on"})
        declaration.refresh_from_db()
        self.assertEqual(declaration.document.name, "")
        self.assertEqual([p for p in Path(self.media_root).rglob("*") if p.is_file()], [])

    def test_a_declaration_whose_save_fails_leaves_no_file_behind(self):
        from django.db import DatabaseError

        from moralprovince.plans import services

        self.login(self.admin)
        url = reverse("plans:declaration-create", args=["84", 2564])
        with (
            mock.patch.object(services, "_log", side_effect=DatabaseError("locked")),
            self.assertRaises(DatabaseError),
        ):
            self.client.post(url, DECLARATION | {"document": signed_pdf()})
        self.assertFalse(Declaration.objects.exists())
        self.assertEqual([p for p in Path(self.media_root).rglob("*") if p.is_file()], [])

    def test_a_fake_pdf_and_a_date_outside_the_year_are_refused(self):
        self.login(self.admin)
        url = reverse("plans:declaration-create", args=["84", 2564])
        fake = SimpleUploadedFile("signed.pdf", b"MZ not a pdf", content_type="application/pdf")
        response = self.client.post(
            url,
            {
                "text": "x",
                "declared_on": "4/12/2563",
                "executives_signed": 0,
                "executives_total": 0,
                "members_signed": 0,
                "members_total": 0,
                "document": fake,
            },
        )
        self.assertContains(response, "PDF")
        response = self.client.post(
            url,
            {
                "text": "x",
                "declared_on": "4/12/2564",
                "executives_signed": 0,
                "executives_total": 0,
                "members_signed": 0,
                "members_total": 0,
            },
        )
        self.assertContains(response, "ปีงบประมาณ 2564")
        self.assertFalse(Declaration.objects.exists())

    def test_a_coordinator_sets_their_networks_target_virtue_from_valid_virtues_only(self):
        from moralprovince.framework.models import Virtue

        self.login(self.coordinator)
        url = reverse("plans:target-create", args=["84", 2564]) + f"?network={self.education.pk}"
        gratitude = Virtue.objects.get(code="gratitude")
        response = self.client.post(
            url,
            {
                "problem_to_solve": "นักเรียนขาดวินัย",
                "good_to_do": "ตรงต่อเวลา",
                "virtues": [gratitude.pk],
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(TargetVirtue.objects.exists())
        discipline = Virtue.objects.get(code="discipline")
        self.client.post(
            url,
            {
                "problem_to_solve": "นักเรียนขาดวินัย",
                "good_to_do": "ตรงต่อเวลา",
                "virtues": [discipline.pk],
            },
        )
        self.assertEqual(TargetVirtue.objects.get().network, self.education)

    def test_the_year_page_lists_commitments_and_plans(self):
        self.login(self.reporter)
        response = self.client.get(reverse("plans:year", args=["84", 2564]))
        self.assertContains(response, "แผนเครือข่ายภาคการศึกษา ปีที่ 2")


class OrganisationPlanTests(PlanTestCase):
    def test_a_reporter_starts_their_organisations_plan_and_no_other(self):
        self.login(self.reporter)
        year = self.client.get(reverse("plans:year", args=["84", 2564]))
        create = reverse("plans:plan-create", args=["84", 2564])
        self.assertContains(year, f"{create}?organisation={self.school.pk}")
        response = self.client.post(
            f"{create}?organisation={self.school.pk}", {"title": "แผนโรงเรียน"}
        )
        plan = Plan.objects.get(title="แผนโรงเรียน")
        self.assertRedirects(response, reverse("plans:plan", args=[plan.pk]))
        self.assertEqual((plan.level, plan.organisation), ("organisation", self.school))
        other = self.client.post(f"{create}?organisation={self.temple.pk}", {"title": "แผนวัด"})
        self.assertEqual(other.status_code, 404)
        self.assertFalse(Plan.objects.filter(title="แผนวัด").exists())


class ActivityLinkTests(PlanTestCase):
    def test_the_report_link_is_offered_to_those_who_may_report_and_no_one_else(self):
        from moralprovince.monitoring import access as monitoring_access

        activities = list(self.plan.activities.all())
        offered_somewhere = False
        for user in (self.admin, self.coordinator, self.reporter, self.evaluator, self.viewer):
            self.login(user)
            page = self.client.get(reverse("plans:plan", args=[self.plan.pk]))
            if page.status_code != 200:
                continue
            for activity in activities:
                url = reverse("monitoring:report-create", args=[activity.pk])
                may = monitoring_access.can(user, "monitoring.report", activity)
                offered_somewhere |= may
                with self.subTest(user=user.username, activity=activity.title):
                    self.assertEqual(url in page.content.decode(), may)
                    if may:
                        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertTrue(offered_somewhere)
