from __future__ import annotations

from moralprovince.audit.models import AuditEntry
from moralprovince.surveys.models import Response
from moralprovince.surveys.tests.base import SurveyTestCase


class ApiResponsesTests(SurveyTestCase):
    def url(self) -> str:
        return f"/api/v1/survey-rounds/{self.round.pk}/responses/"

    def row(self, submission_id: str, value: int = 3) -> dict[str, object]:
        answers = {code: value for code in self.items}
        return {
            "submission_id": submission_id,
            "school": self.school.pk,
            "grade": 7,
            "sex": 1,
            "answers": answers,
        }

    def post(self, rows: list[dict[str, object]]) -> object:
        self.client.force_login(self.evaluator)
        return self.client.post(self.url(), rows, content_type="application/json")

    def test_a_batch_is_stored_once_with_one_audit_entry(self) -> None:
        response = self.post([self.row("a"), self.row("b")])
        self.assertEqual(response.json(), {"added": 2, "already_present": 0})
        entries = AuditEntry.objects.filter(action="surveys.responses.submitted")
        self.assertEqual(entries.count(), 1)
        self.assertEqual(entries.get().changes["added"]["after"], 2)
        again = self.post([self.row("a"), self.row("b")])
        self.assertEqual(again.json(), {"added": 0, "already_present": 2})
        self.assertEqual(Response.objects.filter(round=self.round).count(), 2)

    def test_one_wrong_row_stores_nothing_and_names_the_row(self) -> None:
        response = self.post([self.row("a"), self.row("b", value=9)])
        self.assertEqual(response.status_code, 400)
        self.assertIn("1", response.json())
        self.assertEqual(Response.objects.filter(round=self.round).count(), 0)
        self.assertFalse(AuditEntry.objects.filter(action="surveys.responses.submitted").exists())

    def test_the_outsider_gets_nothing(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.post(self.url(), [self.row("a")], content_type="application/json")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Response.objects.filter(round=self.round).count(), 0)
