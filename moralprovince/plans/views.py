from __future__ import annotations

from functools import partial, wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moralprovince.core import workflow
from moralprovince.core.fields import ThaiDateField
from moralprovince.core.forms import (
    add_service_error,
    errors_as_messages,
    refusal_as_messages,
    run_service,
    run_step,
)
from moralprovince.lib.fiscal import fiscal_year_message, is_fiscal_year
from moralprovince.lib.pdf import render_pdf
from moralprovince.organisations import access as organisations_access
from moralprovince.organisations.access import (
    get_network_for_user,
    get_organisation_for_user,
    get_programme_for_user,
    networks_editable_by,
)
from moralprovince.organisations.models import Programme, unit_order
from moralprovince.organisations.queries import one_person_secretariat
from moralprovince.plans import access, excel, excel_import, forms, queries, services
from moralprovince.plans.access import (
    Unit,
    declarations_visible_to,
    get_activity_for_user,
    get_budget_line_for_user,
    get_declaration_for_user,
    get_goal_for_user,
    get_plan_for_user,
    get_target_for_user,
    plans_visible_to,
    targets_visible_to,
)
from moralprovince.plans.models import (
    Activity,
    BudgetLine,
    Declaration,
    Goal,
    TargetVirtue,
)


def _unit(request: HttpRequest, code: str) -> Unit:
    """The unit named in the request: a network or organisation of the province that the
    person sees, or the province itself."""
    params = request.GET if request.method == "GET" else request.POST
    network = params.get("network") or request.GET.get("network")
    organisation = params.get("organisation") or request.GET.get("organisation")
    unit = Unit(
        province_id=code,
        network=get_network_for_user(request.user, network) if network else None,
        organisation=(
            get_organisation_for_user(request.user, organisation) if organisation else None
        ),
    )
    if not unit.lies_in_its_province():
        raise Http404
    return unit


def _writable_unit(request: HttpRequest, code: str) -> tuple[Programme, Unit]:
    programme = get_programme_for_user(request.user, code)
    unit = _unit(request, code)
    if not access.can(request.user, "plans.write", unit):
        raise Http404
    return programme, unit


