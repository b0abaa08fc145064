from django.utils import timezone

from moralprovince.api.tests.test_api import ApiTestCase
from moralprovince.certificates.services import issue_certificate, revoke_certificate
from moralprovince.certificates.sources import register, unregister
from moralprovince.certificates.tests.base import KIND, TEST_SOURCE


class CertificateApiTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        register(TEST_SOURCE)
        self.addCleanup(unregister, KIND)
        self.school_certificate = issue_certificate(
            actor=self.admin, kind=KIND, object_id=self.school.pk
        )
        self.temple_certificate = issue_certificate(
            actor=self.admin, kind=KIND, object_id=self.temple.pk
        )
        revoke_certificate(actor=self.admin, certificate=self.temple_certificate, reason="ผิด")
        self.other_certificate = issue_certificate(
            actor=self.outsider, kind=KIND, object_id=self.other_org.pk
        )

    def test_anyone_verifies_a_certificate_by_its_code(self):
        code = self.school_certificate.display_code.lower()
        response = self.client.get(f"/api/v1/certificates/verify/{code}/")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["holder_name"], "โรงเรียนบ้านนาเดิม")
        self.assertEqual(data["province"], "84")
        self.assertEqual(data["level_label"], "ระดับที่ ๓ คุณธรรมต้นแบบ")
        self.assertTrue(data["standing"])
        self.assertIsNone(data["revoked_on"])
        self.assertNotIn("revoked_reason", data)
        self.assertNotIn("object_id", data)

    def test_a_revoked_certificate_says_so_with_the_date(self):
        response = self.client.get(f"/api/v1/certificates/verify/{self.temple_certificate.code}/")
        data = response.json()
        self.assertFalse(data["standing"])
        self.temple_certificate.refresh_from_db()
        revoked_on = timezone.localdate(self.temple_certificate.revoked_at)
        self.assertEqual(data["revoked_on"], revoked_on.isoformat())

    def test_an_unknown_code_is_a_404_that_says_so(self):
        response = self.client.get("/api/v1/certificates/verify/" + "A" * 20 + "/")
        self.assertEqual(response.status_code, 404)
        self.assertIn("รหัส", response.json()["detail"])

    def test_staff_list_their_provinces_certificates_only(self):
        response = self.call(self.admin, "get", "certificates/")
        codes = {row["code"] for row in response.json()["results"]}
        self.assertEqual(codes, {self.school_certificate.code, self.temple_certificate.code})
        response = self.call(self.outsider, "get", "certificates/?province=84")
        self.assertEqual(response.json()["results"], [])
        response = self.call(self.coordinator, "get", "certificates/")
        self.assertEqual(response.json()["results"], [])

    def test_the_list_filters_by_kind_year_and_revocation(self):
        response = self.call(self.admin, "get", f"certificates/?kind={KIND}&revoked=true")
        self.assertEqual(
            [row["code"] for row in response.json()["results"]], [self.temple_certificate.code]
        )
        response = self.call(self.admin, "get", "certificates/?fiscal_year=2565")
        self.assertEqual(response.json()["results"], [])

    def test_bad_filters_are_refused_by_name(self):
        for query, name in [("revoked=maybe", "revoked"), ("fiscal_year=12", "fiscal_year")]:
            with self.subTest(query=query):
                response = self.call(self.admin, "get", f"certificates/?{query}")
                self.assertEqual(response.status_code, 400)
                self.assertIn(name, response.json())

    def test_the_list_needs_a_token(self):
        self.assertEqual(self.client.get("/api/v1/certificates/").status_code, 401)
