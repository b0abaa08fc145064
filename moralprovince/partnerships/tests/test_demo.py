"""The demo's meeting of 13 November 2020, its follow-up, the partners and the MOU."""

from __future__ import annotations

import datetime as dt

from django.test import TestCase

from moralprovince.demo.services import load_demo
from moralprovince.partnerships.models import ActionItem, AgendaItem, Meeting, Mou
from moralprovince.people.models import Partner


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(password="demo-password-2563")

    def test_the_article_is_its_meeting_with_the_chair_the_networks_and_the_partners(self):
        meeting = Meeting.objects.get(province_id="84", held_on=dt.date(2020, 11, 13))
        self.assertEqual(meeting.chair.name_th, "นายสาโรช กาญจนพงศ์")
        self.assertIn("pr-news/559", meeting.news_post.source_url)
        people = meeting.participants.filter(person__isnull=False, attended=True)
        self.assertEqual(people.filter(person__name_th__startswith="แกนนำเครือข่าย").count(), 8)
        self.assertEqual(meeting.participants.filter(partner__isnull=False).count(), 5)
        statuses = set(
            ActionItem.objects.filter(decision__meeting=meeting).values_list("status", flat=True)
        )
        self.assertEqual(statuses, {"open", "in_progress", "done", "dropped"})
        self.assertTrue(meeting.is_sample)

    def test_the_later_meeting_carries_the_open_actions_and_closes_one(self):
        later = Meeting.objects.get(province_id="84", number="2/2564")
        carried = AgendaItem.objects.filter(meeting=later, carried_action__isnull=False)
        self.assertEqual(carried.count(), 4)
        self.assertEqual(ActionItem.objects.get(closed_at=later).status, "done")

    def test_the_five_partners_sign_one_mou_and_loading_again_changes_nothing(self):
        mou = Mou.objects.get(province_id="84")
        self.assertEqual(mou.parties.count(), 5)
        self.assertEqual(Partner.objects.filter(province_id="84", is_sample=True).count(), 5)
        counts = (Meeting.objects.count(), ActionItem.objects.count(), Mou.objects.count())
        load_demo(password="demo-password-2563")
        self.assertEqual(
            (Meeting.objects.count(), ActionItem.objects.count(), Mou.objects.count()), counts
        )