def fiscal_year_page(view: Any) -> Any:
    """Answer a fiscal year outside the accepted range (`lib.fiscal`) in the address with a
    400 saying so, before the view does date arithmetic with it."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fy = kwargs.get("fy")
        if fy is not None and not is_fiscal_year(fy):
            context = {"message": fiscal_year_message(), "code": kwargs.get("code")}
            return render(request, "plans/fiscal_year_refused.html", context, status=400)
        response: HttpResponse = view(request, *args, **kwargs)
        return response

    return checked


# --- the province's year ---------------------------------------------------------------


TIMELINE_PER_PAGE = 50


@login_required
@fiscal_year_page
def year(request: HttpRequest, code: str, fy: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, code)
    in_year = {"province_id": code, "fiscal_year": fy}
    plans = (
        plans_visible_to(request.user)
        .filter(**in_year)
        .annotate(activity_count=Count("activities", distinct=True))
        .annotate(budget=Sum("activities__budget_lines__amount"))
    )
    writable_networks = networks_editable_by(request.user).filter(province_id=code)
    reported = access.reported_organisations(request.user, code)
    can_write_province = access.can(request.user, "plans.write", Unit(code))
    # Every unit has one plan a year: "start the plan" is offered only to units without one.
    planned = plans_visible_to(request.user, write=True).filter(**in_year)
    context = {
        "programme": programme,
        "fy": fy,
        "plans": plans,
        "declarations": declarations_visible_to(request.user).filter(**in_year),
        "targets": targets_visible_to(request.user).filter(**in_year),
        "editable_targets": set(
            targets_visible_to(request.user, write=True)
            .filter(**in_year)
            .values_list("pk", flat=True)
        ),
        "can_write_province": can_write_province,
        "can_start_province_plan": can_write_province
        and not planned.filter(network__isnull=True, organisation__isnull=True).exists(),
        "can_import": access.can(request.user, "plans.import", code),
        "can_read_all": organisations_access.can(
            request.user, "organisations.province.read_all", code
        ),
        "writable_networks": writable_networks,
        "reported_organisations": reported,
        "networks_without_plan": writable_networks.exclude(
            pk__in=planned.filter(network__isnull=False).values("network_id")
        ),
        "organisations_without_plan": reported.exclude(
            pk__in=planned.filter(organisation__isnull=False).values("organisation_id")
        ),
        "years": programme.years.all(),
    }
    return render(request, "plans/year.html", context)


@login_required
@fiscal_year_page
def integration(request: HttpRequest, code: str, fy: int) -> HttpResponse:
    """All plans of the province for the year: timeline and budget by source, network…"""
    programme = access.get_programme_for_reader(request.user, code)
    plans = plans_visible_to(request.user).filter(province_id=code, fiscal_year=fy)
    # A province plans hundreds of key activities: the timeline shows a page of them.
    page = Paginator(queries.timeline_activities(plans), TIMELINE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "programme": programme,
        "fy": fy,
        "months": queries.fiscal_months(fy),
        "page": page,
        "rows": queries.timeline(page.object_list, fy),
        "budget": queries.budget_breakdowns(plans),
        "unfunded": queries.unfunded_activities(plans),
    }
    return render(request, "plans/integration.html", context)


# --- plans --------------------------------------------------------------------------------


@login_required
@fiscal_year_page
def plan_create(request: HttpRequest, code: str, fy: int) -> HttpResponse:
    programme, unit = _writable_unit(request, code)
    existing = (
        plans_visible_to(request.user, write=True)
        .filter(**unit.row_fields(), fiscal_year=fy)
        .first()
    )
    if existing is not None:
        # One plan per unit and year: a stale "start" link leads to the plan there is.
        messages.info(request, _("This unit already has a plan for this year."))
        return redirect("plans:plan", plan_id=existing.pk)
    form = forms.NewPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(
                actor=request.user, unit=unit, fiscal_year=fy, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("plans:plan", plan_id=plan.pk)
    named = unit.organisation or unit.network or programme.province
    context = {"form": form, "programme": programme, "fy": fy, "unit": named}
    return render(request, "plans/plan_create.html", context)


@login_required
def plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    p = get_plan_for_user(request.user, plan_id)
    can_write = access.can(request.user, "plans.write", p)
    can_review = access.can(request.user, "plans.review", p)
    goals = p.goals.prefetch_related(
        "activities__budget_lines__source",
        "activities__virtues",
        "activities__partners",
        "activities__responsible",
        "activities__strategy",
        "activities__reports",
    )
    context = {
        "plan": p,
        "goals": goals,
        "can_edit": can_write and p.is_editable,
        "can_write": can_write,
        "can_review": can_review,
        # The person entered or submitted it: someone else approves (`core.workflow.move`).
        "own_work": can_review
        and workflow.is_author(p, request.user)
        and not one_person_secretariat(p.province_id),
        "events": p.events.select_related("actor"),
        "comparison": queries.baseline_comparison(p),
        "budget_total": p.budget_total(),
    }
    return render(request, "plans/plan.html", context)


@login_required
@require_POST
def plan_review(request: HttpRequest, plan_id: int, action: str) -> HttpResponse:
    """Submit, approve, return or open a revision."""
    p = get_plan_for_user(request.user, plan_id)
    form = forms.CommentForm(request.POST)
    if action in ("return", "revise") and not form.is_valid():
        errors_as_messages(request, form)
        return redirect("plans:plan", plan_id=p.pk)
    comment = form.cleaned_data.get("comment", "") if form.is_valid() else ""
    steps = {
        "submit": lambda: services.submit_plan(actor=request.user, plan=p),
        "approve": lambda: services.approve_plan(actor=request.user, plan=p),
        "return": lambda: services.return_plan(actor=request.user, plan=p, comment=comment),
        "revise": lambda: services.open_revision(actor=request.user, plan=p, reason=comment),
    }
    run_step(request, steps, action)
    return redirect("plans:plan", plan_id=p.pk)


# --- goals, activities, budget lines ------------------------------------------------------


@login_required
def goal_edit(
    request: HttpRequest, plan_id: int | None = None, goal_id: int | None = None
) -> HttpResponse:
    if goal_id:
        goal = get_goal_for_user(request.user, goal_id, write=True)
        save = partial(services.update_goal, goal=goal)
    else:
        goal = Goal(plan=get_plan_for_user(request.user, plan_id, write=True))
        save = partial(services.create_goal, plan=goal.plan)
    form = forms.GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and _saved(request, form, save):
        return redirect("plans:plan", plan_id=goal.plan_id)
    return render(request, "plans/form.html", _form_context(form, goal.plan, _("Goal")))


def _saved(request: HttpRequest, form: Any, save: Any) -> bool:
    """Run the service with the valid form's typed input; its refusals go back on the form."""
    saved = run_service(form, lambda _data: save(actor=request.user, data=form.to_input()))
    return saved is not None


