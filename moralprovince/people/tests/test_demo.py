from decimal import Decimal
from types import SimpleNamespace

from django.test import TestCase
from django.urls import reverse

from moralprovince.demo.services import load_demo
from moralprovince.monitoring.sources import SOURCES
from moralprovince.people import queries
from moralprovince.people.models import ActivityTrainer, Batch, Course, Trainer, TrainerSource

PROVINCE = SimpleNamespace(province_id="84", organisation_id=None, network_id=None)


def figure(key: str) -> Decimal:
    source = SOURCES[key]
    return source.figure(source.records(PROVINCE, 2563, "Y"))


class TrainingDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        load_demo(password="demo-pass")

    def test_the_course_of_17_18_march_2020_is_there_with_its_completers_on_the_register(self):
        course = Course.objects.get(province_id="84", title="หลักสูตรวิทยากรส่งเสริมคุณธรรม")
        self.assertTrue(course.is_trainer_course and course.is_sample)
        self.assertIn("ป.ป.ช.", course.funder)
        batch = Batch.objects.get(course=course)
        self.assertEqual(
            (batch.name, str(batch.starts_on), str(batch.ends_on)),
            ("กลุ่มภาคใต้ รุ่นที่ 1", "2020-03-17", "2020-03-18"),
        )
        completers = queries.batch_completers(batch)
        self.assertEqual(len(completers), 9)
        self.assertTrue(all(p.is_sample for p in completers))
        from_course = Trainer.objects.filter(province_id="84", source=TrainerSource.COURSE)
        self.assertEqual({t.person for t in from_course}, set(completers))
        self.assertEqual(ActivityTrainer.objects.filter(trainer__province_id="84").count(), 1)

    def test_the_figures_of_fy2563_are_computed_from_the_batch(self):
        self.assertEqual(figure("people_trained"), 9)
        self.assertEqual(figure("people_trained_female"), 5)
        self.assertEqual(figure("people_trained_male"), 4)
        self.assertEqual(figure("training_completion_rate"), Decimal("75.00"))
        # Gains of the eleven with both tests: (8+5+7+4+6+6+3+6+5+5+8) / 11.
        self.assertEqual(figure("training_average_gain"), Decimal("5.73"))

    def test_the_public_page_lists_only_the_trainers_who_chose_it_without_contacts(self):
        response = self.client.get(reverse("knowledge:province", args=["84"]))
        self.assertContains(response, "นางสาวกมลา ตัวอย่าง")
        self.assertContains(response, "นายประเสริฐ ตัวอย่าง")
        self.assertNotContains(response, "นายชัยวัฒน์ ตัวอย่าง")
        self.assertNotContains(response, "@example.org")

    def test_loading_twice_changes_nothing(self):
        counts = (Course.objects.count(), Trainer.objects.count())
        load_demo(password="demo-pass")
        self.assertEqual(counts, (Course.objects.count(), Trainer.objects.count()))
