"""Every write of assessments: criteria versions, rounds, self-assessment, verification,
approval and reopening. Each runs in one transaction, checks the actor's right through
`access`, records the step in the assessment's history and in the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from moralprovince.accounts.access import Actor, NotAllowed, person
from moralprovince.accounts.models import Role, RoleKind, User
from moralprovince.assessments import access
from moralprovince.assessments.certificates import revoke_on_reopen
from moralprovince.assessments.levels import decide_assessment
from moralprovince.assessments.models import (
    LEVELS,
    Assessment,
    AssessmentEvidence,
    AssessmentStatus,
    Community,
    CriteriaVersion,
    CriterionItem,
    EvaluatorAssignment,
    EvidenceKind,
    ItemRequirement,
    ItemScore,
    LevelRule,
    Round,
    RoundCriteria,
    ScoringKind,
    Transition,
    UnitType,
    VersionStatus,
)
from moralprovince.audit.services import actor_name, log_action, snapshot
from moralprovince.geo.models import District
from moralprovince.lib.storage import files_removed_on_rollback
from moralprovince.lib.thaidate import format_date
from moralprovince.monitoring.uploads import IMAGE_EXTENSIONS, prepare_evidence
from moralprovince.organisations.models import Network, Organisation
from moralprovince.people.models import Partner

S = AssessmentStatus

# The steps of an assessment: the states each starts from and the state it leads to.
STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "start": ((S.NOT_STARTED,), S.DRAFT),
    "submit": ((S.NOT_STARTED, S.DRAFT, S.RETURNED), S.SUBMITTED),
    "return": ((S.SUBMITTED,), S.RETURNED),
    "verify": ((S.SUBMITTED,), S.VERIFIED),
    "approve": ((S.VERIFIED,), S.APPROVED),
    # An approved result is corrected only by opening it again for verification, with a reason.
    "reopen": ((S.APPROVED,), S.SUBMITTED),
}


def _refuse(actor: Actor, allowed: bool) -> None:
    if not allowed:
        raise NotAllowed


# --- criteria ---------------------------------------------------------------------------------


def version_in_use(version: CriteriaVersion) -> bool:
    """Whether a round or an assessment uses the version: then it is never changed."""
    return (
        RoundCriteria.objects.filter(version=version).exists()
        or Assessment.objects.filter(version=version).exists()
    )


def _next_number(unit_type: str, fiscal_year: int) -> int:
    found = CriteriaVersion.objects.filter(unit_type=unit_type, fiscal_year=fiscal_year)
    return (found.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def create_version(*, actor: Actor, data: Mapping[str, Any]) -> CriteriaVersion:
    """Start a draft version of the criteria for a unit type and fiscal year."""
    access.require(actor, "assessments.criteria.manage")
    version = CriteriaVersion(
        **data,
        number=_next_number(data["unit_type"], data["fiscal_year"]),
        created_by=person(actor),
    )
    version.full_clean()
    version.save()
    log_action(actor=actor, action="assessments.criteria.created", obj=version, province_id=None)
    return version


def _copy(version: CriteriaVersion, actor: Actor) -> CriteriaVersion:
    copy = CriteriaVersion.objects.get(pk=version.pk)
    copy.pk = None
    copy.number = _next_number(version.unit_type, version.fiscal_year)
    copy.status = VersionStatus.DRAFT
    copy.published_at = None
    copy.based_on = version
    copy.created_by = person(actor)
    copy.save()
    items = {}
    for item in version.items.all():
        old_pk = item.pk
        item.pk = None
        item.version = copy
        item.save()
        items[old_pk] = item
    for rule in version.rules.prefetch_related("requirements"):
        requirements = list(rule.requirements.all())
        rule.pk = None
        rule.version = copy
        rule.save()
        ItemRequirement.objects.bulk_create(
            ItemRequirement(rule=rule, item=items[r.item_id], min_points=r.min_points)
            for r in requirements
        )
    log_action(
        actor=actor,
        action="assessments.criteria.copied",
        obj=copy,
        province_id=None,
        after={"based_on": version.pk},
    )
    return copy


def writable_version(version: CriteriaVersion, actor: Actor) -> CriteriaVersion:
    """The version a change is made to: itself, unless a round or assessment uses it; then a
    draft made from it (the one already started, if there is one)."""
    if not version_in_use(version):
        return version
    draft = (
        CriteriaVersion.objects.filter(based_on=version, status=VersionStatus.DRAFT)
        .order_by("-number")
        .first()
    )
    return draft or _copy(version, actor)


ITEM_FIELDS = [
    "number",
    "text_th",
    "text_en",
    "level",
    "scoring",
    "band_2_th",
    "band_1_th",
    "band_0_th",
    "band_2_en",
    "band_1_en",
    "band_0_en",
    "share_high",
    "share_mid",
    "evidence_th",
    "evidence_en",
    "evidence_required",
    "prefill",
]


@transaction.atomic
def save_item(
    *,
    actor: Actor,
    version: CriteriaVersion,
    item: CriterionItem | None,
    data: Mapping[str, Any],
) -> CriterionItem:
    """Add an item or change one; a version in use gets a new version with the change."""
    access.require(actor, "assessments.criteria.manage")
    target = writable_version(version, actor)
    if item is None:
        row = CriterionItem(version=target)
    else:
        row = target.items.get(number=item.number) if target != version else item
    before = snapshot(row, ITEM_FIELDS) if row.pk else {}
    for name, value in data.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    log_action(
        actor=actor,
        action="assessments.criterion_item.saved",
        obj=row,
        province_id=None,
        before=before,
        after=snapshot(row, ITEM_FIELDS),
    )
    return row


@transaction.atomic
def save_rules(
    *,
    actor: Actor,
    version: CriteriaVersion,
    shares: Mapping[int, Decimal],
    requirements: Mapping[int, Mapping[int, int]],
) -> CriteriaVersion:
    """Set the level rule: the share needed and the items' minimums, for each level."""
    access.require(actor, "assessments.criteria.manage")
    target = writable_version(version, actor)
    items = {i.number: i for i in target.items.all()}
    for level, needs in requirements.items():
        for number, points in needs.items():
            item = items.get(number)
            if item is None:
                raise ValidationError(
                    _("Level %(level)s: there is no item %(item)s.")
                    % {"level": level, "item": number}
                )
            if points > item.max_points:
                raise ValidationError(
                    _("Level %(level)s: item %(item)s scores at most %(max)s.")
                    % {"level": level, "item": number, "max": item.max_points}
                )
    target.rules.all().delete()
    for level, share in sorted(shares.items()):
        rule = LevelRule(version=target, level=level, min_share=share)
        rule.full_clean()
        rule.save()
        ItemRequirement.objects.bulk_create(
            ItemRequirement(rule=rule, item=items[n], min_points=p)
            for n, p in requirements.get(level, {}).items()
        )
    log_action(
        actor=actor,
        action="assessments.level_rule.saved",
        obj=target,
        province_id=None,
        after={
            "shares": {str(k): str(v) for k, v in shares.items()},
            "requirements": {str(k): dict(v) for k, v in requirements.items()},
        },
    )
    return target


