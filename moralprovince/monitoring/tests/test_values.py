import datetime as dt
from decimal import Decimal
from unittest import mock

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from moralprovince.audit.models import AuditEntry
from moralprovince.monitoring import queries, services
from moralprovince.monitoring.models import IndicatorValue, IndicatorYearTotal, PeriodLock
from moralprovince.monitoring.services import ValueInput
from moralprovince.monitoring.tests.base import MonitoringTestCase


class ReviewTests(MonitoringTestCase):
    def test_an_approved_value_shows_on_the_dashboard_and_a_returned_one_does_not(self):
        self.approved(self.network_indicator, "Q1", 3)
        q2 = self.approved(self.network_indicator, "Q2", 7)
        self.login(self.admin)
        url = reverse("monitoring:dashboard", args=["84"]) + "?fy=2564"
        # On 1 April 2021 the first half is due: 10 of a target of 10 is on track.
        with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2021, 4, 1)):
            network = self.client.get(url).context["board"]["networks"][0]
        self.assertEqual(
            (network["name"], network["indicators"], network["on_track"]),
            ("เครือข่ายภาคการศึกษา", 1, 1),
        )
        total = IndicatorYearTotal.objects.get(indicator=self.network_indicator, fiscal_year=2564)
        self.assertEqual(
            (total.actual, total.target, total.target_to_date),
            (Decimal(10), Decimal(20), Decimal(10)),
        )
        services.return_value(actor=self.admin, value=q2, comment="ตรวจสอบหลักฐานไม่พบ")
        entry = AuditEntry.objects.filter(action="monitoring.value.returned").latest("id")
        self.assertEqual(
            entry.changes,
            {
                "status": {"before": "approved", "after": "returned"},
                "comment": {"before": None, "after": "ตรวจสอบหลักฐานไม่พบ"},
            },
        )
        total.refresh_from_db()
        self.assertEqual(total.actual, Decimal(3))
        self.client.get(
            reverse("monitoring:indicator", args=[self.network_indicator.pk]) + "?fy=2564"
        )
        page = self.client.get(
            reverse("monitoring:indicator", args=[self.network_indicator.pk]) + "?fy=2564"
        )
        self.assertContains(page, "ตรวจสอบหลักฐานไม่พบ")
        self.assertContains(page, "Admin")

    def test_returning_needs_a_comment_and_only_admins_review(self):
        row = self.enter(self.network_indicator, "Q1", 3)
        services.submit_value(actor=self.coordinator, value=row)
        with self.assertRaises(PermissionDenied):
            services.approve_value(actor=self.coordinator, value=row)
        with self.assertRaises(ValidationError):
            services.return_value(actor=self.admin, value=row, comment=" ")
        row.refresh_from_db()
        self.assertEqual(row.status, "submitted")

    def test_a_submitted_value_cannot_be_changed_until_returned(self):
        row = self.enter(self.network_indicator, "Q1", 3)
        services.submit_value(actor=self.coordinator, value=row)
        with self.assertRaises(ValidationError):
            self.enter(self.network_indicator, "Q1", 4)
        services.return_value(actor=self.admin, value=row, comment="แก้ตัวเลข")
        self.assertEqual(self.enter(self.network_indicator, "Q1", 4).value, Decimal(4))


class LockTests(MonitoringTestCase):
    def test_a_locked_period_refuses_changes_and_reviews(self):
        row = self.enter(self.network_indicator, "Q1", 3)
        services.lock_period(actor=self.admin, province=self.surat, fiscal_year=2564, period="Q1")
        with self.assertRaises(ValidationError):
            self.enter(self.network_indicator, "Q1", 5)
        with self.assertRaises(ValidationError):
            services.submit_value(actor=self.coordinator, value=row)
        row.refresh_from_db()
        self.assertEqual((row.value, row.status), (Decimal(3), "draft"))
        self.assertEqual(self.enter(self.network_indicator, "Q2", 5).value, Decimal(5))

    def test_locking_the_year_closes_every_period_and_only_admins_lock(self):
        with self.assertRaises(PermissionDenied):
            services.lock_period(
                actor=self.coordinator, province=self.surat, fiscal_year=2564, period="Y"
            )
        services.lock_period(actor=self.admin, province=self.surat, fiscal_year=2564, period="Y")
        with self.assertRaises(ValidationError):
            self.enter(self.network_indicator, "Q3", 5)

    def test_the_value_form_says_the_period_is_locked(self):
        PeriodLock.objects.create(
            province=self.surat, fiscal_year=2564, period="Q1", locked_by=self.admin
        )
        self.login(self.coordinator)
        url = reverse("monitoring:value-save", args=[self.network_indicator.pk])
        response = self.client.post(
            url, {"fiscal_year": 2564, "period": "Q1", "value": "3"}, follow=True
        )
        self.assertContains(response, "Q1")
        self.assertFalse(IndicatorValue.objects.exists())


