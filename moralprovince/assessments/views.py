from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moralprovince.accounts.scope import scope_for
from moralprovince.assessments import access, prefill, queries, services
from moralprovince.assessments.forms import (
    AssignmentForm,
    CommunityForm,
    EvidenceForm,
    ItemForm,
    ReasonForm,
    RoundForm,
    RulesForm,
    VersionForm,
)
from moralprovince.assessments.levels import Reason, rules_of
from moralprovince.assessments.models import (
    AssessmentEvidence,
    AssessmentStatus,
    Community,
    CriteriaVersion,
    EvaluatorAssignment,
    Level,
    UnitType,
)
from moralprovince.core.forms import (
    add_service_error,
    errors_as_messages,
    refusal_as_messages,
    run_service,
)
from moralprovince.geo.models import District
from moralprovince.lib.lookup import get_or_404
from moralprovince.organisations.access import (
    get_programme_for_user,
    is_province_code,
    programmes_visible_to,
    public_programmes,
)
from moralprovince.organisations.models import Network

# --- the index and the national view --------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    rounds = access.rounds_visible_to(user).order_by("province_id", "-fiscal_year")
    mine = (
        access.assessments_visible_to(user)
        .filter(organisation_id__in=scope_for(user).read_organisations)
        .select_related("round", "organisation")
        .order_by("-round__fiscal_year")
    )
    context = {
        "rounds": rounds,
        "mine": mine,
        "programmes": [
            p
            for p in programmes_visible_to(user)
            if access.can(user, "assessments.round.create", p.province_id)
        ],
        "national": access.can(user, "assessments.national.view"),
    }
    return render(request, "assessments/index.html", context)


@login_required
def national(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "assessments.national.view"):
        raise Http404
    fiscal_year = queries.small_int(request.GET.get("year", ""))
    provinces = (
        access.assessments_visible_to(request.user)
        .filter(unit_type=UnitType.PROVINCE)
        .select_related("round", "province")
        .order_by("-round__fiscal_year", "province_id")
    )
    context = {
        "rows": queries.national_distribution(fiscal_year),
        "year": fiscal_year,
        "level_names": [lv.label for lv in Level],
        "provinces": provinces[:200],
    }
    return render(request, "assessments/national.html", context)


# --- criteria ---------------------------------------------------------------------------------


@login_required
def criteria(request: HttpRequest) -> HttpResponse:
    versions = access.criteria_visible_to(request.user)
    context = {
        "versions": versions,
        "manage": access.can(request.user, "assessments.criteria.manage"),
    }
    return render(request, "assessments/criteria.html", context)


@login_required
def criteria_create(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "assessments.criteria.manage"):
        raise Http404
    form = VersionForm(request.POST or None)
    if request.method == "POST":
        version = run_service(
            form, lambda data: services.create_version(actor=request.user, data=data)
        )
        if version:
            return redirect("assessments:criteria-detail", version.pk)
    return render(request, "assessments/form.html", {"form": form, "title": _("New criteria")})


@login_required
def criteria_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = access.get_version(request.user, pk)
    rules = version.rules.prefetch_related("requirements__item")
    context = {
        "version": version,
        "items": version.items.all(),
        "rules": rules,
        "in_use": services.version_in_use(version),
        "manage": access.can(request.user, "assessments.criteria.manage"),
        "later": CriteriaVersion.objects.filter(based_on=version),
    }
    return render(request, "assessments/criteria_detail.html", context)


def _managed_version(request: HttpRequest, pk: int) -> CriteriaVersion:
    version = access.get_version(request.user, pk)
    if not access.can(request.user, "assessments.criteria.manage"):
        raise Http404
    return version