@transaction.atomic
def publish_version(*, actor: Actor, version: CriteriaVersion) -> None:
    """Publish a draft: rounds may then use it. It needs items and a rule for every level."""
    access.require(actor, "assessments.criteria.manage")
    if version.is_published:
        raise ValidationError(_("This version is already published."))
    if not version.items.exists():
        raise ValidationError(_("Add at least one item before publishing."))
    levels = set(version.rules.values_list("level", flat=True))
    missing = [str(lv.label) for lv in LEVELS if lv.value not in levels]
    if missing:
        raise ValidationError(
            _("Set the level rule for: %(levels)s.") % {"levels": ", ".join(missing)}
        )
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    log_action(actor=actor, action="assessments.criteria.published", obj=version, province_id=None)


# --- communities ------------------------------------------------------------------------------


@transaction.atomic
def add_community(*, actor: Actor, province_id: str, data: Mapping[str, Any]) -> Community:
    """Add a community of the province, to be assessed in its rounds that assess communities."""
    access.require(actor, "assessments.round.create", province_id)
    community = Community(province_id=province_id, **data)
    if community.subdistrict.province_id != province_id:
        raise ValidationError({"subdistrict": _("Choose a subdistrict of the province.")})
    community.full_clean()
    community.save()
    log_action(
        actor=actor,
        action="assessments.community.created",
        obj=community,
        province_id=province_id,
        after=snapshot(community, ["name_th", "name_en", "subdistrict"]),
    )
    return community