class BadValueTests(MonitoringTestCase):
    def post(self, user, indicator, **data):
        self.login(user)
        url = reverse("monitoring:value-save", args=[indicator.pk])
        return self.client.post(url, {"fiscal_year": 2564, "period": "Q1"} | data, follow=True)

    def test_text_where_a_number_belongs_is_refused_with_a_message(self):
        response = self.post(self.coordinator, self.network_indicator, value="สามสิบ")
        self.assertContains(response, "ค่า:")
        self.assertFalse(IndicatorValue.objects.exists())

    def test_a_percent_over_100_is_refused(self):
        response = self.post(self.admin, self.province_indicator, value="120")
        self.assertContains(response, "100")
        self.assertFalse(IndicatorValue.objects.exists())

    def test_thai_digits_are_read(self):
        self.post(self.coordinator, self.network_indicator, value="๓")
        self.assertEqual(IndicatorValue.objects.get().value, Decimal(3))

    def test_an_indicator_outside_the_persons_scope_gets_nothing(self):
        for user, indicator in [
            (self.coordinator, self.province_indicator),
            (self.outsider, self.network_indicator),
            (self.reporter, self.network_indicator),
        ]:
            with self.subTest(user=user.username):
                self.login(user)
                url = reverse("monitoring:value-save", args=[indicator.pk])
                self.assertEqual(
                    self.client.post(
                        url, {"fiscal_year": 2564, "period": "Q1", "value": "1"}
                    ).status_code,
                    404,
                )
        self.assertFalse(IndicatorValue.objects.exists())

    def test_disaggregated_parts_must_add_up(self):
        indicator = self.make_indicator(self.education, "E2", "ผู้เข้าร่วม", dimensions=["sex"])
        with translation.override("en"), self.assertRaisesMessage(ValidationError, "add up to 5"):
            services.enter_value(
                actor=self.coordinator,
                indicator=indicator,
                data=ValueInput(
                    fiscal_year=2564,
                    period="Q1",
                    value=Decimal(6),
                    parts=[(indicator.dimensions.get(), "female", Decimal(5))],
                ),
            )
        row = services.enter_value(
            actor=self.coordinator,
            indicator=indicator,
            data=ValueInput(
                fiscal_year=2564,
                period="Q1",
                value=Decimal(6),
                parts=[
                    (indicator.dimensions.get(), "female", Decimal(4)),
                    (indicator.dimensions.get(), "male", Decimal(2)),
                ],
            ),
        )
        self.assertEqual(row.parts.count(), 2)


class TrackTests(MonitoringTestCase):
    def test_the_on_track_band_is_15_percent_and_configurable(self):
        self.assertEqual(queries.track_status("up", Decimal(100), Decimal(86)), "on")
        self.assertEqual(queries.track_status("up", Decimal(100), Decimal(84)), "under")
        self.assertEqual(queries.track_status("up", Decimal(100), Decimal(116)), "over")
        self.assertEqual(queries.track_status("down", Decimal(100), Decimal(120)), "under")
        with override_settings(MONITORING_ON_TRACK_BAND=0.5):
            self.assertEqual(queries.track_status("up", Decimal(100), Decimal(60)), "on")

    def test_the_iptt_colours_each_period_and_drills_down_to_networks(self):
        self.approved(self.network_indicator, "Q1", 3)
        self.login(self.admin)
        province = self.client.get(reverse("monitoring:iptt", args=["84"]) + "?fy=2564")
        self.assertContains(province, f"?network={self.education.pk}")
        network = self.client.get(
            reverse("monitoring:iptt", args=["84"]) + f"?fy=2564&network={self.education.pk}"
        )
        [table] = network.context["tables"]
        cells = table.rows[0].cells
        self.assertEqual(
            (cells[0].target, cells[0].actual, cells[0].status), (Decimal(4), Decimal(3), "under")
        )
        self.assertContains(network, 'class="num under"')
