from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from moralprovince.audit.models import AuditEntry
from moralprovince.people import queries, services
from moralprovince.people.forms import BatchForm, CourseForm
from moralprovince.people.models import Attendance, Batch, Course, Enrolment, Trainer
from moralprovince.people.services import BatchInput, Scores
from moralprovince.people.tests.base import DAY1, DAY2, TrainingTestCase, make_person


class CompletionTests(TrainingTestCase):
    def test_the_course_rule_decides_who_completed_as_counted_by_hand(self):
        # Rule: at least 9 of the 12 hours, and at least 12 of 20 in the post-test.
        somsri, somchai, malee, wichai = self.enrolments
        self.attend(somsri, 4), self.score(somsri, 8, 15)  # 12 h, 15: completes
        self.attend(somchai, 3), self.score(somchai, 10, 12)  # 9 h, 12: just completes
        self.attend(malee, 2), self.score(malee, 9, 18)  # 6 h: too few hours
        self.attend(wichai, 4), self.score(wichai, 5, 11)  # 11 points: below the mark
        names = [p.name_th for p in queries.batch_completers(self.batch)]
        self.assertEqual(names, ["นางสาวสมศรี ใจดี", "นายสมชาย รักดี"])
        rows = {r["enrolment"].pk: r for r in queries.batch_rows(self.batch)}
        self.assertEqual(rows[malee.pk]["hours"], Decimal(6))
        self.assertFalse(rows[wichai.pk]["completed"])
        self.assertTrue(rows[somchai.pk]["completed"])

    def test_no_post_test_means_not_completed(self):
        somsri = self.enrolments[0]
        self.attend(somsri, 4)
        self.assertEqual(list(queries.completers(self.batch)), [])

    def test_recording_results_puts_completers_of_a_trainer_course_on_the_register(self):
        somsri, somchai, *_ = self.enrolments
        pairs = {(s.pk, somsri.pk) for s in self.sessions} | {(self.sessions[0].pk, somchai.pk)}
        changed = services.record_results(
            actor=self.admin,
            batch=self.batch,
            attended=pairs,
            scores={somsri.pk: Scores(Decimal(9), Decimal(16))},
        )
        self.assertEqual(changed, 6)
        self.assertEqual(
            list(Trainer.objects.values_list("person__name_th", flat=True)), [somsri.person.name_th]
        )
        self.assertEqual(Trainer.objects.get().topic_list, ["ความซื่อสัตย์สุจริต", "จิตอาสา"])
        # The same results again change nothing and log nothing.
        entries = AuditEntry.objects.count()
        again = services.record_results(
            actor=self.admin,
            batch=self.batch,
            attended=pairs,
            scores={somsri.pk: Scores(Decimal(9), Decimal(16))},
        )
        self.assertEqual((again, AuditEntry.objects.count()), (0, entries))


