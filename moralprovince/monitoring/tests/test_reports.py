import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from unittest import mock

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from moralprovince.geo.models import Subdistrict
from moralprovince.monitoring import services
from moralprovince.monitoring.models import (
    ActivityMonthTotal,
    ActivityReport,
    Evidence,
    Indicator,
    IndicatorValue,
    ValueStatus,
)
from moralprovince.monitoring.queries import owed_details, owed_units, status_board
from moralprovince.monitoring.reminders import send_reminders
from moralprovince.monitoring.services import ActivityReportInput, ValueInput
from moralprovince.monitoring.tests.base import MonitoringTestCase
from moralprovince.monitoring.views import UNITS_PER_STATUS_PAGE
from moralprovince.plans.tests.base import TemporaryMedia
from moralprovince.testing import make_organisation


def photo(width=3000, height=2000, name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class ActivityReportTests(TemporaryMedia, MonitoringTestCase):
    def post(self, user, activity, files=(), **overrides):
        self.login(user)
        data = {
            "held_on": "24/11/2563",
            "subdistrict": "841301",
            "participants": "120",
            "description": "อบรมครู",
        } | overrides
        if files:
            data["attachments"] = list(files)
        return self.client.post(reverse("monitoring:report-create", args=[activity.pk]), data)

    def test_a_report_with_a_photo_is_saved_shrunk_and_counted_by_month_and_district(self):
        response = self.post(self.reporter, self.training, files=[photo()])
        report = ActivityReport.objects.get()
        self.assertRedirects(response, reverse("monitoring:report", args=[report.pk]))
        evidence = Evidence.objects.get()
        with evidence.file.open("rb") as file, Image.open(file) as stored:
            self.assertEqual((stored.format, max(stored.size)), ("JPEG", 1600))
        total = ActivityMonthTotal.objects.get()
        self.assertEqual(
            (total.month, total.district_id, total.reports, total.participants), (1, "8413", 1, 120)
        )
        with self.captureOnCommitCallbacks(execute=True):
            services.delete_activity_report(actor=self.admin, report=report)
        # The month has no report left, and so no total.
        self.assertFalse(ActivityMonthTotal.objects.exists())
        self.assertFalse(evidence.file.storage.exists(evidence.file.name))

    def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_stored(self):
        fake = SimpleUploadedFile("photo.jpg", b"not really a jpeg", content_type="image/jpeg")
        response = self.post(self.coordinator, self.training, files=[fake])
        self.assertContains(response, "ไม่ใช่รูปภาพ")
        self.assertFalse(ActivityReport.objects.exists())
        self.assertFalse(ActivityMonthTotal.objects.exists())

    def test_a_file_over_the_size_limit_is_refused(self):
        big = SimpleUploadedFile(
            "report.pdf", b"%PDF-" + b"0" * (21 * 1024 * 1024), content_type="application/pdf"
        )
        response = self.post(self.coordinator, self.training, files=[big])
        self.assertContains(response, "20 MB")
        self.assertFalse(ActivityReport.objects.exists())

    def test_a_date_outside_the_plans_year_and_text_for_a_count_are_refused(self):
        self.assertContains(self.post(self.coordinator, self.training, held_on="1/10/2564"), "2564")
        self.assertContains(
            self.post(self.coordinator, self.training, participants="ร้อยคน"), "จำนวนเต็ม"
        )
        self.assertFalse(ActivityReport.objects.exists())

    def test_participants_by_sex_must_add_up(self):
        response = self.post(
            self.coordinator, self.training, count_sex_female="70", count_sex_male="40"
        )
        self.assertContains(response, "120")
        self.assertFalse(ActivityReport.objects.exists())
        self.post(self.coordinator, self.training, count_sex_female="70", count_sex_male="50")
        self.assertEqual(ActivityReport.objects.get().counts.count(), 2)

    def test_others_cannot_report_or_see_reports(self):
        for user in (self.outsider, self.viewer, self.evaluator):
            with self.subTest(user=user.username):
                self.assertEqual(self.post(user, self.training).status_code, 404)
        self.post(self.coordinator, self.training)
        report = ActivityReport.objects.get()
        self.login(self.outsider)
        self.assertEqual(
            self.client.get(reverse("monitoring:report", args=[report.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.post(reverse("monitoring:report-delete", args=[report.pk])).status_code, 404
        )


def stored_files(root: str) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


class StoredFileTests(TemporaryMedia, MonitoringTestCase):
    """A write that fails after storing its files leaves none behind in MEDIA_ROOT."""

    def report(self) -> ActivityReport:
        return services.create_activity_report(
            actor=self.coordinator,
            activity=self.training,
            data=ActivityReportInput(
                held_on=dt.date(2020, 11, 24),
                subdistrict=Subdistrict.objects.get(pk="841301"),
                participants=120,
                description="อบรมครู",
                files=[photo(), photo(name="second.png")],
            ),
        )

    def value(self, evidence: SimpleUploadedFile) -> IndicatorValue:
        return services.enter_value(
            actor=self.coordinator,
            indicator=self.network_indicator,
            data=ValueInput(fiscal_year=2564, period="Q1", value=Decimal(3), evidence=evidence),
        )

    def test_a_report_whose_save_fails_after_storing_its_photos_leaves_no_file(self):
        failure = DatabaseError("database is locked")
        with (
            mock.patch.object(services, "log_action", side_effect=failure),
            self.assertRaises(DatabaseError),
        ):
            self.report()
        self.assertEqual(stored_files(self.media_root), [])
        self.assertFalse(ActivityReport.objects.exists())
        self.report()
        self.assertEqual(len(stored_files(self.media_root)), 2)

    def test_a_value_whose_save_fails_after_storing_its_evidence_leaves_no_file(self):
        failure = DatabaseError("database is locked")
        with (
            mock.patch.object(services, "log_action", side_effect=failure),
            self.assertRaises(DatabaseError),
        ):
            self.value(photo())
        self.assertEqual(stored_files(self.media_root), [])
        self.assertFalse(IndicatorValue.objects.exists())

    def test_new_evidence_replaces_the_old_file_once_committed(self):
        first = self.value(photo(name="first.png")).evidence.name
        with self.captureOnCommitCallbacks(execute=True):
            second = self.value(photo(name="second.png")).evidence.name
        self.assertEqual([path.name for path in stored_files(self.media_root)], [Path(second).name])
        self.assertNotEqual(first, second)


class StatusBoardTests(MonitoringTestCase):
    def test_units_that_owe_values_and_reports_are_listed_and_reminded(self):
        self.coordinator.email = "coordinator@example.org"
        self.coordinator.save()
        today = dt.date(2021, 4, 1)
        self.approved(self.network_indicator, "Q1", 3)
        owed = {o.unit: o for o in status_board("84", 2564, today)}
        education = owed["เครือข่ายภาคการศึกษา"]
        self.assertEqual([(i.code, p) for i, p in education.values], [("E1", "Q2")])
        self.assertEqual([a.title for a in education.reports], ["อบรมครูแกนนำ"])
        sent = send_reminders(today)
        self.assertGreaterEqual(sent, 1)
        message = next(m for m in mail.outbox if m.to == ["coordinator@example.org"])
        self.assertIn("อบรมครูแกนนำ", message.body)
        self.assertIn("E1", message.subject + message.body + "E1")

    def test_the_board_is_for_those_who_read_the_whole_province(self):
        for user, status in [
            (self.admin, 200),
            (self.evaluator, 200),
            (self.coordinator, 404),
            (self.outsider, 404),
        ]:
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(
                    self.client.get(reverse("monitoring:status", args=["84"])).status_code, status
                )


class StatusBoardYearTests(MonitoringTestCase):
    """The board lists what is owed for the year chosen, and opens on a year with data."""

    def test_a_past_year_lists_every_value_and_report_still_owed(self):
        self.approved(self.network_indicator, "Q1", 3)
        self.approved(self.network_indicator, "Q2", 5)
        self.login(self.admin)
        page = self.client.get(reverse("monitoring:status", args=["84"]) + "?fy=2564")
        owed = {o.unit: o for o in page.context["owed"]}
        education = owed["เครือข่ายภาคการศึกษา"]
        self.assertEqual(
            [(i.code, periods) for i, periods in education.by_indicator], [("E1", ["Q3", "Q4"])]
        )
        self.assertEqual([a.title for a in education.reports], ["อบรมครูแกนนำ", "ค่ายเยาวชนพอเพียง"])
        # The province's own indicator has no value at all.
        province = owed["สุราษฎร์ธานี"]
        self.assertEqual([p for _i, p in province.values], ["Q1", "Q2", "Q3", "Q4"])
        self.assertEqual((page.context["values_owed"], page.context["reports_owed"]), (6, 2))
        self.assertContains(page, "ไตรมาส 3, ไตรมาส 4")
        self.assertContains(page, "ค่ายเยาวชนพอเพียง")
        self.assertNotContains(page, "ไม่มีรายการค้าง")

    def add_schools_owing(self, count: int, start: int = 0) -> None:
        for n in range(start, start + count):
            school = make_organisation(self.surat, f"โรงเรียนที่ {n:02d}", "school", "841301")
            Indicator.objects.create(
                province=self.surat,
                organisation=school,
                code=f"S{n:02d}",
                name_th=f"นักเรียนจิตอาสา {n}",
                frequency="year",
            )

    def test_the_boards_queries_do_not_grow_with_the_units_owing(self):
        self.login(self.admin)
        url = reverse("monitoring:status", args=["84"])

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(url, {"fy": "2564"}).status_code, 200)
            return len(captured)

        self.add_schools_owing(3)
        few = queries()
        self.add_schools_owing(UNITS_PER_STATUS_PAGE * 2, start=3)
        self.assertEqual(queries(), few)

    def test_the_board_shows_a_page_of_units_and_counts_them_all(self):
        self.add_schools_owing(UNITS_PER_STATUS_PAGE + 3)
        self.login(self.admin)
        url = reverse("monitoring:status", args=["84"])
        first = self.client.get(url, {"fy": "2564"})
        second = self.client.get(url, {"fy": "2564", "page": "2"})
        units = [o.unit for o in first.context["owed"]] + [o.unit for o in second.context["owed"]]
        self.assertEqual(len(first.context["page"]), UNITS_PER_STATUS_PAGE)
        self.assertEqual(len(units), len(set(units)))
        self.assertIn("โรงเรียนที่ 27", units)
        # The totals are of every unit, not of the page shown.
        self.assertEqual(first.context["values_owed"], second.context["values_owed"])
        self.assertGreaterEqual(first.context["values_owed"], UNITS_PER_STATUS_PAGE + 3)
        self.assertContains(first, "fy=2564&amp;page=2")

    def test_the_units_and_totals_counted_in_the_database_match_the_details(self):
        self.add_schools_owing(4)
        paid, sent, returned, _nothing = Indicator.objects.filter(code__startswith="S")
        for indicator, status in (
            (paid, ValueStatus.APPROVED),
            (sent, ValueStatus.SUBMITTED),
            (returned, ValueStatus.RETURNED),
        ):
            IndicatorValue.objects.create(
                indicator=indicator,
                province=self.surat,
                fiscal_year=2564,
                period="Y",
                value=1,
                status=status,
            )
        # A value of a period not yet ended counts for nothing.
        self.approved(self.network_indicator, "Q1", 3)
        self.approved(self.network_indicator, "Q2", 3)
        after = dt.date(2021, 3, 1)  # Q1 has ended; the year has not.
        board = owed_units("84", 2564, after)
        details = owed_details(board, board.units)
        self.assertEqual(
            [o.unit for o in details], [o.unit for o in status_board("84", 2564, after)]
        )
        self.assertEqual((board.values_owed, board.values_waiting), (1, 0))
        self.assertEqual(board.values_owed, sum(len(o.values) for o in details))
        year_end = dt.date(2021, 10, 1)
        board = owed_units("84", 2564, year_end)
        details = owed_details(board, board.units)
        units = {o.unit: (len(o.values), len(o.waiting)) for o in details}
        self.assertNotIn("โรงเรียนที่ 00", units)
        self.assertEqual(units["โรงเรียนที่ 01"], (0, 1))
        self.assertEqual(units["โรงเรียนที่ 02"], (1, 0))
        self.assertEqual(units["โรงเรียนที่ 03"], (1, 0))
        self.assertEqual(units["เครือข่ายภาคการศึกษา"], (2, 0))
        self.assertEqual(
            (board.values_owed, board.values_waiting),
            (sum(v for v, _w in units.values()), sum(w for _v, w in units.values())),
        )
        # A page of units reads the same details as the whole board.
        self.assertEqual(
            [(o.unit, o.values, o.waiting) for o in owed_details(board, board.units[1:3])],
            [(o.unit, o.values, o.waiting) for o in details[1:3]],
        )

    def test_a_value_sent_for_review_is_no_longer_owed(self):
        row = self.enter(self.network_indicator, "Q1", 3)
        self.assertIn(
            (self.network_indicator, "Q1"),
            status_board("84", 2564, dt.date(2021, 1, 15))[-1].values,
        )
        services.submit_value(actor=self.coordinator, value=row)
        education = [o for o in status_board("84", 2564, dt.date(2021, 1, 15)) if o.network]
        self.assertEqual(education[0].values, [])
        # Not reported all the same until approved: listed apart, as awaiting review.
        self.assertEqual(education[0].waiting, [(self.network_indicator, "Q1")])

    def test_a_unit_with_values_only_awaiting_review_shows_them_without_a_dash(self):
        services.submit_value(
            actor=self.coordinator, value=self.enter(self.network_indicator, "Q1", 3)
        )
        self.login(self.admin)
        with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2021, 1, 15)):
            page = self.client.get(reverse("monitoring:status", args=["84"]), {"fy": "2564"})
        cells = re.findall(
            r'<th scope="row">([^<]+)</th>\s*<td data-label="[^"]+">(.*?)</td>',
            page.content.decode(),
        )
        values = dict(cells)
        self.assertTrue(values["เครือข่ายภาคการศึกษา"].startswith("<a href="))
        self.assertIn("ส่งแล้ว รอการพิจารณา", values["เครือข่ายภาคการศึกษา"])
        # A unit owing values lists them; the dash is for a unit owing none at all.
        self.assertNotIn("—", "".join(values.values()))

    def test_the_board_and_the_year_report_count_the_same_values_not_reported(self):
        from moralprovince.monitoring.report import report_data

        self.approved(self.network_indicator, "Q1", 3)
        services.submit_value(
            actor=self.coordinator, value=self.enter(self.network_indicator, "Q2", 5)
        )
        after = dt.date(2021, 11, 1)
        self.login(self.admin)
        with mock.patch("django.utils.timezone.localdate", return_value=after):
            page = self.client.get(reverse("monitoring:status", args=["84"]) + "?fy=2564")
        summary = report_data("84", 2564, after)["summary"]
        # The province's four quarters and E1's Q2–Q4; E1's Q2 is sent, awaiting review.
        self.assertEqual(
            (page.context["values_unreported"], page.context["values_waiting"]), (7, 1)
        )
        self.assertEqual((summary["values_missing"], summary["values_waiting"]), (7, 1))
        self.assertContains(page, "ผลตัวชี้วัดที่ยังไม่รายงาน 7 รายการ")
        self.assertContains(page, "ส่งแล้ว รอการพิจารณา 1 รายการ")

    def test_the_board_opens_on_the_latest_year_with_data_and_offers_every_year(self):
        for fiscal_year, number in ((2563, 1), (2565, 3)):
            self.programme.years.create(fiscal_year=fiscal_year, year_number=number)
        self.login(self.admin)
        page = self.client.get(reverse("monitoring:status", args=["84"]))
        self.assertEqual(page.context["fy"], 2564)
        self.assertEqual([y["fy"] for y in page.context["years"]], [2563, 2564, 2565])
        self.assertContains(page, 'href="?fy=2565"')
        self.assertContains(page, 'href="?fy=2564" aria-current="page"')

    def test_reminders_name_the_year_and_the_periods_in_thai(self):
        self.coordinator.email = "coordinator@example.org"
        self.coordinator.save()
        # 1 October 2021: FY2565 has just begun, and FY2564's last quarter is owed.
        send_reminders(dt.date(2021, 10, 1))
        message = next(m for m in mail.outbox if m.to == ["coordinator@example.org"])
        self.assertIn("ปีงบประมาณ 2564", message.subject)
        self.assertIn("ไตรมาส 1, ไตรมาส 2, ไตรมาส 3, ไตรมาส 4", message.body)
