"""Issue and revoke certificates, keep the province's signatories, queue a batch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moralprovince.accounts.access import Actor, NotAllowed, person
from moralprovince.audit.services import log_action
from moralprovince.certificates.access import may_issue, may_revoke, require
from moralprovince.certificates.models import Certificate, Signatory
from moralprovince.certificates.sources import Facts, Source, source_of
from moralprovince.geo.models import Province
from moralprovince.jobs.models import Job
from moralprovince.jobs.services import enqueue

# A batch larger than this is split by the app that asks (a round of a whole country is
# many provinces, each its own batch).
MAX_BATCH = 5000
MAX_REASON = 1000
MAX_SIGNATORIES = 4


def _source(kind: str) -> Source:
    source = source_of(kind)
    if source is None:
        raise ValidationError(
            {"kind": _("There is no kind of certificate called “%(kind)s”.") % {"kind": kind}}
        )
    return source


def _object_ids(object_ids: Sequence[Any]) -> list[int]:
    try:
        ids = list(dict.fromkeys(int(i) for i in object_ids))
    except (TypeError, ValueError):
        raise ValidationError({"object_ids": _("Each object must be named by its id.")}) from None
    if not ids:
        raise ValidationError({"object_ids": _("Name at least one object to certify.")})
    if len(ids) > MAX_BATCH:
        raise ValidationError(
            {"object_ids": _("At most %(count)s certificates at a time.") % {"count": MAX_BATCH}}
        )
    return ids


def signatories_of(province_id: str) -> list[dict[str, str]]:
    """The province's signatories as printed: name and position, in signing order."""
    rows = Signatory.objects.filter(province_id=province_id)
    return [{"name": s.name, "position": s.position} for s in rows]


def issue_certificate(*, actor: Actor, kind: str, object_id: int) -> Certificate:
    """Issue the object's certificate, or return the one already standing."""
    return issue_certificates(actor=actor, kind=kind, object_ids=[object_id])[0]


@transaction.atomic
def issue_certificates(*, actor: Actor, kind: str, object_ids: Sequence[Any]) -> list[Certificate]:
    """Issue the certificates of these objects, in their order; those already standing are
    returned as they are. Nothing is issued if any object cannot be certified or the actor
    may not issue its certificate."""
    source = _source(kind)
    ids = _object_ids(object_ids)
    standing = {
        c.object_id: c for c in Certificate.objects.standing().filter(kind=kind, object_id__in=ids)
    }
    missing = [i for i in ids if i not in standing]
    facts = source.facts(missing) if missing else {}
    unknown = [str(i) for i in missing if i not in facts]
    if unknown:
        raise ValidationError(
            {"object_ids": _("These cannot be certified: %(ids)s.") % {"ids": ", ".join(unknown)}}
        )
    provinces = {
        **{i: c.province_id for i, c in standing.items()},
        **{i: f.province_id for i, f in facts.items()},
    }
    if not all(may_issue(actor, kind, provinces[i], i) for i in ids):
        raise NotAllowed("certificates.issue")
    signatories: dict[str, list[dict[str, str]]] = {}
    for object_id in missing:
        province_id = facts[object_id].province_id
        if province_id not in signatories:
            signatories[province_id] = signatories_of(province_id)
        standing[object_id] = _issue(
            actor, kind, object_id, facts[object_id], signatories[province_id]
        )
    return [standing[i] for i in ids]


def _issue(
    actor: Actor, kind: str, object_id: int, facts: Facts, signatories: list[dict[str, str]]
) -> Certificate:
    certificate = Certificate(
        province_id=facts.province_id,
        kind=kind,
        object_id=object_id,
        holder_name=facts.holder[:300],
        title_lines=list(facts.lines),
        level_label=facts.level[:200],
        fiscal_year=facts.fiscal_year,
        issued_on=timezone.localdate(),
        signatories=signatories,
        issued_by=person(actor),
    )
    try:
        # Another request may issue the same one at the same moment: the constraint on
        # standing certificates refuses the second, which then returns the first.
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        return Certificate.objects.standing().get(kind=kind, object_id=object_id)
    log_action(
        actor=actor,
        action="certificates.certificate.issued",
        obj=certificate,
        province_id=certificate.province_id,
        after={
            "kind": kind,
            "object_id": object_id,
            "holder_name": certificate.holder_name,
            "level_label": certificate.level_label,
            "fiscal_year": certificate.fiscal_year,
        },
    )
    return certificate


@transaction.atomic
def revoke_certificate(*, actor: Actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a standing certificate, with the reason; its verification page then says so."""
    if not may_revoke(actor, certificate):
        raise NotAllowed("certificates.revoke")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking the certificate.")})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": _("The reason is at most %(count)s characters.") % {"count": MAX_REASON}}
        )
    # Locked so that two revocations at once record one reason, not two.
    row = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if row.revoked_at is not None:
        raise ValidationError(_("This certificate has already been revoked."))
    row.revoked_at = timezone.now()
    row.revoked_reason = reason
    row.revoked_by = person(actor)
    row.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    log_action(
        actor=actor,
        action="certificates.certificate.revoked",
        obj=row,
        province_id=row.province_id,
        before={"revoked_reason": ""},
        after={"revoked_reason": reason},
    )
    return row


@transaction.atomic
def set_signatories(
    *, actor: Actor, province_id: str, rows: Sequence[tuple[str, str]]
) -> list[Signatory]:
    """Replace the province's signatories with these (name, position), in signing order.

    Certificates already issued keep the signatories they were printed with."""
    require(actor, "certificates.signatories.manage", province_id)
    cleaned = [(name.strip(), position.strip()) for name, position in rows]
    problems = {}
    for number, (name, position) in enumerate(cleaned, start=1):
        if not name or not position:
            problems[f"row {number}"] = _(
                "Signatory %(number)s: give both the name and the position."
            ) % {"number": number}
    if problems:
        raise ValidationError(list(problems.values()))
    if len(cleaned) > MAX_SIGNATORIES:
        raise ValidationError(
            _("A certificate has room for at most %(count)s signatories.")
            % {"count": MAX_SIGNATORIES}
        )
    province = Province.objects.get(pk=province_id)
    before = signatories_of(province_id)
    Signatory.objects.filter(province_id=province_id).delete()
    created = [
        Signatory.objects.create(province=province, name=name, position=position, order=order)
        for order, (name, position) in enumerate(cleaned, start=1)
    ]
    after = signatories_of(province_id)
    if before != after:
        log_action(
            actor=actor,
            action="certificates.signatories.updated",
            obj=province,
            province_id=province_id,
            before={"signatories": _as_read(before)},
            after={"signatories": _as_read(after)},
        )
    return created


def _as_read(signatories: list[dict[str, str]]) -> list[str]:
    """The signatories as the log shows them: "name (position)", in order."""
    return [f"{s['name']} ({s['position']})" for s in signatories]


def start_batch(*, actor: Actor, kind: str, province_id: str, object_ids: Sequence[Any]) -> Job:
    """Queue the job that issues the certificates of these objects of one province and makes
    one PDF of them all."""
    source = _source(kind)
    ids = _object_ids(object_ids)
    if not all(may_issue(actor, source.kind, province_id, i) for i in ids):
        raise NotAllowed("certificates.issue")
    return enqueue(
        actor=actor,
        kind="certificates.batch",
        province=Province.objects.get(pk=province_id),
        params={"certificate_kind": kind, "object_ids": ids, "count": len(ids)},
    )
