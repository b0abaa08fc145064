"""The certificate PDF's text layer: what is copied or searched is the Thai printed."""

import io
import logging
from unittest import mock

from django.urls import reverse
from pypdf import PdfReader

from moralprovince.certificates.pdf import render_certificates_pdf
from moralprovince.certificates.services import issue_certificate, set_signatories
from moralprovince.certificates.tests.base import KIND, CertificateTestCase
from moralprovince.lib.pdf import render_pdf
from moralprovince.lib.tests.thai_pdf import pdf_text, thai_text_problems


class CertificatePdfTextTests(CertificateTestCase):
    def test_the_text_of_the_certificate_is_the_thai_on_its_page(self):
        set_signatories(
            actor=self.admin,
            province_id="84",
            rows=[
                ("นายวิชวุทย์ จินโต", "ผู้ว่าราชการจังหวัดสุราษฎร์ธานี"),
                ("นางสาวปิ่นแก้ว ศรีสุข", "วัฒนธรรมจังหวัดสุราษฎร์ธานี"),
            ],
        )
        certificate = issue_certificate(actor=self.admin, kind=KIND, object_id=self.school.pk)
        self.login(self.admin)
        with (
            mock.patch("moralprovince.certificates.pdf.render_pdf", wraps=render_pdf) as printed,
            self.assertNoLogs("moralprovince.lib.pdf", level=logging.WARNING),
        ):
            response = self.client.get(reverse("certificates:pdf", args=[certificate.pk]))
        html = printed.call_args.args[0]
        for thai in ("เกียรติบัตร", "โรงเรียนบ้านนาเดิม", "ระดับที่ ๓ คุณธรรมต้นแบบ", "ปิ่นแก้ว"):
            self.assertIn(thai, html)
        self.assertEqual(thai_text_problems(response.content, html), [])
        text = pdf_text(response.content)
        # The date is in the Buddhist Era, and the verification address and code are printed.
        self.assertRegex(text, r"ให้ไว้ ณ วันที่ \d+ \S+ 25\d\d")
        self.assertIn(certificate.display_code, text)
        self.assertIn(f"/verify/{certificate.code}/", text.replace("\n", ""))

    def test_a_certificate_with_four_signatories_and_long_lines_keeps_to_one_page(self):
        position = "รองผู้ว่าราชการจังหวัดสุราษฎร์ธานี ประธานอนุกรรมการส่งเสริมคุณธรรมจังหวัด"
        set_signatories(
            actor=self.admin,
            province_id="84",
            rows=[(f"นายทดสอบ ลงนามยาวมากเป็นพิเศษ {n}", position) for n in range(4)],
        )
        long_line = "ได้ผ่านการอบรมหลักสูตรวิทยากรส่งเสริมคุณธรรม " * 2
        certificate = issue_certificate(actor=self.admin, kind=KIND, object_id=self.temple.pk)
        certificate.title_lines = [long_line, long_line, "ปีงบประมาณ 2564"]
        certificate.save()
        content = render_certificates_pdf([certificate, certificate])
        self.assertEqual(len(PdfReader(io.BytesIO(content)).pages), 2)
