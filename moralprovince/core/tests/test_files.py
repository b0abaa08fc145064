"""Stored files: named at random, served only through the files view, never under /media/."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.test import SimpleTestCase
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from moralprovince.core.files import BY_MODEL, KINDS, url_for
from moralprovince.knowledge import services
from moralprovince.knowledge.models import Document, LessonCase, NewsPhoto, Publication
from moralprovince.knowledge.tests.base import MediaTestCase, photo
from moralprovince.lib.storage import RandomName

BASE = Path(settings.BASE_DIR)


def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


class StoredNameTests(SimpleTestCase):
    def test_a_stored_name_keeps_the_folder_and_the_extension_and_nothing_of_the_upload(self):
        upload_to = RandomName("evidence/reports/%Y/")
        name = upload_to(None, "รายงานผลการตรวจ นายสมชาย ใจดี.PDF")
        folder, base = name.rsplit("/", 1)
        self.assertEqual(folder, f"evidence/reports/{dt.datetime.now().year}")
        self.assertRegex(base, r"^[0-9a-f]{32}\.pdf$")
        self.assertNotEqual(upload_to(None, "a.pdf"), upload_to(None, "a.pdf"))

    def test_what_is_no_plain_extension_is_not_kept(self):
        upload_to = RandomName("x/")
        for upload in ("no-extension", ".htaccess", "photo.jp g", "a.<script>", "a.verylongext"):
            with self.subTest(upload=upload):
                self.assertRegex(upload_to(None, upload), r"^x/[0-9a-f]{32}$")


class EveryStoredFileTests(SimpleTestCase):
    def test_every_file_field_stores_at_random_and_is_served_by_a_kind_of_file(self):
        problems = []
        for model, field in file_fields():
            where = f"{model._meta.label}.{field.name}"
            if not isinstance(field.upload_to, RandomName):
                problems.append(f"{where}: its upload_to is not a RandomName")
            kind = BY_MODEL.get(model)
            if kind is None or kind.field != field.name:
                problems.append(f"{where}: no kind of file (core.files.register) serves it")
        self.assertEqual(problems, [])
        # Each kind found above, and nothing else: a year's report, evidence, photos…
        self.assertEqual(
            set(KINDS),
            {
                "job",
                "declaration",
                "evidence",
                "value-evidence",
                "survey-import",
                "news-photo",
                "document",
                "assessment-evidence",
                "mou",
            },
        )

    def test_no_template_or_code_builds_an_address_under_media(self):
        names = sorted({field.name for _model, field in file_fields()})
        # `photo.image.url`, `e.file.url`, `p.value.evidence.url`, and MEDIA_URL itself.
        pattern = re.compile(rf"\.(?:{'|'.join(names)})\.url\b|MEDIA_URL|[\"'/]media/")
        found = []
        sources = [
            *sorted((BASE / "templates").rglob("*.html")),
            *sorted((BASE / "templates").rglob("*.txt")),
            *sorted((BASE / "static" / "js").rglob("*.js")),
            *sorted((BASE / "moralprovince").rglob("*.py")),
        ]
        for path in sources:
            parts = path.relative_to(BASE).parts
            if "tests" in parts or "migrations" in parts or path.name == "settings.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    found.append(f"{path.relative_to(BASE)}:{number}: {line.strip()[:100]}")
        self.assertEqual(found, [])

    def test_media_is_not_in_the_url_conf(self):
        with self.assertRaises(Resolver404):
            resolve(f"/{settings.MEDIA_URL.lstrip('/')}news/2021/photo.jpg")


class FilesViewTests(MediaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.photo = services.create_photo(actor=cls.admin, post=cls.article, upload=photo())
        cls.case = LessonCase.objects.filter(status=Publication.PUBLISHED).first()

    def document(self, title: str, name: str = "lesson.pdf", content: bytes = b"%PDF-1.4"):  # type: ignore[no-untyped-def]
        return Document.objects.create(case=self.case, title=title, file=ContentFile(content, name))

    def test_a_photo_is_shown_in_the_page_and_a_document_downloaded(self):
        picture = self.client.get(url_for(self.photo))
        self.assertEqual(picture.status_code, 200)
        self.assertEqual(picture["Content-Type"], "image/jpeg")
        self.assertTrue(picture["Content-Disposition"].startswith("inline;"))
        self.assertEqual(picture["X-Content-Type-Options"], "nosniff")
        self.assertIn("private", picture["Cache-Control"])
        with self.photo.image.open("rb") as stored:
            self.assertEqual(b"".join(picture.streaming_content), stored.read())
        document = self.client.get(url_for(self.document("บทเรียน")))
        self.assertEqual(document["Content-Type"], "application/pdf")
        self.assertTrue(document["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(document["X-Content-Type-Options"], "nosniff")

    def test_an_svg_among_photos_is_downloaded_never_shown(self):
        drawing = NewsPhoto.objects.create(
            post=self.article, image=ContentFile(b"<svg><script>alert(1)</script></svg>", "x.svg")
        )
        response = self.client.get(url_for(drawing))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))

    def test_the_download_is_named_by_its_record_safely(self):
        cases = {
            "บทเรียน ปี 2564": "บทเรียน ปี 2564.pdf",
            'a/../b\\c"d\r\nSet-Cookie: x': "a .. b c d Set-Cookie x.pdf",
            "รายงาน.pdf": "รายงาน.pdf",
            " ../ ": "file.pdf",
        }
        for title, expected in cases.items():
            with self.subTest(title=title):
                response = self.client.get(url_for(self.document(title)))
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Set-Cookie", response.cookies)
                self.assertIn(
                    expected.encode("utf-8"),
                    _disposition_name(response["Content-Disposition"]).encode("utf-8"),
                )

    def test_unknown_kinds_ids_and_missing_files_are_not_found(self):
        stored = self.document("หายไป")
        stored.file.storage.delete(stored.file.name)
        for address in (
            reverse("core:file", args=["secrets", self.photo.pk, "x.jpg"]),
            reverse("core:file", args=["news-photo", 999999, "x.jpg"]),
            url_for(stored),
        ):
            with self.subTest(address=address):
                self.assertEqual(self.client.get(address).status_code, 404)
        with self.assertRaises(NoReverseMatch):
            reverse("core:file", args=["news-photo", self.photo.pk, "a/b.jpg"])

    def test_it_only_reads(self):
        self.login(self.admin)
        self.assertEqual(self.client.post(url_for(self.photo)).status_code, 405)
        self.assertEqual(self.client.head(url_for(self.photo)).status_code, 200)


def _disposition_name(header: str) -> str:
    """The file name of a Content-Disposition header, plain or RFC 5987-encoded."""
    from urllib.parse import unquote

    encoded = re.search(r"filename\*=utf-8''([^;]+)", header)
    if encoded:
        return unquote(encoded.group(1))
    plain = re.search(r'filename="((?:[^"\\]|\\.)*)"', header)
    return plain.group(1).replace('\\"', '"') if plain else ""
