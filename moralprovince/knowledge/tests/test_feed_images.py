"""A news body's photos: feed readers get them at full addresses; the page shows each once."""

import re
import xml.etree.ElementTree as ET

from django.urls import reverse

from moralprovince.core.files import url_for
from moralprovince.knowledge import services
from moralprovince.knowledge.tests.base import MediaTestCase, photo

ATOM = "{http://www.w3.org/2005/Atom}"


class NewsPhotoTests(MediaTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.in_text = services.create_photo(
            actor=cls.admin, post=cls.draft, upload=photo("in-text.png"), caption="ภาพในเนื้อข่าว"
        )
        cls.gallery = services.create_photo(
            actor=cls.admin, post=cls.draft, upload=photo("gallery.png"), caption="ภาพท้ายข่าว"
        )
        body = (
            f'<p>ก่อน<img src="{url_for(cls.in_text)}" alt="ภาพ">หลัง '
            f'<a href="/p/84/news/">ข่าวทั้งหมด</a> <a href="https://moralcenter.or.th/">ศูนย์</a></p>'
        )
        data = services.NewsInput(title=cls.draft.title, body=body)
        services.update_item(actor=cls.admin, item=cls.draft, data=data)
        services.publish_item(actor=cls.admin, item=cls.draft)

    def bodies(self) -> list[str]:
        """The draft's body as the RSS feed and the Atom feed carry it."""
        rss = ET.fromstring(self.client.get(reverse("knowledge:feed-rss", args=["84"])).content)
        atom = ET.fromstring(self.client.get(reverse("knowledge:feed-atom", args=["84"])).content)
        return [
            next(
                i.findtext("description")
                for i in rss.iter("item")
                if i.findtext("title") == self.draft.title
            ),
            next(
                e.findtext(f"{ATOM}summary")
                for e in atom.iter(f"{ATOM}entry")
                if e.findtext(f"{ATOM}title") == self.draft.title
            ),
        ]

    def test_the_feeds_give_the_photos_and_links_of_a_body_with_the_sites_address(self):
        url = url_for(self.in_text)
        self.assertTrue(url.startswith("/"), url)
        for body in self.bodies():
            with self.subTest(body=body[:40]):
                self.assertIn(f'src="http://testserver{url}"', body)
                self.assertIn('href="http://testserver/p/84/news/"', body)
                self.assertIn('href="https://moralcenter.or.th/"', body)
                self.assertEqual(re.findall(r'(?:src|href)="/', body), [])

    def test_the_gallery_leaves_out_the_photos_shown_in_the_text(self):
        html = self.client.get(reverse("knowledge:news", args=[self.draft.pk])).content.decode()
        self.assertEqual(html.count(f'src="{url_for(self.in_text)}"'), 1)  # in the text
        gallery = html[html.index('<div class="gallery">') :]
        self.assertIn(url_for(self.gallery), gallery)
        self.assertNotIn(url_for(self.in_text), gallery)
        self.assertNotIn("ภาพที่อยู่ในเนื้อข่าว", html)  # editors only

    def test_its_editors_still_find_the_photo_in_the_text_to_delete_it(self):
        self.login(self.admin)
        html = self.client.get(reverse("knowledge:news", args=[self.draft.pk])).content.decode()
        placed = html[html.index('<section class="photos-in-text">') :]
        self.assertIn(url_for(self.in_text), placed)
        self.assertIn(f'name="photo" value="{self.in_text.pk}"', placed)
        self.assertNotIn(url_for(self.gallery), placed[: placed.index("</section>")])
