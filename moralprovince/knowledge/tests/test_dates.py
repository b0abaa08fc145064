"""Each item shows its own date (the news's, the case's), never the day it was loaded."""

import datetime as dt
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from moralprovince.knowledge import services
from moralprovince.knowledge.models import LessonCase, NewsPost, SearchEntry
from moralprovince.knowledge.search import search
from moralprovince.knowledge.tests.base import KnowledgeTestCase

ATOM = "{http://www.w3.org/2005/Atom}"


class NewsDateTests(KnowledgeTestCase):
    """The demo's news are loaded (and published) today; each happened on its own day."""

    def rss_dates(self) -> dict[str, dt.date]:
        rss = self.client.get(reverse("knowledge:feed-rss", args=["84"]))
        items = ET.fromstring(rss.content).iter("item")
        return {
            i.findtext("title"): timezone.localtime(
                parsedate_to_datetime(i.findtext("pubDate"))
            ).date()
            for i in items
        }

    def test_the_feeds_carry_the_news_date_not_the_load_date(self):
        self.assertEqual(timezone.localdate(self.article.published_at), timezone.localdate())
        self.assertEqual(self.rss_dates()[self.article.title], dt.date(2020, 11, 13))
        atom = ET.fromstring(self.client.get(reverse("knowledge:feed-atom", args=["84"])).content)
        entries = {e.findtext(f"{ATOM}title"): e for e in atom.iter(f"{ATOM}entry")}
        published = entries[self.article.title].findtext(f"{ATOM}published")
        self.assertTrue(published.startswith("2020-11-13"), published)

    def test_the_feed_lists_the_newest_news_first_by_its_own_date(self):
        dates = list(self.rss_dates().values())
        self.assertGreater(len(dates), 3)
        self.assertEqual(dates, sorted(dates, reverse=True))

    def test_news_without_an_event_date_has_the_day_it_was_published(self):
        post = services.create_item(
            actor=self.admin,
            item=NewsPost(province=self.surat),
            data=services.NewsInput(title="ข่าวไม่มีวันที่กิจกรรม", body="<p>ข่าว</p>"),
        )
        self.assertIsNone(post.date)
        services.publish_item(actor=self.admin, item=post)
        today = timezone.localdate()
        self.assertEqual(post.date, today)
        self.assertEqual(self.rss_dates()["ข่าวไม่มีวันที่กิจกรรม"], today)
        # Newest first: it comes before the demo's news of 2019–2021 in the lists.
        page = self.client.get(reverse("knowledge:news-list", args=["84"])).content.decode()
        self.assertLess(page.index("ข่าวไม่มีวันที่กิจกรรม"), page.index(self.article.title))
        entry = SearchEntry.objects.get(kind="news", object_id=post.pk)
        self.assertEqual(entry.date, today)


class CaseDateTests(KnowledgeTestCase):
    def test_a_case_shows_its_own_date_everywhere(self):
        case = LessonCase.objects.filter(province=self.surat, status="published").first()
        entry = SearchEntry.objects.get(kind="case", object_id=case.pk)
        self.assertEqual(entry.date, case.lesson_date)  # the demo's date, not the load date
        self.assertLess(entry.date, dt.date(2023, 1, 1))
        data = services.CaseInput(
            organisation=case.organisation,
            title=case.title,
            context=case.context,
            what_was_done=case.what_was_done,
            lesson_date=dt.date(2021, 3, 15),
        )
        services.update_item(actor=self.admin, item=case, data=data)
        entry.refresh_from_db()
        self.assertEqual(entry.date, dt.date(2021, 3, 15))
        self.assertContains(
            self.client.get(reverse("knowledge:case", args=[case.pk])), "15 มีนาคม 2564"
        )
        self.assertContains(
            self.client.get(reverse("knowledge:province", args=["84"])), "15 มีนาคม 2564"
        )
        hits = search(case.title, AnonymousUser())[1]
        self.assertEqual(hits[0].entry.date, dt.date(2021, 3, 15))
        api = self.client.get("/api/v1/search/", {"q": case.title}).json()
        self.assertEqual(api["results"][0]["date"], "2021-03-15")

    def test_the_case_form_takes_a_thai_date(self):
        case = LessonCase.objects.filter(province=self.surat).first()
        self.login(self.admin)
        response = self.client.post(
            reverse("knowledge:case-edit", args=[case.pk]),
            {
                "organisation": case.organisation_id,
                "title": case.title,
                "lesson_date": "15/3/2564",
                "context": case.context,
                "what_was_done": case.what_was_done,
            },
        )
        self.assertRedirects(response, reverse("knowledge:case", args=[case.pk]))
        case.refresh_from_db()
        self.assertEqual(case.lesson_date, dt.date(2021, 3, 15))
