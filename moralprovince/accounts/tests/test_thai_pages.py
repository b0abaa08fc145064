"""The account pages read in Thai on Thai pages, Django's own help texts and errors included."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.http import HttpResponse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from moralprovince.accounts.models import RoleKind
from moralprovince.accounts.services import invite_person
from moralprovince.testing import PASSWORD, MoralTestCase

# Latin words that are names on a Thai page too: the API, the header a program sends; and
# the people's names (the test's people have Latin ones).
NAMES = {"API", "Authorization", "Bearer"}
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


class MainText(HTMLParser):
    """The words a person reads in the page's <main>: its text and its attributes that are
    read out or shown (titles, placeholders, labels for screen readers)."""

    READ = {"title", "placeholder", "aria-label", "alt", "data-confirm"}
    # The stylesheet (Pico) finds breadcrumbs by this label, so it stays as it is.
    KEPT = {("aria-label", "breadcrumb")}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Any]]) -> None:
        if tag == "main":
            self.depth += 1
        if self.depth:
            self.words += [
                value
                for name, value in attrs
                if name in self.READ and value and (name, value) not in self.KEPT
            ]

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and data.strip():
            self.words.append(data.strip())


class ThaiAccountPagesTests(MoralTestCase):
    def english(self, response: HttpResponse) -> list[str]:
        self.assertEqual(response.status_code, 200)
        parser = MainText()
        parser.feed(response.content.decode())
        people = [self.reporter, self.outsider, self.admin]
        allowed = NAMES | {p.username for p in people} | {p.display_name for p in people}
        return [text for text in parser.words if set(LATIN_WORD.findall(text)) - allowed]

    def assertThai(self, response: HttpResponse) -> None:
        self.assertEqual(self.english(response), [])

    def test_the_password_change_page_and_its_errors_are_thai(self):
        self.login(self.reporter)
        url = "/accounts/password/"
        page = self.client.get(url)
        self.assertContains(page, "รหัสผ่านต้องมีอย่างน้อย 8 ตัวอักษร")
        self.assertThai(page)
        for new1, new2 in [
            ("reporter", "reporter"),  # too like the username
            ("12345678", "12345678"),  # common
            ("ab1", "ab1"),  # short
            ("long-enough-2563", "long-enough-2564"),  # not the same twice
        ]:
            with self.subTest(password=new1):
                data = {"old_password": "wrong", "new_password1": new1, "new_password2": new2}
                response = self.client.post(url, data)
                self.assertTrue(response.context["form"].errors)
                self.assertThai(response)
        self.assertThai(self.client.get("/accounts/password/done/"))

    def test_the_password_reset_pages_and_the_new_password_form_are_thai(self):
        self.reporter.email = "reporter@example.org"
        self.reporter.save()
        self.assertThai(self.client.get("/accounts/password/reset/"))
        self.assertThai(self.client.post("/accounts/password/reset/", {"email": "not-an-address"}))
        sent = self.client.post("/accounts/password/reset/", {"email": self.reporter.email})
        self.assertThai(self.client.get(sent["Location"]))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(LATIN_WORD.findall(mail.outbox[0].subject), [])
        body = re.sub(r"https?://\S+", "", mail.outbox[0].body)
        names = {self.reporter.username, self.reporter.display_name}
        self.assertEqual(set(LATIN_WORD.findall(body)) - names, set())
        uid = urlsafe_base64_encode(force_bytes(self.reporter.pk))
        token = default_token_generator.make_token(self.reporter)
        form = self.client.get(f"/accounts/password/reset/{uid}/{token}/", follow=True)
        self.assertContains(form, "พิมพ์รหัสผ่านเดียวกับช่องก่อนหน้าอีกครั้ง")
        self.assertThai(form)
        url = form.redirect_chain[-1][0]
        short = self.client.post(url, {"new_password1": "ab1", "new_password2": "ab1"})
        self.assertContains(short, "รหัสผ่านนี้สั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร")
        self.assertThai(short)
        self.assertThai(self.client.get(f"/accounts/password/reset/{uid}/wrong-token/"))
        self.assertThai(self.client.get("/accounts/password/reset/done/"))

    def test_the_login_account_token_and_invitation_pages_are_thai(self):
        self.assertThai(self.client.get("/accounts/login/"))
        wrong = self.client.post("/accounts/login/", {"username": "reporter", "password": "x"})
        self.assertContains(wrong, "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")
        self.assertThai(wrong)
        self.client.post("/accounts/login/", {"username": "reporter", "password": PASSWORD})
        self.assertThai(self.client.get("/accounts/"))
        self.assertThai(self.client.get("/accounts/tokens/"))
        refused = self.client.post("/accounts/tokens/", {"name": "ก" * 300, "days": "7"})
        self.assertEqual(set(refused.context["form"].errors), {"name", "days"})
        self.assertThai(refused)
        invitation = invite_person(
            actor=self.admin, user=self.outsider, kind=RoleKind.EVALUATOR, province=self.surat
        )
        self.login(self.outsider)
        self.assertThai(self.client.get(f"/accounts/invitations/{invitation.token}/"))

    def test_the_check_finds_the_english_of_an_english_page(self):
        self.login(self.reporter)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = self.client.get("/accounts/password/")
        self.assertIn("Enter the same password as before, for verification.", self.english(page))
