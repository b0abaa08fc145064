"""Who sees and writes meetings, actions, partners and MOUs: this app's one rule table.

Meetings and their actions are the province's working papers: its admins (and the national
level) see and write all of them; a network's coordinators see and write the meetings of
their network's working group, and see the actions their network owns. MOUs and the partner
pages are for the province's admins. Participants' contact details are shown only to the
province's admins. Anyone else, another province's people included, gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import Http404

from moralprovince.accounts.access import Actor, Rules, allowed, enforce
from moralprovince.accounts.scope import Scope, scope_for
from moralprovince.lib.lookup import get_or_404
from moralprovince.organisations.access import is_province_code
from moralprovince.organisations.models import Network, Programme
from moralprovince.partnerships.models import ActionItem, Meeting, Mou
from moralprovince.people.models import Partner


def _admins(scope: Scope, obj: Any) -> bool:
    """`obj` is a row with a province, or a province code."""
    province_id = obj if isinstance(obj, str) else obj.province_id
    return scope.can_admin_province(province_id)


def _writes_meeting(scope: Scope, meeting: Meeting) -> bool:
    if scope.can_admin_province(meeting.province_id):
        return True
    return meeting.network_id is not None and meeting.network_id in scope.coordinated_networks


def _records_meetings_in(scope: Scope, province_id: str) -> bool:
    """Admins record any meeting of the province; coordinators those of their network."""
    if scope.can_admin_province(province_id):
        return True
    return Network.objects.filter(
        pk__in=scope.coordinated_networks, province_id=province_id
    ).exists()


RULES: Rules = {
    # The province's meetings page opens for its admins and its networks' coordinators.
    "partnerships.meetings.view": _records_meetings_in,
    "partnerships.meeting.create": _records_meetings_in,
    "partnerships.meeting.write": _writes_meeting,
    # Participants' phone numbers and e-mail addresses: the province's admins only.
    "partnerships.contacts.view": _admins,
    "partnerships.partner.manage": _admins,
    "partnerships.mou.manage": _admins,
}


def can(actor: Actor, action: str, obj: Any = None) -> bool:
    return allowed(RULES, actor, action, obj)


def require(actor: Actor, action: str, obj: Any = None) -> None:
    enforce(RULES, actor, action, obj)


def meetings_visible_to(actor: Actor) -> QuerySet[Meeting]:
    """The meetings the actor sees: all of the provinces they administer, and those of the
    working groups of the networks they coordinate (who also write them)."""
    scope = scope_for(actor)
    rows = Meeting.objects.select_related("province", "network", "chair")
    if scope.national:
        return rows
    return rows.filter(
        Q(province_id__in=scope.admin_provinces)
        | Q(network_id__in=scope.coordinated_networks, network__province_id=F("province_id"))
    )


def actions_visible_to(actor: Actor) -> QuerySet[ActionItem]:
    """Actions of the meetings the actor sees, and those their network owns."""
    scope = scope_for(actor)
    rows = ActionItem.objects.select_related(
        "decision__meeting", "owner_network", "owner_organisation", "owner_person"
    )
    if scope.national:
        return rows
    return rows.filter(
        Q(province_id__in=scope.admin_provinces)
        | Q(decision__meeting__in=meetings_visible_to(actor).values("pk"))
        | Q(
            owner_network_id__in=scope.coordinated_networks,
            owner_network__province_id=F("province_id"),
        )
    )


def networks_for_meetings(actor: Actor, province_id: str) -> QuerySet[Network]:
    """The networks whose working-group meetings the actor records in the province."""
    scope = scope_for(actor)
    rows = Network.objects.filter(province_id=province_id)
    if scope.can_admin_province(province_id):
        return rows
    return rows.filter(pk__in=scope.coordinated_networks)


def partners_visible_to(actor: Actor) -> QuerySet[Partner]:
    scope = scope_for(actor)
    rows = Partner.objects.all()
    return rows if scope.national else rows.filter(province_id__in=scope.admin_provinces)


def mous_visible_to(actor: Actor) -> QuerySet[Mou]:
    scope = scope_for(actor)
    rows = Mou.objects.select_related("province")
    return rows if scope.national else rows.filter(province_id__in=scope.admin_provinces)


def get_meeting_for_user(actor: Actor, pk: Any, write: bool = False) -> Meeting:
    meeting = get_or_404(meetings_visible_to(actor), pk)
    if write and not can(actor, "partnerships.meeting.write", meeting):
        raise Http404
    return meeting


def get_action_for_user(actor: Actor, pk: Any) -> ActionItem:
    """An action the actor may change: one of a meeting they write."""
    action = get_or_404(actions_visible_to(actor), pk)
    if not can(actor, "partnerships.meeting.write", action.decision.meeting):
        raise Http404
    return action


def get_partner_for_user(actor: Actor, pk: Any) -> Partner:
    return get_or_404(partners_visible_to(actor), pk)


def get_mou_for_user(actor: Actor, pk: Any) -> Mou:
    return get_or_404(mous_visible_to(actor), pk)


def get_programme(actor: Actor, code: str, action: str) -> Programme:
    """The province's programme if the actor may do `action` in it; otherwise a 404."""
    if not is_province_code(code) or not can(actor, action, code):
        raise Http404
    programme = Programme.objects.select_related("province").filter(province_id=code).first()
    if programme is None:
        raise Http404
    return programme
