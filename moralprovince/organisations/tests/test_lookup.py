"""Choosing an organisation by typing part of its name: the forms carry only the chosen one,
the lookup answers with the province's matches the person may pick, and nothing else."""

from __future__ import annotations

from django.urls import reverse

from moralprovince.organisations.models import Membership
from moralprovince.testing import MoralTestCase, make_organisation


class OrganisationLookupTests(MoralTestCase):
    def lookup(self, code: str = "84", **params: str) -> str:
        response = self.client.get(reverse("organisations:lookup", args=[code]), params)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_typed_words_find_the_provinces_organisations_in_thai_order(self):
        self.login(self.admin)
        make_organisation(self.surat, "โรงเรียนเกาะเต่า", "school", "841301")
        found = self.lookup(lookup_q="โรงเรียน")
        self.assertIn(f'value="{self.school.pk}"', found)
        self.assertLess(found.index("โรงเรียนเกาะเต่า"), found.index("โรงเรียนบ้านนาเดิม"))
        self.assertNotIn("วัดพระบรมธาตุไชยา", found)
        self.assertNotIn("โรงเรียนบ้านรอบเวียง", found)  # Chiang Rai's
        self.assertIn("ไม่พบองค์กร", self.lookup(lookup_q="ไม่มีชื่อนี้"))

    def test_for_a_network_only_those_that_may_join_are_offered(self):
        self.login(self.coordinator)  # the temple is the religion network's: not theirs to add
        self.assertNotIn(
            "วัดพระบรมธาตุไชยา", self.lookup(lookup_q="ไชยา", network=str(self.education.pk))
        )
        self.login(self.admin)
        found = self.lookup(lookup_q="ไชยา", network=str(self.education.pk))
        self.assertIn("วัดพระบรมธาตุไชยา", found)
        Membership.objects.create(network=self.education, organisation=self.temple)
        self.assertNotIn(
            "วัดพระบรมธาตุไชยา", self.lookup(lookup_q="ไชยา", network=str(self.education.pk))
        )

    def test_another_province_gets_a_404(self):
        self.login(self.outsider)
        url = reverse("organisations:lookup", args=["84"])
        self.assertEqual(self.client.get(url, {"lookup_q": "โรงเรียน"}).status_code, 404)
        url = reverse("organisations:lookup", args=["57"])
        response = self.client.get(url, {"lookup_q": "โรงเรียน", "network": self.education.pk})
        self.assertEqual(response.status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)

    def test_the_people_page_carries_only_the_chosen_organisation(self):
        for n in range(30):
            make_organisation(self.surat, f"โรงเรียนที่ {n:02d}", "school", "841301")
        self.login(self.admin)
        page = self.client.get(reverse("organisations:people", args=["84"]))
        self.assertNotContains(page, "โรงเรียนที่ 07")
        self.assertContains(page, 'name="lookup_q"')
        self.assertContains(page, reverse("organisations:lookup", args=["84"]))
        response = self.client.post(
            reverse("organisations:people", args=["84"]),
            {"username": "newreporter", "kind": "organisation_reporter", "organisation": 999999},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "organisation")
