"""A school sees its own place in a round (answer link, QR code, results when they may be
shown, and why not otherwise) and nothing of another school."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from moralprovince.accounts.models import Role, RoleKind
from moralprovince.surveys.tests.base import SurveyTestCase, csv_text, import_bytes, many
from moralprovince.surveys.tests.test_privacy import PrivacyTestCase


def th(text: str, **values: object) -> str:
    with translation.override("th"):
        return translation.gettext(text) % values if values else translation.gettext(text)


class OwnSchoolTests(SurveyTestCase):
    def own_page(self) -> str:
        self.login(self.reporter)
        url = reverse("surveys:school-results", args=[self.round.pk, self.school.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_reporter_finds_the_round_its_link_and_qr_code(self) -> None:
        self.login(self.reporter)
        index = self.client.get(reverse("surveys:index"))
        own = reverse("surveys:school-results", args=[self.round.pk, self.school.pk])
        self.assertContains(index, own)
        other = reverse("surveys:school-results", args=[self.round.pk, self.school2.pk])
        self.assertNotContains(index, other)
        page = self.own_page()
        token = self.round.round_schools.get(organisation=self.school).token
        self.assertIn(reverse("surveys:answer", args=[token]), page)
        self.assertIn("<svg", page)  # the QR code
        other_token = self.round.round_schools.get(organisation=self.school2).token
        self.assertNotIn(other_token, page)
        self.assertIn(th("No student of this school has answered yet."), page)

    def test_nothing_of_another_school_nor_of_the_province(self) -> None:
        import_bytes(self.round, csv_text(many(12, self.school2.code), self.items).encode())
        self.login(self.reporter)
        for url in (
            reverse("surveys:school-results", args=[self.round.pk, self.school2.pk]),
            reverse("surveys:school-pdf", args=[self.round.pk, self.school2.pk]),
            reverse("surveys:round", args=[self.round.pk]),
            reverse("surveys:results", args=[self.round.pk]),
            reverse("surveys:results-pdf", args=[self.round.pk]),
            reverse("surveys:results-xlsx", args=[self.round.pk]),
            reverse("surveys:responses-csv", args=[self.round.pk]),
            f"/api/v1/survey-rounds/{self.round.pk}/results/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        page = self.own_page()
        self.assertNotIn(reverse("surveys:results", args=[self.round.pk]), page)
        self.assertNotIn(self.school2.name_th, page)
        # The outsider gets nothing of the school's page either.
        self.login(self.outsider)
        own = reverse("surveys:school-results", args=[self.round.pk, self.school.pk])
        self.assertEqual(self.client.get(own).status_code, 404)

    def test_a_reader_of_the_school_sees_results_but_not_the_link(self) -> None:
        own = reverse("surveys:school-results", args=[self.round.pk, self.school.pk])
        self.login(self.viewer)  # reads the religion network, not the school
        self.assertEqual(self.client.get(own).status_code, 404)
        Role.objects.create(
            user=self.viewer, kind=RoleKind.VIEWER, province=self.surat, organisation=self.school
        )
        self.viewer.refresh_from_db()
        self.login(self.viewer)
        page = self.client.get(own)
        self.assertContains(page, 'id="results-status"')
        token = self.round.round_schools.get(organisation=self.school).token
        self.assertNotContains(page, token)

    def test_its_results_once_the_school_reaches_the_minimum(self) -> None:
        rows = many(12, self.school.code, answers=[4] * 48) + many(14, self.school2.code, 50)
        import_bytes(self.round, csv_text(rows, self.items).encode())
        page = self.own_page()
        self.assertIn(th("%(n)s students of the school have answered.", n="12"), page)
        self.assertIn('<td class="num">12</td>', page)
        self.assertIn('<td class="num">100.0</td>', page)

    def test_why_not_while_fewer_have_answered(self) -> None:
        import_bytes(self.round, csv_text(many(6, self.school.code), self.items).encode())
        page = self.own_page()
        text = (
            "Fewer than %(minimum)s students of the school have answered so far. Its results "
            "are shown once at least %(minimum)s have: a smaller group is never shown, so "
            "that no student's answers can be picked out."
        )
        self.assertIn(th(text, minimum=10), page)
        self.assertNotIn('<td class="num">6</td>', page)

    @override_settings(SURVEY_MIN_GROUP=5)
    def test_the_minimum_is_the_setting(self) -> None:
        import_bytes(self.round, csv_text(many(6, self.school.code), self.items).encode())
        self.assertIn('<td class="num">6</td>', self.own_page())


class HiddenToProtectTests(PrivacyTestCase):
    def test_why_not_when_it_would_give_a_smaller_group_away(self) -> None:
        self.fill()  # ท่าชนะ (11) is hidden so that ไชยาวิทยา (3) cannot be worked out
        Role.objects.create(
            user=self.reporter,
            kind=RoleKind.ORGANISATION_REPORTER,
            province=self.surat,
            organisation=self.third,
        )
        self.login(self.reporter)
        url = reverse("surveys:school-results", args=[self.round.pk, self.third.pk])
        page = self.client.get(url).content.decode()
        self.assertIn(th("The school's answer link"), page)
        text = th(
            "The school's results are hidden although at least %(minimum)s students have "
            "answered: with them, the results of a smaller group (another school, or a sex or "
            "grade with fewer than %(minimum)s) could be worked out by subtraction. They are "
            "shown once the groups around them are large enough.",
            minimum=10,
        )
        self.assertIn(text, page)
        self.assertNotIn('<td class="num">11</td>', page)