# --- rounds -------------------------------------------------------------------------------------


ROUND_FIELDS = ["name", "fiscal_year", "self_deadline", "verify_deadline"]


def _check_versions(versions: Mapping[str, CriteriaVersion]) -> None:
    if not versions:
        raise ValidationError(_("Choose the criteria for at least one unit type."))
    for unit_type, version in versions.items():
        if version.unit_type != unit_type or not version.is_published:
            raise ValidationError(
                _("Choose published criteria for %(type)s.") % {"type": UnitType(unit_type).label}
            )


@transaction.atomic
def create_round(
    *,
    actor: Actor,
    province_id: str,
    data: Mapping[str, Any],
    versions: Mapping[str, CriteriaVersion],
    is_sample: bool = False,
) -> Round:
    """Open a round: every unit of the chosen types gets an assessment, not started."""
    access.require(actor, "assessments.round.create", province_id)
    _check_versions(versions)
    rnd = Round(province_id=province_id, created_by=person(actor), is_sample=is_sample, **data)
    rnd.full_clean()
    rnd.save()
    RoundCriteria.objects.bulk_create(
        RoundCriteria(round=rnd, unit_type=t, version=v) for t, v in versions.items()
    )
    added = add_missing_units(rnd)
    log_action(
        actor=actor,
        action="assessments.round.created",
        obj=rnd,
        province_id=province_id,
        after={**snapshot(rnd, ROUND_FIELDS), "units": added},
    )
    return rnd


def add_missing_units(rnd: Round) -> int:
    """Give every unit of the round's types that has no assessment yet one, not started."""
    versions = dict(rnd.criteria.values_list("unit_type", "version_id"))
    have = Assessment.objects.filter(round=rnd)
    new: list[Assessment] = []

    def add(unit_type: str, **unit: Any) -> None:
        new.append(
            Assessment(
                round=rnd,
                province_id=rnd.province_id,
                unit_type=unit_type,
                version_id=versions[unit_type],
                is_sample=rnd.is_sample,
                **unit,
            )
        )

    if UnitType.ORGANISATION in versions:
        orgs = Organisation.objects.filter(province_id=rnd.province_id).exclude(
            pk__in=have.filter(organisation__isnull=False).values("organisation_id")
        )
        for org_id, district_id in orgs.values_list("pk", "subdistrict__district_id"):
            add(UnitType.ORGANISATION, organisation_id=org_id, district_id=district_id)
    if UnitType.COMMUNITY in versions:
        communities = Community.objects.filter(province_id=rnd.province_id).exclude(
            pk__in=have.filter(community__isnull=False).values("community_id")
        )
        for community_id, district_id in communities.values_list("pk", "subdistrict__district_id"):
            add(UnitType.COMMUNITY, community_id=community_id, district_id=district_id)
    if UnitType.DISTRICT in versions:
        districts = District.objects.filter(province_id=rnd.province_id).exclude(
            pk__in=have.filter(unit_type=UnitType.DISTRICT).values("district_id")
        )
        for district_id in districts.values_list("pk", flat=True):
            add(UnitType.DISTRICT, district_id=district_id)
    if UnitType.PROVINCE in versions and not have.filter(unit_type=UnitType.PROVINCE).exists():
        add(UnitType.PROVINCE)
    Assessment.objects.bulk_create(new, batch_size=2000)
    return len(new)


