"""A declaration's signed document: only for those who may see the declaration."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from moralprovince.core.files import url_for
from moralprovince.plans import services
from moralprovince.plans.access import Unit
from moralprovince.plans.models import Declaration
from moralprovince.plans.services import DeclarationInput
from moralprovince.plans.tests.base import PlanTestCase, TemporaryMedia
from moralprovince.plans.tests.test_pages import DECLARATION, signed_pdf


def signed_declaration(case: PlanTestCase) -> Declaration:
    """The education network's declaration, with a signed document named by its uploader."""
    data = DeclarationInput.from_data(
        DECLARATION
        | {"declared_on": dt.date(2020, 12, 4), "document": signed_pdf("ลงนาม นายสมชาย.pdf")}
    )
    return services.create_declaration(
        actor=case.coordinator, unit=Unit("84", case.education), fiscal_year=2564, data=data
    )


class SignedDocumentTests(TemporaryMedia, PlanTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.declaration = signed_declaration(self)

    def fetch(self, user):  # type: ignore[no-untyped-def]
        self.client.logout()
        if user is not None:
            self.login(user)
        return self.client.get(url_for(self.declaration))

    def test_those_who_see_the_declaration_get_its_signed_document(self):
        for user in (self.coordinator, self.admin, self.evaluator, self.national):
            with self.subTest(user=user.username):
                response = self.fetch(user)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.4 test")
                self.assertTrue(response["Content-Disposition"].startswith("attachment;"))

    def test_anyone_else_gets_nothing(self):
        # The viewer reads the religion network only: the wrong network.
        for user in (None, self.outsider, self.viewer):
            with self.subTest(user=user):
                self.assertEqual(self.fetch(user).status_code, 404)

    def test_the_pages_link_it_through_the_files_view_and_never_show_its_stored_name(self):
        self.assertNotIn("สมชาย", self.declaration.document.name)
        self.login(self.admin)
        for page in ("plans:declaration", "plans:declaration-edit"):
            with self.subTest(page=page):
                response = self.client.get(reverse(page, args=[self.declaration.pk]))
                self.assertContains(response, f'href="{url_for(self.declaration)}"')
                self.assertNotContains(response, self.declaration.document.name)
