"""Deleting an item, a photo or a document: the right people, a question first, a log entry."""

import re

from django.urls import reverse

from moralprovince.audit.models import AuditEntry
from moralprovince.knowledge import services
from moralprovince.knowledge.models import Document, LessonCase, NewsPhoto, NewsPost, SearchEntry
from moralprovince.knowledge.tests.base import MediaTestCase, docx, photo


def forms_posting_to(page: str, action: str) -> list[str]:
    return [f for f in re.findall(r"<form[^>]*>", page) if f'action="{action}"' in f]


class DestructiveFormTests(MediaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.photo = services.create_photo(actor=cls.admin, post=cls.article, upload=photo())
        cls.case = LessonCase.objects.filter(province=cls.surat).first()
        cls.document = services.create_document(
            actor=cls.admin, item=cls.case, upload=docx("รายงานถอดบทเรียนชุมชน")
        )

    def test_every_destructive_form_asks_first_in_thai(self):
        self.login(self.admin)
        news = self.client.get(reverse("knowledge:news", args=[self.article.pk])).content.decode()
        case = self.client.get(reverse("knowledge:case", args=[self.case.pk])).content.decode()
        for page, action in [
            (news, reverse("knowledge:news-delete", args=[self.article.pk])),
            (news, reverse("knowledge:news-unpublish", args=[self.article.pk])),
            (news, reverse("knowledge:news-photo-delete", args=[self.article.pk])),
            (case, reverse("knowledge:case-delete", args=[self.case.pk])),
            (case, reverse("knowledge:case-document-delete", args=[self.case.pk])),
        ]:
            with self.subTest(action=action):
                found = forms_posting_to(page, action)
                self.assertTrue(found)
                for form in found:
                    question = re.search(r'data-confirm="([^"]+)"', form)
                    self.assertIsNotNone(question, form)
                    self.assertRegex(question.group(1), "[\u0e00-\u0e7f]")

    def test_writers_delete_photos_and_documents_admins_delete_items(self):
        self.login(self.coordinator)
        self.client.post(
            reverse("knowledge:news-photo-delete", args=[self.article.pk]), {"photo": self.photo.pk}
        )
        self.client.post(
            reverse("knowledge:case-document-delete", args=[self.case.pk]),
            {"document": self.document.pk},
        )
        self.assertFalse(NewsPhoto.objects.filter(pk=self.photo.pk).exists())
        self.assertFalse(Document.objects.filter(pk=self.document.pk).exists())
        actions = set(AuditEntry.objects.values_list("action", flat=True))
        self.assertLessEqual({"knowledge.newsphoto.deleted", "knowledge.document.deleted"}, actions)
        response = self.client.post(reverse("knowledge:news-delete", args=[self.article.pk]))
        self.assertEqual(response.status_code, 404)
        self.login(self.admin)
        response = self.client.post(reverse("knowledge:news-delete", args=[self.article.pk]))
        self.assertRedirects(response, reverse("knowledge:manage", args=["84"]))
        self.assertFalse(NewsPost.objects.filter(pk=self.article.pk).exists())
        self.assertFalse(
            SearchEntry.objects.filter(kind="news", object_id=self.article.pk).exists()
        )

    def test_a_deleted_documents_text_is_no_longer_found(self):
        entry = SearchEntry.objects.get(kind="case", object_id=self.case.pk)
        self.assertIn("รายงานถอดบทเรียนชุมชน", entry.body)
        services.delete_document(actor=self.admin, document=self.document)
        entry.refresh_from_db()
        self.assertNotIn("รายงานถอดบทเรียนชุมชน", entry.body)

    def test_people_of_another_province_or_without_the_right_get_nothing(self):
        for user in [self.outsider, self.reporter]:
            self.login(user)
            with self.subTest(user=user.username):
                for name, data in [
                    ("knowledge:news-photo-delete", {"photo": self.photo.pk}),
                    ("knowledge:news-delete", {}),
                ]:
                    url = reverse(name, args=[self.article.pk])
                    self.assertEqual(self.client.post(url, data).status_code, 404)
                url = reverse("knowledge:case-document-delete", args=[self.case.pk])
                self.assertEqual(
                    self.client.post(url, {"document": self.document.pk}).status_code, 404
                )
        self.assertTrue(NewsPhoto.objects.filter(pk=self.photo.pk).exists())
        self.assertTrue(Document.objects.filter(pk=self.document.pk).exists())
        self.assertTrue(NewsPost.objects.filter(pk=self.article.pk).exists())

    def test_readers_see_no_delete_button(self):
        page = self.client.get(reverse("knowledge:news", args=[self.article.pk])).content.decode()
        self.assertFalse(
            forms_posting_to(page, reverse("knowledge:news-photo-delete", args=[self.article.pk]))
        )
        self.login(self.coordinator)
        page = self.client.get(reverse("knowledge:news", args=[self.article.pk])).content.decode()
        self.assertTrue(
            forms_posting_to(page, reverse("knowledge:news-photo-delete", args=[self.article.pk]))
        )
        self.assertFalse(
            forms_posting_to(page, reverse("knowledge:news-delete", args=[self.article.pk]))
        )
