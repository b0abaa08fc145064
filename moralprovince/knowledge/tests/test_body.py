"""News bodies: paragraphs with or without the editor, and only the post's own photos."""

from django.contrib.staticfiles import finders
from django.urls import reverse

from moralprovince.core.files import url_for
from moralprovince.knowledge import services
from moralprovince.knowledge.models import NewsPost
from moralprovince.knowledge.services import clean_html
from moralprovince.knowledge.tests.base import MediaTestCase, photo


class PlainTextTests(MediaTestCase):
    def test_text_typed_without_the_editor_keeps_its_paragraphs(self):
        self.login(self.coordinator)
        body = "ย่อหน้าแรก\r\nบรรทัดที่สอง\r\n\r\nย่อหน้าที่สอง\r\n\r\n\r\nย่อหน้าที่สาม 5 < 6"
        self.client.post(
            reverse("knowledge:news-create", args=["84"]), {"title": "ข่าวสามย่อหน้า", "body": body}
        )
        post = NewsPost.objects.get(title="ข่าวสามย่อหน้า")
        self.assertEqual(
            post.body,
            "<p>ย่อหน้าแรก<br>\nบรรทัดที่สอง</p>\n<p>ย่อหน้าที่สอง</p>\n<p>ย่อหน้าที่สาม 5 &lt; 6</p>",
        )
        page = self.client.get(reverse("knowledge:news", args=[post.pk]))
        self.assertContains(page, "<p>ย่อหน้าที่สอง</p>", html=False)

    def test_the_editors_markup_is_kept_and_a_dropped_block_still_ends_its_words(self):
        html = (
            "<h2>หัวข้อ</h2><p>ข้อความ <b>ตัวหนา</b> <a href='https://moralcenter.or.th/'>ลิงก์</a></p>"
            "<ul><li>หนึ่ง</li><li>สอง</li></ul><blockquote><p>คำพูด</p></blockquote>"
        )
        cleaned = clean_html(html)
        for kept in ["<h2>หัวข้อ</h2>", "<b>ตัวหนา</b>", "<li>หนึ่ง</li>", "<blockquote>"]:
            self.assertIn(kept, cleaned)
        self.assertIn('href="https://moralcenter.or.th/"', cleaned)
        self.assertEqual(clean_html("<div>alpha</div><div>bravo</div>"), "alpha\nbravo")

    def test_an_empty_editor_is_no_body(self):
        self.login(self.admin)
        response = self.client.post(
            reverse("knowledge:news-edit", args=[self.draft.pk]),
            {"title": self.draft.title, "body": "<p><br></p>"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="errorlist"')
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.body, "<p>ยังไม่เผยแพร่</p>")


class ImageTests(MediaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.photo = services.create_photo(actor=cls.admin, post=cls.draft, upload=photo())
        cls.foreign = services.create_photo(actor=cls.admin, post=cls.article, upload=photo())

    def save(self, body):
        data = services.NewsInput(title=self.draft.title, body=body)
        return services.update_item(actor=self.admin, item=self.draft, data=data).body

    def test_only_the_posts_own_photos_are_shown_in_its_text(self):
        own, other = url_for(self.photo), url_for(self.foreign)
        body = self.save(
            f'<p>ภาพ<img src="{own}" alt="ภาพกิจกรรม" onerror="alert(1)"></p>'
            f'<p><img src="{other}"><img src="https://example.com/x.jpg">'
            '<img src="data:image/png;base64,AAAA"><img src="//example.com/y.png"></p>'
        )
        self.assertEqual(body, f'<p>ภาพ<img src="{own}" alt="ภาพกิจกรรม"></p>\n<p></p>')

    def test_deleting_a_photo_takes_it_out_of_the_text(self):
        own = url_for(self.photo)
        self.save(f'<p>ก่อน<img src="{own}" alt="ภาพ">หลัง</p>')
        self.login(self.coordinator)
        response = self.client.post(
            reverse("knowledge:news-photo-delete", args=[self.draft.pk]), {"photo": self.photo.pk}
        )
        self.assertRedirects(response, reverse("knowledge:news", args=[self.draft.pk]))
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.body, "<p>ก่อนหลัง</p>")
        self.assertFalse(self.draft.photos.exists())

    def test_a_photo_of_another_post_cannot_be_deleted_through_this_one(self):
        self.login(self.admin)
        response = self.client.post(
            reverse("knowledge:news-photo-delete", args=[self.draft.pk]),
            {"photo": self.foreign.pk},
            follow=True,
        )
        self.assertContains(response, 'class="message error"')
        self.assertTrue(self.article.photos.filter(pk=self.foreign.pk).exists())

    def test_the_form_offers_the_editor_with_the_posts_photos(self):
        self.login(self.admin)
        page = self.client.get(reverse("knowledge:news-edit", args=[self.draft.pk]))
        self.assertContains(page, "vendor/squire/squire.js")
        self.assertContains(page, "js/editor.js")
        self.assertContains(page, "data-editor=")
        self.assertContains(page, url_for(self.photo))
        self.assertNotContains(page, url_for(self.foreign))
        self.assertIsNotNone(finders.find("vendor/squire/squire.js"))
        self.assertIsNotNone(finders.find("js/editor.js"))
