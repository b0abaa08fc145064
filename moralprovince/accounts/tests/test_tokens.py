import datetime as dt
from io import StringIO

from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from moralprovince.accounts.models import ApiToken, hash_token
from moralprovince.accounts.services import create_api_token, revoke_role
from moralprovince.audit.models import AuditEntry
from moralprovince.testing import MoralTestCase

API = "/api/v1/provinces/"


class ApiTokenCommandTests(MoralTestCase):
    def test_it_prints_a_token_once_and_stores_only_its_hash(self):
        out = StringIO()
        call_command("create_api_token", "coordinator", stdout=out)
        raw = out.getvalue().strip()
        self.assertTrue(raw.startswith(ApiToken.PREFIX))
        token = ApiToken.objects.get(user=self.coordinator)
        self.assertEqual(token.token_hash, hash_token(raw))
        self.assertNotIn(raw, str(ApiToken.objects.values_list()))

    def test_an_unknown_user_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "No user named 'ghost'"):
            call_command("create_api_token", "ghost")

    def test_the_token_expires_after_the_days_asked_and_never_beyond_the_maximum(self):
        call_command("create_api_token", "coordinator", "--days", "7", stdout=StringIO())
        token = ApiToken.objects.get(user=self.coordinator)
        self.assertAlmostEqual(
            (token.expires_at - token.created_at).total_seconds(), 7 * 86400, delta=1
        )
        with self.assertRaisesMessage(CommandError, "ตั้งแต่ 1 ถึง 365 วัน"):
            call_command("create_api_token", "coordinator", "--days", "5000")


class TokenLifetimeTests(MoralTestCase):
    def api(self, raw: str) -> int:
        return self.client.get(API, headers={"authorization": f"Bearer {raw}"}).status_code

    def test_a_new_token_works(self):
        _token, raw = create_api_token(actor=self.admin, user=self.admin)
        self.assertEqual(self.api(raw), 200)

    def test_an_expired_token_is_refused(self):
        token, raw = create_api_token(actor=self.admin, user=self.admin, days=1)
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))
        response = self.client.get(API, headers={"authorization": f"Bearer {raw}"})
        self.assertEqual(response.status_code, 401)
        self.assertIn("หมดอายุ", response.json()["detail"])

    def test_a_password_change_ends_every_older_token(self):
        _token, raw = create_api_token(actor=self.admin, user=self.admin)
        self.admin.set_password("a-new-password-for-2565")
        self.admin.save()
        self.assertEqual(self.api(raw), 401)
        _token, fresh = create_api_token(actor=self.admin, user=self.admin)
        self.assertEqual(self.api(fresh), 200)

    def test_a_person_who_lost_every_role_cannot_use_their_token(self):
        _token, raw = create_api_token(actor=self.coordinator, user=self.coordinator)
        self.assertEqual(self.api(raw), 200)
        revoke_role(actor=self.admin, role=self.coordinator.roles.get())
        self.assertEqual(self.api(raw), 401)


class TokenPageTests(MoralTestCase):
    url = reverse("accounts:tokens")

    def test_the_owner_makes_a_token_and_sees_it_only_once(self):
        self.login(self.reporter)
        response = self.client.post(self.url, {"name": "สคริปต์รายงาน", "days": "30"})
        token = ApiToken.objects.get(user=self.reporter)
        raw = response.context["created"]["raw"]
        self.assertContains(response, raw)
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertEqual(token.token_hash, hash_token(raw))
        self.assertAlmostEqual(
            (token.expires_at - token.created_at).total_seconds(), 30 * 86400, delta=1
        )
        again = self.client.get(self.url)
        self.assertContains(again, "สคริปต์รายงาน")
        self.assertNotContains(again, raw)

    def test_a_lifetime_not_offered_is_refused(self):
        self.login(self.reporter)
        response = self.client.post(self.url, {"name": "x", "days": "9999"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ApiToken.objects.filter(user=self.reporter).exists())

    def test_the_owner_revokes_a_token_and_it_stops_working(self):
        token, raw = create_api_token(actor=self.reporter, user=self.reporter)
        self.login(self.reporter)
        response = self.client.post(reverse("accounts:token-revoke", args=[token.pk]))
        self.assertRedirects(response, self.url)
        self.assertFalse(ApiToken.objects.filter(pk=token.pk).exists())
        self.assertTrue(AuditEntry.objects.filter(action="accounts.api_token.deleted").exists())
        self.client.logout()
        self.assertEqual(
            self.client.get(API, headers={"authorization": f"Bearer {raw}"}).status_code, 401
        )

    def test_nobody_else_sees_or_revokes_a_persons_tokens(self):
        token, _raw = create_api_token(
            actor=self.reporter, user=self.reporter, name="สคริปต์ลับของผู้รายงาน"
        )
        for other in (self.admin, self.national, self.outsider):
            self.login(other)
            with self.subTest(user=other.username):
                self.assertNotContains(self.client.get(self.url), "สคริปต์ลับของผู้รายงาน")
                revoke = self.client.post(reverse("accounts:token-revoke", args=[token.pk]))
                self.assertEqual(revoke.status_code, 404)
        self.assertTrue(ApiToken.objects.filter(pk=token.pk).exists())

    def test_the_page_marks_tokens_ended_by_a_password_change(self):
        create_api_token(actor=self.reporter, user=self.reporter, name="เก่า")
        self.reporter.set_password("another-long-password-2565")
        self.reporter.save()
        self.login(self.reporter)
        self.assertContains(self.client.get(self.url), "ใช้ไม่ได้เพราะเปลี่ยนรหัสผ่าน")
