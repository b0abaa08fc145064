from django.urls import reverse

from moralprovince.people.models import Trainer
from moralprovince.people.tests.base import TrainingTestCase


class AccessTests(TrainingTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.trainer = Trainer.objects.create(
            person=cls.people[0], province=cls.surat, topics="ความซื่อสัตย์สุจริต"
        )

    def pages(self) -> list[str]:
        somsri = self.people[0]
        return [
            reverse("people:courses", args=["84"]),
            reverse("people:course", args=[self.course.pk]),
            reverse("people:batch", args=[self.batch.pk]),
            reverse("people:completers", args=[self.batch.pk]),
            reverse("people:person", args=[somsri.pk]),
            reverse("people:trainers", args=["84"]),
            reverse("people:trainer", args=[self.trainer.pk]),
        ]

    def test_chiang_rai_staff_get_404_for_surat_thanis_people_and_courses(self):
        self.login(self.outsider)
        for url in [
            *self.pages(),
            reverse("people:person-export", args=[self.people[0].pk]),
            reverse("people:person-erase", args=[self.people[0].pk]),
            reverse("people:course-edit", args=[self.course.pk]),
            reverse("people:import", args=[self.batch.pk]),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_visitors_are_sent_to_log_in(self):
        for url in self.pages():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn("/accounts/login/", response["Location"])

    def test_contact_details_are_shown_only_to_the_provinces_staff(self):
        somsri = self.people[0]
        for user, shown in [
            (self.admin, True),
            (self.evaluator, True),
            (self.coordinator, False),
            (self.reporter, False),
        ]:
            self.login(user)
            for url in (
                reverse("people:person", args=[somsri.pk]),
                reverse("people:trainer", args=[self.trainer.pk]),
            ):
                with self.subTest(user=user.username, url=url):
                    response = self.client.get(url)
                    self.assertContains(response, "นางสาวสมศรี ใจดี")
                    if shown:
                        self.assertContains(response, "0811111111")
                        self.assertContains(response, "somsri@example.org")
                    else:
                        self.assertNotContains(response, "0811111111")
                        self.assertNotContains(response, "somsri@example.org")

    def test_only_admins_and_academic_partners_change_courses(self):
        url = reverse("people:course-edit", args=[self.course.pk])
        for user, status in [
            (self.admin, 200),
            (self.evaluator, 200),
            (self.coordinator, 404),
            (self.viewer, 404),
        ]:
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(url).status_code, status)

    def test_only_the_provinces_admins_export_or_erase_a_person(self):
        url = reverse("people:person-export", args=[self.people[0].pk])
        for user, status in [(self.admin, 200), (self.evaluator, 404), (self.coordinator, 404)]:
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(url).status_code, status)
