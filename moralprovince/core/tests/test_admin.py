import io

from django.contrib.auth import get_user_model

from moralprovince.accounts.models import Role, RoleKind
from moralprovince.audit.models import AuditEntry
from moralprovince.testing import MoralTestCase


class ReadOnlyAdminTests(MoralTestCase):
    """The admin shows rows but writes none: writes go through the services and the log."""

    def setUp(self) -> None:
        self.boss = get_user_model().objects.create_superuser("boss", password="x-2563-long")
        Role.objects.create(user=self.boss, kind=RoleKind.NATIONAL_ADMIN)
        self.client.force_login(self.boss)

    def test_staff_without_the_national_role_are_kept_out(self):
        staff = get_user_model().objects.create_superuser("clerk", password="x-2563-long")
        Role.objects.create(user=staff, kind=RoleKind.PROVINCE_ADMIN, province=self.surat)
        self.client.force_login(staff)
        response = self.client.get("/admin/accounts/user/")
        self.assertRedirects(response, "/admin/login/?next=/admin/accounts/user/")

    def test_the_first_national_admin_is_made_by_a_command(self):
        from unittest import mock

        from django.core.management import call_command

        with mock.patch(
            "moralprovince.accounts.management.commands.create_national_admin.getpass",
            return_value="long-enough-2563",
        ):
            call_command("create_national_admin", "moral-center", stdout=io.StringIO())
        person = get_user_model().objects.get(username="moral-center")
        self.assertTrue(person.is_staff and person.check_password("long-enough-2563"))
        self.assertTrue(person.roles.filter(kind=RoleKind.NATIONAL_ADMIN).exists())
        self.assertTrue(
            AuditEntry.objects.filter(action="accounts.role.created", actor_name="system").exists()
        )

    def test_a_superuser_reads_people_and_virtues(self):
        for url in ["/admin/accounts/user/", "/admin/framework/virtue/", "/admin/geo/province/"]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_a_superuser_cannot_give_roles_or_edit_virtues_or_delete_the_log(self):
        urls = [
            "/admin/accounts/user/add/",
            f"/admin/accounts/user/{self.reporter.pk}/change/",
            f"/admin/accounts/user/{self.reporter.pk}/delete/",
            "/admin/framework/virtue/add/",
            "/admin/framework/masterplan/add/",
        ]
        before = AuditEntry.objects.count()
        for url in urls:
            with self.subTest(url=url):
                response = self.client.post(url, {"username": "x", "is_active": "on"})
                self.assertIn(response.status_code, (403, 404))
        self.assertTrue(get_user_model().objects.filter(pk=self.reporter.pk).exists())
        self.assertEqual(AuditEntry.objects.count(), before)
