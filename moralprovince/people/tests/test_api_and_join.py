from django.urls import reverse

from moralprovince.people.models import Enrolment, Person, Trainer
from moralprovince.people.tests.base import TrainingTestCase


class ApiTests(TrainingTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.trainer = Trainer.objects.create(
            person=cls.people[0], province=cls.surat, topics="สุจริต"
        )

    def test_the_provinces_people_read_its_training_and_outsiders_get_nothing(self):
        lists = ["course-list", "batch-list", "enrolment-list", "attendance-list", "trainer-list"]
        self.attend(self.enrolments[0], 2)
        self.login(self.coordinator)
        for name in lists:
            with self.subTest(name=name):
                self.assertGreater(self.client.get(reverse(name)).json()["count"], 0)
        self.login(self.outsider)
        for name in lists:
            with self.subTest(name=name):
                self.assertEqual(self.client.get(reverse(name)).json()["count"], 0)
        for name, pk in [
            ("course-detail", self.course.pk),
            ("batch-detail", self.batch.pk),
            ("enrolment-detail", self.enrolments[0].pk),
            ("trainer-detail", self.trainer.pk),
        ]:
            with self.subTest(name=name):
                self.assertEqual(self.client.get(reverse(name, args=[pk])).status_code, 404)

    def test_contacts_go_to_the_provinces_staff_only_and_completion_is_computed(self):
        self.attend(self.enrolments[0], 4), self.score(self.enrolments[0], 5, 14)
        url = reverse("trainer-detail", args=[self.trainer.pk])
        self.login(self.admin)
        self.assertEqual(self.client.get(url).json()["phone"], "0811111111")
        self.login(self.coordinator)
        body = self.client.get(url).json()
        self.assertEqual((body["phone"], body["email"]), (None, None))
        enrolment = self.client.get(
            reverse("enrolment-detail", args=[self.enrolments[0].pk])
        ).json()
        self.assertEqual((enrolment["attended_hours"], enrolment["completed"]), ("12.00", True))

    def test_a_bad_province_filter_is_a_400_naming_it(self):
        self.login(self.admin)
        response = self.client.get(reverse("course-list"), {"province": "8\x004"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("province", response.json())


class JoinTests(TrainingTestCase):
    def url(self) -> str:
        return reverse("people:join", args=[self.batch.enrol_token])

    def test_a_person_enrols_through_the_link_with_consent(self):
        data = {"name_th": "นางสาวใหม่ ลงทะเบียน", "sex": "female", "phone": "0822222222"}
        response = self.client.post(self.url(), data)
        self.assertContains(response, "ยินยอม")
        self.assertFalse(Person.objects.filter(name_th="นางสาวใหม่ ลงทะเบียน").exists())
        response = self.client.post(self.url(), {**data, "consent": "on"})
        self.assertContains(response, "ท่านลงทะเบียนเรียบร้อยแล้ว")
        enrolment = Enrolment.objects.get(person__name_th="นางสาวใหม่ ลงทะเบียน")
        self.assertEqual(enrolment.source, "link")
        self.assertIn(self.batch.name, enrolment.purpose)
        self.assertIsNotNone(enrolment.person.consent_at)
        # Enrolling twice is one enrolment.
        self.client.post(self.url(), {**data, "consent": "on"})
        self.assertEqual(Enrolment.objects.filter(person=enrolment.person).count(), 1)

    def test_a_closed_link_enrols_no_one_and_a_wrong_token_is_404(self):
        self.batch.enrol_open = False
        self.batch.save()
        data = {"name_th": "นายปิด ลิงก์", "sex": "male", "consent": "on"}
        response = self.client.post(self.url(), data)
        self.assertContains(response, "รุ่นนี้ปิดรับลงทะเบียนแล้ว")
        self.assertFalse(Person.objects.filter(name_th="นายปิด ลิงก์").exists())
        wrong = reverse("people:join", args=["x" * 32])
        self.assertEqual(self.client.get(wrong).status_code, 404)
        self.assertEqual(self.client.get(reverse("people:join", args=["x" * 300])).status_code, 404)
