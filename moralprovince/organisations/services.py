"""Writes to programmes, networks and organisations, each checked and recorded in the audit log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from moralprovince.accounts.access import Actor
from moralprovince.audit.services import log_action, snapshot, stored_snapshot
from moralprovince.core.inputs import Input, assign
from moralprovince.geo.models import Province, Subdistrict
from moralprovince.organisations import access
from moralprovince.organisations.access import NewMember, NewOrganisation
from moralprovince.organisations.models import (
    Membership,
    Network,
    Organisation,
    OrganisationType,
    Programme,
    ProgrammeYear,
)


@dataclass(frozen=True)
class OrganisationInput(Input):
    name_th: str = ""
    name_en: str = ""
    kind: OrganisationType | None = None
    subdistrict: Subdistrict | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    is_sample: bool = False


@dataclass(frozen=True)
class NetworkInput(Input):
    number: int | None = None
    name_th: str = ""
    name_en: str = ""
    description: str = ""
    chair: Organisation | None = None
    secretariat: Organisation | None = None


@dataclass(frozen=True)
class ProgrammeInput(Input):
    name_th: str = ""
    name_en: str = ""
    description: str = ""
    secretariat: Organisation | None = None
    is_public: bool = False
    one_person_secretariat: bool = False


ORGANISATION_FIELDS = OrganisationInput.names()
NETWORK_FIELDS = NetworkInput.names()
PROGRAMME_FIELDS = ProgrammeInput.names()


def check_in_province(province_id: str, **rows: Any) -> None:
    """Refuse rows (or lists of rows) that belong to another province, naming the field."""
    errors = {}
    for name, value in rows.items():
        items = value if isinstance(value, (list, tuple, set, QuerySet)) else [value]
        if any(item is not None and item.province_id != province_id for item in items):
            errors[name] = _("This belongs to another province.")
    if errors:
        raise ValidationError(errors)


def clean_and_save(instance: Any, unique_message: str = "") -> None:
    """Validate and save; a unique clash from a concurrent write becomes a clear refusal."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise ValidationError(unique_message or _("This conflicts with another record.")) from None


def _write(
    actor: Actor, row: Any, data: Input, action: str, before: dict[str, Any] | None = None
) -> None:
    """Assign the input, check the row (`_CHECKS`), save it and log the change once.

    `before` is the stored row's snapshot for an update (None for a new row); an update that
    changes nothing writes nothing and logs nothing.
    """
    names = data.names()
    assign(row, data)
    if before is not None and snapshot(row, names) == before:
        return
    _CHECKS[type(row)](row)
    clean_and_save(row, str(_UNIQUE_MESSAGES.get(type(row), "")))
    after = snapshot(row, names)
    log_action(
        actor=actor, action=action, obj=row, province_id=row.province_id, before=before, after=after
    )


def _check_organisation(organisation: Organisation) -> None:
    check_in_province(organisation.province_id, subdistrict=organisation.subdistrict)
    organisation.refresh_search_text()


def _check_network(network: Network) -> None:
    check_in_province(network.province_id, chair=network.chair, secretariat=network.secretariat)


def _check_programme(programme: Programme) -> None:
    check_in_province(programme.province_id, secretariat=programme.secretariat)


_CHECKS: dict[type, Callable[[Any], None]] = {
    Organisation: _check_organisation,
    Network: _check_network,
    Programme: _check_programme,
}
_UNIQUE_MESSAGES = {
    Network: _lazy("A network with this number or name already exists."),
}


@transaction.atomic
def create_organisation(
    *, actor: Actor, province: Province, data: OrganisationInput, network: Network | None = None
) -> Organisation:
    """Create an organisation in a province, optionally as a member of one network."""
    _check_new_organisation(actor, NewOrganisation(province.pk, network))
    organisation = Organisation(province=province)
    _write(actor, organisation, data, "organisations.organisation.created")
    if network is not None:
        add_member(actor=actor, network=network, organisation=organisation)
    return organisation


def _check_new_organisation(actor: Actor, new: NewOrganisation) -> None:
    if new.network is not None:
        check_in_province(new.province_id, network=new.network)
    elif not access.can(actor, "organisations.organisation.create", new) and access.can(
        actor, "organisations.organisation.add_in", new.province_id
    ):
        # A coordinator adds organisations only to one of their networks.
        raise ValidationError(
            {"network": _("Choose one of your networks for the new organisation.")}
        )
    access.require(actor, "organisations.organisation.create", new)


