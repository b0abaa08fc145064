"""A web form whose write fails at its last step has stored nothing: no response, no
result cell and no place taken on the school's link, so sending it again counts it once."""

from __future__ import annotations

from unittest import mock

from django.contrib.auth.models import AnonymousUser

from moralprovince.surveys import services
from moralprovince.surveys.models import LinkSubmission, Response, ResultCell, RoundSchool
from moralprovince.surveys.services import WebAnswers, submit_web_response
from moralprovince.surveys.tests.base import SurveyTestCase, cell_total


class Failure(Exception):
    pass


class FailedWebFormTests(SurveyTestCase):
    def counts(self) -> tuple[int, ...]:
        return (
            Response.objects.count(),
            ResultCell.objects.count(),
            LinkSubmission.objects.count(),
        )

    def test_a_form_that_fails_at_its_audit_entry_stores_nothing_and_counts_once_when_resent(
        self,
    ) -> None:
        member = RoundSchool.objects.get(round=self.round, organisation=self.school)
        answers = WebAnswers("n1", grade=7, sex=1, age=None, answers=dict.fromkeys(self.items, 3))
        before = self.counts()
        with (
            mock.patch.object(services, "_log_submission", side_effect=Failure),
            self.assertRaises(Failure),
        ):
            submit_web_response(actor=AnonymousUser(), member=member, answers=answers)
        self.assertEqual(self.counts(), before)
        self.assertTrue(submit_web_response(actor=AnonymousUser(), member=member, answers=answers))
        self.assertEqual(cell_total(self.round), 1)
