"""What a person may see and change: the one place that reads their roles.

Every view, form and API endpoint asks this module (through the per-entity helpers in
`organisations.access`) instead of filtering by itself. A person with no role in a
province sees nothing of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F

from moralprovince.accounts.models import Role, RoleKind

_CACHE_ATTR = "_moralprovince_scope"


@dataclass(frozen=True)
class Scope:
    national: bool = False
    # Provinces whose programme the person administers.
    admin_provinces: frozenset[str] = field(default_factory=frozenset)
    # Provinces the person reads as a whole (admins, evaluators, province viewers).
    read_provinces: frozenset[str] = field(default_factory=frozenset)
    # Provinces whose academic partner (evaluator) the person is.
    evaluator_provinces: frozenset[str] = field(default_factory=frozenset)
    # Every province the person has any role in.
    member_provinces: frozenset[str] = field(default_factory=frozenset)
    # Provinces in which the person coordinates at least one network.
    coordinator_provinces: frozenset[str] = field(default_factory=frozenset)
    coordinated_networks: frozenset[int] = field(default_factory=frozenset)
    read_networks: frozenset[int] = field(default_factory=frozenset)
    reported_organisations: frozenset[int] = field(default_factory=frozenset)
    read_organisations: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (self.national or self.member_provinces)

    def can_admin_province(self, province_id: str) -> bool:
        return self.national or province_id in self.admin_provinces

    def can_read_province(self, province_id: str) -> bool:
        return self.national or province_id in self.read_provinces

    def is_member_of(self, province_id: str) -> bool:
        return self.national or province_id in self.member_provinces


@dataclass(frozen=True)
class SystemActor:
    """The system itself: a command, the demo loader or a background job.

    It may do everything, and the audit log names it by `name` instead of a person.
    """

    name: str = "system"
    is_authenticated: bool = True
    is_active: bool = True
    pk: None = None

    def get_username(self) -> str:
        return self.name


SYSTEM = SystemActor()
NATIONAL = Scope(national=True)


def scope_for(user: Any) -> Scope:
    """Return the person's scope, read once per request and kept on the user object."""
    if isinstance(user, SystemActor):
        return NATIONAL
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        roles = Role.objects.filter(user=user).annotate(
            network_province=F("network__province_id"),
            organisation_province=F("organisation__province_id"),
        )
        cached = _build_scope(list(roles))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_scope(user: Any) -> None:
    """Drop the cached scope, after the person's roles changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _build_scope(roles: list[Role]) -> Scope:
    sets: dict[str, set[Any]] = {
        name: set()
        for name in (
            "admin_provinces",
            "read_provinces",
            "evaluator_provinces",
            "member_provinces",
            "coordinator_provinces",
            "coordinated_networks",
            "read_networks",
            "reported_organisations",
            "read_organisations",
        )
    }
    national = False
    for role in roles:
        if role.kind == RoleKind.NATIONAL_ADMIN:
            national = True
            continue
        if not _within_its_province(role):
            continue
        sets["member_provinces"].add(role.province_id)
        _add_role(role, sets)
    return Scope(national=national, **{k: frozenset(v) for k, v in sets.items()})


def _within_its_province(role: Role) -> bool:
    """A role counts only if its network or organisation is in the role's own province.

    `grant_role` takes the province from the network or organisation, but a row written any
    other way (a fixture, a moved organisation, the shell) must not give rights in one
    province from a role in another.
    """
    for unit_id, unit_province in (
        (role.network_id, getattr(role, "network_province", None)),
        (role.organisation_id, getattr(role, "organisation_province", None)),
    ):
        if unit_id is not None and unit_province != role.province_id:
            return False
    return True


def _add_role(role: Role, sets: dict[str, set[Any]]) -> None:
    if role.kind == RoleKind.PROVINCE_ADMIN:
        sets["admin_provinces"].add(role.province_id)
        sets["read_provinces"].add(role.province_id)
    elif role.kind == RoleKind.EVALUATOR:
        sets["read_provinces"].add(role.province_id)
        sets["evaluator_provinces"].add(role.province_id)
    elif role.kind == RoleKind.NETWORK_COORDINATOR:
        sets["coordinator_provinces"].add(role.province_id)
        sets["coordinated_networks"].add(role.network_id)
        sets["read_networks"].add(role.network_id)
    elif role.kind == RoleKind.ORGANISATION_REPORTER:
        sets["reported_organisations"].add(role.organisation_id)
        sets["read_organisations"].add(role.organisation_id)
    elif role.kind == RoleKind.VIEWER:
        if role.organisation_id:
            sets["read_organisations"].add(role.organisation_id)
        elif role.network_id:
            sets["read_networks"].add(role.network_id)
        else:
            sets["read_provinces"].add(role.province_id)