@transaction.atomic
def update_organisation(
    *, actor: Actor, organisation: Organisation, data: OrganisationInput
) -> Organisation:
    """Change an organisation's details."""
    access.require(actor, "organisations.organisation.update", organisation)
    before = stored_snapshot(organisation, ORGANISATION_FIELDS)
    _write(actor, organisation, data, "organisations.organisation.updated", before)
    return organisation


@transaction.atomic
def create_network(*, actor: Actor, province: Province, data: NetworkInput) -> Network:
    """Add a social network to a province."""
    access.require(actor, "organisations.network.create", province.pk)
    network = Network(province=province)
    _write(actor, network, data, "organisations.network.created")
    return network


@transaction.atomic
def update_network(*, actor: Actor, network: Network, data: NetworkInput) -> Network:
    """Change a network's name, approach, chair or secretariat."""
    access.require(actor, "organisations.network.update", network)
    before = stored_snapshot(network, NETWORK_FIELDS)
    _write(actor, network, data, "organisations.network.updated", before)
    return network


@transaction.atomic
def add_member(*, actor: Actor, network: Network, organisation: Organisation) -> Membership:
    """Make an organisation of the same province a member of a network."""
    access.require(actor, "organisations.network.update", network)
    check_in_province(network.province_id, organisation=organisation)
    if not access.can(actor, "organisations.network.add_member", NewMember(network, organisation)):
        others = organisation.networks.exclude(pk=network.pk).order_by("number")
        message = _(
            "%(organisation)s is a member of %(networks)s. Only the province admin may add it "
            "to another network as well."
        ) % {"organisation": organisation.name, "networks": ", ".join(n.name for n in others)}
        raise ValidationError({"organisation": message})
    membership, created = Membership.objects.get_or_create(
        network=network, organisation=organisation
    )
    if created:
        log_action(
            actor=actor,
            action="organisations.membership.created",
            obj=membership,
            province_id=network.province_id,
            after={"network": network.pk, "organisation": organisation.pk},
        )
    return membership


@transaction.atomic
def remove_member(*, actor: Actor, network: Network, organisation: Organisation) -> None:
    """Take an organisation out of a network."""
    access.require(actor, "organisations.network.update", network)
    membership = Membership.objects.filter(network=network, organisation=organisation).first()
    if membership is None:
        return
    log_action(
        actor=actor,
        action="organisations.membership.deleted",
        obj=membership,
        province_id=network.province_id,
        before={"network": network.pk, "organisation": organisation.pk},
    )
    membership.delete()


@transaction.atomic
def create_programme(*, actor: Actor, province: Province, data: ProgrammeInput) -> Programme:
    """Start a province's programme (national admins only)."""
    access.require(actor, "organisations.programme.create", province.pk)
    if Programme.objects.filter(province=province).exists():
        raise ValidationError({"province": _("This province already runs a programme.")})
    programme = Programme(province=province)
    _write(actor, programme, data, "organisations.programme.created")
    return programme


@transaction.atomic
def update_programme(*, actor: Actor, programme: Programme, data: ProgrammeInput) -> Programme:
    """Change a programme's name, description, secretariat or visibility."""
    access.require(actor, "organisations.programme.update", programme)
    before = stored_snapshot(programme, PROGRAMME_FIELDS)
    _write(actor, programme, data, "organisations.programme.updated", before)
    return programme


@transaction.atomic
def create_programme_year(
    *, actor: Actor, programme: Programme, fiscal_year: int, year_number: int, theme: str = ""
) -> ProgrammeYear:
    """Record that the province runs the programme in a fiscal year."""
    access.require(actor, "organisations.programme.update", programme)
    year = ProgrammeYear(
        programme=programme, fiscal_year=fiscal_year, year_number=year_number, theme=theme
    )
    clean_and_save(year, _("This fiscal year or programme year is already recorded."))
    log_action(
        actor=actor,
        action="organisations.programme_year.created",
        obj=year,
        province_id=programme.province_id,
        after={"fiscal_year": fiscal_year, "year_number": year_number, "theme": theme},
    )
    return year


@transaction.atomic
def delete_programme_year(*, actor: Actor, year: ProgrammeYear) -> None:
    """Remove a fiscal year from a programme."""
    access.require(actor, "organisations.programme.update", year.programme)
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
