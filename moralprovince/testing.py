"""The base test case: a small world with named people, as healthchecks has alice and bob.

Surat Thani (84) runs the programme with two networks:
- education (3): a school and a university are members;
- religion (4): a temple is a member.
Chiang Rai (57) runs its own programme; `outsider` administers it and must see nothing
of Surat Thani.

People: `national` (Moral Center), `admin` (Surat Thani's secretariat), `coordinator`
(education network), `reporter` (the school), `evaluator` (academic partner of Surat
Thani), `viewer` (reads the religion network), `outsider`.
"""

from __future__ import annotations

from typing import Any

from django.test import TestCase

from moralprovince.accounts.models import Role, RoleKind, User
from moralprovince.geo.models import Province, Subdistrict
from moralprovince.organisations.models import (
    Membership,
    Network,
    Organisation,
    OrganisationType,
    Programme,
    ProgrammeYear,
)

PASSWORD = "test-password-2563"


def make_organisation(
    province: Province, name_th: str, kind: str, subdistrict: str
) -> Organisation:
    org = Organisation(
        province=province,
        name_th=name_th,
        kind=OrganisationType.objects.get(code=kind),
        subdistrict=Subdistrict.objects.get(pk=subdistrict),
        is_sample=True,
    )
    org.refresh_search_text()
    org.save()
    return org


def make_user(username: str, kind: str, **scope: Any) -> User:
    user = User.objects.create_user(username, password=PASSWORD, display_name=username.title())
    Role.objects.create(user=user, kind=kind, **scope)
    return user


class MoralTestCase(TestCase):
    surat: Province
    chiangrai: Province
    programme: Programme
    other_programme: Programme
    school: Organisation
    university: Organisation
    temple: Organisation
    other_org: Organisation
    education: Network
    religion: Network
    other_network: Network
    national: User
    admin: User
    coordinator: User
    reporter: User
    evaluator: User
    viewer: User
    outsider: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.surat = Province.objects.get(pk="84")
        cls.chiangrai = Province.objects.get(pk="57")
        cls.programme = Programme.objects.create(
            province=cls.surat, name_th="สุราษฎร์ธานีจังหวัดคุณธรรม", name_en="Surat Thani"
        )
        ProgrammeYear.objects.create(programme=cls.programme, fiscal_year=2564, year_number=2)
        cls.school = make_organisation(cls.surat, "โรงเรียนบ้านนาเดิม", "school", "841301")
        cls.university = make_organisation(
            cls.surat, "มหาวิทยาลัยราชภัฏสุราษฎร์ธานี", "university", "840104"
        )
        cls.temple = make_organisation(cls.surat, "วัดพระบรมธาตุไชยา", "religious", "840601")
        cls.education = Network.objects.create(
            province=cls.surat, number=3, name_th="เครือข่ายภาคการศึกษา", name_en="Education"
        )
        cls.religion = Network.objects.create(
            province=cls.surat, number=4, name_th="เครือข่ายศาสนา", name_en="Religion"
        )
        Membership.objects.create(network=cls.education, organisation=cls.school)
        Membership.objects.create(network=cls.education, organisation=cls.university)
        Membership.objects.create(network=cls.religion, organisation=cls.temple)

        cls.other_programme = Programme.objects.create(
            province=cls.chiangrai, name_th="เชียงรายจังหวัดคุณธรรม", is_public=False
        )
        cls.other_org = make_organisation(cls.chiangrai, "โรงเรียนบ้านรอบเวียง", "school", "570102")
        cls.other_network = Network.objects.create(
            province=cls.chiangrai, number=1, name_th="เครือข่ายศาสนา"
        )
        Membership.objects.create(network=cls.other_network, organisation=cls.other_org)

        cls.national = make_user("national", RoleKind.NATIONAL_ADMIN)
        cls.admin = make_user("admin", RoleKind.PROVINCE_ADMIN, province=cls.surat)
        cls.coordinator = make_user(
            "coordinator", RoleKind.NETWORK_COORDINATOR, province=cls.surat, network=cls.education
        )
        cls.reporter = make_user(
            "reporter", RoleKind.ORGANISATION_REPORTER, province=cls.surat, organisation=cls.school
        )
        cls.evaluator = make_user("evaluator", RoleKind.EVALUATOR, province=cls.surat)
        cls.viewer = make_user("viewer", RoleKind.VIEWER, province=cls.surat, network=cls.religion)
        cls.outsider = make_user("outsider", RoleKind.PROVINCE_ADMIN, province=cls.chiangrai)

    def login(self, user: User) -> None:
        self.client.force_login(user)
