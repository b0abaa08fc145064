"""The kept copy of a file of survey responses (its columns that name no child, until it is
imported): only for those who run its round."""

from __future__ import annotations

from moralprovince.core.files import url_for
from moralprovince.surveys.tests.base import SurveyTestCase, csv_text, many, upload_bytes


class ImportFileTests(SurveyTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.content = csv_text(many(3, cls.school.code), cls.items).encode()
        cls.record = upload_bytes(
            cls.round, cls.content, name="คำตอบ โรงเรียนบ้านนาเดิม.csv", actor=cls.admin
        )

    def fetch(self, user):  # type: ignore[no-untyped-def]
        self.client.logout()
        if user is not None:
            self.login(user)
        return self.client.get(url_for(self.record))

    def test_those_who_run_the_round_get_the_kept_copy(self):
        for user in (self.admin, self.evaluator, self.national):
            with self.subTest(user=user.username):
                response = self.fetch(user)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(
                    b"".join(response.streaming_content), self.record.file.open("rb").read()
                )
                self.assertTrue(response["Content-Disposition"].startswith("attachment;"))

    def test_anyone_else_gets_nothing(self):
        # The coordinator and the school's reporter read results, but do not run the round.
        for user in (None, self.outsider, self.coordinator, self.reporter, self.viewer):
            with self.subTest(user=user):
                self.assertEqual(self.fetch(user).status_code, 404)

    def test_it_is_stored_under_a_random_name(self):
        self.assertRegex(
            self.record.file.name, r"^survey-imports/\d{4}/\d{2}/[0-9a-f]{32}\.parquet$"
        )
