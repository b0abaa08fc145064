"""Writes to programmes, networks and organisations, each recorded in the audit log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from moralprovince.accounts.access import Actor
from moralprovince.audit.services import log_action, snapshot
from moralprovince.geo.models import Province
from moralprovince.organisations.models import (
    Membership,
    Network,
    Organisation,
    Programme,
    ProgrammeYear,
)

ORGANISATION_FIELDS = [
    "name_th",
    "name_en",
    "kind",
    "subdistrict",
    "address",
    "phone",
    "email",
    "website",
    "is_sample",
]
NETWORK_FIELDS = ["number", "name_th", "name_en", "description", "chair", "secretariat"]
PROGRAMME_FIELDS = ["name_th", "name_en", "description", "secretariat", "is_public"]


def _assign(instance: Any, data: dict[str, Any], fields: list[str]) -> None:
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def check_in_province(province_id: str, **rows: Any) -> None:
    """Refuse rows (or lists of rows) that belong to another province, naming the field."""
    errors = {}
    for name, value in rows.items():
        items = value if isinstance(value, (list, tuple, set, QuerySet)) else [value]
        if any(item is not None and item.province_id != province_id for item in items):
            errors[name] = _("This belongs to another province.")
    if errors:
        raise ValidationError(errors)


def save_checked(instance: Any, unique_message: str = "") -> None:
    """Validate and save; a unique clash from a concurrent write becomes a clear refusal."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise ValidationError(unique_message or _("This conflicts with another record.")) from None


@transaction.atomic
def create_organisation(
    *, actor: Actor, province: Province, data: dict[str, Any], network: Network | None = None
) -> Organisation:
    """Create an organisation in a province, optionally as a member of one network."""
    organisation = Organisation(province=province)
    _assign(organisation, data, ORGANISATION_FIELDS)
    check_in_province(province.pk, subdistrict=organisation.subdistrict)
    organisation.refresh_search_text()
    organisation.full_clean()
    organisation.save()
    log_action(
        actor=actor,
        action="organisations.organisation.created",
        obj=organisation,
        province_id=province.pk,
        after=snapshot(organisation, ORGANISATION_FIELDS),
    )
    if network is not None:
        add_member(actor=actor, network=network, organisation=organisation)
    return organisation


@transaction.atomic
def update_organisation(
    *, actor: Actor, organisation: Organisation, data: dict[str, Any]
) -> Organisation:
    """Change an organisation's details."""
    before = snapshot(organisation, ORGANISATION_FIELDS)
    _assign(organisation, data, ORGANISATION_FIELDS)
    check_in_province(organisation.province_id, subdistrict=organisation.subdistrict)
    organisation.refresh_search_text()
    organisation.full_clean()
    organisation.save()
    log_action(
        actor=actor,
        action="organisations.organisation.updated",
        obj=organisation,
        province_id=organisation.province_id,
        before=before,
        after=snapshot(organisation, ORGANISATION_FIELDS),
    )
    return organisation


@transaction.atomic
def create_network(*, actor: Actor, province: Province, data: dict[str, Any]) -> Network:
    """Add a social network to a province."""
    network = Network(province=province)
    _assign(network, data, NETWORK_FIELDS)
    check_in_province(province.pk, chair=network.chair, secretariat=network.secretariat)
    save_checked(network, _("A network with this number or name already exists."))
    log_action(
        actor=actor,
        action="organisations.network.created",
        obj=network,
        province_id=province.pk,
        after=snapshot(network, NETWORK_FIELDS),
    )
    return network


@transaction.atomic
def update_network(*, actor: Actor, network: Network, data: dict[str, Any]) -> Network:
    """Change a network's name, approach, chair or secretariat."""
    before = snapshot(network, NETWORK_FIELDS)
    _assign(network, data, NETWORK_FIELDS)
    check_in_province(network.province_id, chair=network.chair, secretariat=network.secretariat)
    save_checked(network, _("A network with this number or name already exists."))
    log_action(
        actor=actor,
        action="organisations.network.updated",
        obj=network,
        province_id=network.province_id,
        before=before,
        after=snapshot(network, NETWORK_FIELDS),
    )
    return network


@transaction.atomic
def add_member(*, actor: Actor, network: Network, organisation: Organisation) -> Membership:
    """Make an organisation of the same province a member of a network."""
    check_in_province(network.province_id, organisation=organisation)
    membership, created = Membership.objects.get_or_create(
        network=network, organisation=organisation
    )
    if created:
        log_action(
            actor=actor,
            action="organisations.membership.created",
            obj=network,
            province_id=network.province_id,
            after={"member": organisation.pk},
        )
    return membership


@transaction.atomic
def remove_member(*, actor: Actor, network: Network, organisation: Organisation) -> None:
    """Take an organisation out of a network."""
    deleted, _rows = Membership.objects.filter(network=network, organisation=organisation).delete()
    if deleted:
        log_action(
            actor=actor,
            action="organisations.membership.deleted",
            obj=network,
            province_id=network.province_id,
            before={"member": organisation.pk},
        )


@transaction.atomic
def create_programme(*, actor: Actor, province: Province, data: dict[str, Any]) -> Programme:
    """Start a province's programme (national admins only, checked by the caller)."""
    if Programme.objects.filter(province=province).exists():
        raise ValidationError({"province": _("This province already runs a programme.")})
    programme = Programme(province=province)
    _assign(programme, data, PROGRAMME_FIELDS)
    check_in_province(province.pk, secretariat=programme.secretariat)
    programme.full_clean()
    programme.save()
    log_action(
        actor=actor,
        action="organisations.programme.created",
        obj=programme,
        province_id=province.pk,
        after=snapshot(programme, PROGRAMME_FIELDS),
    )
    return programme


@transaction.atomic
def update_programme(*, actor: Actor, programme: Programme, data: dict[str, Any]) -> Programme:
    """Change a programme's name, description, secretariat or visibility."""
    before = snapshot(programme, PROGRAMME_FIELDS)
    _assign(programme, data, PROGRAMME_FIELDS)
    check_in_province(programme.province_id, secretariat=programme.secretariat)
    programme.full_clean()
    programme.save()
    log_action(
        actor=actor,
        action="organisations.programme.updated",
        obj=programme,
        province_id=programme.province_id,
        before=before,
        after=snapshot(programme, PROGRAMME_FIELDS),
    )
    return programme


@transaction.atomic
def add_programme_year(
    *, actor: Actor, programme: Programme, fiscal_year: int, year_number: int, theme: str = ""
) -> ProgrammeYear:
    """Record that the province runs the programme in a fiscal year."""
    year = ProgrammeYear(
        programme=programme, fiscal_year=fiscal_year, year_number=year_number, theme=theme
    )
    save_checked(year, _("This fiscal year or programme year is already recorded."))
    log_action(
        actor=actor,
        action="organisations.programme_year.created",
        obj=year,
        province_id=programme.province_id,
        after={"fiscal_year": fiscal_year, "year_number": year_number, "theme": theme},
    )
    return year


@transaction.atomic
def remove_programme_year(*, actor: Actor, year: ProgrammeYear) -> None:
    """Remove a fiscal year from a programme."""
    province_id = year.programme.province_id
    before = {"fiscal_year": year.fiscal_year, "year_number": year.year_number}
    log_action(
        actor=actor,
        action="organisations.programme_year.deleted",
        obj=year,
        province_id=province_id,
        before=before,
    )
    year.delete()