def _form_context(form: BaseForm, plan: Any, title: str, **extra: Any) -> dict[str, Any]:
    # The hint on writing dates goes only with a form that asks for one.
    has_dates = any(isinstance(field, ThaiDateField) for field in form.fields.values())
    return {"form": form, "plan": plan, "title": title, "has_dates": has_dates, **extra}


@login_required
def activity_edit(
    request: HttpRequest, plan_id: int | None = None, activity_id: int | None = None
) -> HttpResponse:
    if activity_id:
        activity = get_activity_for_user(request.user, activity_id, write=True)
        save = partial(services.update_activity, activity=activity)
    else:
        activity = Activity(plan=get_plan_for_user(request.user, plan_id, write=True))
        save = partial(services.create_activity, plan=activity.plan)
    plan = activity.plan
    form = forms.ActivityForm(request.POST or None, instance=activity, plan=plan)
    if request.method == "POST" and _saved(request, form, save):
        return redirect("plans:plan", plan_id=plan.pk)
    return render(request, "plans/form.html", _form_context(form, plan, _("Key activity")))


@login_required
def budget_edit(
    request: HttpRequest, activity_id: int | None = None, line_id: int | None = None
) -> HttpResponse:
    if line_id:
        line = get_budget_line_for_user(request.user, line_id, write=True)
        save = partial(services.update_budget_line, line=line)
    else:
        line = BudgetLine(activity=get_activity_for_user(request.user, activity_id, write=True))
        save = partial(services.create_budget_line, activity=line.activity)
    activity = line.activity
    form = forms.BudgetLineForm(request.POST or None, instance=line)
    if request.method == "POST" and _saved(request, form, save):
        return redirect("plans:plan", plan_id=activity.plan_id)
    context = _form_context(form, activity.plan, _("Budget line"), activity=activity)
    return render(request, "plans/form.html", context)