@transaction.atomic
def update_round(
    *,
    actor: Actor,
    rnd: Round,
    data: Mapping[str, Any],
    versions: Mapping[str, CriteriaVersion],
) -> Round:
    """Change the round's name, deadlines and criteria; a unit type's criteria change only
    while none of its units has started."""
    access.require(actor, "assessments.round.manage", rnd)
    _check_versions(versions)
    before = snapshot(Round.objects.get(pk=rnd.pk), ROUND_FIELDS)
    for name, value in data.items():
        setattr(rnd, name, value)
    rnd.full_clean()
    rnd.save()
    current = {c.unit_type: c for c in rnd.criteria.all()}
    for unit_type, version in versions.items():
        row = current.pop(unit_type, None)
        if row is not None and row.version_id == version.pk:
            continue
        started = rnd.assessments.filter(unit_type=unit_type).exclude(status=S.NOT_STARTED)
        if row is not None and started.exists():
            raise ValidationError(
                _("%(type)s: units have started, so the criteria can no longer change.")
                % {"type": UnitType(unit_type).label}
            )
        RoundCriteria.objects.update_or_create(
            round=rnd, unit_type=unit_type, defaults={"version": version}
        )
        rnd.assessments.filter(unit_type=unit_type).update(version=version)
    for unit_type, row in current.items():
        if rnd.assessments.filter(unit_type=unit_type).exclude(status=S.NOT_STARTED).exists():
            raise ValidationError(
                _("%(type)s: units have started, so it cannot be taken out of the round.")
                % {"type": UnitType(unit_type).label}
            )
        rnd.assessments.filter(unit_type=unit_type).delete()
        row.delete()
    added = add_missing_units(rnd)
    log_action(
        actor=actor,
        action="assessments.round.updated",
        obj=rnd,
        province_id=rnd.province_id,
        before=before,
        after={**snapshot(rnd, ROUND_FIELDS), "units_added": added},
    )
    return rnd


@transaction.atomic
def assign_evaluator(
    *,
    actor: Actor,
    rnd: Round,
    evaluator: User,
    network: Network | None = None,
    district: District | None = None,
    partner: Partner | None = None,
) -> EvaluatorAssignment:
    """Let an evaluator of the province verify the units of a network or a district."""
    access.require(actor, "assessments.round.manage", rnd)
    is_evaluator = Role.objects.filter(
        user=evaluator, kind=RoleKind.EVALUATOR, province_id=rnd.province_id
    ).exists()
    if not is_evaluator:
        raise ValidationError(_("This person is not an evaluator of the province."))
    unit = network or district
    if unit is None or unit.province_id != rnd.province_id:
        raise ValidationError(_("Choose a network or a district of the province."))
    if partner is not None and partner.province_id != rnd.province_id:
        raise ValidationError(_("Choose a partner of the province."))
    assignment, _created = EvaluatorAssignment.objects.update_or_create(
        round=rnd,
        evaluator=evaluator,
        network=network,
        district=district,
        defaults={"partner": partner},
    )
    log_action(
        actor=actor,
        action="assessments.assignment.created",
        obj=assignment,
        province_id=rnd.province_id,
        after=snapshot(assignment, ["evaluator", "network", "district", "partner"]),
    )
    return assignment


@transaction.atomic
def remove_assignment(*, actor: Actor, assignment: EvaluatorAssignment) -> None:
    access.require(actor, "assessments.round.manage", assignment.round)
    log_action(
        actor=actor,
        action="assessments.assignment.deleted",
        obj=assignment,
        province_id=assignment.round.province_id,
        before=snapshot(assignment, ["evaluator", "network", "district"]),
    )
    assignment.delete()


# --- an assessment's steps --------------------------------------------------------------------


def _step(assessment: Assessment, step: str, actor: Actor, reason: str = "") -> str:
    """Move the assessment by `step`, under a lock, and record it; return the status before."""
    sources, target = STEPS[step]
    current = (
        Assessment.objects.select_for_update(of=("self",))
        .values_list("status", flat=True)
        .get(pk=assessment.pk)
    )
    if current not in sources:
        raise ValidationError(
            _("This assessment is %(status)s, so this step is not possible.")
            % {"status": S(current).label}
        )
    assessment.status = target
    Transition.objects.create(
        assessment=assessment,
        from_status=current,
        to_status=target,
        actor=person(actor),
        actor_name=actor_name(actor),
        reason=reason,
    )
    return current


