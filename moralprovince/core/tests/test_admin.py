from django.contrib.auth import get_user_model

from moralprovince.audit.models import AuditEntry
from moralprovince.testing import MoralTestCase


class ReadOnlyAdminTests(MoralTestCase):
    """The admin shows rows but writes none: writes go through the services and the log."""

    def setUp(self) -> None:
        self.boss = get_user_model().objects.create_superuser("boss", password="x-2563-long")
        self.client.force_login(self.boss)

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
