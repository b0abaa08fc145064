from dataclasses import replace

from django.core.exceptions import ValidationError

from moralprovince.accounts.access import NotAllowed
from moralprovince.audit.models import AuditEntry
from moralprovince.certificates.models import Certificate, Signatory, normalise_code
from moralprovince.certificates.services import (
    issue_certificate,
    issue_certificates,
    revoke_certificate,
    set_signatories,
)
from moralprovince.certificates.sources import register
from moralprovince.certificates.tests.base import KIND, TEST_SOURCE, CertificateTestCase


class IssueTests(CertificateTestCase):
    def test_it_issues_a_certificate_with_the_sources_facts_and_the_signatories(self):
        set_signatories(
            actor=self.admin,
            province_id="84",
            rows=[("นายวิชวุทย์ จินโต", "ผู้ว่าราชการจังหวัดสุราษฎร์ธานี")],
        )
        certificate = issue_certificate(actor=self.admin, kind=KIND, object_id=self.school.pk)
        self.assertEqual(certificate.holder_name, "โรงเรียนบ้านนาเดิม")
        self.assertEqual(certificate.province_id, "84")
        self.assertEqual(certificate.level_label, "ระดับที่ ๓ คุณธรรมต้นแบบ")
        self.assertEqual(certificate.title_lines[0], "ได้ผ่านการประเมินเป็นองค์กรคุณธรรม")
        self.assertEqual(
            certificate.signatories,
            [{"name": "นายวิชวุทย์ จินโต", "position": "ผู้ว่าราชการจังหวัดสุราษฎร์ธานี"}],
        )
        self.assertTrue(
            AuditEntry.objects.filter(
                action="certificates.certificate.issued", object_id=str(certificate.pk)
            ).exists()
        )

    def test_issuing_twice_returns_the_same_certificate(self):
        first = issue_certificate(actor=self.admin, kind=KIND, object_id=self.school.pk)
        again = issue_certificates(
            actor=self.admin, kind=KIND, object_ids=[self.temple.pk, self.school.pk]
        )
        self.assertEqual(again[1].pk, first.pk)
        self.assertEqual(again[1].code, first.code)
        self.assertEqual(Certificate.objects.count(), 2)
        self.assertEqual(
            AuditEntry.objects.filter(action="certificates.certificate.issued").count(), 2
        )

    def test_a_signatory_changed_later_leaves_issued_certificates_as_printed(self):
        set_signatories(actor=self.admin, province_id="84", rows=[("ก", "ตำแหน่ง ก")])
        certificate = issue_certificate(actor=self.admin, kind=KIND, object_id=self.school.pk)
        set_signatories(actor=self.admin, province_id="84", rows=[("ข", "ตำแหน่ง ข")])
        certificate.refresh_from_db()
        self.assertEqual(certificate.signatories, [{"name": "ก", "position": "ตำแหน่ง ก"}])

    def test_the_code_is_long_unguessable_and_read_back_as_typed(self):
        codes = {
            issue_certificate(actor=self.admin, kind=KIND, object_id=o.pk).code
            for o in (self.school, self.temple, self.university)
        }
        self.assertEqual(len(codes), 3)
        code = codes.pop()
        self.assertEqual(len(code), 20)  # 20 base32 characters: 100 bits
        typed = "-".join(code[i : i + 4] for i in range(0, 20, 4)).lower()
        self.assertEqual(normalise_code(typed), code)
        self.assertIsNone(normalise_code(code[:-1]))
        self.assertIsNone(normalise_code(code[:-1] + "U"))

    def test_another_provinces_admin_may_not_issue_and_nothing_is_issued(self):
        with self.assertRaises(NotAllowed):
            issue_certificates(
                actor=self.outsider, kind=KIND, object_ids=[self.other_org.pk, self.school.pk]
            )
        self.assertFalse(Certificate.objects.exists())

    def test_an_unknown_object_or_kind_is_refused_by_name(self):
        with self.assertRaises(ValidationError) as caught:
            issue_certificates(actor=self.admin, kind=KIND, object_ids=[self.school.pk, 999999])
        self.assertIn("999999", str(caught.exception.message_dict["object_ids"]))
        with self.assertRaises(ValidationError) as caught:
            issue_certificate(actor=self.admin, kind="no-such-kind", object_id=1)
        self.assertIn("kind", caught.exception.message_dict)
        self.assertFalse(Certificate.objects.exists())


