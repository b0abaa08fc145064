"""Every link on every monitoring page of the demo, followed as each demo role, opens."""

from __future__ import annotations

import re
import shutil
import tempfile
from html import unescape
from urllib.parse import urlsplit

from django.test import TestCase, override_settings
from django.urls import reverse

from moralprovince.accounts.models import User
from moralprovince.demo.services import load_demo
from moralprovince.monitoring.access import indicators_visible_to, reports_visible_to

MEDIA = tempfile.mkdtemp(prefix="moralprovince-demo-links-")
ROLES = ["national", "province", "coordinator", "reporter", "evaluator"]
HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')


def monitoring_pages(user: User) -> list[str]:
    """The province's monitoring pages, and the indicators and reports the person sees."""
    pages = [
        reverse(f"monitoring:{name}", args=["84"]) + "?fy=2565"
        for name in ("indicators", "periods", "iptt", "dashboard", "status", "visits")
    ]
    pages.append(reverse("monitoring:year-report", args=["84"]))
    indicators = indicators_visible_to(user).filter(province_id="84").order_by("pk")
    pages += [reverse("monitoring:indicator", args=[i.pk]) + "?fy=2565" for i in indicators]
    reports = reports_visible_to(user).filter(province_id="84").order_by("pk")[:5]
    pages += [reverse("monitoring:report", args=[r.pk]) for r in reports]
    return pages


def links(html: str) -> set[str]:
    """The site's own addresses the page links to (not anchors, mail or other sites)."""
    found = set()
    for href in HREF.findall(html):
        url = unescape(href)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        found.add(url)
    return found


@override_settings(MEDIA_ROOT=MEDIA)
class DemoLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(password="demo-pass")

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def test_every_link_of_every_monitoring_page_opens_for_each_role(self):
        for username in ROLES:
            user = User.objects.get(username=username)
            self.client.force_login(user)
            followed: dict[str, int] = {}
            for page in monitoring_pages(user):
                response = self.client.get(page)
                if response.status_code != 200:
                    continue  # A page the role may not open is not offered to it.
                for url in links(response.content.decode()) - followed.keys():
                    followed[url] = self.client.get(url).status_code
                    with self.subTest(role=username, page=page, link=url):
                        self.assertNotIn(followed[url], (403, 404, 405, 500))
            self.assertTrue(followed, username)
