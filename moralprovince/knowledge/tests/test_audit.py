from pathlib import Path
from unittest import mock

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.urls import reverse

from moralprovince.audit.models import AuditEntry
from moralprovince.knowledge import services
from moralprovince.knowledge.models import (
    Adoption,
    Assembly,
    Document,
    LessonCase,
    NewsPhoto,
    NewsPost,
    ResearchProject,
    Resolution,
)
from moralprovince.knowledge.tests.base import MediaTestCase, docx, photo


class AuditTests(MediaTestCase):
    def entry(self, obj, action):
        return AuditEntry.objects.get(
            object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action
        )

    def test_every_row_the_demo_loaded_has_its_entry_by_the_system(self):
        for model in [NewsPost, LessonCase, Assembly, ResearchProject, Resolution, Adoption]:
            name = model._meta.model_name
            rows = model.objects.exclude(pk=self.draft.pk) if model is NewsPost else model.objects
            with self.subTest(model=name):
                self.assertTrue(rows.exists())
                for row in rows.all():
                    entry = self.entry(row, f"knowledge.{name}.created")
                    self.assertEqual(entry.actor_name, "system")

    def test_an_update_logs_what_changed_before_and_after(self):
        self.login(self.admin)
        url = reverse("knowledge:news-edit", args=[self.article.pk])
        response = self.client.post(url, {"title": "หัวข้อใหม่", "body": self.article.body})
        self.assertRedirects(response, reverse("knowledge:news", args=[self.article.pk]))
        changes = self.entry(self.article, "knowledge.newspost.updated").changes
        self.assertEqual(changes["title"], {"before": self.article.title, "after": "หัวข้อใหม่"})
        self.assertEqual(changes["author"]["after"], "")
        self.assertNotIn("body", changes)

    def test_publishing_logs_the_status_before_and_after(self):
        self.login(self.admin)
        self.client.post(reverse("knowledge:news-publish", args=[self.draft.pk]))
        changes = self.entry(self.draft, "knowledge.newspost.published").changes
        self.assertEqual(changes["status"], {"before": "draft", "after": "published"})

    def test_a_resolution_is_logged_when_recorded_and_when_its_text_changes(self):
        assembly = Assembly.objects.get()
        url = reverse("knowledge:resolution-add", args=[assembly.pk])
        self.login(self.coordinator)
        self.client.post(url, {"number": 2, "text": "ทุกองค์กรมีจิตอาสา"})
        resolution = assembly.resolutions.get(number=2)
        created = self.entry(resolution, "knowledge.resolution.created")
        self.assertEqual(created.changes["text"], {"before": None, "after": "ทุกองค์กรมีจิตอาสา"})
        self.assertEqual(created.actor, self.coordinator)
        self.client.post(url, {"number": 2, "text": "ทุกองค์กรมีจิตอาสาทุกเดือน"})
        updated = self.entry(resolution, "knowledge.resolution.updated")
        self.assertEqual(
            updated.changes,
            {"text": {"before": "ทุกองค์กรมีจิตอาสา", "after": "ทุกองค์กรมีจิตอาสาทุกเดือน"}},
        )
        self.assertFalse(AuditEntry.objects.filter(action="knowledge.assembly.updated").exists())

    def test_an_adoption_is_logged_with_what_the_organisation_committed_to(self):
        assembly = Assembly.objects.get()
        resolution = assembly.resolutions.get()
        self.login(self.admin)
        self.client.post(
            reverse("knowledge:adoption-add", args=[assembly.pk, resolution.pk]),
            {"organisation": self.university.pk, "commitment": "จัดค่ายคุณธรรม"},
        )
        adoption = Adoption.objects.get(organisation=self.university)
        changes = self.entry(adoption, "knowledge.adoption.created").changes
        self.assertEqual(changes["commitment"], {"before": None, "after": "จัดค่ายคุณธรรม"})

    def test_a_photo_and_a_document_are_logged_with_their_files(self):
        self.login(self.admin)
        self.client.post(
            reverse("knowledge:news-upload", args=[self.article.pk]),
            {"file": photo(), "caption": "ภาพกิจกรรม"},
        )
        added = self.article.photos.get()
        changes = self.entry(added, "knowledge.newsphoto.created").changes
        self.assertEqual(changes["image"]["after"], added.image.name)
        self.assertEqual(changes["caption"]["after"], "ภาพกิจกรรม")
        case = LessonCase.objects.first()
        self.client.post(reverse("knowledge:case-upload", args=[case.pk]), {"file": docx("บท")})
        document = case.documents.get()
        changes = self.entry(document, "knowledge.document.created").changes
        self.assertEqual(changes["file"]["after"], document.file.name)
        with document.file.open("rb") as stored:
            self.assertTrue(stored.read().startswith(b"PK"))


class FileCleanupTests(MediaTestCase):
    def stored(self) -> set[Path]:
        return {p for p in Path(self.media_root).rglob("*") if p.is_file()}

    def test_a_photo_refused_after_it_was_stored_leaves_no_file(self):
        before = self.stored()
        with self.assertRaises(ValidationError):
            services.create_photo(
                actor=self.admin, post=self.article, upload=photo(), caption="ภาพ" * 100
            )
        self.assertEqual(self.stored(), before)
        self.assertFalse(NewsPhoto.objects.exists())

    def test_a_document_whose_save_fails_leaves_no_file(self):
        case = LessonCase.objects.first()
        before = self.stored()
        with (
            mock.patch.object(services.search, "index_item", side_effect=DatabaseError),
            self.assertRaises(DatabaseError),
        ):
            services.create_document(actor=self.admin, item=case, upload=docx("บทเรียน"))
        self.assertEqual(self.stored(), before)
        self.assertFalse(Document.objects.exists())

    def test_a_stored_photo_stays_after_a_successful_save(self):
        before = self.stored()
        added = services.create_photo(actor=self.admin, post=self.article, upload=photo())
        self.assertEqual(self.stored() - before, {Path(self.media_root) / added.image.name})

    def test_deleting_an_item_removes_its_files_once_committed(self):
        added = services.create_photo(actor=self.admin, post=self.article, upload=photo())
        path, pk = Path(self.media_root) / added.image.name, self.article.pk
        with self.captureOnCommitCallbacks(execute=True):
            services.delete_item(actor=self.admin, item=self.article)
            self.assertTrue(path.exists())
        self.assertFalse(path.exists())
        deleted = AuditEntry.objects.get(object_id=str(pk), action="knowledge.newspost.deleted")
        self.assertEqual(deleted.changes["title"]["before"], self.article.title)
