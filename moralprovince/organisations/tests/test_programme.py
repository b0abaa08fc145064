from django.urls import reverse

from moralprovince.audit.models import AuditEntry
from moralprovince.organisations.models import Programme, ProgrammeYear
from moralprovince.testing import MoralTestCase


class ProgrammeYearTests(MoralTestCase):
    url = reverse("organisations:programme-year-add", args=["84"])

    def test_the_admin_adds_a_fiscal_year_written_in_thai_digits(self):
        self.login(self.admin)
        self.client.post(self.url, {"fiscal_year": "๒๕๖๕", "year_number": "๓", "theme": ""})
        self.assertTrue(
            ProgrammeYear.objects.filter(
                programme=self.programme, fiscal_year=2565, year_number=3
            ).exists()
        )
        self.assertTrue(
            AuditEntry.objects.filter(action="organisations.programme_year.created").exists()
        )

    def test_a_christian_era_year_gets_a_message_and_nothing_is_saved(self):
        self.login(self.admin)
        response = self.client.post(
            self.url, {"fiscal_year": "2021", "year_number": "3"}, follow=True
        )
        self.assertContains(
            response, "ปีงบประมาณ (พ.ศ.): กรุณากรอกปีงบประมาณเป็นพุทธศักราช ตั้งแต่ 2500 ถึง 2700"
        )
        self.assertEqual(self.programme.years.count(), 1)

    def test_a_year_already_recorded_gets_a_message(self):
        self.login(self.admin)
        response = self.client.post(
            self.url, {"fiscal_year": "2564", "year_number": "5"}, follow=True
        )
        self.assertContains(response, "มีปีงบประมาณนี้แล้ว")
        self.assertEqual(self.programme.years.count(), 1)

    def test_only_admins_add_or_remove_years(self):
        year = self.programme.years.get()
        remove = reverse("organisations:programme-year-remove", args=["84", year.pk])
        for user in (self.coordinator, self.evaluator, self.outsider):
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(
                    self.client.post(
                        self.url, {"fiscal_year": "2565", "year_number": "3"}
                    ).status_code,
                    404,
                )
                self.assertEqual(self.client.post(remove).status_code, 404)
        self.assertEqual(self.programme.years.count(), 1)
        self.login(self.admin)
        self.client.post(remove)
        self.assertEqual(self.programme.years.count(), 0)

    def test_years_show_their_buddhist_era_period(self):
        self.login(self.evaluator)
        response = self.client.get(reverse("organisations:programme", args=["84"]))
        self.assertContains(response, "1 ต.ค. 2563 – 30 ก.ย. 2564")


class ProgrammeEditTests(MoralTestCase):
    def test_the_admin_renames_the_programme_and_the_log_keeps_the_old_name(self):
        self.login(self.admin)
        url = reverse("organisations:programme-edit", args=["84"])
        response = self.client.post(url, {"name_th": "สุราษฎร์ธานีเมืองคุณธรรม", "is_public": "on"})
        self.assertRedirects(response, reverse("organisations:programme", args=["84"]))
        entry = AuditEntry.objects.get(action="organisations.programme.updated")
        self.assertEqual(entry.changes["name_th"]["before"], "สุราษฎร์ธานีจังหวัดคุณธรรม")

    def test_a_secretariat_from_another_province_is_refused(self):
        self.login(self.admin)
        url = reverse("organisations:programme-edit", args=["84"])
        response = self.client.post(url, {"name_th": "x", "secretariat": self.other_org.pk})
        self.assertEqual(response.status_code, 200)
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.name_th, "สุราษฎร์ธานีจังหวัดคุณธรรม")

    def test_the_national_admin_starts_a_programme_and_nobody_else_can(self):
        url = reverse("organisations:programme-create")
        self.login(self.admin)
        self.assertEqual(
            self.client.post(url, {"province": "10", "name_th": "กรุงเทพ"}).status_code, 404
        )
        self.login(self.national)
        response = self.client.post(url, {"province": "10", "name_th": "กรุงเทพมหานครคุณธรรม"})
        self.assertRedirects(response, reverse("organisations:programme", args=["10"]))
        self.assertTrue(Programme.objects.filter(province_id="10").exists())


class NetworkWriteAccessTests(MoralTestCase):
    def test_outsiders_cannot_add_networks_or_members(self):
        self.login(self.outsider)
        create = reverse("organisations:network-create", args=["84"])
        self.assertEqual(self.client.post(create, {"number": 9, "name_th": "x"}).status_code, 404)
        add = reverse("organisations:member-add", args=[self.education.pk])
        self.assertEqual(self.client.post(add, {"organisation": self.temple.pk}).status_code, 404)
        remove = reverse("organisations:member-remove", args=[self.education.pk, self.school.pk])
        self.assertEqual(self.client.post(remove).status_code, 404)
        self.assertEqual(self.education.members.count(), 2)

    def test_a_coordinator_cannot_add_networks(self):
        self.login(self.coordinator)
        create = reverse("organisations:network-create", args=["84"])
        self.assertEqual(self.client.get(create).status_code, 404)


class ProgrammeLinksTests(MoralTestCase):
    """Each person is offered exactly the pages their rules open, none that answer 404."""

    def links(self, user):
        self.login(user)
        response = self.client.get(reverse("organisations:programme", args=["84"]))
        return [str(link["label"]) for link in response.context["links"]]

    def test_each_role_gets_the_links_its_rules_open(self):
        self.assertEqual(
            self.links(self.admin),
            [
                "แดชบอร์ด",
                "ผู้ที่ยังไม่ได้รายงาน",
                "การลงพื้นที่ติดตามประเมินผล",
                "ตัวชี้วัด",
                "เปิดรอบการประเมิน",
                "ชุมชน",
                "หน้าสาธารณะ",
                "ผลการประเมิน",
                "องค์ความรู้และข่าว",
                "รอบการรายงาน",
                "แก้ไขข้อมูลการขับเคลื่อน",
                "เกียรติบัตร",
                "การฝึกอบรม",
                "การประชุม",
                "กระดานติดตามงาน",
                "ภาคีร่วม",
                "บันทึกข้อตกลงความร่วมมือ",
                "ผู้ลงนามในเกียรติบัตร",
                "เพิ่มเครือข่าย",
                "ทะเบียนวิทยากร",
                "เพิ่มองค์กร",
                "บุคคลและบทบาท",
                "บันทึกการเปลี่ยนแปลง",
            ],
        )
        self.assertEqual(
            self.links(self.coordinator),
            [
                "ตัวชี้วัด",
                "หน้าสาธารณะ",
                "ผลการประเมิน",
                "องค์ความรู้และข่าว",
                "การฝึกอบรม",
                "การประชุม",
                "กระดานติดตามงาน",
                "ทะเบียนวิทยากร",
                "เพิ่มองค์กร",
            ],
        )
        self.assertEqual(
            self.links(self.reporter),
            ["ตัวชี้วัด", "หน้าสาธารณะ", "ผลการประเมิน", "การฝึกอบรม", "ทะเบียนวิทยากร"],
        )

    def test_every_offered_link_opens(self):
        for user in (self.admin, self.coordinator, self.evaluator, self.reporter):
            self.login(user)
            page = self.client.get(reverse("organisations:programme", args=["84"]))
            for link in page.context["links"]:
                with self.subTest(user=user.username, url=link["url"]):
                    self.assertEqual(self.client.get(link["url"]).status_code, 200)
