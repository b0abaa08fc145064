"""Those who completed a batch get certificates made in one job; the others do not."""

from __future__ import annotations

import tempfile

from django.test import override_settings
from django.urls import reverse

from moralprovince.certificates.models import Certificate
from moralprovince.jobs.models import Job
from moralprovince.people.tests.base import TrainingTestCase


@override_settings(JOBS_RUN_INLINE=True, MEDIA_ROOT=tempfile.mkdtemp(prefix="train-cert-"))
class BatchCertificateTests(TrainingTestCase):
    def make(self, user: object) -> object:
        self.login(user)
        url = reverse("people:batch-certificates", args=[self.batch.pk])
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, follow=True)

    def test_only_those_who_completed_get_one_and_the_list_shows_its_code(self) -> None:
        done, short = self.enrolments[0], self.enrolments[1]
        self.attend(done, 4)
        self.score(done, 8, 15)
        self.attend(short, 2)  # 6 hours of the 9 needed
        self.score(short, 8, 18)
        response = self.make(self.admin)
        job = Job.objects.get(kind="certificates.batch")
        self.assertEqual(job.status, "done")
        self.assertRedirects(response, reverse("jobs:job", args=[job.pk]))
        certificate = Certificate.objects.get(kind="training")
        self.assertEqual(certificate.object_id, done.pk)
        self.assertEqual(certificate.holder_name, "นางสาวสมศรี ใจดี")
        self.assertEqual(certificate.title_lines[1], "หลักสูตรวิทยากรส่งเสริมคุณธรรม")
        page = self.client.get(reverse("people:completers", args=[self.batch.pk]))
        self.assertContains(page, certificate.display_code)

    def test_with_no_one_completed_nothing_is_made(self) -> None:
        response = self.make(self.admin)
        self.assertContains(response, "ยังไม่มีเกียรติบัตรให้ออก")
        self.assertFalse(Job.objects.exists())

    def test_those_who_do_not_run_the_training_get_nothing(self) -> None:
        self.attend(self.enrolments[0], 4)
        self.score(self.enrolments[0], 8, 15)
        for user in (self.outsider, self.coordinator, self.reporter):
            with self.subTest(user=user.username):
                self.assertEqual(self.make(user).status_code, 404)
        self.assertFalse(Certificate.objects.exists())
