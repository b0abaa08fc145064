"""Load the demo province through the same services people use; running it twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from moralprovince.accounts.access import SYSTEM
from moralprovince.accounts.models import Role, User
from moralprovince.accounts.services import create_person, grant_role
from moralprovince.demo import data
from moralprovince.demo.assessments import load_assessments
from moralprovince.demo.certificates import load_signatories
from moralprovince.demo.knowledge import load_knowledge, load_photo_news
from moralprovince.demo.monitoring import load_monitoring
from moralprovince.demo.partnerships import load_partnerships
from moralprovince.demo.plans import load_plans
from moralprovince.demo.surveys import load_surveys
from moralprovince.demo.training import load_training
from moralprovince.geo.models import District, Province, Subdistrict
from moralprovince.geo.services import load_geography
from moralprovince.organisations import services
from moralprovince.organisations.models import (
    Network,
    Organisation,
    OrganisationType,
    Programme,
    ProgrammeYear,
)
from moralprovince.portal.reference import load_reference_data


@dataclass
class DemoSummary:
    organisations: int
    networks: int
    users: int


@transaction.atomic
def load_demo(*, password: str) -> DemoSummary:
    """Create the Surat Thani demo and the outsider's Chiang Rai where missing."""
    if Subdistrict.objects.count() < 7436:
        load_geography()
    load_reference_data()
    surat = Province.objects.get(pk="84")
    partners = [
        _organisation(surat, th, en, kind, sub) for th, en, kind, sub, _n in data.PARTNERS_84
    ]
    description = f"{data.DESCRIPTION_84}\n{data.SAMPLE_NOTE_84}"
    programme = _programme(surat, data.PROGRAMME_84, description, partners[0], data.YEARS_84)
    _mark_sample(programme, description)
    networks = [_network_84(surat, spec, partners) for spec in data.NETWORKS_84]
    load_plans(surat, partners[0], networks)
    load_monitoring(surat, partners[0], networks)
    load_surveys(surat, networks[2])
    load_knowledge(surat)
    load_photo_news(surat, networks)
    load_signatories(surat)
    load_training(surat)
    load_partnerships(surat, networks)
    _chiang_rai()
    _users(password, networks)
    load_assessments(surat, networks)
    return DemoSummary(
        organisations=Organisation.objects.filter(province=surat).count(),
        networks=len(networks),
        users=len(data.DEMO_USERS),
    )


def _organisation(
    province: Province,
    name_th: str,
    name_en: str,
    kind: str,
    subdistrict: str,
    sample: bool = False,
) -> Organisation:
    existing = Organisation.objects.filter(province=province, name_th=name_th).first()
    if existing:
        return existing
    values = services.OrganisationInput(
        name_th=name_th,
        name_en=name_en,
        kind=OrganisationType.objects.get(code=kind),
        subdistrict=Subdistrict.objects.get(pk=subdistrict),
        is_sample=sample,
    )
    return services.create_organisation(actor=SYSTEM, province=province, data=values)


def _programme(
    province: Province,
    names: tuple[str, str],
    description: str,
    secretariat: Any,
    years: Any,
    public: bool = True,
) -> Programme:
    programme = Programme.objects.filter(province=province).first()
    if programme is None:
        values = services.ProgrammeInput(
            name_th=names[0],
            name_en=names[1],
            description=description,
            secretariat=secretariat,
            is_public=public,
        )
        programme = services.create_programme(actor=SYSTEM, province=province, data=values)
    for fiscal_year, number, theme in years:
        if not ProgrammeYear.objects.filter(programme=programme, fiscal_year=fiscal_year).exists():
            services.create_programme_year(
                actor=SYSTEM,
                programme=programme,
                fiscal_year=fiscal_year,
                year_number=number,
                theme=theme,
            )
    return programme


def _mark_sample(programme: Programme, description: str) -> None:
    """Say which data is sample on a demo loaded before the note was written, if untouched."""
    if programme.description == data.DESCRIPTION_84:
        values = services.ProgrammeInput.from_row(programme, description=description)
        services.update_programme(actor=SYSTEM, programme=programme, data=values)


def _network_84(province: Province, spec: tuple[Any, ...], partners: list[Organisation]) -> Network:
    number, name_th, name_en, kind, template, place = spec
    members = [p for p, row in zip(partners, data.PARTNERS_84, strict=False) if number in row[4]]
    members += _sample_members(province, number, kind, template, place)
    network = Network.objects.filter(province=province, number=number).first()
    if network is None:
        values = services.NetworkInput(
            number=number,
            name_th=name_th,
            name_en=name_en,
            chair=members[1 if number == 1 else 0],
            secretariat=_secretariat(number, members, partners),
        )
        network = services.create_network(actor=SYSTEM, province=province, data=values)
    for organisation in members:
        services.add_member(actor=SYSTEM, network=network, organisation=organisation)
    return network


def _secretariat(
    number: int, members: list[Organisation], partners: list[Organisation]
) -> Organisation:
    # The Provincial Cultural Office is secretariat of the government network; elsewhere a member.
    return partners[0] if number == 1 else members[1]


def _sample_members(
    province: Province, number: int, kind: str, template: str, place: str
) -> list[Organisation]:
    districts = list(District.objects.filter(province=province).order_by("code"))
    members = []
    for k in range(data.SAMPLE_MEMBERS_PER_NETWORK):
        district = districts[(number * 5 + k) % len(districts)]
        subdistricts = list(district.subdistricts.order_by("code"))
        subdistrict = subdistricts[(number + k) % len(subdistricts)]
        name = template.format(district=district.name_th, subdistrict=subdistrict.name_th)
        members.append(_organisation(province, name, "", kind, subdistrict.code, sample=True))
    return members


def _chiang_rai() -> None:
    province = Province.objects.get(pk="57")
    orgs = [
        _organisation(province, th, "", kind, sub, sample=True)
        for th, kind, sub in data.SAMPLE_ORGS_57
    ]
    # Only the demo province is shown to visitors; Chiang Rai exists for the outsider.
    _programme(province, data.PROGRAMME_57, "", orgs[-1], [(2563, 1, "")], public=False)
    for number, name in enumerate(data.NETWORKS_57, start=1):
        if not Network.objects.filter(province=province, number=number).exists():
            values = services.NetworkInput(number=number, name_th=name)
            services.create_network(actor=SYSTEM, province=province, data=values)


def _users(password: str, networks: list[Network]) -> None:
    for username, display_name, kind, scope in data.DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_person(
                actor=SYSTEM,
                username=username,
                display_name=display_name,
                email="",
                password=password,
            )
        if Role.objects.filter(user=user).exists():
            continue
        grant_role(actor=SYSTEM, user=user, kind=kind, **_scope(scope, networks))


def _scope(scope: tuple[str, Any] | None, networks: list[Network]) -> dict[str, Any]:
    if scope is None:
        return {}
    level, key = scope
    if level == "province":
        return {"province": Province.objects.get(pk=key)}
    if level == "network":
        return {"network": networks[key - 1]}
    # The reporter reports for the first sample school of the coordinator's network.
    school = networks[2].members.filter(is_sample=True).order_by("pk").first()
    return {"organisation": school}