@login_required
@require_POST
def delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Delete a goal, an activity or a budget line of a draft plan."""
    getters: dict[str, tuple[Any, Any, str]] = {
        "goal": (get_goal_for_user, services.delete_goal, "goal"),
        "activity": (get_activity_for_user, services.delete_activity, "activity"),
        "budget": (get_budget_line_for_user, services.delete_budget_line, "line"),
    }
    if kind not in getters:
        raise Http404
    getter, remove, argument = getters[kind]
    row = getter(request.user, pk, write=True)
    plan_id = row.activity.plan_id if kind == "budget" else row.plan_id
    try:
        remove(actor=request.user, **{argument: row})
    except ValidationError as error:
        refusal_as_messages(request, error)
    return redirect("plans:plan", plan_id=plan_id)


# --- declarations and target virtues ------------------------------------------------------


@login_required
@fiscal_year_page
def declaration_edit(
    request: HttpRequest, code: str | None = None, fy: int | None = None, pk: int | None = None
) -> HttpResponse:
    if pk:
        declaration = get_declaration_for_user(request.user, pk, write=True)
        save = partial(services.update_declaration, declaration=declaration)
    else:
        _programme, unit = _writable_unit(request, code or "")
        declaration = Declaration(**unit.row_fields(), fiscal_year=int(fy or 0))
        save = partial(services.create_declaration, unit=unit, fiscal_year=int(fy or 0))
    form = forms.DeclarationForm(request.POST or None, request.FILES or None, instance=declaration)
    if request.method == "POST" and _saved(request, form, save):
        messages.success(request, _("Saved."))
        return redirect("plans:year", code=declaration.province_id, fy=declaration.fiscal_year)
    context = {
        "form": form,
        "row": declaration,
        "title": _("Declaration of intent"),
        "kind": "declaration",
    }
    return render(request, "plans/unit_form.html", context)


@login_required
def declaration(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_declaration_for_user(request.user, pk)
    can_edit = access.can(request.user, "plans.write", row)
    return render(request, "plans/declaration.html", {"declaration": row, "can_edit": can_edit})


@login_required
@fiscal_year_page
def target_edit(
    request: HttpRequest, code: str | None = None, fy: int | None = None, pk: int | None = None
) -> HttpResponse:
    if pk:
        target = get_target_for_user(request.user, pk, write=True)
        save = partial(services.update_target_virtue, target=target)
    else:
        _programme, unit = _writable_unit(request, code or "")
        target = TargetVirtue(**unit.row_fields(), fiscal_year=int(fy or 0))
        save = partial(services.create_target_virtue, unit=unit, fiscal_year=int(fy or 0))
    form = forms.TargetVirtueForm(
        request.POST or None, instance=target, fiscal_year=target.fiscal_year
    )
    if request.method == "POST" and _saved(request, form, save):
        messages.success(request, _("Saved."))
        return redirect("plans:year", code=target.province_id, fy=target.fiscal_year)
    context = {"form": form, "row": target, "title": _("Target virtue"), "kind": "target"}
    return render(request, "plans/unit_form.html", context)


@login_required
@require_POST
def unit_row_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    row: Declaration | TargetVirtue
    if kind == "declaration":
        row = declaration = get_declaration_for_user(request.user, pk, write=True)
        services.delete_declaration(actor=request.user, declaration=declaration)
    elif kind == "target":
        row = target = get_target_for_user(request.user, pk, write=True)
        services.delete_target_virtue(actor=request.user, target=target)
    else:
        raise Http404
    messages.success(request, _("Deleted."))
    return redirect("plans:year", code=row.province_id, fy=row.fiscal_year)


# --- Excel and PDF --------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def plan_export(request: HttpRequest, plan_id: int) -> HttpResponse:
    p = get_plan_for_user(request.user, plan_id)
    with translation.override("th"):
        content = excel.export_workbook([p], str(p.province), p.fiscal_year)
    return _file_response(content, XLSX, f"plan-{p.fiscal_year}-{p.pk}.xlsx")


@login_required
@fiscal_year_page
def year_export(request: HttpRequest, code: str, fy: int) -> HttpResponse:
    """The province's overall plan and every network's plan, one sheet each."""
    programme = get_programme_for_user(request.user, code)
    plans = list(
        plans_visible_to(request.user)
        .filter(province_id=code, fiscal_year=fy, organisation__isnull=True)
        .order_by(*unit_order()[:1])
    )
    with translation.override("th"):
        content = excel.export_workbook(plans, programme.province.name_th, fy)
    return _file_response(content, XLSX, f"plans-{code}-{fy}.xlsx")


@login_required
@fiscal_year_page
def year_import(request: HttpRequest, code: str, fy: int) -> HttpResponse:
    """Check an uploaded workbook; store it only when every row is right."""
    programme = get_programme_for_user(request.user, code)
    if not access.can(request.user, "plans.import", code):
        raise Http404
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = excel_import.read_workbook(
            form.cleaned_data["file"], actor=request.user, province_id=code, fiscal_year=fy
        )
        if result.ok:
            stored = excel_import.apply_import(
                actor=request.user, province=programme.province, fiscal_year=fy, result=result
            )
            for notice in result.notices:
                messages.warning(request, notice)
            _say_what_was_imported(request, len(stored), len(result.plans) - len(stored))
            return redirect("plans:year", code=code, fy=fy)
    context = {"programme": programme, "fy": fy, "form": form, "result": result}
    return render(request, "plans/import.html", context)


def _say_what_was_imported(request: HttpRequest, changed: int, unchanged: int) -> None:
    if not changed:
        messages.info(
            request,
            _("The workbook is the same as the stored plans: there was nothing to import."),
        )
        return
    messages.success(request, _("Imported %(n)s plan(s).") % {"n": changed})
    if unchanged:
        messages.info(
            request,
            _("%(n)s plan(s) in the workbook were unchanged and left as they were.")
            % {"n": unchanged},
        )


@login_required
def plan_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    p = get_plan_for_user(request.user, plan_id)
    goals = p.goals.prefetch_related(
        "activities__budget_lines__source", "activities__virtues", "activities__responsible"
    )
    with translation.override("th"):
        html = render_to_string(
            "plans/plan_pdf.html",
            {
                "plan": p,
                "goals": goals,
                "budget_total": p.budget_total(),
                "printed": timezone.localdate(),
            },
        )
    return _file_response(render_pdf(html), "application/pdf", f"plan-{p.fiscal_year}-{p.pk}.pdf")
