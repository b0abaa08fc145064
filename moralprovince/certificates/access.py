"""Who sees and writes certificates.

The province's certificates are read by those who read the whole province (its admins,
evaluators and viewers) and by national staff. Issuing and revoking one is for whoever its
source says may (`sources.Source.may_issue`), and revoking also for the province's admins.
Anyone may verify a certificate by its code: that page shows only what the paper shows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from moralprovince.accounts.access import Actor, Rules, allowed, enforce, or_404
from moralprovince.accounts.scope import Scope, scope_for
from moralprovince.certificates.models import Certificate
from moralprovince.certificates.sources import source_of
from moralprovince.lib.lookup import get_or_404
from moralprovince.organisations.access import is_province_code


def _admins(scope: Scope, province_id: str) -> bool:
    return scope.can_admin_province(province_id)


RULES: Rules = {
    # The province's certificates, their list and PDFs (the object is a province code).
    "certificates.read": lambda scope, province_id: scope.can_read_province(province_id),
    # The people who sign the province's certificates.
    "certificates.signatories.manage": _admins,
}


def can(actor: Actor, action: str, obj: Any = None) -> bool:
    return allowed(RULES, actor, action, obj)


def require(actor: Actor, action: str, obj: Any = None) -> None:
    enforce(RULES, actor, action, obj)


def may_issue(actor: Actor, kind: str, province_id: str, object_id: int) -> bool:
    """Whether the certificate's source lets the actor issue it; an unknown kind never does."""
    source = source_of(kind)
    return source is not None and bool(source.may_issue(actor, province_id, object_id))


def may_revoke(actor: Actor, certificate: Certificate) -> bool:
    return scope_for(actor).can_admin_province(certificate.province_id) or may_issue(
        actor, certificate.kind, certificate.province_id, certificate.object_id
    )


def certificates_visible_to(actor: Actor) -> QuerySet[Certificate]:
    scope = scope_for(actor)
    if scope.national:
        return Certificate.objects.all()
    return Certificate.objects.filter(province_id__in=scope.read_provinces)


def get_certificate_for_user(actor: Actor, pk: Any) -> Certificate:
    """The certificate if the actor reads its province; otherwise a 404 that reveals nothing."""
    return get_or_404(certificates_visible_to(actor).select_related("province"), pk)


def get_province_code(actor: Actor, code: str, action: str) -> str:
    """The province code if the actor may do `action` there; otherwise a 404."""
    if not is_province_code(code):
        raise Http404
    return str(or_404(RULES, actor, action, code))
