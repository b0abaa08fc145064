"""A unit's assessment from self-assessment to approval, through the pages."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from moralprovince.assessments.models import (
    Assessment,
    AssessmentEvidence,
    AssessmentStatus,
    EvidenceKind,
    ItemScore,
    Transition,
)
from moralprovince.assessments.tests.base import AssessmentTestCase
from moralprovince.audit.models import AuditEntry


class SelfAssessmentTests(AssessmentTestCase):
    def fill(self, data: dict[str, str], submit: bool = False) -> object:
        self.login(self.reporter)
        url = reverse("assessments:fill", args=[self.of(self.school).pk])
        return self.client.post(url, {**data, **({"submit": "1"} if submit else {"save": "1"})})

    def add_links(self, *numbers: int) -> None:
        for n in numbers:
            url = reverse("assessments:evidence-add", args=[self.of(self.school).pk])
            self.client.post(url, {"item": n, "link": f"https://example.org/{n}"})

    def test_a_reporter_saves_a_draft_and_the_level_follows(self) -> None:
        response = self.fill(self.full_marks())
        self.assertEqual(response.status_code, 302)
        assessment = self.of(self.school)
        self.assertEqual(assessment.status, AssessmentStatus.DRAFT)
        self.assertEqual(assessment.level, 3)
        self.assertEqual(
            ItemScore.objects.get(assessment=assessment, item__number=1).self_points, 2
        )

    def test_a_score_outside_the_items_rule_is_refused_naming_the_item(self) -> None:
        data = self.full_marks() | {"value_3": "5", "value_1": "120"}
        response = self.fill(data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Item 3: the score must be one of 0, 1, 2.", status_code=400)
        self.assertContains(response, "Item 1: write the share as a percent", status_code=400)
        # Nothing is half-saved: not even item 2, which was right.
        self.assertFalse(
            ItemScore.objects.filter(assessment=self.of(self.school), self_points=2).exists()
        )

    def test_the_refusal_is_in_thai_for_a_thai_reader(self) -> None:
        self.client.cookies.pop("django_language", None)
        response = self.fill(self.full_marks() | {"value_3": "5"})
        self.assertContains(response, "ข้อ 3: คะแนนต้องเป็น 0, 1, 2", status_code=400)

    def test_submitting_without_required_evidence_names_the_items(self) -> None:
        response = self.fill(self.full_marks(), submit=True)
        self.assertEqual(response.status_code, 400)
        for n in (1, 2, 3):
            self.assertContains(response, f"Item {n} needs evidence", status_code=400)
        self.assertNotContains(response, "Item 4 needs evidence", status_code=400)
        self.assertEqual(self.of(self.school).status, AssessmentStatus.NOT_STARTED)

    def test_with_its_evidence_it_is_submitted_and_recorded(self) -> None:
        self.login(self.reporter)
        self.add_links(1, 2, 3)
        self.assertEqual(AssessmentEvidence.objects.filter(kind=EvidenceKind.LINK).count(), 3)
        response = self.fill(self.full_marks(), submit=True)
        self.assertEqual(response.status_code, 302)
        assessment = self.of(self.school)
        self.assertEqual(assessment.status, AssessmentStatus.SUBMITTED)
        self.assertEqual(assessment.submitted_by, self.reporter)
        steps = list(Transition.objects.filter(assessment=assessment).values_list("to_status"))
        self.assertEqual(steps, [("draft",), ("submitted",)])
        self.assertTrue(
            AuditEntry.objects.filter(action="assessments.assessment.submitted").exists()
        )

    def test_the_province_audit_log_shows_the_steps(self) -> None:
        self.login(self.reporter)
        self.add_links(1, 2, 3)
        self.fill(self.full_marks(), submit=True)
        self.login(self.admin)
        response = self.client.get(reverse("portal:audit-province", args=[self.surat.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.school.name)

    def test_after_the_deadline_nothing_is_accepted(self) -> None:
        self.rnd.self_deadline = dt.date(2021, 6, 30)
        self.rnd.verify_deadline = dt.date(2021, 8, 31)
        self.rnd.save()
        response = self.fill(self.full_marks())
        self.assertContains(response, "has passed", status_code=400)
        self.assertEqual(self.of(self.school).status, AssessmentStatus.NOT_STARTED)

    def test_an_evidence_file_that_is_not_what_it_claims_is_refused(self) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.login(self.reporter)
        url = reverse("assessments:evidence-add", args=[self.of(self.school).pk])
        fake = SimpleUploadedFile("ประกาศ.jpg", b"not an image", content_type="image/jpeg")
        response = self.client.post(url, {"item": 1, "file": fake}, follow=True)
        self.assertContains(response, "not an image")
        self.assertFalse(AssessmentEvidence.objects.exists())

    def test_an_uploaded_photo_is_served_to_those_who_see_the_assessment(self) -> None:
        import io

        from django.core.files.uploadedfile import SimpleUploadedFile
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (20, 20), "red").save(buffer, format="PNG")
        self.login(self.reporter)
        url = reverse("assessments:evidence-add", args=[self.of(self.school).pk])
        photo = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
        with self.settings(MEDIA_ROOT=self.media()):
            self.client.post(url, {"item": 1, "file": photo, "caption": "ภาพประกาศ"})
            evidence = AssessmentEvidence.objects.get()
            self.assertEqual(evidence.kind, EvidenceKind.IMAGE)
            page = self.client.get(
                reverse("assessments:assessment", args=[self.of(self.school).pk])
            )
            self.assertContains(page, "/files/assessment-evidence/")
            self.login(self.outsider)
            from moralprovince.core.files import url_for

            self.assertEqual(self.client.get(url_for(evidence)).status_code, 404)

    def media(self) -> str:
        import tempfile

        return tempfile.mkdtemp(prefix="assessments-test-")


class VerificationTests(AssessmentTestCase):
    def submitted(self, organisation: object) -> Assessment:
        from moralprovince.assessments import services

        assessment = self.of(organisation)
        services.save_self_assessment(
            actor=self.admin,
            assessment=assessment,
            entries={n: services.Entry(value="100" if n <= 2 else "2") for n in range(1, 10)},
            submit=True,
            has_records=[1, 2, 3],
        )
        return assessment

    def test_the_evaluator_returns_an_item_then_verifies_with_a_changed_score(self) -> None:
        assessment = self.submitted(self.school)
        self.login(self.evaluator)
        url = reverse("assessments:verify", args=[assessment.pk])
        self.client.post(url, {"action": "return", "needs_4": "1", "comment_4": "ขอรายงาน"})
        assessment.refresh_from_db()
        self.assertEqual(assessment.status, AssessmentStatus.RETURNED)
        # The unit sends it again, with the evidence its required items ask for.
        self.login(self.reporter)
        for n in (1, 2, 3):
            self.client.post(
                reverse("assessments:evidence-add", args=[assessment.pk]),
                {"item": n, "link": f"https://example.org/{n}"},
            )
        self.client.post(
            reverse("assessments:fill", args=[assessment.pk]), {"value_4": "2", "submit": "1"}
        )
        assessment.refresh_from_db()
        self.assertEqual(assessment.status, AssessmentStatus.SUBMITTED)
        self.login(self.evaluator)
        # A changed score needs a reason.
        self.client.post(url, {"action": "verify", "points_4": "1"})
        assessment.refresh_from_db()
        self.assertEqual(assessment.status, AssessmentStatus.SUBMITTED)
        self.client.post(url, {"action": "verify", "points_4": "1", "comment_4": "ทำครึ่งแผน"})
        assessment.refresh_from_db()
        self.assertEqual(assessment.status, AssessmentStatus.VERIFIED)
        # Item 4 at 1 keeps it from level 3 (which needs 2), by hand: level 2.
        self.assertEqual(assessment.level, 2)
        page = self.client.get(reverse("assessments:assessment", args=[assessment.pk]))
        self.assertContains(page, "Item 4 scored 1")

    def test_an_evaluator_verifies_only_within_their_assignment(self) -> None:
        temple = self.submitted(self.temple)
        self.login(self.evaluator)
        response = self.client.post(
            reverse("assessments:verify", args=[temple.pk]), {"action": "verify"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            self.client.get(reverse("assessments:assessment", args=[temple.pk])).status_code, 404
        )
        temple.refresh_from_db()
        self.assertEqual(temple.status, AssessmentStatus.SUBMITTED)

    def test_the_committee_approves_a_batch_and_approved_is_locked(self) -> None:
        from moralprovince.assessments import services

        assessment = self.submitted(self.school)
        services.verify_assessment(
            actor=self.evaluator, assessment=assessment, checks={}, action="verify"
        )
        self.login(self.admin)
        self.client.post(
            reverse("assessments:round-approve", args=[self.rnd.pk]),
            {"assessment": [assessment.pk], "outstanding": [assessment.pk]},
        )
        assessment.refresh_from_db()
        self.assertEqual(assessment.status, AssessmentStatus.APPROVED)
        self.assertTrue(assessment.outstanding)
        self.login(self.reporter)
        response = self.client.post(
            reverse("assessments:fill", args=[assessment.pk]), {"value_4": "0", "save": "1"}
        )
        self.assertContains(response, "can no longer be changed", status_code=400)
        # Reopening needs a reason, and is recorded with it.
        self.login(self.admin)
        url = reverse("assessments:reopen", args=[assessment.pk])
        self.client.post(url, {"reason": ""})
        assessment.refresh_from_db()
        self.assertEqual(assessment.status, AssessmentStatus.APPROVED)
        self.client.post(url, {"reason": "แก้คะแนนข้อ 4"})
        assessment.refresh_from_db()
        self.assertEqual(assessment.status, AssessmentStatus.SUBMITTED)
        self.assertTrue(
            Transition.objects.filter(assessment=assessment, reason="แก้คะแนนข้อ 4").exists()
        )

    def test_an_unverified_assessment_is_not_approved(self) -> None:
        assessment = self.submitted(self.school)
        self.login(self.admin)
        response = self.client.post(
            reverse("assessments:round-approve", args=[self.rnd.pk]),
            {"assessment": [assessment.pk]},
            follow=True,
        )
        self.assertContains(response, "only verified assessments are approved")
        assessment.refresh_from_db()
        self.assertEqual(assessment.status, AssessmentStatus.SUBMITTED)

    def test_the_province_is_verified_by_national_staff_only(self) -> None:
        own = Assessment.objects.get(round=self.rnd, unit_type="province")
        self.login(self.admin)
        page = self.client.get(reverse("assessments:assessment", args=[own.pk]))
        # Its own figures come from the system: the share of organisations at a level.
        self.assertContains(page, "of the province&#x27;s organisations are at a level")
        from moralprovince.assessments import access

        self.assertFalse(access.can_verify(self.admin, own))
        self.assertTrue(access.can_verify(self.national, own))


class HistoryTests(AssessmentTestCase):
    def test_a_step_the_system_took_is_named_in_the_readers_language(self) -> None:
        assessment = self.of(self.school)
        Transition.objects.create(
            assessment=assessment,
            from_status=AssessmentStatus.NOT_STARTED,
            to_status=AssessmentStatus.DRAFT,
            actor_name="system",
        )
        self.login(self.reporter)
        url = reverse("assessments:assessment", args=[assessment.pk])
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
        self.assertContains(self.client.get(url), "ระบบ · ยังไม่เริ่ม → ร่าง")
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.assertContains(self.client.get(url), "system · Not started → Draft")
