from django.test import override_settings
from django.urls import reverse

from moralprovince.certificates.models import Certificate, Signatory
from moralprovince.certificates.services import (
    issue_certificate,
    revoke_certificate,
    set_signatories,
    start_batch,
)
from moralprovince.certificates.tests.base import KIND, CertificateTestCase


class VerifyPageTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.certificate = issue_certificate(actor=self.admin, kind=KIND, object_id=self.school.pk)

    def test_anyone_sees_a_standing_certificate_and_nothing_more(self):
        response = self.client.get(reverse("certificates:verify", args=[self.certificate.code]))
        self.assertContains(response, "โรงเรียนบ้านนาเดิม")
        self.assertContains(response, "ระดับที่ ๓ คุณธรรมต้นแบบ")
        self.assertContains(response, "ปีงบประมาณ 2564")
        self.assertContains(response, "สุราษฎร์ธานี")
        self.assertContains(response, "เกียรติบัตรนี้ยังมีผลอยู่")
        self.assertNotContains(response, "เกียรติบัตรนี้ถูกเพิกถอนแล้ว")
        self.assertContains(response, '<meta name="robots" content="noindex">')

    def test_a_revoked_certificate_says_so_with_the_date_but_not_the_reason(self):
        revoke_certificate(actor=self.admin, certificate=self.certificate, reason="ความลับภายใน")
        response = self.client.get(reverse("certificates:verify", args=[self.certificate.code]))
        self.assertContains(response, "เกียรติบัตรนี้ถูกเพิกถอนแล้ว")
        self.assertNotContains(response, "ความลับภายใน")
        self.assertNotContains(response, "เกียรติบัตรนี้ยังมีผลอยู่")

    def test_an_unknown_code_is_a_404_that_says_so(self):
        response = self.client.get(reverse("certificates:verify", args=["A" * 20]))
        self.assertContains(response, "ไม่มีเกียรติบัตรที่มีรหัส", status_code=404)
        response = self.client.get(reverse("certificates:verify", args=["nonsense"]))
        self.assertEqual(response.status_code, 404)

    def test_a_code_typed_in_groups_and_small_letters_finds_the_certificate(self):
        typed = self.certificate.display_code.lower()
        response = self.client.get(reverse("certificates:verify-form"), {"code": typed})
        self.assertRedirects(response, reverse("certificates:verify", args=[self.certificate.code]))

    def test_a_malformed_code_in_the_form_is_refused_by_name(self):
        response = self.client.get(reverse("certificates:verify-form"), {"code": "12"})
        self.assertContains(response, "รหัสเกียรติบัตร")
        self.assertContains(response, "20 ตัว")


class StaffPageTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.certificate = issue_certificate(actor=self.admin, kind=KIND, object_id=self.school.pk)
        self.temple_certificate = issue_certificate(
            actor=self.admin, kind=KIND, object_id=self.temple.pk
        )
        revoke_certificate(actor=self.admin, certificate=self.temple_certificate, reason="ผิด")

    def test_the_provinces_readers_list_its_certificates_filtered(self):
        for person in (self.admin, self.evaluator, self.national):
            self.login(person)
            response = self.client.get(reverse("certificates:list", args=["84"]))
            self.assertContains(response, "โรงเรียนบ้านนาเดิม")
            self.assertContains(response, "วัดพระบรมธาตุไชยา")
        response = self.client.get(
            reverse("certificates:list", args=["84"]), {"state": "revoked", "fiscal_year": 2564}
        )
        self.assertNotContains(response, "โรงเรียนบ้านนาเดิม")
        self.assertContains(response, "วัดพระบรมธาตุไชยา")

    def test_the_list_takes_the_same_queries_for_many_rows(self):
        self.login(self.admin)
        url = reverse("certificates:list", args=["84"])
        self.client.get(url)
        with self.assertNumQueries(6) as first:
            self.client.get(url)
        issue_certificate(actor=self.admin, kind=KIND, object_id=self.university.pk)
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(url)

    def test_a_bad_year_in_the_filter_is_named(self):
        self.login(self.admin)
        response = self.client.get(reverse("certificates:list", args=["84"]), {"fiscal_year": 12})
        self.assertContains(response, "ปีงบประมาณ:")

    def test_another_provinces_staff_get_404_everywhere(self):
        self.login(self.outsider)
        for url in (
            reverse("certificates:list", args=["84"]),
            reverse("certificates:signatories", args=["84"]),
            reverse("certificates:pdf", args=[self.certificate.pk]),
            reverse("certificates:revoke", args=[self.certificate.pk]),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.post(
            reverse("certificates:revoke", args=[self.certificate.pk]), {"reason": "x"}
        )
        self.assertEqual(response.status_code, 404)
        self.certificate.refresh_from_db()
        self.assertTrue(self.certificate.is_standing)

    def test_anonymous_visitors_are_sent_to_log_in_or_refused(self):
        for url in (
            reverse("certificates:list", args=["84"]),
            reverse("certificates:pdf", args=[self.certificate.pk]),
        ):
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, (302, 404))

    def test_the_revoke_form_requires_a_reason(self):
        self.login(self.admin)
        url = reverse("certificates:revoke", args=[self.certificate.pk])
        response = self.client.post(url, {"reason": ""})
        self.assertContains(response, "ระบุเหตุผลที่เพิกถอนเกียรติบัตร")
        self.certificate.refresh_from_db()
        self.assertTrue(self.certificate.is_standing)
        response = self.client.post(url, {"reason": "ข้อมูลคลาดเคลื่อน"})
        self.assertRedirects(response, reverse("certificates:list", args=["84"]))
        self.certificate.refresh_from_db()
        self.assertEqual(self.certificate.revoked_reason, "ข้อมูลคลาดเคลื่อน")

    def test_readers_who_may_not_revoke_are_not_offered_it(self):
        self.login(self.evaluator)
        response = self.client.get(reverse("certificates:list", args=["84"]))
        self.assertNotContains(response, reverse("certificates:revoke", args=[self.certificate.pk]))
        url = reverse("certificates:revoke", args=[self.certificate.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_admin_keeps_the_signatories_on_a_page(self):
        self.login(self.admin)
        url = reverse("certificates:signatories", args=["84"])
        data = {"form-TOTAL_FORMS": 4, "form-INITIAL_FORMS": 0}
        data |= {"form-0-name": "นายวิชวุทย์ จินโต", "form-0-position": "ผู้ว่าราชการจังหวัด"}
        data |= {"form-1-name": "นางสาวก", "form-1-position": ""}
        response = self.client.post(url, data)
        self.assertContains(response, "ผู้ลงนามคนที่ 2")
        self.assertFalse(Signatory.objects.exists())
        data["form-1-name"] = ""
        self.assertRedirects(self.client.post(url, data), url)
        self.assertEqual(
            list(Signatory.objects.values_list("name", "position")),
            [("นายวิชวุทย์ จินโต", "ผู้ว่าราชการจังหวัด")],
        )
        self.assertContains(self.client.get(url), "นายวิชวุทย์ จินโต")

    def test_the_evaluator_may_not_keep_the_signatories(self):
        self.login(self.evaluator)
        self.assertEqual(
            self.client.get(reverse("certificates:signatories", args=["84"])).status_code, 404
        )

    def test_one_certificates_pdf(self):
        self.login(self.admin)
        response = self.client.get(reverse("certificates:pdf", args=[self.certificate.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertEqual(Certificate.objects.count(), 2)


class ProgrammeLinkTests(CertificateTestCase):
    def test_the_programme_page_offers_the_certificates_to_readers_and_signatories_to_admins(self):
        listing = reverse("certificates:list", args=["84"])
        signatories = reverse("certificates:signatories", args=["84"])
        self.login(self.admin)
        page = self.client.get(reverse("organisations:programme", args=["84"]))
        self.assertContains(page, listing)
        self.assertContains(page, signatories)
        self.login(self.evaluator)
        page = self.client.get(reverse("organisations:programme", args=["84"]))
        self.assertContains(page, listing)
        self.assertNotContains(page, signatories)
        self.login(self.coordinator)
        page = self.client.get(reverse("organisations:programme", args=["84"]))
        self.assertNotContains(page, listing)


class AuditLogTests(CertificateTestCase):
    def test_issuing_and_revoking_read_as_words_in_the_provinces_log(self):
        certificate = issue_certificate(actor=self.admin, kind=KIND, object_id=self.school.pk)
        revoke_certificate(actor=self.admin, certificate=certificate, reason="ข้อมูลผิด")
        self.login(self.admin)
        html = self.client.get(reverse("portal:audit-province", args=["84"])).content.decode()
        self.assertIn("เกียรติบัตร: ออก", html)
        self.assertIn("เกียรติบัตร: เพิกถอน", html)
        self.assertIn("ข้อมูลผิด", html)
        self.assertNotIn(">certificates.certificate.issued<", html)

    @override_settings(JOBS_RUN_INLINE=True)
    def test_a_batch_and_the_signatories_read_as_words_in_the_log(self):
        start_batch(actor=self.admin, kind=KIND, province_id="84", object_ids=[self.school.pk])
        set_signatories(actor=self.admin, province_id="84", rows=[("นายก", "ผู้ว่าราชการจังหวัด")])
        self.login(self.admin)
        html = self.client.get(reverse("portal:audit-province", args=["84"])).content.decode()
        self.assertIn("<strong>ประเภทเกียรติบัตร</strong>: — → Test", html)
        self.assertIn("<strong>จำนวนเกียรติบัตร</strong>", html)
        self.assertIn("นายก (ผู้ว่าราชการจังหวัด)", html)
        for code in ("certificate_kind", "object_ids", "position"):
            self.assertNotIn(code, html)
