import re

from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.urls import reverse

from moralprovince.accounts.models import ApiToken
from moralprovince.accounts.services import create_api_token
from moralprovince.audit.models import AuditEntry
from moralprovince.testing import PASSWORD, MoralTestCase

LOGIN = reverse("accounts:login")


class LockoutTests(MoralTestCase):
    def attempt(self, password: str, address: str = "203.0.113.5") -> object:
        return self.client.post(
            LOGIN, {"username": "reporter", "password": password}, REMOTE_ADDR=address
        )

    def test_wrong_passwords_lock_the_username_from_that_address_and_say_until_when(self):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            self.assertEqual(self.attempt("wrong").status_code, 200)
        locked = self.attempt("wrong")
        self.assertEqual(locked.status_code, 429)
        self.assertContains(locked, "ลองใหม่ได้หลังเวลา", status_code=429)
        self.assertRegex(locked.content.decode(), r"\d\d:\d\d")
        # The right password does not open a locked account either.
        right = self.attempt(PASSWORD)
        self.assertEqual(right.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_lock_holds_only_for_that_username_and_address(self):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.attempt("wrong")
        elsewhere = self.attempt(PASSWORD, address="198.51.100.7")
        self.assertEqual(elsewhere.status_code, 302)

    def test_after_the_cool_off_the_right_password_logs_in(self):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.attempt("wrong")
        AccessAttempt.objects.update(
            attempt_time=AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME
        )
        self.assertEqual(self.attempt(PASSWORD).status_code, 302)
        self.assertEqual(str(self.reporter.pk), self.client.session["_auth_user_id"])

    def test_the_login_page_links_to_password_reset(self):
        self.assertContains(self.client.get(LOGIN), reverse("accounts:password-reset"))


class PasswordChangeTests(MoralTestCase):
    url = reverse("accounts:password-change")

    def test_the_person_changes_their_password_and_their_tokens_end(self):
        token, _raw = create_api_token(actor=self.reporter, user=self.reporter)
        self.login(self.reporter)
        response = self.client.post(
            self.url,
            {
                "old_password": PASSWORD,
                "new_password1": "a-much-better-password-2565",
                "new_password2": "a-much-better-password-2565",
            },
        )
        self.assertRedirects(response, reverse("accounts:password-change-done"))
        self.reporter.refresh_from_db()
        self.assertTrue(self.reporter.check_password("a-much-better-password-2565"))
        self.assertTrue(ApiToken.objects.get(pk=token.pk).outlived_password)
        self.assertTrue(AuditEntry.objects.filter(action="accounts.user.password_changed").exists())
        # Still logged in on this browser.
        self.assertEqual(self.client.get(reverse("accounts:account")).status_code, 200)

    def test_a_wrong_old_password_changes_nothing(self):
        self.login(self.reporter)
        response = self.client.post(
            self.url,
            {
                "old_password": "nope",
                "new_password1": "x-2565-long",
                "new_password2": "x-2565-long",
            },
        )
        self.assertContains(response, "ใส่รหัสผ่านเก่าผิด")
        self.reporter.refresh_from_db()
        self.assertTrue(self.reporter.check_password(PASSWORD))

    def test_visitors_are_sent_to_log_in(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(LOGIN))


class PasswordResetTests(MoralTestCase):
    def test_a_person_sets_a_new_password_from_the_emailed_link(self):
        self.reporter.email = "reporter@example.org"
        self.reporter.save()
        token, _raw = create_api_token(actor=self.reporter, user=self.reporter)
        response = self.client.post(
            reverse("accounts:password-reset"), {"email": "reporter@example.org"}
        )
        self.assertRedirects(response, reverse("accounts:password-reset-done"))
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertIn("ตั้งรหัสผ่านใหม่", message.subject)
        link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", message.body)
        assert link is not None
        form = self.client.get(link.group(1), follow=True)
        self.assertTrue(form.context["validlink"])
        done = self.client.post(
            form.redirect_chain[-1][0],
            {
                "new_password1": "reset-password-for-2565",
                "new_password2": "reset-password-for-2565",
            },
        )
        self.assertRedirects(done, reverse("accounts:password-reset-complete"))
        self.reporter.refresh_from_db()
        self.assertTrue(self.reporter.check_password("reset-password-for-2565"))
        self.assertTrue(ApiToken.objects.get(pk=token.pk).outlived_password)
        self.assertTrue(AuditEntry.objects.filter(action="accounts.user.password_reset").exists())

    def test_an_unknown_address_sends_nothing_and_says_the_same(self):
        response = self.client.post(
            reverse("accounts:password-reset"), {"email": "nobody@example.org"}
        )
        self.assertRedirects(response, reverse("accounts:password-reset-done"))
        self.assertEqual(mail.outbox, [])

    def test_a_forged_link_is_refused(self):
        url = reverse("accounts:password-reset-confirm", args=["MQ", "set-password"])
        response = self.client.get(url)
        self.assertFalse(response.context["validlink"])


class AccountPageTests(MoralTestCase):
    def test_it_lists_the_persons_roles_and_links_their_security_pages(self):
        self.login(self.coordinator)
        response = self.client.get(reverse("accounts:account"))
        self.assertContains(response, "เครือข่ายภาคการศึกษา")
        self.assertContains(response, reverse("accounts:password-change"))
        self.assertContains(response, reverse("accounts:tokens"))
