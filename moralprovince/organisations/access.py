"""Access to programmes, networks and organisations, one helper per entity.

Each helper reads the person's scope from `accounts.scope` and either narrows a queryset
or raises Http404, so a person from another province learns nothing, not even that a row
exists. Views, forms and the API never call `.objects.get()` on these models themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from moralprovince.accounts.scope import Scope, scope_for
from moralprovince.lib.lookup import get_or_404
from moralprovince.organisations.models import Membership, Network, Organisation, Programme


def programmes_visible_to(user: Any) -> QuerySet[Programme]:
    scope = scope_for(user)
    qs = Programme.objects.select_related("province")
    return qs if scope.national else qs.filter(province_id__in=scope.member_provinces)


def public_programmes() -> QuerySet[Programme]:
    """Programmes anyone may see, signed in or not."""
    return Programme.objects.filter(is_public=True).select_related("province")


def get_programme_for_user(user: Any, province_code: str, write: bool = False) -> Programme:
    scope = scope_for(user)
    allowed = scope.can_admin_province if write else scope.is_member_of
    if not allowed(province_code):
        raise Http404
    try:
        return Programme.objects.select_related("province").get(province_id=province_code)
    except Programme.DoesNotExist:
        raise Http404 from None


def networks_visible_to(user: Any) -> QuerySet[Network]:
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


def networks_editable_by(user: Any) -> QuerySet[Network]:
    scope = scope_for(user)
    qs = Network.objects.select_related("province")
    if scope.national:
        return qs
    return qs.filter(
        Q(province_id__in=scope.admin_provinces) | Q(pk__in=scope.coordinated_networks)
    )


def get_network_for_user(user: Any, network_id: Any, write: bool = False) -> Network:
    qs = networks_editable_by(user) if write else networks_visible_to(user)
    return get_or_404(qs, network_id)


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
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


def organisations_editable_by(user: Any) -> QuerySet[Organisation]:
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


def get_organisation_for_user(user: Any, organisation_id: Any, write: bool = False) -> Organisation:
    qs = organisations_editable_by(user) if write else organisations_visible_to(user)
    return get_or_404(qs, organisation_id)


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    return organisations_editable_by(user).filter(pk=organisation.pk).exists()


def can_create_organisation_in(scope: Scope, province_id: str) -> bool:
    """Province admins add organisations anywhere in it; coordinators to their network."""
    if scope.can_admin_province(province_id):
        return True
    return bool(scope.coordinated_networks) and province_id in scope.member_provinces


def unit_q(user: Any, write: bool = False) -> Q:
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