@login_required
def item_edit(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    version = _managed_version(request, pk)
    item = None
    if number is not None:
        item = version.items.filter(number=number).first()
        if item is None:
            raise Http404
    form = ItemForm(request.POST or None, instance=item, version=version)
    if request.method == "POST":
        saved = run_service(
            form,
            lambda data: services.save_item(
                actor=request.user, version=version, item=item, data=data
            ),
        )
        if saved:
            if saved.version_id != version.pk:
                messages.info(
                    request,
                    _("The criteria are in use, so the change made version %(n)s.")
                    % {"n": saved.version.number},
                )
            return redirect("assessments:criteria-detail", saved.version_id)
    context = {"form": form, "title": item or _("New item"), "version": version}
    return render(request, "assessments/form.html", context)


@login_required
def rules_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _managed_version(request, pk)
    form = RulesForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_rules(
                actor=request.user,
                version=version,
                shares=form.shares(),
                requirements=form.requirements(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("assessments:criteria-detail", saved.pk)
    return render(request, "assessments/rules.html", {"form": form, "version": version})


@login_required
@require_POST
def criteria_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = _managed_version(request, pk)
    try:
        services.publish_version(actor=request.user, version=version)
    except ValidationError as error:
        refusal_as_messages(request, error)
    else:
        messages.success(request, _("Published."))
    return redirect("assessments:criteria-detail", version.pk)


# --- rounds -------------------------------------------------------------------------------------


@login_required
def round_create(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme_for_user(request.user, code, write=True)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services.create_round(
                actor=request.user,
                province_id=programme.province_id,
                data=form.round_data(),
                versions=form.versions(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("assessments:board", rnd.pk)
    context = {"form": form, "title": _("New assessment round"), "programme": programme}
    return render(request, "assessments/form.html", context)


@login_required
def communities(request: HttpRequest, code: str) -> HttpResponse:
    """The province's communities, assessed in rounds that assess communities; its admins
    add them."""
    programme = get_programme_for_user(request.user, code, write=True)
    form = CommunityForm(request.POST or None, province_id=programme.province_id)
    if request.method == "POST":
        added = run_service(
            form,
            lambda data: services.add_community(
                actor=request.user, province_id=programme.province_id, data=data
            ),
        )
        if added:
            messages.success(request, _("Community added."))
            return redirect("assessments:communities", code)
    rows = Community.objects.filter(province_id=programme.province_id).select_related(
        "subdistrict__district"
    )
    context = {"programme": programme, "form": form, "communities": rows}
    return render(request, "assessments/communities.html", context)


@login_required
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = access.get_round(request.user, pk, manage=True)
    form = RoundForm(request.POST or None, instance=rnd)
    assignment_form = AssignmentForm(rnd=rnd)
    if request.method == "POST" and "evaluator" in request.POST:
        assignment_form = AssignmentForm(request.POST, rnd=rnd)
        form = RoundForm(instance=rnd)
        if run_service(
            assignment_form,
            lambda d: services.assign_evaluator(
                actor=request.user,
                rnd=rnd,
                evaluator=d["evaluator"],
                network=d["network"],
                district=d["district"],
                partner=d["partner"],
            ),
        ):
            return redirect("assessments:round-edit", rnd.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            services.update_round(
                actor=request.user, rnd=rnd, data=form.round_data(), versions=form.versions()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("assessments:board", rnd.pk)
    assignments = rnd.assignments.select_related("evaluator", "network", "district", "partner")
    context = {
        "form": form,
        "round": rnd,
        "assignment_form": assignment_form,
        "assignments": assignments,
    }
    return render(request, "assessments/round_form.html", context)


@login_required
@require_POST
def assignment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    rounds = access.rounds_managed_by(request.user)
    assignment = get_or_404(EvaluatorAssignment.objects.filter(round__in=rounds), pk)
    services.remove_assignment(actor=request.user, assignment=assignment)
    return redirect("assessments:round-edit", assignment.round_id)


@login_required
def board(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = access.get_round(request.user, pk)
    filters = queries.Filters.from_query(request.GET)
    all_rows = queries.board_rows(
        request.user, rnd, queries.Filters(**{**filters.__dict__, "status": None})
    )
    rows = queries.board_rows(request.user, rnd, filters)
    page = Paginator(rows, queries.PAGE_SIZE).get_page(request.GET.get("page"))
    previous = queries.previous_round(rnd)
    manage = access.can(request.user, "assessments.round.manage", rnd)
    context = {
        "round": rnd,
        "filters": filters,
        "page": page,
        "counts": queries.status_counts(all_rows),
        "by_type": queries.distribution_by_type(all_rows),
        "by_district": queries.distribution_by_district(all_rows),
        "by_network": queries.distribution_by_network(all_rows, rnd.province_id),
        "level_names": [lv.label for lv in Level],
        "previous": previous,
        "movement": queries.movement(all_rows, previous),
        "networks": Network.objects.filter(province_id=rnd.province_id),
        "districts": District.objects.filter(province_id=rnd.province_id),
        "types": UnitType.choices,
        "statuses": AssessmentStatus.choices,
        "manage": manage,
        # A province's own assessment is approved by national staff, not its committee.
        "approves_province": access.can(request.user, "assessments.national.view"),
        "verified": AssessmentStatus.VERIFIED,
    }
    return render(request, "assessments/board.html", context)


@login_required
@require_POST
def round_approve(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = access.get_round(request.user, pk, manage=True)
    ids = [n for n in map(queries.small_int, request.POST.getlist("assessment")) if n]
    stars = [n for n in map(queries.small_int, request.POST.getlist("outstanding")) if n]
    try:
        n = services.approve_assessments(actor=request.user, rnd=rnd, ids=ids, outstanding=stars)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        refusal_as_messages(request, error)
    else:
        messages.success(request, _("%(n)s assessments approved.") % {"n": n})
    return redirect("assessments:board", rnd.pk)


# --- one assessment -----------------------------------------------------------------------------


@login_required
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_assessment(request.user, pk)
    return render(request, "assessments/assessment.html", _assessment_context(request, row))


def _assessment_context(request: HttpRequest, row: Any, **extra: Any) -> dict[str, Any]:
    user = request.user
    scores = services.ensure_scores(row) if row.status != AssessmentStatus.NOT_STARTED else []
    items = list(row.version.items.all())
    by_item = {s.item_id: s for s in scores}
    evidence: dict[int, list[AssessmentEvidence]] = {}
    for e in AssessmentEvidence.objects.filter(score__assessment=row):
        evidence.setdefault(e.score_id, []).append(e)
    facts = prefill.facts(row)
    posted = request.POST if request.method == "POST" else None
    lines = []
    for item in items:
        score = by_item.get(item.pk)
        own = ""
        if score is not None:
            own = str(score.self_share if score.self_share is not None else "")
            own = own or ("" if score.self_points is None else str(score.self_points))
        fact = facts.get(item.number)
        value = own or (fact.suggestion if fact else "")
        lines.append(
            {
                "item": item,
                "score": score,
                "value": posted.get(f"value_{item.number}", value) if posted else value,
                "account": posted.get(f"account_{item.number}", "")
                if posted
                else (score.account if score else ""),
                "fact": fact,
                "evidence": evidence.get(score.pk, []) if score else [],
            }
        )
    fill = access.can(user, "assessments.assessment.fill", row) and row.is_editable
    return {
        "assessment": row,
        "lines": lines,
        "rule": rules_of(row.version),
        "reasons": [Reason.from_dict(r).message() for r in row.level_reason or []],
        "fill": fill,
        "deadline": services.editing_deadline(row),
        "verify": access.can_verify(user, row) and row.status == AssessmentStatus.SUBMITTED,
        "decide": access.can(user, "assessments.assessment.decide", row)
        and row.status == AssessmentStatus.APPROVED,
        "history": row.transitions.select_related("actor"),
        "evidence_form": EvidenceForm(),
        "reason_form": ReasonForm(),
        **extra,
    }


@login_required
@require_POST
def assessment_fill(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_assessment(request.user, pk)
    if not access.can(request.user, "assessments.assessment.fill", row):
        raise Http404
    facts = prefill.facts(row)
    entries = {
        item.number: services.Entry(
            value=request.POST.get(f"value_{item.number}", ""),
            account=request.POST.get(f"account_{item.number}", ""),
        )
        for item in row.version.items.all()
        # An item the form did not send is left as it is.
        if f"value_{item.number}" in request.POST
    }
    try:
        services.save_self_assessment(
            actor=request.user,
            assessment=row,
            entries=entries,
            submit="submit" in request.POST,
            has_records=facts.keys(),
        )
    except ValidationError as error:
        refusal_as_messages(request, error)
        row.refresh_from_db()
        context = _assessment_context(request, row, errors=error.messages)
        return render(request, "assessments/assessment.html", context, status=400)
    messages.success(
        request, _("Submitted.") if "submit" in request.POST else _("Saved as a draft.")
    )
    return redirect("assessments:assessment", row.pk)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_assessment(request.user, pk)
    if not access.can(request.user, "assessments.assessment.fill", row):
        raise Http404
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                actor=request.user,
                assessment=row,
                item_number=form.cleaned_data["item"],
                upload=form.cleaned_data["file"],
                link=form.cleaned_data["link"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            refusal_as_messages(request, error)
        else:
            messages.success(request, _("Evidence added."))
    else:
        errors_as_messages(request, form)
    return redirect("assessments:assessment", row.pk)


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    visible = access.assessments_visible_to(request.user)
    evidence = get_or_404(
        AssessmentEvidence.objects.filter(score__assessment__in=visible).select_related(
            "score__assessment__round", "score__item"
        ),
        pk,
    )
    row = evidence.score.assessment
    if not access.can(request.user, "assessments.assessment.fill", row):
        raise Http404
    try:
        services.delete_evidence(actor=request.user, evidence=evidence)
    except ValidationError as error:
        refusal_as_messages(request, error)
    return redirect("assessments:assessment", row.pk)


@login_required
@require_POST
def assessment_verify(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_assessment(request.user, pk)
    if not access.can_verify(request.user, row):
        raise Http404
    checks = {
        item.number: services.Check(
            points=request.POST.get(f"points_{item.number}", ""),
            comment=request.POST.get(f"comment_{item.number}", ""),
            needs_evidence=bool(request.POST.get(f"needs_{item.number}")),
        )
        for item in row.version.items.all()
    }
    try:
        services.verify_assessment(
            actor=request.user,
            assessment=row,
            checks=checks,
            action=request.POST.get("action", "save"),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        refusal_as_messages(request, error)
    else:
        messages.success(request, _("Done."))
    return redirect("assessments:assessment", row.pk)


@login_required
@require_POST
def assessment_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_assessment(request.user, pk)
    if not access.can(request.user, "assessments.assessment.decide", row):
        raise Http404
    try:
        services.reopen_assessment(
            actor=request.user, assessment=row, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        refusal_as_messages(request, error)
    else:
        messages.success(request, _("Reopened for verification."))
    return redirect("assessments:assessment", row.pk)


# --- the public page ---------------------------------------------------------------------------


def public(request: HttpRequest, code: str) -> HttpResponse:
    """A public programme's assessment results: units at each level, the model organisations."""
    programme = public_programmes().filter(province_id=code).first()
    if not is_province_code(code) or programme is None:
        raise Http404
    context = {"programme": programme, "results": queries.public_results(programme.province_id)}
    return render(request, "assessments/public.html", context)
