"""Who may open which page: everyone outside the scope gets a 404 and learns nothing."""

from django.urls import reverse

from moralprovince.testing import MoralTestCase


class PageAccessTests(MoralTestCase):
    def assert_status(self, url: str, expected: dict[str, int]) -> None:
        for name, status in expected.items():
            self.client.force_login(getattr(self, name))
            with self.subTest(user=name, url=url):
                self.assertEqual(self.client.get(url).status_code, status)

    def test_the_programme_page_is_for_people_of_the_province(self):
        url = reverse("organisations:programme", args=["84"])
        self.assert_status(
            url,
            {"national": 200, "admin": 200, "coordinator": 200, "reporter": 200, "evaluator": 200}
            | {"viewer": 200, "outsider": 404},
        )

    def test_editing_the_programme_is_for_its_admins(self):
        url = reverse("organisations:programme-edit", args=["84"])
        self.assert_status(
            url,
            {"national": 200, "admin": 200, "coordinator": 404, "reporter": 404}
            | {"evaluator": 404, "viewer": 404, "outsider": 404},
        )

    def test_a_network_page_is_for_the_province_and_the_network(self):
        url = reverse("organisations:network", args=[self.education.pk])
        self.assert_status(
            url,
            {"admin": 200, "coordinator": 200, "reporter": 200, "evaluator": 200}
            | {"viewer": 404, "outsider": 404},
        )

    def test_a_coordinator_edits_only_their_own_network(self):
        self.assert_status(
            reverse("organisations:network-edit", args=[self.education.pk]),
            {"coordinator": 200, "admin": 200, "evaluator": 404, "reporter": 404, "outsider": 404},
        )
        self.assert_status(
            reverse("organisations:network-edit", args=[self.religion.pk]),
            {"coordinator": 404, "viewer": 404},
        )

    def test_an_organisation_page_is_for_those_who_can_see_it(self):
        url = reverse("organisations:organisation", args=[self.temple.pk])
        self.assert_status(
            url,
            {"admin": 200, "evaluator": 200, "viewer": 200}
            | {"coordinator": 404, "reporter": 404, "outsider": 404},
        )

    def test_a_reporter_edits_only_their_own_organisation(self):
        self.assert_status(
            reverse("organisations:organisation-edit", args=[self.school.pk]),
            {"reporter": 200, "coordinator": 200, "admin": 200, "evaluator": 404, "outsider": 404},
        )
        self.assert_status(
            reverse("organisations:organisation-edit", args=[self.university.pk]),
            {"reporter": 404},
        )

    def test_adding_organisations_is_for_admins_and_coordinators_of_the_province(self):
        url = reverse("organisations:organisation-create", args=["84"])
        self.assert_status(url, {"admin": 200, "reporter": 404, "evaluator": 404, "outsider": 404})
        self.assert_status(f"{url}?network={self.education.pk}", {"coordinator": 200})
        self.assert_status(f"{url}?network={self.religion.pk}", {"coordinator": 404})

    def test_starting_a_programme_is_for_national_admins(self):
        url = reverse("organisations:programme-create")
        self.assert_status(url, {"national": 200, "admin": 404, "outsider": 404})

    def test_unknown_and_malformed_ids_are_404(self):
        self.client.force_login(self.admin)
        for url in ["/provinces/99/", "/networks/999999/", "/organisations/999999/"]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_anonymous_visitors_are_sent_to_log_in(self):
        for url in [
            reverse("organisations:programme", args=["84"]),
            reverse("organisations:directory"),
            reverse("organisations:organisation", args=[self.school.pk]),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("accounts:login"), response["Location"])

    def test_posting_to_another_provinces_rows_is_404_and_changes_nothing(self):
        self.client.force_login(self.outsider)
        url = reverse("organisations:organisation-edit", args=[self.school.pk])
        response = self.client.post(url, {"name_th": "ถูกแก้"})
        self.assertEqual(response.status_code, 404)
        self.school.refresh_from_db()
        self.assertEqual(self.school.name_th, "โรงเรียนบ้านนาเดิม")