class RevokeTests(CertificateTestCase):
    def setUp(self):
        super().setUp()
        self.certificate = issue_certificate(actor=self.admin, kind=KIND, object_id=self.school.pk)

    def test_it_revokes_with_the_reason_and_records_it(self):
        revoke_certificate(actor=self.admin, certificate=self.certificate, reason="ข้อมูลผิด")
        self.certificate.refresh_from_db()
        self.assertIsNotNone(self.certificate.revoked_at)
        self.assertEqual(self.certificate.revoked_reason, "ข้อมูลผิด")
        self.assertEqual(self.certificate.revoked_by, self.admin)
        entry = AuditEntry.objects.get(action="certificates.certificate.revoked")
        self.assertEqual(entry.changes["revoked_reason"]["after"], "ข้อมูลผิด")

    def test_a_revoked_object_gets_a_new_certificate_when_issued_again(self):
        revoke_certificate(actor=self.admin, certificate=self.certificate, reason="ออกใหม่")
        again = issue_certificate(actor=self.admin, kind=KIND, object_id=self.school.pk)
        self.assertNotEqual(again.pk, self.certificate.pk)
        self.assertNotEqual(again.code, self.certificate.code)

    def test_the_reason_is_required(self):
        with self.assertRaises(ValidationError) as caught:
            revoke_certificate(actor=self.admin, certificate=self.certificate, reason="   ")
        self.assertIn("reason", caught.exception.message_dict)
        self.certificate.refresh_from_db()
        self.assertIsNone(self.certificate.revoked_at)

    def test_it_cannot_be_revoked_twice(self):
        revoke_certificate(actor=self.admin, certificate=self.certificate, reason="หนึ่ง")
        with self.assertRaises(ValidationError):
            revoke_certificate(actor=self.admin, certificate=self.certificate, reason="สอง")
        self.certificate.refresh_from_db()
        self.assertEqual(self.certificate.revoked_reason, "หนึ่ง")

    def test_whoever_the_source_lets_issue_may_revoke(self):
        register(replace(TEST_SOURCE, may_issue=lambda actor, province_id, object_id: True))
        revoke_certificate(actor=self.evaluator, certificate=self.certificate, reason="ผิดคน")
        self.certificate.refresh_from_db()
        self.assertEqual(self.certificate.revoked_by, self.evaluator)

    def test_those_the_source_does_not_allow_may_not_revoke(self):
        for person in (self.outsider, self.evaluator, self.coordinator):
            with self.subTest(person=person.username), self.assertRaises(NotAllowed):
                revoke_certificate(actor=person, certificate=self.certificate, reason="ไม่")


class SignatoryTests(CertificateTestCase):
    def test_it_keeps_the_signatories_in_order_and_audits_the_change(self):
        set_signatories(
            actor=self.admin, province_id="84", rows=[("ก", "ตำแหน่ง ก"), ("ข", "ตำแหน่ง ข")]
        )
        rows = list(Signatory.objects.filter(province_id="84").values_list("name", "order"))
        self.assertEqual(rows, [("ก", 1), ("ข", 2)])
        self.assertEqual(
            AuditEntry.objects.filter(action="certificates.signatories.updated").count(), 1
        )

    def test_a_row_without_a_position_is_refused_and_nothing_changes(self):
        set_signatories(actor=self.admin, province_id="84", rows=[("ก", "ตำแหน่ง ก")])
        with self.assertRaises(ValidationError) as caught:
            set_signatories(actor=self.admin, province_id="84", rows=[("ข", "ตำแหน่ง ข"), ("ค", "")])
        self.assertIn("2", str(caught.exception))
        self.assertEqual(list(Signatory.objects.values_list("name", flat=True)), ["ก"])

    def test_only_the_provinces_admins_keep_them(self):
        for person in (self.outsider, self.evaluator):
            with self.subTest(person=person.username), self.assertRaises(NotAllowed):
                set_signatories(actor=person, province_id="84", rows=[("ก", "ตำแหน่ง ก")])
