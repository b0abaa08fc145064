"""Stored files in the API: the address of the files view, never a place in storage."""

from __future__ import annotations

from moralprovince.api.tests.test_api import ApiTestCase
from moralprovince.core.files import url_for
from moralprovince.plans.tests.base import PlanTestCase, TemporaryMedia
from moralprovince.plans.tests.test_files import signed_declaration


class FileAddressTests(TemporaryMedia, PlanTestCase, ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.declaration = signed_declaration(self)

    def test_a_declarations_document_is_an_address_the_same_token_opens(self):
        response = self.call(self.admin, "get", f"declarations/{self.declaration.pk}/")
        self.assertEqual(response.status_code, 200)
        address = response.json()["document"]
        self.assertEqual(address, f"http://testserver{url_for(self.declaration, 'api-file')}")
        path = address.removeprefix("http://testserver/api/v1/")
        download = self.call(self.admin, "get", path, Accept="application/pdf")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(b"".join(download.streaming_content), b"%PDF-1.4 test")
        self.assertEqual(download["X-Content-Type-Options"], "nosniff")
        self.assertTrue(download["Content-Disposition"].startswith("attachment;"))

    def test_the_api_gives_no_file_to_those_who_may_not_see_its_record(self):
        path = url_for(self.declaration, "api-file").removeprefix("/api/v1/")
        for user in (self.outsider, self.viewer):
            with self.subTest(user=user.username):
                self.assertEqual(self.call(user, "get", path).status_code, 404)
        self.assertEqual(self.client.get(f"/api/v1/{path}").status_code, 401)
        self.assertEqual(self.call(self.admin, "post", path).status_code, 405)
