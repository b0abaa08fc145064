from unittest import mock

from django.test import override_settings
from django.urls import reverse

from moralprovince.jobs.models import KIND_TITLES, Job
from moralprovince.jobs.services import REGISTRY, enqueue, run_job
from moralprovince.testing import MoralTestCase


def steps_job(job, progress):  # type: ignore[no-untyped-def]
    progress(50, "กำลังทำขั้นที่สอง")
    return []


class JobTitleTests(MoralTestCase):
    def test_every_kind_of_job_has_a_title(self):
        self.assertEqual(set(REGISTRY) - set(KIND_TITLES), set())

    def test_the_page_names_what_the_job_does_in_thai(self):
        job = Job.objects.create(
            kind="surveys.check",
            province=self.surat,
            params={"import_id": 33},
            created_by=self.admin,
        )
        report = Job.objects.create(
            kind="monitoring.year_report",
            province=self.surat,
            params={"fiscal_year": 2564},
            created_by=self.admin,
        )
        self.login(self.admin)
        page = self.client.get(reverse("jobs:job", args=[job.pk]))
        self.assertContains(page, "<h1>ตรวจไฟล์คำตอบแบบสำรวจ</h1>", html=True)
        self.assertNotContains(page, "surveys.check")
        page = self.client.get(reverse("jobs:job", args=[report.pk]))
        self.assertContains(page, "<h1>รายงานผลประจำปี ปีงบประมาณ 2564</h1>", html=True)


@override_settings(JOBS_RUN_INLINE=False)
class JobStatusTextTests(MoralTestCase):
    @mock.patch.dict(REGISTRY, {"jobs.test_steps": steps_job})
    def test_the_status_text_follows_the_jobs_state(self):
        job = enqueue(actor=self.admin, kind="jobs.test_steps", province=self.surat, params={})
        self.login(self.admin)
        self.assertContains(self.client.get(reverse("jobs:job", args=[job.pk])), "รอดำเนินการ")
        Job.objects.filter(pk=job.pk).update(status="running", message="กำลังทำขั้นที่สอง")
        self.assertContains(self.client.get(reverse("jobs:job", args=[job.pk])), "กำลังทำขั้นที่สอง")
        Job.objects.filter(pk=job.pk).update(status="queued", message="")
        job = run_job(job.pk)
        self.assertEqual((job.status, job.message), ("done", ""))
        page = self.client.get(reverse("jobs:job", args=[job.pk]))
        self.assertNotContains(page, "กำลังทำขั้นที่สอง")
        self.assertContains(page, "ดำเนินการแล้ว")
