"""The page for a new item names the kind of item; the news editor's hint fits the editor."""

import re

from django.urls import reverse

from moralprovince.knowledge.tests.base import KnowledgeTestCase


class NewItemPageTests(KnowledgeTestCase):
    def page(self, kind: str) -> str:
        self.login(self.admin)
        response = self.client.get(reverse(f"knowledge:{kind}-create", args=["84"]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_heading_names_the_kind_of_item(self):
        for kind, heading in [
            ("news", "ข่าวใหม่"),
            ("case", "กรณีถอดบทเรียนใหม่"),
            ("assembly", "สมัชชาใหม่"),
            ("research", "โครงการวิจัยใหม่"),
        ]:
            with self.subTest(kind=kind):
                html = self.page(kind)
                self.assertIn(f"<h1>{heading}</h1>", html)
                self.assertRegex(html, rf"<title>{heading} ·")

    def test_the_news_body_hint_speaks_of_the_editor_and_of_the_plain_text_box(self):
        html = self.page("news")
        hint = re.search(r'<textarea name="body".*?</label>\s*<small>(.*?)</small>', html, re.S)
        assert hint is not None
        self.assertTrue(hint.group(1).startswith("กด Enter เพื่อขึ้นย่อหน้าใหม่"), hint.group(1))
        self.assertIn("หากไม่มีแถบเครื่องมือ ให้เว้นบรรทัดว่างระหว่างย่อหน้า", hint.group(1))

    def test_an_item_being_edited_is_named_by_its_title(self):
        self.login(self.admin)
        html = self.client.get(reverse("knowledge:news-edit", args=[self.draft.pk])).content
        self.assertIn(f"<h1>แก้ไข: {self.draft.title}</h1>", html.decode())
