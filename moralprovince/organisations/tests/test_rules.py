"""The organisations rule table, asked directly and through the services it guards."""

from django.core.exceptions import ValidationError

from moralprovince.accounts.access import SYSTEM, NotAllowed
from moralprovince.audit.models import AuditEntry
from moralprovince.organisations import access, services
from moralprovince.organisations.access import NewOrganisation
from moralprovince.organisations.services import NetworkInput, OrganisationInput, ProgrammeInput
from moralprovince.testing import MoralTestCase


class RuleTableTests(MoralTestCase):
    def test_each_role_may_change_only_its_own_networks_and_organisations(self):
        cases = [
            (self.admin, "organisations.network.update", self.religion, True),
            (self.coordinator, "organisations.network.update", self.education, True),
            (self.coordinator, "organisations.network.update", self.religion, False),
            (self.outsider, "organisations.network.update", self.education, False),
            (self.coordinator, "organisations.organisation.update", self.school, True),
            (self.coordinator, "organisations.organisation.update", self.temple, False),
            (self.reporter, "organisations.organisation.update", self.school, True),
            (self.reporter, "organisations.organisation.update", self.university, False),
            (self.evaluator, "organisations.organisation.update", self.school, False),
            (self.outsider, "organisations.organisation.update", self.school, False),
            (self.national, "organisations.programme.update", self.programme, True),
            (self.admin, "organisations.programme.update", self.other_programme, False),
            (self.admin, "organisations.programme.create", None, False),
            (SYSTEM, "organisations.programme.create", None, True),
        ]
        for actor, action, obj, expected in cases:
            with self.subTest(actor=str(actor), action=action, obj=str(obj)):
                self.assertEqual(access.can(actor, action, obj), expected)

    def test_a_coordinator_adds_organisations_only_to_their_own_network(self):
        here = NewOrganisation("84", self.education)
        self.assertTrue(access.can(self.coordinator, "organisations.organisation.create", here))
        other = NewOrganisation("84", self.religion)
        self.assertFalse(access.can(self.coordinator, "organisations.organisation.create", other))
        nowhere = NewOrganisation("84")
        self.assertFalse(access.can(self.coordinator, "organisations.organisation.create", nowhere))
        self.assertTrue(access.can(self.admin, "organisations.organisation.create", nowhere))
        self.assertFalse(access.can(self.outsider, "organisations.organisation.add_in", "84"))
        self.assertTrue(access.can(self.coordinator, "organisations.organisation.add_in", "84"))


class ServicesAskTheRulesTests(MoralTestCase):
    def test_the_services_refuse_those_the_rules_refuse_and_write_nothing(self):
        entries = AuditEntry.objects.count()
        refused = [
            lambda: services.update_network(
                actor=self.coordinator,
                network=self.religion,
                data=NetworkInput.from_row(self.religion, **{"name_th": "เปลี่ยน"}),
            ),
            lambda: services.update_organisation(
                actor=self.outsider,
                organisation=self.school,
                data=OrganisationInput.from_row(self.school, **{"phone": "1"}),
            ),
            lambda: services.create_programme(
                actor=self.admin, province=self.chiangrai, data=ProgrammeInput(name_th="x")
            ),
            lambda: services.create_network(
                actor=self.coordinator, province=self.surat, data=NetworkInput(number=9)
            ),
            lambda: services.add_member(
                actor=self.coordinator, network=self.religion, organisation=self.school
            ),
            lambda: services.create_organisation(
                actor=self.outsider,
                province=self.surat,
                data=OrganisationInput(name_th="x"),
                network=None,
            ),
        ]
        for write in refused:
            with self.subTest(write=write), self.assertRaises(NotAllowed):
                write()
        self.assertEqual(AuditEntry.objects.count(), entries)
        self.religion.refresh_from_db()
        self.assertEqual(self.religion.name_th, "เครือข่ายศาสนา")

    def test_a_coordinator_without_a_network_is_told_to_choose_one(self):
        with self.assertRaises(ValidationError) as caught:
            services.create_organisation(
                actor=self.coordinator,
                province=self.surat,
                data=OrganisationInput(name_th="โรงเรียนใหม่"),
            )
        self.assertIn("network", caught.exception.message_dict)

    def test_an_update_keeps_the_fields_the_form_does_not_show(self):
        self.assertTrue(self.school.is_sample)
        data = OrganisationInput.from_row(self.school, **{"phone": "077-111111"})
        services.update_organisation(actor=self.admin, organisation=self.school, data=data)
        self.school.refresh_from_db()
        self.assertEqual((self.school.phone, self.school.is_sample), ("077-111111", True))
        entry = AuditEntry.objects.filter(action="organisations.organisation.updated").latest("id")
        self.assertEqual(entry.changes, {"phone": {"before": "", "after": "077-111111"}})

    def test_an_update_that_changes_nothing_writes_no_entry(self):
        entries = AuditEntry.objects.count()
        data = NetworkInput.from_row(self.education)
        services.update_network(actor=self.admin, network=self.education, data=data)
        self.assertEqual(AuditEntry.objects.count(), entries)
