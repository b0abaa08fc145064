import datetime as dt

from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from moralprovince.accounts.access import NotAllowed
from moralprovince.accounts.models import Invitation, InvitationStatus, Role, RoleKind, User
from moralprovince.accounts.scope import scope_for
from moralprovince.accounts.services import (
    answer_invitation,
    grant_or_invite,
    grant_role,
    invite_person,
    revoke_role,
)
from moralprovince.testing import MoralTestCase


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


class PeoplePageInvitationTests(MoralTestCase):
    url = reverse("organisations:people", args=["84"])

    def add(self, username: str, **extra: object) -> object:
        self.login(self.admin)
        data = {"username": username, "kind": RoleKind.VIEWER, **extra}
        return self.client.post(self.url, data, follow=True)

    def test_a_person_of_another_province_is_invited_not_given_the_role(self):
        response = self.add("outsider")
        self.assertFalse(Role.objects.filter(user=self.outsider, province=self.surat).exists())
        invitation = Invitation.objects.get(user=self.outsider)
        self.assertEqual(invitation.status, InvitationStatus.PENDING)
        # The page shows the username that was typed, never the person's name.
        self.assertContains(response, "outsider")
        self.assertNotContains(response, self.outsider.display_name)
        self.assertContains(response, "ส่งคำเชิญแล้ว")

    def test_the_national_admins_account_gets_no_role_from_a_province_admin(self):
        self.add("national")
        self.assertEqual(self.national.roles.count(), 1)
        self.assertTrue(Invitation.objects.filter(user=self.national).exists())

    def test_someone_already_in_the_province_gets_the_role_at_once(self):
        self.add("coordinator", organisation=self.temple.pk)
        self.assertTrue(
            Role.objects.filter(user=self.coordinator, organisation=self.temple).exists()
        )
        self.assertFalse(Invitation.objects.exists())

    def test_the_admin_cancels_an_invitation(self):
        self.add("outsider")
        invitation = Invitation.objects.get()
        response = self.client.post(
            reverse("accounts:invitation-cancel", args=[invitation.pk]), {"next": self.url}
        )
        self.assertRedirects(response, self.url)
        invitation.refresh_from_db()
        self.assertEqual(invitation.status, InvitationStatus.CANCELLED)

    def test_the_invited_person_cannot_cancel_and_others_cannot_see_it(self):
        self.add("outsider")
        invitation = Invitation.objects.get()
        for other in (self.outsider, self.coordinator):
            self.login(other)
            cancel = self.client.post(reverse("accounts:invitation-cancel", args=[invitation.pk]))
            self.assertEqual(cancel.status_code, 404)
        self.login(self.coordinator)
        page = self.client.get(reverse("accounts:invitation", args=[invitation.token]))
        self.assertEqual(page.status_code, 404)


class AnsweringTests(MoralTestCase):
    def invite(self, **extra: object) -> Invitation:
        result = grant_or_invite(
            actor=self.admin, user=self.outsider, kind=RoleKind.VIEWER, province=self.surat, **extra
        )
        assert isinstance(result, Invitation)
        return result

    def test_the_person_sees_the_invitation_after_login_and_accepts_it(self):
        invitation = self.invite()
        self.login(self.outsider)
        account = self.client.get(reverse("accounts:account"))
        link = reverse("accounts:invitation", args=[invitation.token])
        self.assertContains(account, link)
        response = self.client.post(link, {"answer": "accept"})
        self.assertRedirects(response, reverse("accounts:account"))
        self.assertIn("84", scope_for(fresh(self.outsider)).read_provinces)
        invitation.refresh_from_db()
        self.assertEqual(invitation.status, InvitationStatus.ACCEPTED)

    def test_declining_gives_nothing(self):
        invitation = self.invite()
        self.login(self.outsider)
        link = reverse("accounts:invitation", args=[invitation.token])
        self.client.post(link, {"answer": "decline"})
        self.assertFalse(scope_for(fresh(self.outsider)).is_member_of("84"))
        self.assertEqual(Invitation.objects.get().status, InvitationStatus.DECLINED)

    def test_an_expired_invitation_cannot_be_accepted(self):
        invitation = self.invite()
        Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(days=1))
        with self.assertRaises(ValidationError):
            answer_invitation(actor=self.outsider, invitation=invitation, accept=True)
        self.assertFalse(Role.objects.filter(user=self.outsider, province=self.surat).exists())

    def test_an_invitation_dies_with_the_inviters_right_to_give_the_role(self):
        invitation = self.invite()
        revoke_role(actor=self.national, role=self.admin.roles.get())
        with self.assertRaisesMessage(ValidationError, "ไม่มีสิทธิ์ให้บทบาทนี้แล้ว"):
            answer_invitation(actor=fresh(self.outsider), invitation=invitation, accept=True)

    def test_only_the_invited_person_may_answer(self):
        invitation = self.invite()
        with self.assertRaises(NotAllowed):
            answer_invitation(actor=self.coordinator, invitation=invitation, accept=True)
        self.assertFalse(Role.objects.filter(user=self.coordinator, kind=RoleKind.VIEWER).exists())

    def test_the_invitation_is_emailed_with_its_link(self):
        self.outsider.email = "outsider@example.org"
        self.outsider.save()
        with self.captureOnCommitCallbacks(execute=True):
            invitation = self.invite()
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn(invitation.token, mail.outbox[0].body)

    def test_a_province_admin_cannot_invite_into_another_province(self):
        with self.assertRaises(NotAllowed):
            invite_person(
                actor=self.admin, user=self.outsider, kind=RoleKind.VIEWER, province=self.chiangrai
            )
        self.assertFalse(Invitation.objects.exists())


class DirectGrantTests(MoralTestCase):
    def test_grant_role_refuses_someone_elses_account(self):
        with self.assertRaisesMessage(ValidationError, "กรุณาส่งคำเชิญ"):
            grant_role(
                actor=self.admin, user=self.outsider, kind=RoleKind.VIEWER, province=self.surat
            )
        self.assertFalse(Role.objects.filter(user=self.outsider, province=self.surat).exists())


class RoleAcrossProvincesTests(MoralTestCase):
    def test_a_role_whose_organisation_is_in_another_province_gives_nothing(self):
        # Written past the services (a fixture, the shell): province 84, organisation in 57.
        person = User.objects.create_user("mixed")
        Role.objects.create(
            user=person,
            kind=RoleKind.ORGANISATION_REPORTER,
            province=self.surat,
            organisation=self.other_org,
        )
        scope = scope_for(person)
        self.assertEqual(scope.reported_organisations, set())
        self.assertFalse(scope.is_member_of("84"))
        self.assertFalse(scope.is_member_of("57"))
