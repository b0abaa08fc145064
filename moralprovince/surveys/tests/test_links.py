"""A school's answer link cannot be stuffed: one form per browser unless the school says
pupils share a device, so many forms per link in a sliding window, bursts shown to the school
and the round's managers, and no answer into a round that is not open, by any door."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from moralprovince.accounts.access import SYSTEM, NotAllowed
from moralprovince.accounts.models import RoleKind
from moralprovince.audit.models import AuditEntry
from moralprovince.surveys import services
from moralprovince.surveys.models import LinkSubmission, Response, RoundSchool, SurveyRound
from moralprovince.surveys.services import WebAnswers, submit_web_response
from moralprovince.surveys.tests.base import (
    SurveyTestCase,
    answer_form,
    csv_text,
    many,
    upload_bytes,
)
from moralprovince.testing import make_user

ALREADY_TH = "คุณตอบแบบสำรวจนี้บนอุปกรณ์นี้แล้ว"
ALREADY_EN = "You have already answered this survey on this device."


def words(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


class LinkTestCase(SurveyTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.member = RoundSchool.objects.select_related("round__version").get(
            round=self.round, organisation=self.school
        )
        self.token = self.member.token

    def web(self, nonce: str) -> bool:
        answers = WebAnswers(nonce, grade=7, sex=1, age=None, answers=dict.fromkeys(self.items, 3))
        return submit_web_response(actor=AnonymousUser(), member=self.member, answers=answers)

    def close_round(self, **dates: dt.date) -> None:
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        values = dates or {"closes_on": yesterday}
        SurveyRound.objects.filter(pk=self.round.pk).update(**values)
        self.member.round.refresh_from_db()
        self.round.refresh_from_db()


@override_settings(SURVEY_LINK_LIMIT=3, SURVEY_LINK_WINDOW_SECONDS=300)
class SlidingWindowTests(LinkTestCase):
    def test_a_link_takes_its_limit_of_forms_in_the_window_and_more_once_it_has_passed(self):
        for n in range(3):
            self.assertTrue(self.web(f"n{n}"))
        with self.assertRaises(ValidationError) as busy:
            self.web("n3")
        self.assertEqual(busy.exception.code, "busy")
        self.assertEqual(Response.objects.filter(round=self.round).count(), 3)
        # Another school's link has its own window.
        other = self.round.round_schools.get(organisation=self.school2)
        answers = WebAnswers("o1", grade=7, sex=1, age=None, answers=dict.fromkeys(self.items, 3))
        self.assertTrue(submit_web_response(actor=SYSTEM, member=other, answers=answers))
        # Once the window has slid past the first forms, the link takes forms again.
        earlier = timezone.now() - dt.timedelta(seconds=301)
        LinkSubmission.objects.filter(member=self.member).update(at=earlier)
        self.assertTrue(self.web("n3"))
        self.assertEqual(Response.objects.filter(round=self.round).count(), 5)

    def test_the_pupil_who_meets_the_limit_keeps_the_answers_and_sends_them_later(self):
        for n in range(3):
            self.web(f"n{n}")
        domains = list(self.version.domains.order_by("order"))
        last = answer_form(self.client, self.token, self.version, value="4")
        here = reverse("surveys:answer-step", args=[self.token, len(domains)])
        self.assertRedirects(last, here, fetch_redirect_response=False)
        page = self.client.get(here)
        self.assertContains(page, "เพิ่งมีคำตอบส่งผ่านลิงก์ของโรงเรียนนี้จำนวนมาก")
        self.assertEqual(Response.objects.filter(answers="4" * 48).count(), 0)
        self.assertEqual(self.client.session[f"survey-{self.token}"]["answers"]["self01"], 4)
        LinkSubmission.objects.update(at=timezone.now() - dt.timedelta(seconds=301))
        again = self.client.post(
            reverse("surveys:answer-step", args=[self.token, len(domains)]),
            {i.code: "4" for i in domains[-1].items.all()},
        )
        self.assertRedirects(again, reverse("surveys:answer-done", args=[self.token]))
        self.assertEqual(Response.objects.filter(answers="4" * 48).count(), 1)

    def test_the_api_and_imports_are_not_counted_against_a_link(self):
        rows = many(5, self.school.code)
        upload = upload_bytes(self.round, csv_text(rows, self.items).encode())
        services.import_responses(actor=SYSTEM, record=upload)
        self.assertFalse(LinkSubmission.objects.exists())
        self.assertTrue(self.web("n0"))


class OnePerBrowserTests(LinkTestCase):
    def test_a_browser_that_has_answered_is_told_so_and_cannot_answer_again(self):
        done = answer_form(self.client, self.token, self.version)
        self.assertRedirects(done, reverse("surveys:answer-done", args=[self.token]))
        start = self.client.get(reverse("surveys:answer", args=[self.token]))
        self.assertContains(start, ALREADY_TH)
        self.assertNotContains(start, 'name="grade"')
        self.client.cookies["django_language"] = "en"
        self.assertContains(
            self.client.get(reverse("surveys:answer", args=[self.token])), ALREADY_EN
        )
        # Every page refuses: the first page keeps no new form, the others send to the end.
        again = answer_form(self.client, self.token, self.version, value="4")
        self.assertRedirects(again, reverse("surveys:answer-done", args=[self.token]))
        self.assertNotIn(f"survey-{self.token}", self.client.session)
        self.assertEqual(Response.objects.filter(round=self.round).count(), 1)
        self.assertNotContains(self.client.get(again["Location"]), 'id="next-pupil"')

    def test_on_a_shared_device_each_pupil_starts_a_new_form(self):
        services.set_shared_device(actor=self.reporter, member=self.member, shared=True)
        answer_form(self.client, self.token, self.version, value="3")
        done = self.client.get(reverse("surveys:answer-done", args=[self.token]))
        self.assertContains(done, 'id="next-pupil"')
        answer_form(self.client, self.token, self.version, value="4")
        stored = sorted(Response.objects.filter(round=self.round).values_list("answers", flat=True))
        self.assertEqual(stored, ["3" * 48, "4" * 48])

    def test_the_schools_reporter_and_the_rounds_managers_switch_it_audited(self):
        url = reverse("surveys:school-devices", args=[self.round.pk, self.school.pk])
        for person in (self.coordinator, self.viewer, self.outsider):
            with self.subTest(person=person.username):
                self.login(person)
                self.assertEqual(self.client.post(url, {"shared": "1"}).status_code, 404)
        self.assertFalse(RoundSchool.objects.get(pk=self.member.pk).shared_device)
        # The reporter of one school does not switch another's.
        other = self.round.round_schools.get(organisation=self.school2)
        with self.assertRaises(NotAllowed):
            services.set_shared_device(actor=self.reporter, member=other, shared=True)
        self.login(self.reporter)
        page = self.client.get(
            reverse("surveys:school-results", args=[self.round.pk, self.school.pk])
        )
        self.assertContains(page, 'id="shared-device"')
        self.assertRedirects(
            self.client.post(url, {"shared": "1"}),
            reverse("surveys:school-results", args=[self.round.pk, self.school.pk]),
        )
        self.assertTrue(RoundSchool.objects.get(pk=self.member.pk).shared_device)
        self.login(self.admin)
        self.client.post(url, {"back": "round"})
        self.assertFalse(RoundSchool.objects.get(pk=self.member.pk).shared_device)
        entries = AuditEntry.objects.filter(action="surveys.school.device_changed").order_by("pk")
        self.assertEqual(
            [(e.actor, e.changes["shared_device"]["after"]) for e in entries],
            [(self.reporter, True), (self.admin, False)],
        )


class ClosedRoundTests(LinkTestCase):
    def api(self, language: str = "th") -> Any:
        self.client.force_login(self.evaluator)
        row = {
            "submission_id": "late",
            "school": self.school.pk,
            "grade": 7,
            "sex": 1,
            "answers": dict.fromkeys(self.items, 3),
        }
        return self.client.post(
            f"/api/v1/survey-rounds/{self.round.pk}/responses/",
            [row],
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=language,
        )

    def test_a_closed_round_refuses_the_web_form_on_every_page_and_the_api(self):
        # A pupil who started while it was open, and sends the last page after it closed.
        domains = list(self.version.domains.order_by("order"))
        self.client.post(reverse("surveys:answer", args=[self.token]), {"grade": 7, "sex": 1})
        for number, domain in enumerate(domains[:-1], start=1):
            self.client.post(
                reverse("surveys:answer-step", args=[self.token, number]),
                {i.code: "3" for i in domain.items.all()},
            )
        self.close_round()
        start = reverse("surveys:answer", args=[self.token])
        for number in range(1, len(domains) + 1):
            step = reverse("surveys:answer-step", args=[self.token, number])
            with self.subTest(step=number):
                self.assertRedirects(self.client.get(step), start, fetch_redirect_response=False)
                sent = self.client.post(
                    step, {i.code: "3" for i in domains[number - 1].items.all()}
                )
                self.assertRedirects(sent, start, fetch_redirect_response=False)
        # The first page answers with the notice, and goes nowhere.
        self.assertEqual(self.client.post(start, {"grade": 7, "sex": 1}).status_code, 200)
        page = self.client.get(start)
        self.assertContains(page, "ปิดรับคำตอบแล้ว")
        self.assertNotContains(page, 'name="grade"')
        self.client.cookies["django_language"] = "en"
        self.assertContains(self.client.get(start), "This survey is closed")
        response = self.api("en")
        self.assertEqual(response.status_code, 400)
        self.assertIn("This survey is closed", response.json()["round"][0])
        self.assertFalse(Response.objects.exists())
        self.assertFalse(LinkSubmission.objects.exists())

    def test_a_round_not_yet_open_refuses_every_door(self):
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        self.close_round(opens_on=tomorrow, closes_on=tomorrow + dt.timedelta(days=30))
        page = self.client.get(reverse("surveys:answer", args=[self.token]))
        self.assertContains(page, "ยังไม่เปิด")
        self.assertEqual(self.api().status_code, 400)
        record = upload_bytes(self.round, csv_text(many(1, self.school.code), self.items).encode())
        for after_close in (False, True):
            with self.assertRaises(ValidationError):
                services.import_responses(actor=SYSTEM, record=record, after_close=after_close)
        self.assertFalse(Response.objects.exists())

    def test_an_import_into_a_closed_round_is_a_correction_its_manager_confirms(self):
        self.close_round()
        record = upload_bytes(self.round, csv_text(many(2, self.school.code), self.items).encode())
        self.login(self.admin)
        url = reverse("surveys:import", args=[record.pk])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, {"action": "check"})
        page = self.client.get(url)
        self.assertContains(page, 'name="after_close"')
        refused = self.client.post(url, {"action": "import"}, follow=True)
        self.assertContains(refused, "ปิดไปเมื่อ")
        self.assertFalse(Response.objects.exists())
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, {"action": "import", "after_close": "1"})
        self.assertEqual(Response.objects.filter(round=self.round).count(), 2)
        imported = AuditEntry.objects.get(action="surveys.responses.imported")
        self.assertIs(imported.changes["after_close"]["after"], True)


@override_settings(SURVEY_BURST_THRESHOLD=2)
class BurstTests(LinkTestCase):
    def test_bursts_are_shown_to_the_school_and_the_rounds_managers(self):
        for n in range(3):
            self.web(f"n{n}")
        # Two more, an hour before: under the threshold in their own slot.
        earlier = timezone.now() - dt.timedelta(hours=1)
        for at in (earlier, earlier):
            LinkSubmission.objects.create(
                member=self.member, at=at, slot=LinkSubmission.slot_of(at)
            )
        round_page = reverse("surveys:round", args=[self.round.pk])
        school_page = reverse("surveys:school-results", args=[self.round.pk, self.school.pk])
        for person, url in ((self.admin, round_page), (self.reporter, school_page)):
            with self.subTest(person=person.username):
                self.login(person)
                page = self.client.get(url)
                self.assertEqual(len(page.context["bursts"]), 1)
                self.assertEqual(page.context["bursts"][0]["count"], 3)
                self.assertContains(page, 'id="bursts-table"')
        # Who reads the round without running it sees no bursts.
        self.login(make_user("reader", RoleKind.VIEWER, province=self.surat))
        self.assertNotContains(self.client.get(round_page), 'id="bursts-table"')
