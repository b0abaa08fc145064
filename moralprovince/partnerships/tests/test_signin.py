"""A meeting's sign-in sheet: read as Thai offices write it, refused whole when any row is wrong."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from moralprovince.audit.models import AuditEntry
from moralprovince.partnerships.models import Participant
from moralprovince.partnerships.signin import import_attendance
from moralprovince.partnerships.tests.base import PartnershipTestCase
from moralprovince.people.models import Person


def csv_file(text: str, name: str = "sign-in.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


GOOD = (
    "ชื่อ-สกุล,ตำแหน่ง,หน่วยงาน,โทรศัพท์,เพศ,วันที่\n"
    "นางสาวใจดี  มีสุข,ครู,โรงเรียนบ้านนาเดิม,๐๘๑๒๓๔๕๖๗๘,หญิง,๑๓/๑๑/๒๕๖๓\n"
    "นายสมชาย ใจงาม,ผู้อำนวยการ,โรงเรียนบ้านนาเดิม,0899999999,ชาย,13 พ.ย. 2563\n"
    "นายทดสอบ ระบบ,,สำนักงานที่ไม่มีในระบบ,,,2020-11-13\n"
)


class SignInSheetTests(PartnershipTestCase):
    def test_it_reads_thai_digits_and_buddhist_era_dates_and_matches_known_people(self):
        result = import_attendance(actor=self.admin, meeting=self.meeting, upload=csv_file(GOOD))
        self.assertEqual((result.added_people, result.matched_people), (2, 1))
        # ใจดี was known: matched by her name (spaces aside) and her phone in Thai digits.
        self.assertEqual(Person.objects.filter(name_th__startswith="นางสาวใจดี").count(), 1)
        somchai = Person.objects.get(name_th="นายสมชาย ใจงาม")
        self.assertEqual((somchai.organisation, somchai.sex), (self.school, "male"))
        self.assertTrue(somchai.consent_purpose)
        unknown_org = Participant.objects.get(meeting=self.meeting, person__name_th="นายทดสอบ ระบบ")
        self.assertEqual(unknown_org.role, "สำนักงานที่ไม่มีในระบบ")
        self.assertTrue(unknown_org.attended)

    def test_importing_the_same_sheet_again_changes_nothing(self):
        import_attendance(actor=self.admin, meeting=self.meeting, upload=csv_file(GOOD))
        people, participants = Person.objects.count(), Participant.objects.count()
        entries = AuditEntry.objects.count()
        result = import_attendance(actor=self.admin, meeting=self.meeting, upload=csv_file(GOOD))
        self.assertEqual((result.added_people, result.new_attendance, result.unchanged), (0, 0, 3))
        self.assertEqual(
            (Person.objects.count(), Participant.objects.count(), AuditEntry.objects.count()),
            (people, participants, entries),
        )

    def test_it_names_an_unknown_column_and_stores_nothing(self):
        sheet = "ชื่อ-สกุล,สีที่ชอบ\nนายใหม่ มาประชุม,ฟ้า\n"
        with self.assertRaises(ValidationError) as raised:
            import_attendance(actor=self.admin, meeting=self.meeting, upload=csv_file(sheet))
        self.assertIn("B", raised.exception.messages[0])
        self.assertIn("สีที่ชอบ", raised.exception.messages[0])
        self.assertFalse(Person.objects.filter(name_th="นายใหม่ มาประชุม").exists())

    def test_a_person_twice_on_the_sheet_is_named_by_both_rows(self):
        sheet = "ชื่อ-สกุล\nนายใหม่ มาประชุม\nนายใหม่  มาประชุม\n"
        with self.assertRaises(ValidationError) as raised:
            import_attendance(actor=self.admin, meeting=self.meeting, upload=csv_file(sheet))
        self.assertIn("3", raised.exception.messages[0])
        self.assertIn("2", raised.exception.messages[0])

    def test_one_wrong_row_keeps_every_row_out(self):
        sheet = (
            "ชื่อ-สกุล,อีเมล,วันที่\n"
            "นายหนึ่ง ถูกต้อง,one@example.org,13/11/2563\n"
            "นายสอง ผิดวัน,two@example.org,14/11/2563\n"
            ",three@example.org,13/11/2563\n"
        )
        with self.assertRaises(ValidationError) as raised:
            import_attendance(actor=self.admin, meeting=self.meeting, upload=csv_file(sheet))
        messages = raised.exception.messages
        self.assertEqual(len(messages), 2)
        self.assertIn("3", messages[0])
        self.assertIn("C", messages[0])
        self.assertIn("4", messages[1])
        self.assertFalse(Person.objects.filter(name_th="นายหนึ่ง ถูกต้อง").exists())

    def test_it_reads_an_excel_sheet_with_date_cells(self):
        book = Workbook()
        sheet = book.active
        sheet.append(["Timestamp", "Name", "E-mail"])
        sheet.append([None, "Ms Ann Example", "ann@example.org"])
        buffer = io.BytesIO()
        book.save(buffer)
        upload = SimpleUploadedFile("form.xlsx", buffer.getvalue())
        result = import_attendance(actor=self.admin, meeting=self.meeting, upload=upload)
        self.assertEqual(result.added_people, 1)

    def test_the_page_lists_the_problems_and_the_outsider_gets_a_404(self):
        url = reverse("partnerships:attendance-import", args=[self.meeting.pk])
        self.login(self.admin)
        response = self.client.post(url, {"file": csv_file("ชื่อ,สีที่ชอบ\nก,ข\n")})
        self.assertContains(response, "สีที่ชอบ")
        self.login(self.outsider)
        response = self.client.post(url, {"file": csv_file(GOOD)})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Person.objects.filter(name_th="นายสมชาย ใจงาม").exists())
