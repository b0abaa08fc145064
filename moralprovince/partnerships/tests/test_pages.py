"""The pages as the province's people use them, and as another province's admin must not."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from moralprovince.knowledge.models import NewsPost, Publication
from moralprovince.lib.pdf import render_pdf
from moralprovince.lib.tests.thai_pdf import thai_text_problems
from moralprovince.organisations.models import Programme
from moralprovince.partnerships.models import ActionItem, Meeting, Participant
from moralprovince.partnerships.tests.base import PartnershipTestCase
from moralprovince.people.models import Partner


class AccessTests(PartnershipTestCase):
    def private_urls(self) -> list[str]:
        code = self.surat.pk
        return [
            reverse("partnerships:meetings", args=[code]),
            reverse("partnerships:board", args=[code]),
            reverse("partnerships:partners", args=[code]),
            reverse("partnerships:mous", args=[code]),
            reverse("partnerships:meeting", args=[self.meeting.pk]),
            reverse("partnerships:meeting-pdf", args=[self.meeting.pk]),
            reverse("partnerships:partner", args=[self.partner.pk]),
            reverse("partnerships:mou", args=[self.mou.pk]),
            reverse("partnerships:action-update", args=[self.action.pk]),
        ]

    def test_chiang_rai_gets_a_404_everywhere(self):
        self.login(self.outsider)
        for url in self.private_urls():
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_a_reporter_of_the_province_gets_a_404_too(self):
        self.login(self.reporter)
        for url in self.private_urls():
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_a_coordinator_sees_their_network_meeting_and_no_contact_details(self):
        Participant.objects.create(meeting=self.network_meeting, person=self.member, attended=True)
        self.login(self.coordinator)
        page = self.client.get(reverse("partnerships:meetings", args=[self.surat.pk]))
        self.assertContains(page, self.network_meeting.title)
        self.assertNotContains(page, self.meeting.title)
        self.assertEqual(
            self.client.get(reverse("partnerships:meeting", args=[self.meeting.pk])).status_code,
            404,
        )
        page = self.client.get(reverse("partnerships:meeting", args=[self.network_meeting.pk]))
        self.assertContains(page, self.member.name_th)
        self.assertNotContains(page, self.member.phone)
        self.login(self.admin)
        page = self.client.get(reverse("partnerships:meeting", args=[self.network_meeting.pk]))
        self.assertContains(page, self.member.phone)

    def test_the_api_answers_chiang_rai_with_nothing(self):
        self.login(self.outsider)
        for name in ("meeting", "action-item", "partner", "mou"):
            listed = self.client.get(reverse(f"{name}-list"))
            self.assertEqual(listed.json()["count"], 0, name)
        for name, row in (("meeting", self.meeting), ("mou", self.mou)):
            detail = self.client.get(reverse(f"{name}-detail", args=[row.pk]))
            self.assertEqual(detail.status_code, 404)
        self.login(self.admin)
        self.assertEqual(self.client.get(reverse("meeting-list")).json()["count"], 2)


class MeetingPageTests(PartnershipTestCase):
    def test_an_action_without_an_owner_is_refused_on_the_form(self):
        self.login(self.admin)
        url = reverse("partnerships:action-create", args=[self.decision.pk])
        response = self.client.post(
            url, {"title": "ติดตาม", "due_on": "31/1/2564", "status": "open"}
        )
        self.assertContains(response, "เลือกผู้รับผิดชอบงาน")
        self.assertFalse(ActionItem.objects.filter(title="ติดตาม").exists())
        response = self.client.post(
            url,
            {
                "title": "ติดตาม",
                "due_on": "๓๑/๑/๒๕๖๔",
                "status": "open",
                "owner_person": self.member.pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(ActionItem.objects.get(title="ติดตาม").due_on, dt.date(2021, 1, 31))

    def test_an_mou_ending_before_it_starts_is_refused_on_the_form(self):
        self.login(self.admin)
        response = self.client.post(
            reverse("partnerships:mou-create", args=[self.surat.pk]),
            {"title": "MOU ใหม่", "starts_on": "1/10/2564", "ends_on": "30/9/2564"},
        )
        self.assertContains(response, "วันสิ้นสุดของบันทึกข้อตกลงต้องไม่ก่อนวันเริ่มต้น")

    def test_the_board_shows_overdue_actions_first_and_filters_by_network(self):
        ActionItem.objects.create(
            province=self.surat,
            decision=self.decision,
            title="งานที่ยังไม่ถึงกำหนด",
            owner_organisation=self.temple,
            due_on=dt.date(2099, 1, 1),
        )
        self.login(self.admin)
        url = reverse("partnerships:board", args=[self.surat.pk])
        page = self.client.get(url).content.decode()
        self.assertLess(page.index(self.action.title), page.index("งานที่ยังไม่ถึงกำหนด"))
        self.assertNotIn("สรุปรายงานการประชุม", page)  # done
        page = self.client.get(url, {"network": self.religion.pk}).content.decode()
        self.assertIn("งานที่ยังไม่ถึงกำหนด", page)
        self.assertNotIn(self.action.title, page)

    def test_carrying_forward_and_closing_at_the_next_meeting(self):
        self.login(self.admin)
        later = self.network_meeting
        self.client.post(reverse("partnerships:carry-forward", args=[later.pk]))
        self.assertContains(
            self.client.get(reverse("partnerships:meeting", args=[later.pk])), self.action.title
        )
        self.client.post(
            reverse("partnerships:action-update", args=[self.action.pk]),
            {"status": "done", "notes": "ส่งแล้ว", "meeting": later.pk},
        )
        self.action.refresh_from_db()
        self.assertEqual(self.action.closed_at, later)

    def test_the_news_post_and_its_meeting_link_to_each_other(self):
        post = NewsPost.objects.create(
            province=self.surat,
            title="ข่าวการประชุม",
            body="<p>ข่าว</p>",
            status=Publication.PUBLISHED,
        )
        Meeting.objects.filter(pk=self.meeting.pk).update(news_post=post)
        self.login(self.admin)
        page = self.client.get(reverse("knowledge:news", args=[post.pk]))
        link = reverse("partnerships:news-meeting", args=[post.pk])
        self.assertContains(page, link)
        self.assertRedirects(
            self.client.get(link), reverse("partnerships:meeting", args=[self.meeting.pk])
        )
        self.assertContains(
            self.client.get(reverse("partnerships:meeting", args=[self.meeting.pk])), "ข่าวการประชุม"
        )
        self.client.logout()
        self.assertNotContains(self.client.get(reverse("knowledge:news", args=[post.pk])), link)

    def test_the_public_province_page_lists_partners_without_anything_else(self):
        Programme.objects.filter(pk=self.programme.pk).update(is_public=True)
        page = self.client.get(reverse("knowledge:province", args=[self.surat.pk]))
        self.assertContains(page, self.partner.name_th)
        self.assertNotContains(page, self.mou.title)
        self.assertNotContains(page, self.meeting.title)

    def test_the_minutes_pdf_text_is_the_thai_printed(self):
        self.login(self.admin)
        from unittest import mock

        with mock.patch("moralprovince.partnerships.views.render_pdf", wraps=render_pdf) as printed:
            response = self.client.get(reverse("partnerships:meeting-pdf", args=[self.meeting.pk]))
        html = printed.call_args.args[0]
        self.assertIn("รายงานการประชุม", html)
        self.assertIn("13 พฤศจิกายน 2563", html)
        self.assertIn("นายสาโรช กาญจนพงศ์", html)
        self.assertEqual(thai_text_problems(response.content, html), [])


class ApiTests(PartnershipTestCase):
    def test_participants_contact_details_go_to_the_province_admins_only(self):
        Participant.objects.create(meeting=self.network_meeting, person=self.member, attended=True)
        url = reverse("meeting-detail", args=[self.network_meeting.pk])
        self.login(self.admin)
        [row] = self.client.get(url).json()["participants"]
        self.assertEqual(row["contact"]["phone"], self.member.phone)
        self.login(self.coordinator)
        [row] = self.client.get(url).json()["participants"]
        self.assertIsNone(row["contact"])
        self.assertEqual(row["name"], self.member.name_th)

    def test_the_actions_list_narrows_to_a_province(self):
        self.login(self.admin)
        rows = self.client.get(reverse("action-item-list"), {"province": "84"}).json()["results"]
        self.assertEqual({r["owner"] for r in rows}, {self.education.name_th, self.member.name_th})
        self.assertEqual(
            self.client.get(reverse("action-item-list"), {"province": "x"}).status_code, 400
        )


class QueryCountTests(PartnershipTestCase):
    def queries_for(self, url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def test_the_lists_do_not_grow_with_their_rows(self):
        self.login(self.admin)
        urls = [
            reverse("partnerships:meetings", args=[self.surat.pk]),
            reverse("partnerships:board", args=[self.surat.pk]),
            reverse("partnerships:mous", args=[self.surat.pk]),
        ]
        before = [self.queries_for(url) for url in urls]
        for n in range(5):
            meeting = Meeting.objects.create(
                province=self.surat, title=f"ประชุม {n}", held_on=dt.date(2021, 1, n + 1)
            )
            decision = meeting.decisions.create(number=1, text="มติ")
            ActionItem.objects.create(
                province=self.surat,
                decision=decision,
                title=f"งาน {n}",
                owner_person=self.member,
                due_on=dt.date(2021, 2, 1),
            )
        self.assertEqual([self.queries_for(url) for url in urls], before)


class PartnerOrderTests(PartnershipTestCase):
    def test_partners_are_listed_in_thai_order(self):
        for name in ["แพทยสภา", "เกษตรศาสตร์ สุราษฎร์ธานี", "ขอนแก่นพัฒนา"]:
            Partner.objects.create(province=self.surat, name_th=name)
        self.login(self.admin)
        rows = self.client.get(reverse("partnerships:partners", args=["84"])).context["partners"]
        names = [p.name_th for p in rows]
        # เกษตร is placed under ก, แพทย under พ: before ม of the university.
        self.assertEqual(
            names,
            ["เกษตรศาสตร์ สุราษฎร์ธานี", "ขอนแก่นพัฒนา", "แพทยสภา", self.partner.name_th],
        )
