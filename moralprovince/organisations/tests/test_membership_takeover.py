"""A coordinator cannot take another network's organisations by adding them as members.

Membership gives a network's coordinators the right to change the organisation and write its
plans, so a coordinator adds only organisations that belong to no other network; the
province admin decides on the others.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse

from moralprovince.audit.models import AuditEntry
from moralprovince.organisations import access, services
from moralprovince.organisations.access import NewMember
from moralprovince.organisations.models import Membership
from moralprovince.testing import MoralTestCase, make_organisation


class MembershipTakeoverTests(MoralTestCase):
    def setUp(self) -> None:
        self.library = make_organisation(
            self.surat, "ห้องสมุดประชาชนอำเภอไชยา", "government", "840601"
        )

    def add_url(self) -> str:
        return reverse("organisations:member-add", args=[self.education.pk])

    def test_a_coordinator_cannot_add_another_networks_member_through_the_page(self):
        entries = AuditEntry.objects.count()
        self.login(self.coordinator)
        response = self.client.post(self.add_url(), {"organisation": self.temple.pk}, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(
            Membership.objects.filter(network=self.education, organisation=self.temple).exists()
        )
        self.assertEqual(AuditEntry.objects.count(), entries)
        # So the coordinator still may not change the temple or its plans.
        self.assertFalse(
            access.can(self.coordinator, "organisations.organisation.update", self.temple)
        )
        edit = reverse("organisations:organisation-edit", args=[self.temple.pk])
        self.assertEqual(self.client.get(edit).status_code, 404)

    def test_the_service_refuses_it_naming_the_other_network(self):
        with self.assertRaises(ValidationError) as refused:
            services.add_member(
                actor=self.coordinator, network=self.education, organisation=self.temple
            )
        self.assertIn("เครือข่ายศาสนา", str(refused.exception))
        self.assertFalse(
            Membership.objects.filter(network=self.education, organisation=self.temple).exists()
        )

    def test_the_form_offers_a_coordinator_only_organisations_in_no_other_network(self):
        self.login(self.coordinator)
        page = self.client.get(reverse("organisations:network", args=[self.education.pk]))
        offered = list(page.context["member_form"].fields["organisation"].queryset)
        self.assertEqual(offered, [self.library])
        self.assertContains(page, "ผู้ดูแลระดับจังหวัด")

    def test_the_province_admin_adds_a_member_of_another_network(self):
        self.login(self.admin)
        page = self.client.get(reverse("organisations:network", args=[self.education.pk]))
        offered = set(page.context["member_form"].fields["organisation"].queryset)
        self.assertEqual(offered, {self.temple, self.library})
        self.client.post(self.add_url(), {"organisation": self.temple.pk})
        self.assertTrue(
            Membership.objects.filter(network=self.education, organisation=self.temple).exists()
        )

    def test_a_coordinator_adds_an_organisation_that_is_in_no_network(self):
        self.login(self.coordinator)
        self.client.post(self.add_url(), {"organisation": self.library.pk})
        self.assertTrue(
            Membership.objects.filter(network=self.education, organisation=self.library).exists()
        )
        self.assertTrue(
            access.can(self.coordinator, "organisations.organisation.update", self.library)
        )

    def test_the_rule(self):
        cases = [
            (self.coordinator, NewMember(self.education, self.library), True),
            (self.coordinator, NewMember(self.education, self.temple), False),
            (self.coordinator, NewMember(self.religion, self.library), False),
            (self.coordinator, NewMember(self.education, self.other_org), False),
            (self.admin, NewMember(self.education, self.temple), True),
            (self.admin, NewMember(self.education, self.other_org), False),
            (self.outsider, NewMember(self.other_network, self.school), False),
            (self.national, NewMember(self.education, self.temple), True),
        ]
        for actor, new, expected in cases:
            with self.subTest(actor=actor.username, org=new.organisation.name_th):
                self.assertEqual(
                    access.can(actor, "organisations.network.add_member", new), expected
                )
