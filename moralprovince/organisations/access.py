"""Access to programmes, networks and organisations: the rule table and the visible rows.

`RULES` says what a person may do (`can(actor, "organisations.network.update", network)`);
the `*_visible_to` / `*_editable_by` helpers narrow a queryset, and the `get_*_for_user`
helpers raise Http404, so a person from another province learns nothing, not even that a row
exists. Pages, the API and the services ask only here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from moralprovince.accounts.access import Actor, Rules, allowed, enforce
from moralprovince.accounts.scope import Scope, scope_for
from moralprovince.geo.models import Province
from moralprovince.lib.lookup import get_or_404
from moralprovince.organisations.models import Membership, Network, Organisation, Programme


@dataclass(frozen=True)
class NewOrganisation:
    """Where a new organisation would go: its province and the network it joins, if any."""

    province_id: str
    network: Network | None = None


@dataclass(frozen=True)
class NewMember:
    """An organisation about to join a network."""

    network: Network
    organisation: Organisation


def _edits_network(scope: Scope, network: Network) -> bool:
    return scope.can_admin_province(network.province_id) or network.pk in scope.coordinated_networks


def _edits_organisation(scope: Scope, organisation: Organisation) -> bool:
    if scope.can_admin_province(organisation.province_id):
        return True
    if organisation.pk in scope.reported_organisations:
        return True
    return Membership.objects.filter(
        organisation=organisation, network_id__in=scope.coordinated_networks
    ).exists()


def _coordinates_in(scope: Scope, province_id: str) -> bool:
    return Network.objects.filter(
        pk__in=scope.coordinated_networks, province_id=province_id
    ).exists()


def _creates_organisation(scope: Scope, new: NewOrganisation) -> bool:
    """Province admins add organisations anywhere in it; coordinators to their own network."""
    network = new.network
    if network is not None and network.province_id != new.province_id:
        # Rights in one province never reach a network of another.
        return False
    if scope.can_admin_province(new.province_id):
        return True
    return network is not None and network.pk in scope.coordinated_networks


def _adds_member(scope: Scope, new: NewMember) -> bool:
    """Province admins add any organisation of the province to any of its networks.

    A coordinator adds to their network only an organisation that belongs to no other
    network: joining gives the coordinator the right to change the organisation and its
    plans, so taking one from another network is for the province's admins to decide.
    """
    network, organisation = new.network, new.organisation
    if organisation.province_id != network.province_id:
        return False
    if scope.can_admin_province(network.province_id):
        return True
    if network.pk not in scope.coordinated_networks:
        return False
    return not in_other_networks(network).filter(pk=organisation.pk).exists()


def in_other_networks(network: Network) -> QuerySet[Organisation]:
    """Organisations that are members of a network other than this one."""
    others = Membership.objects.exclude(network=network).values("organisation_id")
    return Organisation.objects.filter(pk__in=others)


RULES: Rules = {
    "organisations.programme.create": lambda scope, _province_id: scope.national,
    "organisations.programme.update": lambda scope, programme: scope.can_admin_province(
        programme.province_id
    ),
    # Everything of the province, not only its own units (dashboards, the integrated plan,
    # the reporting status, visits, the year's report): admins, evaluators, observers.
    "organisations.province.read_all": lambda scope, province_id: scope.can_read_province(
        province_id
    ),
    # The province's people page: its admins give and take roles.
    "organisations.people.manage": lambda scope, province_id: scope.can_admin_province(province_id),
    "organisations.network.create": lambda scope, province_id: scope.can_admin_province(
        province_id
    ),
    "organisations.network.update": _edits_network,
    "organisations.network.add_member": _adds_member,
    "organisations.organisation.update": _edits_organisation,
    "organisations.organisation.create": _creates_organisation,
    # Whether the "add an organisation" page opens at all in a province.
    "organisations.organisation.add_in": lambda scope, province_id: (
        scope.can_admin_province(province_id) or _coordinates_in(scope, province_id)
    ),
}


def can(actor: Actor, action: str, obj: Any = None) -> bool:
    return allowed(RULES, actor, action, obj)


def require(actor: Actor, action: str, obj: Any = None) -> None:
    enforce(RULES, actor, action, obj)


def programmes_visible_to(user: Actor) -> QuerySet[Programme]:
    scope = scope_for(user)
    qs = Programme.objects.select_related("province")
    return qs if scope.national else qs.filter(province_id__in=scope.member_provinces)


def public_programmes() -> QuerySet[Programme]:
    """Programmes anyone may see, signed in or not."""
    return Programme.objects.filter(is_public=True).select_related("province")


def is_province_code(code: object) -> bool:
    """Whether `code` is written as a province's two-digit DOPA code: anything else (a NUL
    byte, a long run of digits) is answered as not found before it reaches the database."""
    return isinstance(code, str) and len(code) == 2 and code.isascii() and code.isdigit()


def get_programme_for_user(user: Actor, province_code: str, write: bool = False) -> Programme:
    if not is_province_code(province_code):
        raise Http404
    scope = scope_for(user)
    may = scope.can_admin_province if write else scope.is_member_of
    if not may(province_code):
        raise Http404
    try:
        return Programme.objects.select_related("province").get(province_id=province_code)
    except Programme.DoesNotExist:
        raise Http404 from None


def get_programme_for_reader(actor: Actor, province_id: str) -> Programme:
    """The programme of a province the person reads as a whole, or a 404."""
    programme = get_programme_for_user(actor, province_id)
    if not can(actor, "organisations.province.read_all", province_id):
        raise Http404
    return programme


def networks_visible_to(user: Actor) -> QuerySet[Network]:
    scope = scope_for(user)
    qs = Network.objects.select_related("province", "chair", "secretariat")
    if scope.national:
        return qs
    own_org_networks = Membership.objects.filter(
        organisation_id__in=scope.read_organisations
    ).values("network_id")
    return qs.filter(
        Q(province_id__in=scope.read_provinces)
        | Q(pk__in=scope.read_networks)
        | Q(pk__in=own_org_networks)
    )


def networks_editable_by(user: Actor) -> QuerySet[Network]:
    scope = scope_for(user)
    qs = Network.objects.select_related("province")
    if scope.national:
        return qs
    return qs.filter(
        Q(province_id__in=scope.admin_provinces) | Q(pk__in=scope.coordinated_networks)
    )


def get_network_for_user(user: Actor, network_id: Any, write: bool = False) -> Network:
    qs = networks_editable_by(user) if write else networks_visible_to(user)
    return get_or_404(qs, network_id)


def organisations_visible_to(user: Actor) -> QuerySet[Organisation]:
    scope = scope_for(user)
    qs = Organisation.objects.select_related("province", "subdistrict__district", "kind")
    if scope.national:
        return qs
    in_read_networks = Membership.objects.filter(network_id__in=scope.read_networks).values(
        "organisation_id"
    )
    return qs.filter(
        Q(province_id__in=scope.read_provinces)
        | Q(pk__in=in_read_networks)
        | Q(pk__in=scope.read_organisations)
    )


def organisations_editable_by(user: Actor) -> QuerySet[Organisation]:
    scope = scope_for(user)
    qs = Organisation.objects.select_related("province", "subdistrict__district", "kind")
    if scope.national:
        return qs
    in_coordinated = Membership.objects.filter(network_id__in=scope.coordinated_networks).values(
        "organisation_id"
    )
    return qs.filter(
        Q(province_id__in=scope.admin_provinces)
        | Q(pk__in=in_coordinated)
        | Q(pk__in=scope.reported_organisations)
    )


def get_organisation_for_user(
    user: Actor, organisation_id: Any, write: bool = False
) -> Organisation:
    qs = organisations_editable_by(user) if write else organisations_visible_to(user)
    return get_or_404(qs, organisation_id)


def organisations_open_to_join(actor: Actor, network: Network) -> QuerySet[Organisation]:
    """The organisations the person may add to the network (`organisations.network.add_member`)."""
    scope = scope_for(actor)
    qs = Organisation.objects.filter(province_id=network.province_id).exclude(
        memberships__network=network
    )
    if not _edits_network(scope, network):
        return qs.none()
    if scope.can_admin_province(network.province_id):
        return qs
    return qs.exclude(pk__in=in_other_networks(network).values("pk"))


def provinces_administered_by(actor: Actor) -> QuerySet[Province]:
    scope = scope_for(actor)
    qs = Province.objects.all()
    return qs if scope.national else qs.filter(pk__in=scope.admin_provinces)


def provinces_open_for_new_organisations(actor: Actor) -> QuerySet[Province]:
    """Provinces where the person may add an organisation (as admin or coordinator)."""
    scope = scope_for(actor)
    if scope.national:
        return Province.objects.all()
    coordinated = Network.objects.filter(pk__in=scope.coordinated_networks).values("province_id")
    return Province.objects.filter(Q(pk__in=scope.admin_provinces) | Q(pk__in=coordinated))


def unit_q(user: Actor, write: bool = False) -> Q:
    """Rows that belong to a province, a network or an organisation (plans, declarations…).

    Such a row has `province`, and at most one of `network` and `organisation`. Reading:
    province-level rows are open to everyone with a role in the province; network and
    organisation rows follow the network and organisation rules. Writing: province admins
    everything in their province, coordinators their network and its members' rows,
    reporters their organisation's rows.
    """
    scope = scope_for(user)
    if scope.national:
        return Q()
    province_level = Q(network__isnull=True, organisation__isnull=True)
    if write:
        return (
            Q(province_id__in=scope.admin_provinces)
            | Q(network_id__in=scope.coordinated_networks)
            | Q(organisation_id__in=organisations_editable_by(user).values("pk"))
        )
    return (
        Q(province_id__in=scope.read_provinces)
        | (province_level & Q(province_id__in=scope.member_provinces))
        | Q(network_id__in=networks_visible_to(user).values("pk"))
        | Q(organisation_id__in=organisations_visible_to(user).values("pk"))
    )
