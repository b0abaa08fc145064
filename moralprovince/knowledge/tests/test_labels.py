"""Thai pages show Thai names, not codes, and numbers with thousands separators."""

import re

from django.urls import reverse

from moralprovince.geo.models import District
from moralprovince.knowledge.models import NewsPost
from moralprovince.knowledge.tests.base import KnowledgeTestCase
from moralprovince.monitoring.models import ActivityMonthTotal


class LabelTests(KnowledgeTestCase):
    def test_search_results_name_their_kind_in_thai(self):
        badges: set[str] = set()
        for query in ["สุราษฎร์ธานี", "โรงเรียนคุณธรรม"]:
            page = self.client.get(reverse("knowledge:search"), {"q": query}).content.decode()
            badges |= set(re.findall(r'<span class="badge kind">([^<]+)</span>', page))
        self.assertEqual(badges, {"ข่าว", "ถอดบทเรียน", "สมัชชาคุณธรรม", "งานวิจัย"})
        api = self.client.get(
            "/api/v1/search/", {"q": "สุราษฎร์ธานี"}, HTTP_ACCEPT_LANGUAGE="th"
        ).json()
        kinds = {(r["kind"], r["kind_label"]) for r in api["results"]}
        self.assertIn(("news", "ข่าว"), kinds)

    def test_view_counts_and_figures_have_thousands_separators(self):
        NewsPost.objects.filter(pk=self.article.pk).update(view_count=12345)
        page = self.client.get(reverse("knowledge:news", args=[self.article.pk]))
        self.assertContains(page, "12,345 ครั้ง")
        ActivityMonthTotal.objects.create(
            province=self.surat,
            fiscal_year=2564,
            month=1,
            district=District.objects.filter(province=self.surat).first(),
            reports=1234,
            participants=56789,
        )
        page = self.client.get(reverse("knowledge:province", args=["84"]))
        self.assertContains(page, "1,234")
        self.assertContains(page, "56,789")