def ensure_scores(assessment: Assessment) -> list[ItemScore]:
    """The assessment's item scores, one per item of its version, made when first needed."""
    have = {s.item_id: s for s in assessment.scores.select_related("item")}
    missing = [
        ItemScore(assessment=assessment, item=item)
        for item in assessment.version.items.all()
        if item.pk not in have
    ]
    if missing:
        ItemScore.objects.bulk_create(missing)
        return list(assessment.scores.select_related("item").order_by("item__number"))
    return sorted(have.values(), key=lambda s: s.item.number)


def _store_level(assessment: Assessment) -> None:
    decision = decide_assessment(assessment)
    assessment.level = decision.level
    assessment.level_reason = decision.reasons_data()


def editing_deadline(assessment: Assessment) -> dt.date:
    """A unit edits until the self-assessment deadline; a returned one until verification's."""
    rnd = assessment.round
    return rnd.verify_deadline if assessment.status == S.RETURNED else rnd.self_deadline


def _check_editable(assessment: Assessment, today: dt.date) -> None:
    if not assessment.is_editable:
        raise ValidationError(
            _("This assessment is %(status)s, so it can no longer be changed.")
            % {"status": assessment.get_status_display()}
        )
    deadline = editing_deadline(assessment)
    if today > deadline:
        raise ValidationError(
            _("The deadline (%(date)s) has passed, so the assessment can no longer be changed.")
            % {"date": format_date(deadline, get_language() or "th")}
        )


@dataclass(frozen=True)
class Entry:
    """What the unit writes for one item: a score (or share) and its account."""

    value: str
    account: str = ""


def _points(item: CriterionItem, value: str) -> tuple[int | None, Decimal | None]:
    """The points (and for a share item, the share) an entry gives, or a ValidationError
    naming the item."""
    text = (value or "").strip().replace("%", "").replace(",", "")
    if not text:
        return None, None
    if item.scoring == ScoringKind.SHARE:
        try:
            share = Decimal(text)
        except InvalidOperation:
            share = Decimal(-1)
        if not Decimal(0) <= share <= Decimal(100) or not share.is_finite():
            raise ValidationError(
                _("Item %(item)s: write the share as a percent from 0 to 100.")
                % {"item": item.number}
            )
        share = share.quantize(Decimal("0.01"))
        return item.points_for_share(share), share
    allowed = range(item.max_points + 1)
    if not text.isdigit() or int(text) not in allowed:
        raise ValidationError(
            _("Item %(item)s: the score must be one of %(allowed)s.")
            % {"item": item.number, "allowed": ", ".join(str(p) for p in allowed)}
        )
    return int(text), None


@transaction.atomic
def save_self_assessment(
    *,
    actor: Actor,
    assessment: Assessment,
    entries: Mapping[int, Entry],
    submit: bool = False,
    today: dt.date | None = None,
    has_records: Iterable[int] = (),
) -> Assessment:
    """Save the unit's scores and accounts (by item number); with `submit`, send it for
    verification. `has_records` are the items the system's own records answer, which count
    as evidence."""
    _refuse(actor, access.can(actor, "assessments.assessment.fill", assessment))
    today = today or timezone.localdate()
    _check_editable(assessment, today)
    if assessment.status == S.NOT_STARTED:
        _step(assessment, "start", actor)
    scores = ensure_scores(assessment)
    errors = []
    for score in scores:
        entry = entries.get(score.item.number)
        if entry is None:
            continue
        try:
            score.self_points, score.self_share = _points(score.item, entry.value)
        except ValidationError as error:
            errors.extend(error.messages)
        score.account = entry.account.strip()
    if errors:
        raise ValidationError(errors)
    ItemScore.objects.bulk_update(scores, ["self_points", "self_share", "account"])
    if submit:
        _check_complete(scores, set(has_records))
        _step(assessment, "submit", actor)
        assessment.submitted_by = person(actor)
        assessment.submitted_at = timezone.now()
    assessment.entered_by = assessment.entered_by or person(actor)
    _store_level(assessment)
    assessment.save()
    log_action(
        actor=actor,
        action="assessments.assessment.submitted" if submit else "assessments.assessment.saved",
        obj=assessment,
        province_id=assessment.province_id,
        after={
            "status": assessment.status,
            # Keys that are no field of the assessment: the log names them as written.
            "self_points": {s.item.number: s.self_points for s in scores},
        },
    )
    return assessment


