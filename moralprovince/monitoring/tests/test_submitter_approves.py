"""Who sent a value for review does not approve it, and the page does not offer it to them."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from moralprovince.monitoring import services
from moralprovince.monitoring.models import ValueStatus
from moralprovince.monitoring.tests.base import MonitoringTestCase


class SubmitterTests(MonitoringTestCase):
    def test_the_person_who_sent_a_value_does_not_approve_it(self):
        row = self.enter(self.network_indicator, "Q1", 5, user=self.coordinator)
        services.submit_value(actor=self.admin, value=row)
        row.refresh_from_db()
        self.assertEqual(row.submitted_by, self.admin)
        with self.assertRaises(ValidationError):
            services.approve_value(actor=self.admin, value=row)
        self.login(self.admin)
        page = self.client.get(
            reverse("monitoring:indicator", args=[row.indicator_id]) + "?fy=2564"
        )
        approve = reverse("monitoring:value-review", args=[row.pk, "approve"])
        self.assertNotContains(page, approve)
        self.assertContains(page, "ผู้อื่นจะเป็นผู้อนุมัติ")
        services.approve_value(actor=self.national, value=row)
        row.refresh_from_db()
        self.assertEqual(row.status, ValueStatus.APPROVED)

    def test_someone_else_is_offered_the_approval(self):
        row = self.enter(self.network_indicator, "Q1", 5, user=self.coordinator)
        services.submit_value(actor=self.coordinator, value=row)
        self.login(self.admin)
        page = self.client.get(
            reverse("monitoring:indicator", args=[row.indicator_id]) + "?fy=2564"
        )
        self.assertContains(page, reverse("monitoring:value-review", args=[row.pk, "approve"]))
