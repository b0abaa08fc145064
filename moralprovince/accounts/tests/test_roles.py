from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from moralprovince.accounts.models import Role, RoleKind, User
from moralprovince.accounts.scope import scope_for
from moralprovince.accounts.services import create_person, grant_role, revoke_role
from moralprovince.audit.models import AuditEntry
from moralprovince.testing import MoralTestCase


class ScopeTests(MoralTestCase):
    def test_each_role_reads_what_its_scope_gives(self):
        self.assertTrue(scope_for(self.national).national)
        self.assertEqual(scope_for(self.admin).admin_provinces, {"84"})
        self.assertEqual(scope_for(self.evaluator).read_provinces, {"84"})
        self.assertEqual(scope_for(self.evaluator).admin_provinces, set())
        self.assertEqual(scope_for(self.coordinator).coordinated_networks, {self.education.pk})
        self.assertEqual(scope_for(self.reporter).reported_organisations, {self.school.pk})
        self.assertEqual(scope_for(self.viewer).read_networks, {self.religion.pk})
        self.assertFalse(scope_for(self.outsider).is_member_of("84"))

    def test_a_person_without_roles_sees_nothing(self):
        nobody = User.objects.create_user("nobody")
        self.assertTrue(scope_for(nobody).is_empty)

    def test_the_database_refuses_a_role_without_its_scope(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Role.objects.create(
                user=self.admin, kind=RoleKind.NETWORK_COORDINATOR, province=self.surat
            )
        with self.assertRaises(IntegrityError), transaction.atomic():
            Role.objects.create(user=self.admin, kind=RoleKind.NATIONAL_ADMIN, province=self.surat)


class GrantRoleTests(MoralTestCase):
    def newcomer(self) -> User:
        return create_person(
            actor=self.admin, username="newcomer", display_name="", email="", password=None
        )

    def test_a_province_admin_gives_a_coordinator_role_in_their_province(self):
        person = self.newcomer()
        role = grant_role(
            actor=self.admin, user=person, kind=RoleKind.NETWORK_COORDINATOR, network=self.religion
        )
        self.assertEqual(role.province_id, "84")
        self.assertIn(self.religion.pk, scope_for(person).coordinated_networks)
        self.assertTrue(
            AuditEntry.objects.filter(action="accounts.role.created", province_id="84").exists()
        )

    def test_a_province_admin_cannot_give_roles_in_another_province_or_national_roles(self):
        person = User.objects.create_user("newcomer")
        with self.assertRaises(PermissionDenied):
            grant_role(
                actor=self.admin, user=person, kind=RoleKind.PROVINCE_ADMIN, province=self.chiangrai
            )
        with self.assertRaises(PermissionDenied):
            grant_role(actor=self.admin, user=person, kind=RoleKind.NATIONAL_ADMIN)
        with self.assertRaises(PermissionDenied):
            grant_role(
                actor=self.coordinator, user=person, kind=RoleKind.VIEWER, province=self.surat
            )
        self.assertFalse(person.roles.exists())

    def test_a_coordinator_role_needs_a_network(self):
        person = self.newcomer()
        with self.assertRaises(ValidationError) as caught:
            grant_role(
                actor=self.admin,
                user=person,
                kind=RoleKind.NETWORK_COORDINATOR,
                province=self.surat,
            )
        self.assertIn("network", caught.exception.message_dict)

    def test_revoking_a_role_takes_the_access_away(self):
        role = self.coordinator.roles.get()
        revoke_role(actor=self.admin, role=role)
        self.assertFalse(scope_for(User.objects.get(pk=self.coordinator.pk)).coordinated_networks)
        with self.assertRaises(PermissionDenied):
            revoke_role(actor=self.outsider, role=self.reporter.roles.get())


class PeoplePageTests(MoralTestCase):
    url = reverse("organisations:people", args=["84"])

    def test_only_the_provinces_admins_open_the_people_page(self):
        for user, status in [
            (self.admin, 200),
            (self.national, 200),
            (self.coordinator, 404),
            (self.evaluator, 404),
            (self.outsider, 404),
        ]:
            self.login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_the_admin_creates_a_reporter_for_an_organisation(self):
        self.login(self.admin)
        response = self.client.post(
            self.url,
            {
                "username": "somchai",
                "display_name": "สมชาย ใจดี",
                "password": "a-long-enough-password-2564",
                "kind": RoleKind.ORGANISATION_REPORTER,
                "organisation": self.temple.pk,
            },
        )
        self.assertRedirects(response, self.url)
        person = User.objects.get(username="somchai")
        self.assertTrue(person.check_password("a-long-enough-password-2564"))
        self.assertEqual(scope_for(person).reported_organisations, {self.temple.pk})

    def test_an_organisation_of_another_province_cannot_be_chosen(self):
        self.login(self.admin)
        response = self.client.post(
            self.url,
            {
                "username": "somchai",
                "kind": RoleKind.ORGANISATION_REPORTER,
                "organisation": self.other_org.pk,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(username="somchai").exists())

    def test_a_reporter_role_without_an_organisation_saves_nothing(self):
        self.login(self.admin)
        response = self.client.post(
            self.url, {"username": "somchai", "kind": RoleKind.ORGANISATION_REPORTER}
        )
        self.assertContains(response, "กรุณาเลือกองค์กรของบทบาทนี้")
        self.assertFalse(User.objects.filter(username="somchai").exists())

    def test_revoking_from_another_province_is_404(self):
        self.login(self.outsider)
        role = self.reporter.roles.get()
        response = self.client.post(reverse("organisations:role-revoke", args=["84", role.pk]))
        self.assertEqual(response.status_code, 404)
        self.assertTrue(Role.objects.filter(pk=role.pk).exists())
