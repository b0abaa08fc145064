"""A round with responses is never deleted, through the page or any other way; one without
goes with its links, imports (and their files) and read models, and the removal is audited."""

from __future__ import annotations

from django.db.models import ProtectedError
from django.urls import reverse

from moralprovince.accounts.access import NotAllowed
from moralprovince.audit.models import AuditEntry
from moralprovince.surveys.models import (
    LinkSubmission,
    Response,
    ResponseImport,
    ResultCell,
    RoundSchool,
    SurveyRound,
)
from moralprovince.surveys.services import delete_round
from moralprovince.surveys.tests.base import (
    SurveyTestCase,
    csv_text,
    import_bytes,
    many,
    stored_files,
    upload_bytes,
)


class DeleteRoundTests(SurveyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.media = self.fresh_media()
        self.url = reverse("surveys:round-delete", args=[self.round.pk])

    def test_a_round_with_responses_is_refused_by_the_page_and_by_the_models(self):
        import_bytes(self.round, csv_text(many(3, self.school.code), self.items).encode())
        self.client.force_login(self.admin)
        page = self.client.get(reverse("surveys:round", args=[self.round.pk]))
        self.assertContains(page, 'id="no-delete"')
        self.assertNotContains(page, 'id="delete-round"')
        refused = self.client.post(self.url, follow=True)
        self.assertContains(refused, "ลบรอบ “รอบสำรวจ 2569” ไม่ได้ เพราะมีคำตอบแล้ว")
        # Whoever reaches the models (a shell, the admin) is refused too.
        with self.assertRaises(ProtectedError):
            SurveyRound.objects.get(pk=self.round.pk).delete()
        with self.assertRaises(ProtectedError):
            SurveyRound.objects.filter(pk=self.round.pk).delete()
        self.assertTrue(SurveyRound.objects.filter(pk=self.round.pk).exists())
        self.assertEqual(Response.objects.filter(round_id=self.round.pk).count(), 3)
        self.assertTrue(ResultCell.objects.filter(round_id=self.round.pk).exists())
        self.assertFalse(AuditEntry.objects.filter(action="surveys.round.deleted").exists())

    def test_a_round_without_responses_goes_with_its_links_imports_and_files_audited(self):
        record = upload_bytes(self.round, csv_text(many(1, self.school.code), self.items).encode())
        member = self.round.round_schools.first()
        assert member is not None
        LinkSubmission.objects.create(member=member, at=record.created_at, slot=1)
        self.assertEqual(len(stored_files(self.media)), 1)
        self.client.force_login(self.evaluator)
        page = self.client.get(reverse("surveys:round", args=[self.round.pk]))
        self.assertContains(page, 'id="delete-round"')
        self.assertContains(page, "data-confirm=")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url)
        self.assertRedirects(response, reverse("surveys:index"))
        self.assertFalse(SurveyRound.objects.filter(pk=self.round.pk).exists())
        self.assertFalse(RoundSchool.objects.filter(round_id=self.round.pk).exists())
        self.assertFalse(ResponseImport.objects.exists())
        self.assertFalse(LinkSubmission.objects.exists())
        self.assertEqual(stored_files(self.media), [])
        entry = AuditEntry.objects.get(action="surveys.round.deleted")
        self.assertEqual(entry.actor, self.evaluator)
        self.assertEqual(entry.object_id, str(self.round.pk))
        self.assertEqual(entry.changes["name"]["before"], self.round.name)
        self.assertEqual(
            entry.changes["schools"]["before"], sorted([self.school.pk, self.school2.pk])
        )
        self.assertEqual(entry.changes["imports"]["before"], ["responses.csv"])

    def test_only_the_rounds_managers_delete_it(self):
        for person in (self.coordinator, self.reporter, self.viewer, self.outsider):
            with self.subTest(person=person.username):
                self.client.force_login(person)
                self.assertEqual(self.client.post(self.url).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(self.url).status_code, 302)  # to the login page
        with self.assertRaises(NotAllowed):
            delete_round(actor=self.coordinator, survey_round=self.round)
        self.assertTrue(SurveyRound.objects.filter(pk=self.round.pk).exists())
