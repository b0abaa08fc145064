import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from moralprovince.audit.models import AuditEntry
from moralprovince.people import signin
from moralprovince.people.models import Attendance, Enrolment, Person, Sex
from moralprovince.people.tests.base import TrainingTestCase

# A Google Form export: a timestamp in the Buddhist Era with the time, Thai headers, Thai
# digits, a column the import does not know, and one person signing in on both days.
GOOD = (
    "ประทับเวลา,ชื่อ-นามสกุล,เพศ,หน่วยงาน,เบอร์โทรศัพท์,คะแนนก่อนเรียน,คะแนนหลังเรียน (เต็ม 20),ไซซ์เสื้อ\n"
    "17/3/2563 8:45:10,นางพรทิพย์ ทองดี,หญิง,โรงเรียนบ้านนาเดิม,๐๘๑๒๓๔๕๖๗๘,๘,,M\n"
    "18/3/2563 8:40:00,นางพรทิพย์  ทองดี,หญิง,โรงเรียนบ้านนาเดิม,๐๘๑๒๓๔๕๖๗๘,,๑๖,M\n"
    "17 มี.ค. 2563,นายสมชาย รักดี,ชาย,อบต.นาเดิม,,10,14,L\n"
)
BAD = (
    "วันที่,ชื่อ-นามสกุล,เพศ,คะแนนหลังเรียน\n"
    "17/3/2563,นายใหม่ หนึ่ง,ชาย,25\n"
    "19/3/2563,นายใหม่ สอง,ชาย,10\n"
    "17/3/2563,,หญิง,10\n"
    "17/3/2563,นางใหม่ สาม,หญ,ห้า\n"
)


def upload(text: str, name: str = "signin.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"))


class ImportTests(TrainingTestCase):
    def import_(self, content: SimpleUploadedFile) -> signin.SheetResult:
        return signin.import_sheet(
            actor=self.admin, batch=self.batch, upload=content, purpose="อบรมวิทยากร"
        )

    def test_a_google_form_export_is_read_with_thai_digits_and_buddhist_era_dates(self):
        people = Person.objects.count()
        result = self.import_(upload(GOOD))
        self.assertEqual(result.problems, [])
        self.assertEqual(result.unknown_columns, ["ไซซ์เสื้อ"])
        # One new person (signing in twice is one person); the other is already held.
        self.assertEqual(Person.objects.count(), people + 1)
        porntip = Person.objects.get(name_th="นางพรทิพย์ ทองดี")
        self.assertEqual((porntip.sex, porntip.phone), (Sex.FEMALE, "0812345678"))
        self.assertEqual(porntip.organisation_name, "โรงเรียนบ้านนาเดิม")
        enrolment = Enrolment.objects.get(batch=self.batch, person=porntip)
        self.assertEqual((enrolment.pre_score, enrolment.post_score), (8, 16))
        self.assertEqual(enrolment.source, "sheet")
        # Both days, two sessions each.
        self.assertEqual(enrolment.attendances.count(), 4)
        somchai = Enrolment.objects.get(batch=self.batch, person=self.people[1])
        self.assertEqual((somchai.attendances.count(), somchai.post_score), (2, 14))
        self.assertEqual(result.enrolled, 1)

    def test_importing_the_same_file_again_changes_nothing(self):
        self.import_(upload(GOOD))
        counts = (
            Person.objects.count(),
            Enrolment.objects.count(),
            Attendance.objects.count(),
            AuditEntry.objects.count(),
        )
        result = self.import_(upload(GOOD))
        self.assertEqual((result.problems, result.changed), ([], 0))
        self.assertEqual(
            counts,
            (
                Person.objects.count(),
                Enrolment.objects.count(),
                Attendance.objects.count(),
                AuditEntry.objects.count(),
            ),
        )

    def test_every_problem_is_named_by_row_and_column_and_nothing_is_stored(self):
        counts = (Person.objects.count(), Enrolment.objects.count(), Attendance.objects.count())
        result = self.import_(upload(GOOD.strip() + "\n" + BAD.split("\n", 1)[1]))
        self.assertFalse(result.ok)
        # The bad rows follow the good file's header here, so the columns are the good file's.
        result = self.import_(upload(BAD))
        problems = [str(p) for p in result.problems]
        self.assertEqual(
            problems,
            [
                "แถว 2, คอลัมน์ D (คะแนนหลังเรียน): คะแนน 25 อยู่นอกช่วงของแบบทดสอบ 0–20",
                "แถว 3, คอลัมน์ A (วันที่): รุ่นนี้ไม่มีการอบรมในวันที่นี้",
                "แถว 4, คอลัมน์ B (ชื่อ-นามสกุล): ไม่มีชื่อ",
                "แถว 5, คอลัมน์ C (เพศ): เขียนเพศเป็น ชาย หญิง หรือ ไม่ระบุ (male, female, other)",
                "แถว 5, คอลัมน์ D (คะแนนหลังเรียน): ไม่ใช่ตัวเลข",
            ],
        )
        self.assertEqual(
            counts, (Person.objects.count(), Enrolment.objects.count(), Attendance.objects.count())
        )

    def test_a_sheet_without_a_name_column_is_refused(self):
        result = self.import_(upload("Email,Phone\na@example.org,1\n"))
        self.assertEqual(len(result.problems), 1)
        self.assertIn("ชื่อ-นามสกุล", str(result.problems[0]))

    def test_an_excel_workbook_with_english_headers_and_date_cells_is_read(self):
        book = Workbook()
        sheet = book.active
        sheet.append(["Timestamp", "Full name", "Gender", "Pre-test", "Post-test"])
        sheet.append([self.batch.starts_on, "Ms Anna Lee", "female", 7, 13])
        buffer = io.BytesIO()
        book.save(buffer)
        result = self.import_(SimpleUploadedFile("signin.xlsx", buffer.getvalue()))
        self.assertEqual(result.problems, [])
        enrolment = Enrolment.objects.get(person__name_th="Ms Anna Lee")
        self.assertEqual((enrolment.attendances.count(), enrolment.post_score), (2, 13))

    def test_a_file_that_is_not_a_table_is_refused_with_a_message(self):
        result = self.import_(SimpleUploadedFile("signin.pdf", b"%PDF-1.4"))
        self.assertEqual(len(result.problems), 1)
        result = self.import_(SimpleUploadedFile("signin.xlsx", b"not a zip"))
        self.assertEqual(len(result.problems), 1)

    def test_the_page_lists_the_problems_and_the_unknown_columns(self):
        self.login(self.admin)
        url = reverse("people:import", args=[self.batch.pk])
        response = self.client.post(url, {"file": upload(BAD), "purpose": "อบรม", "consent": "on"})
        self.assertContains(response, "แถว 3, คอลัมน์ A")
        response = self.client.post(url, {"file": upload(GOOD), "purpose": "อบรม", "consent": "on"})
        self.assertContains(response, "ไซซ์เสื้อ")
        self.assertTrue(Person.objects.filter(name_th="นางพรทิพย์ ทองดี").exists())
