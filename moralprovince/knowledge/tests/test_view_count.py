"""The view counter counts a reader once a day, however often they come back."""

import datetime as dt
from unittest import mock

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from moralprovince.knowledge.models import PostView
from moralprovince.knowledge.tests.base import KnowledgeTestCase

BROWSER = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"
OTHER_BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) AppleWebKit/605.1.15 Safari/604.1"


class ViewCountTests(KnowledgeTestCase):
    def setUp(self) -> None:
        self.url = reverse("knowledge:news", args=[self.article.pk])

    def reader(self, agent=BROWSER, address="203.0.113.5", **headers):
        return Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address, **headers)

    def views(self) -> int:
        self.article.refresh_from_db()
        return self.article.view_count

    def test_new_cookies_and_clients_do_not_count_the_same_reader_again(self):
        for _ in range(5):
            response = self.reader().get(self.url)
            self.assertEqual(response.status_code, 200)
        self.assertEqual(self.views(), 1)

    def test_another_address_or_browser_is_another_reader(self):
        self.reader().get(self.url)
        self.reader(address="198.51.100.7").get(self.url)
        self.reader(agent=OTHER_BROWSER).get(self.url)
        self.assertEqual(self.views(), 3)

    def test_the_same_reader_counts_again_the_next_day(self):
        today = timezone.localdate()
        self.reader().get(self.url)
        with mock.patch.object(timezone, "localdate", return_value=today + dt.timedelta(days=1)):
            self.reader().get(self.url)
            self.reader().get(self.url)
        self.assertEqual(self.views(), 2)

    def test_bots_head_requests_and_prefetches_are_not_counted(self):
        for agent in [
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0)",
            "Baiduspider+(+http://www.baidu.com/search/spider.htm)",
            "CCBot/2.0 (https://commoncrawl.org/faq/)",
            "facebookexternalhit/1.1",
            "",
        ]:
            with self.subTest(agent=agent):
                self.assertEqual(self.reader(agent=agent).get(self.url).status_code, 200)
        self.assertEqual(self.reader().head(self.url).status_code, 200)
        for header, value in [
            ("HTTP_SEC_PURPOSE", "prefetch"),
            ("HTTP_SEC_PURPOSE", "prefetch;prerender"),
            ("HTTP_PURPOSE", "prefetch"),
            ("HTTP_X_MOZ", "prefetch"),
        ]:
            with self.subTest(header=header, value=value):
                self.reader(**{header: value}).get(self.url)
        self.assertEqual(self.views(), 0)
        self.reader().get(self.url)
        self.assertEqual(self.views(), 1)

    def test_a_signed_in_reader_counts_once_wherever_they_read(self):
        for address, agent in [("203.0.113.5", BROWSER), ("198.51.100.7", OTHER_BROWSER)]:
            client = self.reader(agent=agent, address=address)
            client.force_login(self.reporter)
            client.get(self.url)
        self.assertEqual(self.views(), 1)

    def test_the_address_is_not_stored(self):
        self.reader().get(self.url)
        visitor = PostView.objects.get(post=self.article).visitor
        self.assertEqual(len(visitor), 64)
        self.assertNotIn("203.0.113.5", visitor)

    def test_drafts_are_not_counted(self):
        client = self.reader()
        client.force_login(self.admin)
        self.assertEqual(
            client.get(reverse("knowledge:news", args=[self.draft.pk])).status_code, 200
        )
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.view_count, 0)

    def test_a_forwarded_address_is_read_only_from_our_own_proxies(self):
        # Without proxies of our own, the header is the reader's to write: it changes nothing.
        for forged in ["192.0.2.1", "192.0.2.2"]:
            self.reader(HTTP_X_FORWARDED_FOR=forged).get(self.url)
        self.assertEqual(self.views(), 1)
        with self.settings(TRUSTED_PROXIES=1):
            # Behind one proxy, the address it saw is the last entry; earlier ones are forged.
            for forged in ["192.0.2.1", "192.0.2.2"]:
                self.reader(HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.9").get(self.url)
            self.reader(HTTP_X_FORWARDED_FOR="198.51.100.10").get(self.url)
        self.assertEqual(self.views(), 3)
