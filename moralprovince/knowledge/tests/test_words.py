"""Block edges are word edges: in the index, in snippets, in Open Graph and in documents."""

import io
import zipfile

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from moralprovince.knowledge import services
from moralprovince.knowledge.models import LessonCase, NewsPost, SearchEntry
from moralprovince.knowledge.search import search
from moralprovince.knowledge.tests.base import KnowledgeTestCase, MediaTestCase

BODY = "<p>ข่าวแรก zuluone</p><p>yankeetwo ข่าวสอง</p><ul><li>xraythree</li><li>whiskeyfour</li></ul>"


class BlockEdgeTests(KnowledgeTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.post = services.create_item(
            actor=cls.admin,
            item=NewsPost(province=cls.surat),
            data=services.NewsInput(title="ข่าวย่อหน้า", body=BODY),
        )
        services.publish_item(actor=cls.admin, item=cls.post)

    def found(self, query):
        return [h.entry.title for h in search(query, AnonymousUser())[1]]

    def test_the_last_and_first_words_of_two_paragraphs_are_found_apart(self):
        for word in ["zuluone", "yankeetwo", "xraythree", "whiskeyfour"]:
            with self.subTest(word=word):
                self.assertEqual(self.found(word), ["ข่าวย่อหน้า"])
        self.assertEqual(self.found("zuluoneyankeetwo"), [])
        self.assertEqual(self.found("xraythreewhiskeyfour"), [])

    def test_the_snippet_keeps_the_words_apart(self):
        _terms, hits = search("yankeetwo", AnonymousUser())
        self.assertIn("zuluone <mark>yankeetwo</mark>", str(hits[0].snippet))
        api = self.client.get("/api/v1/search/", {"q": "whiskeyfour"}).json()
        self.assertIn("xraythree <mark>whiskeyfour</mark>", api["results"][0]["snippet"])

    def test_the_open_graph_description_keeps_the_words_apart(self):
        page = self.client.get(reverse("knowledge:news", args=[self.post.pk])).content.decode()
        description = page.split('property="og:description" content="', 1)[1].split('"', 1)[0]
        self.assertEqual(description, "ข่าวแรก zuluone yankeetwo ข่าวสอง xraythree whiskeyfour")


class DocumentWordTests(MediaTestCase):
    def found(self, query):
        return [h.entry.title for h in search(query, AnonymousUser())[1]]

    def test_the_paragraphs_of_a_docx_are_apart_and_its_runs_are_joined(self):
        case = LessonCase.objects.filter(status="published").first()
        xml = (
            '<w:document xmlns:w="urn:w"><w:body>'
            "<w:p><w:r><w:t>limaone</w:t></w:r></w:p>"
            '<w:p><w:r><w:t xml:space="preserve">mike</w:t></w:r>'
            "<w:r><w:t>two &amp; more</w:t></w:r></w:p>"
            "</w:body></w:document>"
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", xml)
        upload = SimpleUploadedFile("lesson.docx", buffer.getvalue())
        document = services.create_document(actor=self.admin, item=case, upload=upload)
        self.assertEqual(document.text, "limaone\nmiketwo & more")
        self.assertEqual(self.found("limaone"), [case.title])
        self.assertEqual(self.found("miketwo"), [case.title])
        self.assertEqual(self.found("limaonemike"), [])

    def test_the_paragraphs_of_a_pdf_are_apart(self):
        from weasyprint import HTML

        case = LessonCase.objects.filter(status="published").first()
        pdf = HTML(string="<p>novemberone</p><p>oscartwo</p>").write_pdf()
        upload = SimpleUploadedFile("lesson.pdf", pdf)
        services.create_document(actor=self.admin, item=case, upload=upload)
        self.assertEqual(self.found("novemberone"), [case.title])
        self.assertEqual(self.found("oscartwo"), [case.title])


class ReindexTests(KnowledgeTestCase):
    def test_the_command_rebuilds_entries_made_before_block_edges_were_word_edges(self):
        post = services.create_item(
            actor=self.admin,
            item=NewsPost(province=self.surat),
            data=services.NewsInput(title="ข่าวเก่า", body=BODY),
        )
        # An entry as the index wrote it before: the paragraphs' edge words run together.
        SearchEntry.objects.filter(kind="news", object_id=post.pk).update(
            words="zuluoneyankeetwo", terms="zuluoneyankeetwo", body="zuluoneyankeetwo"
        )
        self.assertEqual(search("yankeetwo", self.admin)[1], [])
        out = io.StringIO()
        call_command("reindex_search", stdout=out)
        self.assertIn(f"{SearchEntry.objects.count()} ", out.getvalue())
        self.assertEqual([h.entry.title for h in search("yankeetwo", self.admin)[1]], ["ข่าวเก่า"])