class BadInputTests(TrainingTestCase):
    def test_attendance_for_a_person_not_enrolled_is_refused_naming_the_person(self):
        other = Batch.objects.create(
            course=self.course, province=self.surat, name="รุ่น 2", starts_on=DAY1, ends_on=DAY2
        )
        stranger = Enrolment.objects.create(
            batch=other, person=make_person("84", "คนอื่น"), purpose="x", consent_at=timezone.now()
        )
        self.attend(self.enrolments[0], 1)
        with self.assertRaises(ValidationError) as caught:
            services.record_results(
                actor=self.admin,
                batch=self.batch,
                attended={(self.sessions[0].pk, stranger.pk)},
                scores={},
            )
        self.assertIn("person", caught.exception.message_dict)
        self.assertIn("ไม่ได้ลงทะเบียน", caught.exception.message_dict["person"][0])
        # Nothing was half-saved: the attendance already held is still there.
        self.assertEqual(Attendance.objects.filter(session__batch=self.batch).count(), 1)

    def test_a_score_outside_the_test_range_is_refused_naming_the_field_and_person(self):
        somsri = self.enrolments[0]
        with self.assertRaises(ValidationError) as caught:
            services.record_results(
                actor=self.admin,
                batch=self.batch,
                attended={(self.sessions[0].pk, somsri.pk)},
                scores={somsri.pk: Scores(Decimal(5), Decimal(25))},
            )
        message = caught.exception.message_dict["post_score"][0]
        self.assertIn("นางสาวสมศรี ใจดี", message)
        self.assertIn("0–20", message)
        self.assertFalse(Attendance.objects.exists())

    def test_a_batch_ending_before_it_starts_is_refused_on_the_last_day(self):
        form = BatchForm(
            {"name": "รุ่น 3", "starts_on": "18/3/2563", "ends_on": "17/3/2563"},
            instance=Batch(course=self.course, province=self.surat),
            province_id="84",
        )
        self.assertFalse(form.is_valid())
        self.assertIn("ends_on", form.errors)
        with self.assertRaises(ValidationError) as caught:
            services.save_batch(
                actor=self.admin,
                course=self.course,
                data=BatchInput(name="รุ่น 3", starts_on=DAY2, ends_on=DAY1),
            )
        self.assertIn("ends_on", caught.exception.message_dict)

    def test_a_pass_mark_above_the_highest_score_is_refused_on_its_field(self):
        form = CourseForm(
            {
                "title": "x",
                "hours": "๖",
                "min_hours": "6",
                "test_max_score": "10",
                "min_post_score": "12",
            },
            province_id="84",
        )
        self.assertFalse(form.is_valid())
        self.assertEqual(list(form.errors), ["min_post_score"])

    def test_the_results_page_says_which_score_is_wrong(self):
        self.login(self.admin)
        somsri = self.enrolments[0]
        response = self.client.post(
            reverse("people:results", args=[self.batch.pk]),
            {"attended": [f"{self.sessions[0].pk}-{somsri.pk}"], f"post-{somsri.pk}": "๒๕"},
            follow=True,
        )
        self.assertContains(response, "นางสาวสมศรี ใจดี: ")
        self.assertFalse(Attendance.objects.exists())


class PageTests(TrainingTestCase):
    def test_an_admin_sets_up_a_course_and_a_batch_through_the_pages(self):
        self.login(self.admin)
        response = self.client.post(
            reverse("people:course-create", args=["84"]),
            {
                "title": "หลักสูตรใหม่",
                "hours": "๖",
                "min_hours": "4.5",
                "test_max_score": "10",
                "min_post_score": "6",
            },
        )
        course = self.surat_courses().get(title="หลักสูตรใหม่")
        self.assertRedirects(response, reverse("people:course", args=[course.pk]))
        self.assertEqual(course.hours, Decimal(6))
        response = self.client.post(
            reverse("people:batch-create", args=[course.pk]),
            {"name": "รุ่น 1", "starts_on": "1/10/2563", "ends_on": "2/10/2563", "enrol_open": "on"},
        )
        batch = course.batches.get()
        self.assertEqual(str(batch.starts_on), "2020-10-01")
        page = self.client.get(reverse("people:batch", args=[batch.pk]))
        self.assertContains(page, f"/join/{batch.enrol_token}/")
        self.assertTrue(AuditEntry.objects.filter(action="people.batch.saved").exists())

    def surat_courses(self) -> QuerySet[Course]:
        return Course.objects.filter(province_id="84")

    def test_the_completers_page_lists_who_completed(self):
        somsri = self.enrolments[0]
        self.attend(somsri, 4), self.score(somsri, 10, 18)
        self.login(self.coordinator)
        response = self.client.get(reverse("people:completers", args=[self.batch.pk]))
        self.assertContains(response, "นางสาวสมศรี ใจดี")
        self.assertNotContains(response, "นายสมชาย รักดี")

    def test_a_session_is_changed_within_its_batchs_days(self):
        self.login(self.evaluator)
        session = self.sessions[0]
        url = reverse("people:session-edit", args=[session.pk])
        response = self.client.post(url, {"date": "19/3/2563", "hours": "3", "topic": "เช้า"})
        self.assertContains(response, "วันที่อยู่นอกช่วงวันของรุ่น")
        self.client.post(url, {"date": "18/3/2563", "hours": "๒.๕", "topic": "เช้า"})
        session.refresh_from_db()
        self.assertEqual((str(session.date), session.hours), ("2020-03-18", Decimal("2.5")))
        self.login(self.coordinator)
        self.assertEqual(self.client.get(url).status_code, 404)
