"""The knowledge tests' world: the demo's Surat Thani items and a draft, in the base world."""

import io
import shutil
import tempfile
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from moralprovince.demo.knowledge import load_knowledge
from moralprovince.knowledge import services
from moralprovince.knowledge.models import NewsPost
from moralprovince.testing import MoralTestCase


class KnowledgeTestCase(MoralTestCase):
    article: NewsPost
    draft: NewsPost

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_knowledge(cls.surat)
        cls.article = NewsPost.objects.get(title__startswith="ศูนย์คุณธรรม ร่วมมือ")
        cls.draft = services.create_item(
            actor=cls.admin,
            item=NewsPost(province=cls.surat),
            data=services.NewsInput(
                title="ร่างข่าวเครือข่ายการสื่อสารเพื่อคุณธรรม", body="<p>ยังไม่เผยแพร่</p>"
            ),
        )


class MediaTestCase(KnowledgeTestCase):
    """Uploaded files go to a folder of this test class, removed afterwards."""

    media_root: str

    @classmethod
    def setUpClass(cls) -> None:
        cls.media_root = tempfile.mkdtemp()
        cls.enterClassContext(override_settings(MEDIA_ROOT=cls.media_root))
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(cls.media_root, ignore_errors=True)


def photo(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def docx(text: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return SimpleUploadedFile("lesson.docx", buffer.getvalue())
