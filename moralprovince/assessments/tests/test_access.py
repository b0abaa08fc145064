"""Who sees which units, and the board's cost."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moralprovince.accounts.models import RoleKind
from moralprovince.accounts.scope import SYSTEM
from moralprovince.assessments import services
from moralprovince.assessments.access import assessments_visible_to
from moralprovince.assessments.models import Assessment, AssessmentStatus, Round, UnitType
from moralprovince.assessments.tests.base import AssessmentTestCase
from moralprovince.monitoring.reminders import send_reminders
from moralprovince.people.models import Course, Partner
from moralprovince.testing import make_user


class VisibilityTests(AssessmentTestCase):
    def board(self, user: object, query: str = "") -> object:
        self.login(user)  # type: ignore[arg-type]
        return self.client.get(reverse("assessments:board", args=[self.rnd.pk]) + query)

    def units(self, response: object) -> set[str]:
        return {a.unit_name for a in response.context["page"]}  # type: ignore[attr-defined]

    def test_the_admin_sees_every_unit_and_can_filter_by_network(self) -> None:
        everything = self.units(self.board(self.admin))
        self.assertEqual(
            everything,
            {self.school.name, self.university.name, self.temple.name, str(self.surat)},
        )
        filtered = self.units(self.board(self.admin, f"?network={self.religion.pk}"))
        self.assertEqual(filtered, {self.temple.name})

    def test_an_overlong_filter_is_ignored(self) -> None:
        response = self.board(self.admin, "?network=99999999999999999999&district=" + "9" * 40)
        self.assertEqual(response.status_code, 200)

    def test_a_coordinator_sees_only_their_networks_units_and_who_has_not_started(self) -> None:
        response = self.board(self.coordinator, "?status=not_started")
        self.assertEqual(self.units(response), {self.school.name, self.university.name})
        temple = Assessment.objects.get(round=self.rnd, organisation=self.temple)
        page = self.client.get(reverse("assessments:assessment", args=[temple.pk]))
        self.assertEqual(page.status_code, 404)

    def test_a_reporter_sees_only_their_own_organisation(self) -> None:
        self.login(self.reporter)
        own = self.of(self.school)
        other = self.of(self.university)
        self.assertEqual(
            self.client.get(reverse("assessments:assessment", args=[own.pk])).status_code, 200
        )
        self.assertEqual(
            self.client.get(reverse("assessments:assessment", args=[other.pk])).status_code, 404
        )
        # The round's board shows them their own unit only.
        self.assertEqual(self.units(self.board(self.reporter)), {self.school.name})
        self.assertEqual(list(assessments_visible_to(self.reporter)), [own])

    def test_an_evaluator_sees_only_their_assignment(self) -> None:
        self.assertEqual(
            self.units(self.board(self.evaluator)), {self.school.name, self.university.name}
        )

    def test_chiang_rai_sees_nothing_of_surat_thani(self) -> None:
        self.assertEqual(self.board(self.outsider).status_code, 404)
        self.login(self.outsider)
        for name in ("assessment", "fill", "verify", "reopen", "evidence-add"):
            url = reverse(f"assessments:{name}", args=[self.of(self.school).pk])
            method = self.client.get if name == "assessment" else self.client.post
            self.assertEqual(method(url).status_code, 404, name)
        for name in ("round-edit", "round-approve"):
            url = reverse(f"assessments:{name}", args=[self.rnd.pk])
            self.assertEqual(self.client.post(url).status_code, 404, name)
        self.assertEqual(
            self.client.get(reverse("assessments:round-create", args=[self.surat.pk])).status_code,
            404,
        )
        self.assertEqual(list(assessments_visible_to(self.outsider)), [])

    def test_a_coordinator_cannot_open_or_edit_rounds(self) -> None:
        self.login(self.coordinator)
        url = reverse("assessments:round-edit", args=[self.rnd.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_national_view_is_for_national_staff(self) -> None:
        self.login(self.admin)
        self.assertEqual(self.client.get(reverse("assessments:national")).status_code, 404)
        self.login(self.national)
        self.assertEqual(self.client.get(reverse("assessments:national")).status_code, 200)


class BoardTests(AssessmentTestCase):
    def test_the_board_costs_the_same_whatever_the_number_of_units(self) -> None:
        self.login(self.admin)
        url = reverse("assessments:board", args=[self.rnd.pk])
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for n in range(30):
            org = self.school.__class__.objects.create(
                province=self.surat,
                name_th=f"องค์กร {n}",
                kind=self.school.kind,
                subdistrict=self.school.subdistrict,
            )
            self.education.memberships.create(organisation=org)
        services.add_missing_units(self.rnd)
        Assessment.objects.filter(round=self.rnd).update(status=AssessmentStatus.APPROVED, level=2)
        with self.assertNumQueries(len(few)):
            response = self.client.get(url)
        self.assertLessEqual(len(few), 20)
        self.assertEqual(response.context["counts"][-1][1], 34)

    def test_the_committee_is_not_offered_to_approve_the_provinces_own(self) -> None:
        own = Assessment.objects.get(round=self.rnd, unit_type=UnitType.PROVINCE)
        Assessment.objects.filter(round=self.rnd).update(status=AssessmentStatus.VERIFIED)
        self.login(self.admin)
        response = self.client.get(reverse("assessments:board", args=[self.rnd.pk]))
        self.assertNotContains(response, f'name="assessment" value="{own.pk}"')
        self.assertContains(response, f'name="assessment" value="{self.of(self.school).pk}"')
        self.login(self.national)
        response = self.client.get(reverse("assessments:board", args=[self.rnd.pk]))
        self.assertContains(response, f'name="assessment" value="{own.pk}"')

    def test_the_board_shows_the_movement_since_the_year_before(self) -> None:
        today = dt.date.today()
        before = services.create_round(
            actor=SYSTEM,
            province_id=self.surat.pk,
            data={
                "name": "2563",
                "fiscal_year": 2563,
                "self_deadline": today,
                "verify_deadline": today,
            },
            versions={UnitType.ORGANISATION: self.version},
        )
        levels_before = {self.school: 1, self.university: 2, self.temple: 3}
        for org, level in levels_before.items():
            Assessment.objects.filter(round=before, organisation=org).update(
                status=AssessmentStatus.APPROVED, level=level
            )
            Assessment.objects.filter(round=self.rnd, organisation=org).update(
                status=AssessmentStatus.APPROVED, level=2
            )
        self.login(self.admin)
        response = self.client.get(reverse("assessments:board", args=[self.rnd.pk]))
        self.assertEqual(response.context["movement"], {"up": 1, "same": 1, "down": 1})

    def test_the_public_page_shows_the_levels_and_the_model_organisations(self) -> None:
        Assessment.objects.filter(round=self.rnd, organisation=self.school).update(
            status=AssessmentStatus.APPROVED, level=3, outstanding=True
        )
        Assessment.objects.filter(round=self.rnd, organisation=self.temple).update(
            status=AssessmentStatus.APPROVED, level=1
        )
        response = self.client.get(reverse("assessments:public", args=[self.surat.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["results"]["models"], [(self.school, True)])
        self.assertEqual([n for _l, n in response.context["results"]["levels"]], [1, 0, 1])
        # The province's public page shows the same counts and the model organisations.
        page = self.client.get(reverse("knowledge:province", args=[self.surat.pk]))
        self.assertContains(page, 'id="public-levels"')
        self.assertContains(page, self.school.name_th)
        # Chiang Rai's programme is not public.
        url = reverse("assessments:public", args=[self.chiangrai.pk])
        self.assertEqual(self.client.get(url).status_code, 404)


class CriteriaVersionTests(AssessmentTestCase):
    def test_changing_criteria_in_use_makes_a_new_version_and_old_results_keep_theirs(
        self,
    ) -> None:
        self.login(self.national)
        item = self.version.items.get(number=5)
        url = reverse("assessments:item-edit", args=[self.version.pk, 5])
        data = {
            f: getattr(item, f)
            for f in (
                "number",
                "text_th",
                "level",
                "scoring",
                "share_high",
                "share_mid",
                "band_2_th",
                "band_1_th",
                "band_0_th",
            )
        }
        response = self.client.post(url, {**data, "text_th": "ข้อความทางการ"})
        self.assertEqual(response.status_code, 302)
        item.refresh_from_db()
        self.assertTrue(item.text_th.startswith("(ถ้อยคำอ้างอิง)"))
        new = self.version.__class__.objects.get(based_on=self.version)
        self.assertEqual((new.number, new.status), (2, "draft"))
        self.assertEqual(new.items.get(number=5).text_th, "ข้อความทางการ")
        self.assertEqual(new.rules.count(), 3)
        self.assertEqual(self.of(self.school).version, self.version)
        # A second change goes to the same new draft.
        self.client.post(url, {**data, "text_th": "ข้อความทางการ 2"})
        self.assertEqual(self.version.__class__.objects.filter(based_on=self.version).count(), 1)

    def test_only_national_staff_edit_criteria(self) -> None:
        self.login(self.admin)
        url = reverse("assessments:item-edit", args=[self.version.pk, 5])
        self.assertEqual(self.client.post(url, {"text_th": "x"}).status_code, 404)
        self.assertEqual(self.client.get(reverse("assessments:criteria")).status_code, 200)

    def test_a_draft_is_published_only_with_a_rule_for_every_level(self) -> None:
        draft = services.create_version(
            actor=self.national,
            data={"unit_type": UnitType.COMMUNITY, "fiscal_year": 2565, "title_th": "ชุมชน"},
        )
        self.login(self.national)
        response = self.client.post(reverse("assessments:publish", args=[draft.pk]), follow=True)
        self.assertContains(response, "Add at least one item")
        draft.refresh_from_db()
        self.assertEqual(draft.status, "draft")


class RoundTests(AssessmentTestCase):
    def test_a_province_admin_opens_a_round_and_every_organisation_has_an_assessment(
        self,
    ) -> None:
        self.login(self.admin)
        response = self.client.post(
            reverse("assessments:round-create", args=[self.surat.pk]),
            {
                "name": "รอบ 2565",
                "fiscal_year": "2565",
                "self_deadline": "30/6/2565",
                "verify_deadline": "31/8/2565",
                "version_organisation": self.version.pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        rnd = Round.objects.get(fiscal_year=2565)
        self.assertEqual(rnd.assessments.count(), 3)

    def test_a_round_needs_criteria_and_ordered_deadlines(self) -> None:
        self.login(self.admin)
        response = self.client.post(
            reverse("assessments:round-create", args=[self.surat.pk]),
            {
                "name": "รอบ 2565",
                "fiscal_year": "2565",
                "self_deadline": "30/9/2565",
                "verify_deadline": "31/8/2565",
            },
        )
        self.assertContains(response, "The verification deadline must not be before")
        response = self.client.post(
            reverse("assessments:round-create", args=[self.surat.pk]),
            {
                "name": "รอบ 2565",
                "fiscal_year": "2565",
                "self_deadline": "30/6/2565",
                "verify_deadline": "31/8/2565",
            },
        )
        self.assertContains(response, "Choose the criteria for at least one unit type")
        self.assertFalse(Round.objects.filter(fiscal_year=2565).exists())

    def test_an_assignment_must_be_to_an_evaluator_of_the_province(self) -> None:
        self.login(self.admin)
        url = reverse("assessments:round-edit", args=[self.rnd.pk])
        response = self.client.post(
            url, {"evaluator": self.coordinator.pk, "network": self.religion.pk}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.rnd.assignments.count(), 1)
        self.client.post(url, {"evaluator": self.evaluator.pk, "network": self.religion.pk})
        self.assertEqual(self.rnd.assignments.count(), 2)

    def test_an_evaluator_verifies_for_a_partner_shown_on_the_partners_page(self) -> None:
        university = Partner.objects.create(
            province=self.surat, name_th="มหาวิทยาลัยตาปี", does_evaluation=True
        )
        elsewhere = Partner.objects.create(province=self.chiangrai, name_th="มหาวิทยาลัยแม่ฟ้า")
        Course.objects.create(
            province=self.surat,
            title="หลักสูตรวิทยากรส่งเสริมคุณธรรม",
            organiser=university,
            hours=12,
            min_hours=10,
            test_max_score=20,
            min_post_score=12,
        )
        self.login(self.admin)
        url = reverse("assessments:round-edit", args=[self.rnd.pk])
        data = {"evaluator": self.evaluator.pk, "network": self.religion.pk}
        response = self.client.post(url, {**data, "partner": elsewhere.pk})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.rnd.assignments.filter(network=self.religion).exists())
        self.client.post(url, {**data, "partner": university.pk})
        assignment = self.rnd.assignments.get(network=self.religion)
        self.assertEqual(assignment.partner, university)
        page = self.client.get(reverse("partnerships:partner", args=[university.pk]))
        self.assertContains(page, self.rnd.name)
        self.assertContains(page, "หลักสูตรวิทยากรส่งเสริมคุณธรรม")
        self.login(self.outsider)
        page = self.client.get(reverse("partnerships:partner", args=[university.pk]))
        self.assertEqual(page.status_code, 404)


class ReminderTests(AssessmentTestCase):
    def test_reporters_and_coordinators_behind_are_reminded(self) -> None:
        self.reporter.email = "reporter@example.org"
        self.reporter.save()
        self.coordinator.email = "coordinator@example.org"
        self.coordinator.save()
        make_user(
            "quiet", RoleKind.ORGANISATION_REPORTER, province=self.surat, organisation=self.temple
        )
        self.rnd.self_deadline = dt.date.today() + dt.timedelta(days=3)
        self.rnd.save()
        send_reminders(dt.date.today())
        to = {address for m in mail.outbox for address in m.to}
        self.assertIn("reporter@example.org", to)
        self.assertIn("coordinator@example.org", to)
        coordinator = next(m for m in mail.outbox if "coordinator@example.org" in m.to)
        self.assertIn(self.university.name_th, coordinator.body)
        self.assertNotIn(self.temple.name_th, coordinator.body)


class SourceTests(AssessmentTestCase):
    def test_the_share_of_units_at_each_level_is_a_computed_source(self) -> None:
        from decimal import Decimal

        from moralprovince.monitoring.models import Indicator
        from moralprovince.monitoring.sources import SOURCES, compute

        for org, level in ((self.school, 3), (self.university, 1), (self.temple, 3)):
            Assessment.objects.filter(round=self.rnd, organisation=org).update(
                status=AssessmentStatus.APPROVED, level=level
            )
        indicator = Indicator.objects.create(
            province=self.surat, code="A3", name_th="สัดส่วนต้นแบบ", source="assessment_level_3_share"
        )
        self.assertIn("assessment_level_3_share", SOURCES)
        self.assertEqual(compute(indicator, 2564, "Y"), Decimal("66.67"))
        indicator.network = self.education
        self.assertEqual(compute(indicator, 2564, "Y"), Decimal("50.00"))


class CommunityTests(AssessmentTestCase):
    def test_an_admin_adds_a_community_and_a_round_assessing_communities_takes_it(
        self,
    ) -> None:
        from moralprovince.assessments.models import CriteriaVersion, RoundCriteria

        self.login(self.admin)
        url = reverse("assessments:communities", args=[self.surat.pk])
        response = self.client.post(url, {"name_th": "ชุมชนบ้านนาเดิม", "subdistrict": "841301"})
        self.assertEqual(response.status_code, 302)
        community = services.Community.objects.get()
        version = CriteriaVersion.objects.create(
            unit_type=UnitType.COMMUNITY,
            fiscal_year=2564,
            number=1,
            title_th="ชุมชน",
            status="published",
        )
        RoundCriteria.objects.create(round=self.rnd, unit_type=UnitType.COMMUNITY, version=version)
        services.add_missing_units(self.rnd)
        unit = Assessment.objects.get(round=self.rnd, community=community)
        self.assertEqual(unit.district_id, "8413")

    def test_a_subdistrict_of_another_province_is_refused(self) -> None:
        self.login(self.admin)
        url = reverse("assessments:communities", args=[self.surat.pk])
        response = self.client.post(url, {"name_th": "ชุมชนอื่น", "subdistrict": "570102"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(services.Community.objects.exists())

    def test_only_the_provinces_admins_manage_its_communities(self) -> None:
        url = reverse("assessments:communities", args=[self.surat.pk])
        for user in (self.outsider, self.coordinator, self.reporter):
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 404)
