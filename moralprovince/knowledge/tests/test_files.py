"""News photos and documents: public with their published item, private with their draft."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from moralprovince.core.files import url_for
from moralprovince.knowledge import services
from moralprovince.knowledge.models import LessonCase, NewsPost, Publication, ResearchProject
from moralprovince.knowledge.tests.base import MediaTestCase, docx, photo


class FileAccessTestCase(MediaTestCase):
    def fetch(self, user, record):  # type: ignore[no-untyped-def]
        self.client.logout()
        if user is not None:
            self.login(user)
        return self.client.get(url_for(record))

    def assert_gets(self, user, record, stored) -> None:  # type: ignore[no-untyped-def]
        response = self.fetch(user, record)
        self.assertEqual(response.status_code, 200, getattr(user, "username", "anonymous"))
        with stored.open("rb") as handle:
            self.assertEqual(b"".join(response.streaming_content), handle.read())

    def assert_refused(self, user, record) -> None:  # type: ignore[no-untyped-def]
        response = self.fetch(user, record)
        self.assertEqual(response.status_code, 404, getattr(user, "username", "anonymous"))


class NewsPhotoTests(FileAccessTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.published = services.create_photo(actor=cls.admin, post=cls.article, upload=photo())
        cls.unpublished = services.create_photo(actor=cls.admin, post=cls.draft, upload=photo())

    def test_a_published_posts_photo_is_public(self):
        for user in (None, self.outsider, self.reporter, self.admin):
            with self.subTest(user=user):
                self.assert_gets(user, self.published, self.published.image)

    def test_a_drafts_photo_is_only_for_the_provinces_people(self):
        for user in (None, self.outsider):
            with self.subTest(user=user):
                self.assert_refused(user, self.unpublished)
        # Those who see the draft's page see its photos: its writers and the province's people.
        for user in (self.coordinator, self.viewer, self.admin, self.national):
            with self.subTest(user=user):
                self.assert_gets(user, self.unpublished, self.unpublished.image)

    def test_taken_back_to_draft_its_photos_are_closed_again(self):
        services.unpublish_item(actor=self.admin, item=self.article)
        self.assert_refused(None, self.published)

    def test_a_private_programmes_published_photo_stays_in_its_province(self):
        post = NewsPost.objects.create(
            province=self.chiangrai, title="ข่าวเชียงราย", status=Publication.PUBLISHED
        )
        picture = services.create_photo(actor=self.outsider, post=post, upload=photo())
        for user in (None, self.admin):
            with self.subTest(user=user):
                self.assert_refused(user, picture)
        self.assert_gets(self.outsider, picture, picture.image)

    def test_the_news_page_shows_its_photos_through_the_files_view(self):
        page = self.client.get(f"/news/{self.article.pk}/")
        self.assertContains(page, f'src="{url_for(self.published)}"')
        self.assertContains(page, f"http://testserver{url_for(self.published)}")
        self.assertNotContains(page, self.published.image.name)


class DocumentTests(FileAccessTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        published = LessonCase.objects.filter(status=Publication.PUBLISHED).first()
        cls.case_draft = LessonCase.objects.create(
            province=cls.surat,
            organisation=cls.school,
            title="ร่างบทเรียน",
            context="ร่าง",
            what_was_done="ร่าง",
        )
        upload = SimpleUploadedFile("บันทึก นายสมชาย.docx", docx("บทเรียน").read())
        cls.public_document = services.create_document(
            actor=cls.admin, item=published, upload=upload
        )
        cls.draft_document = services.create_document(
            actor=cls.admin,
            item=cls.case_draft,
            upload=SimpleUploadedFile("ร่าง.docx", docx("ร่าง").read()),
        )
        project = ResearchProject.objects.create(
            province=cls.surat, title="วิจัยร่าง", lead=cls.university
        )
        cls.research_document = services.create_document(
            actor=cls.admin, item=project, upload=SimpleUploadedFile("วิจัย.docx", docx("x").read())
        )

    def test_a_published_cases_document_is_public_under_its_title(self):
        for user in (None, self.outsider, self.coordinator):
            with self.subTest(user=user):
                self.assert_gets(user, self.public_document, self.public_document.file)
        response = self.fetch(None, self.public_document)
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertIn("filename*=utf-8''", response["Content-Disposition"])
        # Stored under a random name: not the uploader's.
        self.assertNotIn("สมชาย", self.public_document.file.name)
        self.assertRegex(self.public_document.file.name, r"^documents/\d{4}/[0-9a-f]{32}\.docx$")

    def test_a_drafts_documents_are_only_for_the_provinces_people(self):
        for document in (self.draft_document, self.research_document):
            for user in (None, self.outsider):
                with self.subTest(document=document, user=user):
                    self.assert_refused(user, document)
            for user in (self.viewer, self.evaluator, self.admin):
                with self.subTest(document=document, user=user):
                    self.assert_gets(user, document, document.file)

    def test_the_case_page_links_its_documents_through_the_files_view(self):
        self.login(self.admin)
        page = self.client.get(f"/cases/{self.case_draft.pk}/")
        self.assertContains(page, f'href="{url_for(self.draft_document)}"')
        # One without a title is listed by its kind, never by its stored name.
        untitled = self.case_draft.documents.create(file=ContentFile(b"x", "y.pdf"))
        page = self.client.get(f"/cases/{self.case_draft.pk}/")
        self.assertContains(page, f'<a href="{url_for(untitled)}">เอกสาร</a>', html=True)
        self.assertNotContains(page, untitled.file.name)


class PhotoAddressMigrationTests(MediaTestCase):
    """Texts written before point at /media/: the migration moves them to the files view."""

    def test_a_posts_text_is_pointed_at_its_photos_through_the_files_view(self):
        migration = importlib.import_module(
            "moralprovince.knowledge.migrations.0004_random_file_names"
        )
        picture = services.create_photo(actor=self.admin, post=self.draft, upload=photo())
        old = picture.image.storage.url(picture.image.name)
        self.assertTrue(old.startswith("/media/"))
        other = self.article.photos.create(image=ContentFile(b"x", "other.jpg"))
        text = f'<p>ก่อน<img src="{old}" alt="ภาพ"> {old} หลัง</p>'
        NewsPost.objects.filter(pk=self.draft.pk).update(body=text)
        migration.to_files_view(apps, None)
        self.draft.refresh_from_db()
        self.assertEqual(
            self.draft.body, f'<p>ก่อน<img src="{url_for(picture)}" alt="ภาพ"> {old} หลัง</p>'
        )
        # Saved again, the photo is one the post may show: it is kept.
        data = services.NewsInput(title=self.draft.title, body=self.draft.body)
        saved = services.update_item(actor=self.admin, item=self.draft, data=data)
        self.assertIn(f'src="{url_for(picture)}"', saved.body)
        self.assertNotIn(url_for(other), saved.body)
        migration.to_media(apps, None)
        self.draft.refresh_from_db()
        self.assertIn(f'src="{old}"', self.draft.body)
