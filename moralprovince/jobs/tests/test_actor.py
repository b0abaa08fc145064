from django.contrib.auth.models import AnonymousUser

from moralprovince.accounts.access import SYSTEM, NotAllowed
from moralprovince.jobs.models import Job
from moralprovince.jobs.services import enqueue, job_actor
from moralprovince.monitoring.report import year_report_job
from moralprovince.testing import MoralTestCase


class JobActorTests(MoralTestCase):
    def test_a_job_acts_for_its_person_the_system_or_nobody(self):
        params = {"fiscal_year": 2564}
        by_admin = enqueue(
            actor=self.admin, kind="monitoring.year_report", province=self.surat, params=params
        )
        by_system = enqueue(
            actor=SYSTEM, kind="monitoring.year_report", province=self.surat, params=params
        )
        self.assertEqual(job_actor(by_admin), self.admin)
        self.assertIs(job_actor(by_system), SYSTEM)
        self.admin.delete()
        orphan = Job.objects.get(pk=by_admin.pk)
        self.assertIsInstance(job_actor(orphan), AnonymousUser)
        # The job checks its rule when it runs, so an orphan gets nothing made.
        with self.assertRaises(NotAllowed):
            year_report_job(orphan, lambda _percent, _message: None)
