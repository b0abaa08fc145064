from django.urls import reverse

from moralprovince.people.models import Attendance
from moralprovince.people.tests.base import TrainingTestCase

HUGE = "9" * 25


class BadValueTests(TrainingTestCase):
    """Values no form offers get a 404, a 400 or a message, never a 500."""

    def test_ids_past_64_bits_and_nul_bytes_in_addresses_are_not_found(self):
        self.login(self.admin)
        for url in [
            f"/training/courses/{HUGE}/",
            f"/training/batches/{HUGE}/",
            f"/training/people/{HUGE}/",
            f"/trainers/{HUGE}/",
            f"/activities/{HUGE}/trainers/",
            "/provinces/8%00/training/",
            "/join/abc%00def/",
            f"/api/v1/courses/{HUGE}/",
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_search_values_that_are_not_text_or_choices_are_answered(self):
        self.login(self.admin)
        url = reverse("people:trainers", args=["84"])
        for query in [
            {"district": "84\x0001"},
            {"district": HUGE},
            {"q": "x" * 5000},
            {"topic": "\x00"},
        ]:
            with self.subTest(query=query):
                self.assertEqual(self.client.get(url, query).status_code, 200)

    def test_results_that_are_not_numbers_or_pairs_are_refused_with_a_message(self):
        self.login(self.admin)
        somsri = self.enrolments[0]
        url = reverse("people:results", args=[self.batch.pk])
        for data in [
            {"attended": f"{HUGE}-{somsri.pk}"},
            {"attended": "a-b"},
            {"attended": f"{self.sessions[0].pk}-{HUGE}"},
            {f"pre-{somsri.pk}": "NaN"},
            {f"post-{somsri.pk}": "1e400"},
            {f"post-{somsri.pk}": "-1"},
        ]:
            with self.subTest(data=data):
                response = self.client.post(url, data, follow=True)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(len(list(response.context["messages"])), 1)
        self.assertFalse(Attendance.objects.exists())
