"""Roles never combine across provinces.

A person with a role in Surat Thani (84) and another in Chiang Rai (57) may do in each
province exactly what the role they hold there allows, and nothing with a unit that pairs
one province with a network or organisation of the other.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.urls import reverse

from moralprovince.accounts.models import Role, RoleKind, User
from moralprovince.organisations import access as organisations_access
from moralprovince.organisations.access import NewMember, NewOrganisation
from moralprovince.plans import access as plans_access
from moralprovince.plans.access import Unit
from moralprovince.plans.models import Declaration, Plan
from moralprovince.testing import MoralTestCase, make_organisation


class TwoProvincesTests(MoralTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.library = make_organisation(cls.surat, "ห้องสมุดประชาชนอำเภอไชยา", "government", "840601")
        cls.free_57 = make_organisation(cls.chiangrai, "ห้องสมุดเชียงราย", "government", "570102")

    def objects(self) -> dict[str, list[Any]]:
        """Objects to ask each rule about: rows of 84, rows of 57, and units mixing both."""
        surat, chiangrai = SimpleNamespace(province_id="84"), SimpleNamespace(province_id="57")
        return {
            "organisations.programme.create": ["84", "57"],
            "organisations.programme.update": [self.programme, self.other_programme],
            "organisations.province.read_all": ["84", "57"],
            "organisations.people.manage": ["84", "57"],
            "organisations.network.create": ["84", "57"],
            "organisations.network.update": [self.education, self.religion, self.other_network],
            "organisations.network.add_member": [
                NewMember(self.education, self.library),
                NewMember(self.education, self.temple),
                NewMember(self.other_network, self.free_57),
                NewMember(self.other_network, self.library),
                NewMember(self.education, self.free_57),
            ],
            "organisations.organisation.update": [
                self.school,
                self.temple,
                self.university,
                self.other_org,
            ],
            "organisations.organisation.create": [
                NewOrganisation("84"),
                NewOrganisation("84", self.education),
                NewOrganisation("57"),
                NewOrganisation("57", self.other_network),
                NewOrganisation("57", self.education),
                NewOrganisation("84", self.other_network),
            ],
            "organisations.organisation.add_in": ["84", "57"],
            "plans.import": ["84", "57"],
            "plans.review": [surat, chiangrai],
            "plans.write": [
                Unit("84"),
                Unit("84", self.education),
                Unit("84", self.religion),
                Unit("84", organisation=self.school),
                Unit("84", organisation=self.temple),
                Unit("57"),
                Unit("57", self.other_network),
                Unit("57", organisation=self.other_org),
                Unit("57", self.education),
                Unit("57", organisation=self.school),
                Unit("84", self.other_network),
                Unit("84", organisation=self.other_org),
            ],
        }

    @staticmethod
    def provinces(obj: Any) -> set[str]:
        if isinstance(obj, str):
            return {obj}
        if isinstance(obj, NewMember):
            return {obj.network.province_id, obj.organisation.province_id}
        parts = [getattr(obj, "network", None), getattr(obj, "organisation", None)]
        return {obj.province_id} | {p.province_id for p in parts if p is not None}

    @staticmethod
    def can(actor: User, action: str, obj: Any) -> bool:
        table = plans_access if action.startswith("plans.") else organisations_access
        return table.can(actor, action, obj)

    def person(self, name: str, *roles: dict[str, Any]) -> User:
        user = User.objects.create_user(name)
        for role in roles:
            Role.objects.create(user=user, **role)
        return user

    def test_every_rule_is_asked_here(self):
        rules = set(organisations_access.RULES) | set(plans_access.RULES)
        self.assertEqual(set(self.objects()), rules)

    def test_a_person_with_roles_in_two_provinces_uses_each_only_in_its_province(self):
        in_surat = [
            {
                "kind": RoleKind.NETWORK_COORDINATOR,
                "province": self.surat,
                "network": self.education,
            },
            {
                "kind": RoleKind.ORGANISATION_REPORTER,
                "province": self.surat,
                "organisation": self.school,
            },
            {"kind": RoleKind.PROVINCE_ADMIN, "province": self.surat},
            {"kind": RoleKind.EVALUATOR, "province": self.surat},
        ]
        in_chiangrai = [
            {"kind": RoleKind.PROVINCE_ADMIN, "province": self.chiangrai},
            {
                "kind": RoleKind.NETWORK_COORDINATOR,
                "province": self.chiangrai,
                "network": self.other_network,
            },
        ]
        for i, surat_role in enumerate(in_surat):
            for j, chiangrai_role in enumerate(in_chiangrai):
                both = self.person(f"both-{i}-{j}", surat_role, chiangrai_role)
                only_surat = self.person(f"surat-{i}-{j}", surat_role)
                only_chiangrai = self.person(f"chiangrai-{i}-{j}", chiangrai_role)
                for action, objects in self.objects().items():
                    for obj in objects:
                        provinces = self.provinces(obj)
                        if provinces == {"84"}:
                            expected = self.can(only_surat, action, obj)
                        elif provinces == {"57"}:
                            expected = self.can(only_chiangrai, action, obj)
                        else:
                            expected = False
                        with self.subTest(
                            surat=surat_role["kind"],
                            chiangrai=chiangrai_role["kind"],
                            action=action,
                            obj=repr(obj),
                        ):
                            self.assertEqual(self.can(both, action, obj), expected)

    def test_pages_refuse_a_unit_that_pairs_a_province_with_another_provinces_network(self):
        both = self.person(
            "both",
            {
                "kind": RoleKind.NETWORK_COORDINATOR,
                "province": self.surat,
                "network": self.education,
            },
            {"kind": RoleKind.PROVINCE_ADMIN, "province": self.chiangrai},
        )
        self.client.force_login(both)
        query = f"?network={self.education.pk}"
        for name in ("plans:plan-create", "plans:declaration-create", "plans:target-create"):
            url = reverse(name, args=["57", 2564]) + query
            with self.subTest(name):
                self.assertEqual(self.client.get(url).status_code, 404)
        create = reverse("plans:plan-create", args=["57", 2564]) + query
        self.assertEqual(self.client.post(create, {"title": "แผนข้ามจังหวัด"}).status_code, 404)
        declare = reverse("plans:declaration-create", args=["57", 2564]) + query
        data = {"text": "ข้ามจังหวัด", "declared_on": "1/12/2563"}
        self.assertEqual(self.client.post(declare, data).status_code, 404)
        self.assertFalse(Plan.objects.exists())
        self.assertFalse(Declaration.objects.exists())
        # In its own province the network's plan is theirs to start.
        own = reverse("plans:plan-create", args=["84", 2564]) + query
        self.assertEqual(self.client.get(own).status_code, 200)