def _check_complete(scores: list[ItemScore], has_records: set[int]) -> None:
    errors = []
    with_evidence = set(
        AssessmentEvidence.objects.filter(score__in=scores).values_list("score_id", flat=True)
    )
    for score in scores:
        if score.self_points is None:
            errors.append(_("Item %(item)s has no score.") % {"item": score.item.number})
        needs = score.item.evidence_required
        if needs and score.pk not in with_evidence and score.item.number not in has_records:
            errors.append(
                _("Item %(item)s needs evidence: %(evidence)s")
                % {"item": score.item.number, "evidence": score.item.evidence_th or "-"}
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_evidence(
    *,
    actor: Actor,
    assessment: Assessment,
    item_number: int,
    upload: Any = None,
    link: str = "",
    caption: str = "",
    today: dt.date | None = None,
) -> AssessmentEvidence:
    """Attach a file, a photo or a link to one item of the assessment."""
    _refuse(actor, access.can(actor, "assessments.assessment.fill", assessment))
    _check_editable(assessment, today or timezone.localdate())
    if assessment.status == S.NOT_STARTED:
        _step(assessment, "start", actor)
        assessment.save(update_fields=["status", "updated_at"])
    score = next((s for s in ensure_scores(assessment) if s.item.number == item_number), None)
    if score is None:
        raise ValidationError(_("There is no item %(item)s.") % {"item": item_number})
    if bool(upload) == bool(link):
        raise ValidationError(_("Give either a file or a link."))
    evidence = AssessmentEvidence(score=score, caption=caption, added_by=person(actor))
    with files_removed_on_rollback() as stored:
        if upload:
            prepared = prepare_evidence(upload)
            name = (prepared.name or "").lower()
            image = any(name.endswith(ext) for ext in IMAGE_EXTENSIONS)
            evidence.kind = EvidenceKind.IMAGE if image else EvidenceKind.DOCUMENT
            evidence.caption = caption or (upload.name or "")[:200]
            stored.store(evidence.file, prepared)
        else:
            evidence.kind = EvidenceKind.LINK
            evidence.link = link
        evidence.full_clean(exclude=["file"])
        evidence.save()
    log_action(
        actor=actor,
        action="assessments.evidence.added",
        obj=evidence,
        province_id=assessment.province_id,
        after={"item": item_number, "kind": evidence.kind, "link": link},
    )
    return evidence


@transaction.atomic
def delete_evidence(*, actor: Actor, evidence: AssessmentEvidence) -> None:
    assessment = evidence.score.assessment
    _refuse(actor, access.can(actor, "assessments.assessment.fill", assessment))
    _check_editable(assessment, timezone.localdate())
    log_action(
        actor=actor,
        action="assessments.evidence.deleted",
        obj=evidence,
        province_id=assessment.province_id,
        before={"item": evidence.score.item.number, "kind": evidence.kind},
    )
    file = evidence.file
    evidence.delete()
    if file:
        transaction.on_commit(lambda: file.storage.delete(file.name or ""))


@dataclass(frozen=True)
class Check:
    """An evaluator's word on one item: the score that counts, a comment, more evidence."""

    points: str = ""
    comment: str = ""
    needs_evidence: bool = False


VERIFY_ACTIONS = ("save", "return", "verify")
# How each verifying step is named in the log.
VERIFY_VERBS = {"save": "checked", "return": "returned", "verify": "verified"}


@transaction.atomic
def verify_assessment(
    *,
    actor: Actor,
    assessment: Assessment,
    checks: Mapping[int, Check],
    action: str,
    reason: str = "",
) -> Assessment:
    """Record the evaluator's scores; then keep them ("save"), return the assessment for
    more evidence ("return") or pass it on verified ("verify")."""
    _refuse(actor, access.can_verify(actor, assessment))
    if action not in VERIFY_ACTIONS:
        raise ValidationError(_("Choose what to do with the assessment."))
    if assessment.status != S.SUBMITTED:
        raise ValidationError(
            _("This assessment is %(status)s; only a submitted one is verified.")
            % {"status": assessment.get_status_display()}
        )
    scores = ensure_scores(assessment)
    errors = []
    for score in scores:
        check = checks.get(score.item.number)
        if check is None:
            continue
        value = check.points.strip()
        if value and (not value.isdigit() or int(value) > score.item.max_points):
            errors.append(
                _("Item %(item)s: the verified score must be from 0 to %(max)s.")
                % {"item": score.item.number, "max": score.item.max_points}
            )
            continue
        changed = value != "" and int(value) != score.self_points
        if changed and not check.comment.strip():
            errors.append(
                _("Item %(item)s: say why the score changes.") % {"item": score.item.number}
            )
        score.verified_points = int(value) if value else None
        score.comment = check.comment.strip()
        score.needs_evidence = check.needs_evidence
    if errors:
        raise ValidationError(errors)
    if action == "return" and not (reason.strip() or any(s.needs_evidence for s in scores)):
        raise ValidationError(_("Say which items need more evidence, or why it goes back."))
    if action == "verify":
        for score in scores:
            if score.verified_points is None:
                # Accepting an item keeps the unit's own score as the verified one.
                score.verified_points = score.self_points
            score.needs_evidence = False
    ItemScore.objects.bulk_update(scores, ["verified_points", "comment", "needs_evidence"])
    if action in ("return", "verify"):
        _step(assessment, action, actor, reason.strip())
    if action == "verify":
        assessment.verified_by = person(actor)
        assessment.verified_at = timezone.now()
    _store_level(assessment)
    assessment.save()
    log_action(
        actor=actor,
        action=f"assessments.assessment.{VERIFY_VERBS[action]}",
        obj=assessment,
        province_id=assessment.province_id,
        after={
            "status": assessment.status,
            "verified_points": {s.item.number: s.verified_points for s in scores},
            "reason": reason.strip(),
        },
    )
    return assessment


@transaction.atomic
def approve_assessments(
    *, actor: Actor, rnd: Round, ids: Iterable[int], outstanding: Iterable[int] = ()
) -> int:
    """Approve verified assessments of the round in one batch; approved ones are locked.
    `outstanding` are those the committee also names outstanding models."""
    chosen = list(Assessment.objects.filter(round=rnd, pk__in=list(ids)).select_related("round"))
    if not chosen:
        raise ValidationError(_("Choose the assessments to approve."))
    stars = set(outstanding)
    for assessment in chosen:
        _refuse(actor, access.can(actor, "assessments.assessment.decide", assessment))
        if assessment.status != S.VERIFIED:
            raise ValidationError(
                _("%(unit)s is %(status)s; only verified assessments are approved.")
                % {"unit": assessment.unit_name, "status": assessment.get_status_display()}
            )
    now = timezone.now()
    for assessment in chosen:
        _step(assessment, "approve", actor)
        assessment.approved_at = now
        assessment.outstanding = assessment.pk in stars and assessment.level == 3
    Assessment.objects.bulk_update(chosen, ["status", "approved_at", "outstanding"])
    log_action(
        actor=actor,
        action="assessments.round.approved",
        obj=rnd,
        province_id=rnd.province_id,
        after={"approved": sorted(a.pk for a in chosen)},
    )
    return len(chosen)


@transaction.atomic
def reopen_assessment(*, actor: Actor, assessment: Assessment, reason: str) -> Assessment:
    """Open an approved result again for correction; the reason is kept in its history."""
    _refuse(actor, access.can(actor, "assessments.assessment.decide", assessment))
    if not reason.strip():
        raise ValidationError(_("Give the reason for reopening."))
    _step(assessment, "reopen", actor, reason.strip())
    assessment.approved_at = None
    assessment.outstanding = False
    assessment.save()
    revoke_on_reopen(actor, assessment, reason.strip()[:900])
    log_action(
        actor=actor,
        action="assessments.assessment.reopened",
        obj=assessment,
        province_id=assessment.province_id,
        after={"reason": reason.strip()},
    )
    return assessment
