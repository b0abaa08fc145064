from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moralprovince.core.forms import (
    add_service_error,
    errors_as_messages,
    refusal_as_messages,
    run_step,
)
from moralprovince.lib.fiscal import PERIODS, current_fiscal_year
from moralprovince.monitoring import access, forms, queries, services, sources
from moralprovince.monitoring.access import (
    activities_reportable_by,
    get_indicator_for_user,
    get_lock_for_user,
    get_report_for_user,
    get_value_for_user,
    get_visit_for_user,
    indicators_visible_to,
    locks_visible_to,
    visits_visible_to,
)
from moralprovince.monitoring.models import (
    FIRST_YEAR,
    LAST_YEAR,
    ActivityReport,
    Dimension,
    Indicator,
    MonitoringVisit,
    ValueStatus,
)
from moralprovince.monitoring.report import FISCAL_MONTHS
from moralprovince.organisations.access import (
    get_network_for_user,
    get_organisation_for_user,
    get_programme_for_user,
    networks_visible_to,
)
from moralprovince.organisations.models import Programme, unit_order
from moralprovince.organisations.queries import one_person_secretariat
from moralprovince.plans.access import Unit, get_plan_for_user
from moralprovince.plans.models import Activity


def _fy(request: HttpRequest, default: int | None = None) -> int:
    """The fiscal year asked for, else the one given, else the current one; a year that
    is not a Buddhist-Era year of the programme's time is not found."""
    try:
        fy = int(
            request.GET.get("fy")
            or request.POST.get("fiscal_year")
            or default
            or current_fiscal_year()
        )
    except ValueError:
        raise Http404 from None
    if not FIRST_YEAR <= fy <= LAST_YEAR:
        raise Http404
    return fy


def _year_choice(request: HttpRequest, programme: Programme) -> tuple[int, list[dict[str, Any]]]:
    """The year to show (asked for, else the latest with data or the programme's current
    year) and the years to choose from, each a link keeping the page's other parameters."""
    years, default = queries.year_choices(programme)
    fy = _fy(request, default)
    params = request.GET.copy()
    choices = []
    for year in sorted(set(years) | {fy}):
        params["fy"] = str(year)
        choices.append({"fy": year, "query": params.urlencode(), "current": year == fy})
    return fy, choices


def _unit(request: HttpRequest, code: str) -> Unit:
    """The network or organisation named in the request, if the person sees it, or the province."""
    network = request.GET.get("network")
    organisation = request.GET.get("organisation")
    return Unit(
        province_id=code,
        network=get_network_for_user(request.user, network) if network else None,
        organisation=(
            get_organisation_for_user(request.user, organisation) if organisation else None
        ),
    )


# --- indicators -------------------------------------------------------------------------------

INDICATORS_PER_PAGE = 50
UNITS_PER_STATUS_PAGE = 25


@login_required
def indicators(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme_for_user(request.user, code)
    rows = indicators_visible_to(request.user).filter(province_id=code)
    fy, years = _year_choice(request, programme)
    ordered = rows.order_by(*unit_order(), "code", "pk")
    context = {
        "programme": programme,
        "page": Paginator(ordered, INDICATORS_PER_PAGE).get_page(request.GET.get("page")),
        "fy": fy,
        "years": years,
        "can_write_province": access.can(request.user, "monitoring.write", Unit(code)),
        # Only the networks the person may define an indicator for: a link to any other
        # would end in "not found".
        "networks": [
            n
            for n in networks_visible_to(request.user).filter(province_id=code)
            if access.can(request.user, "monitoring.write", Unit(code, n))
        ],
    }
    return render(request, "monitoring/indicators.html", context)


@login_required
def indicator_edit(
    request: HttpRequest, code: str | None = None, pk: int | None = None
) -> HttpResponse:
    if pk:
        indicator = get_indicator_for_user(request.user, pk, write=True)
        save = partial(services.update_indicator, indicator=indicator)
    else:
        programme = get_programme_for_user(request.user, code or "")
        unit = _unit(request, programme.province_id)
        if not access.can(request.user, "monitoring.write", unit):
            raise Http404
        indicator = Indicator(**unit.row_fields())
        save = partial(services.create_indicator, unit=unit)
    form = forms.IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(actor=request.user, data=form.to_input())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("monitoring:indicator", pk=saved.pk)
    return render(
        request,
        "monitoring/form.html",
        {"form": form, "title": _("Indicator"), "unit": indicator.unit_name},
    )


@login_required
def indicator(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_indicator_for_user(request.user, pk)
    fy, years = _year_choice(request, get_programme_for_user(request.user, row.province_id))
    assessed = queries.assess(Indicator.objects.filter(pk=row.pk), fy)[0]
    periods = _periods(row, fy, assessed)
    # The person entered or submitted a value: someone else approves it (core.workflow.move).
    alone = one_person_secretariat(row.province_id)
    for p in periods:
        value = p["value"]
        p["own"] = (
            value is not None
            and not alone
            and request.user.pk in (value.entered_by_id, value.submitted_by_id)
        )
    context = {
        "indicator": row,
        "fy": fy,
        "years": years,
        "periods": periods,
        "year": assessed.year,
        "across_years": _across_years(row, [y["fy"] for y in years]),
        "can_write": access.can(request.user, "monitoring.write", row),
        "can_review": access.can(request.user, "monitoring.review", row),
        "value_form": forms.ValueForm(
            indicator=row, initial={"fiscal_year": fy, "period": _first_owed(periods)}
        ),
        "target_form": forms.TargetForm(
            indicator=row,
            initial={
                "fiscal_year": fy,
                "period": next((p["code"] for p in periods if p["target"] is None), None),
            },
        ),
        "source": sources.SOURCES.get(row.source),
    }
    return render(request, "monitoring/indicator.html", context)


def _across_years(row: Indicator, years: list[int]) -> list[tuple[int, queries.Cell]]:
    """The indicator's year, judged as in the IPTT, for each year of the programme with data."""
    chosen = Indicator.objects.filter(pk=row.pk)
    return [(fy, queries.assess(chosen, fy)[0].year) for fy in years]


def _periods(row: Indicator, fy: int, assessed: queries.IpttRow) -> list[dict[str, Any]]:
    """Each period of the year: its target, its value in whatever state, lock and status."""
    values = {
        v.period: v
        for v in row.values.filter(fiscal_year=fy).select_related("reviewed_by", "entered_by")
    }
    return [
        {
            "code": p,
            "target": cell.target,
            "value": values.get(p),
            "locked": services.is_locked(row.province_id, fy, p),
            "status": cell.status,
        }
        for p, cell in zip(PERIODS[row.frequency], assessed.cells, strict=True)
    ]


def _first_owed(periods: list[dict[str, Any]]) -> str | None:
    """The first period that has ended with no value sent for review, else the first with
    no value at all: the one a person comes to the page to fill in."""
    waiting = (ValueStatus.SUBMITTED, ValueStatus.APPROVED)
    for p in periods:
        if p["status"] == queries.NOT_REPORTED and (
            p["value"] is None or p["value"].status not in waiting
        ):
            return str(p["code"])
    return next((str(p["code"]) for p in periods if p["value"] is None), None)


@login_required
@require_POST
def target_set(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_indicator_for_user(request.user, pk, write=True)
    form = forms.TargetForm(request.POST, indicator=row)
    if form.is_valid():
        try:
            services.update_target(actor=request.user, indicator=row, data=form.to_input())
        except ValidationError as error:
            refusal_as_messages(request, error)
        else:
            messages.success(request, _("Saved."))
    else:
        errors_as_messages(request, form)
    return redirect(_back_to(row, form))


def row_url(row: Indicator) -> str:
    return reverse("monitoring:indicator", args=[row.pk])


def _back_to(row: Indicator, form: forms.TargetForm | forms.ValueForm) -> str:
    """The indicator's page, on the year the form was for when that year is a valid one."""
    fiscal_year = form.cleaned_data.get("fiscal_year") if hasattr(form, "cleaned_data") else None
    return f"{row_url(row)}?fy={fiscal_year}" if fiscal_year else row_url(row)


@login_required
@require_POST
def value_save(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_indicator_for_user(request.user, pk, write=True)
    form = forms.ValueForm(request.POST, request.FILES, indicator=row)
    if form.is_valid():
        try:
            services.enter_value(actor=request.user, indicator=row, data=form.to_input())
        except ValidationError as error:
            refusal_as_messages(request, error)
        else:
            messages.success(request, _("Saved as a draft."))
    else:
        errors_as_messages(request, form)
    return redirect(_back_to(row, form))


@login_required
@require_POST
def value_compute(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_indicator_for_user(request.user, pk, write=True)
    fy, period = _fy(request), request.POST.get("period", "")
    try:
        services.compute_value(actor=request.user, indicator=row, fiscal_year=fy, period=period)
    except ValidationError as error:
        refusal_as_messages(request, error)
    return redirect(f"{row_url(row)}?fy={fy}")


@login_required
@require_POST
def value_review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Submit (by its editors), approve or return (by the province's admins)."""
    value = get_value_for_user(request.user, pk)
    comment = request.POST.get("comment", "")
    steps = {
        "submit": lambda: services.submit_value(actor=request.user, value=value),
        "approve": lambda: services.approve_value(actor=request.user, value=value),
        "return": lambda: services.return_value(actor=request.user, value=value, comment=comment),
    }
    run_step(request, steps, action)
    return redirect(f"{row_url(value.indicator)}?fy={value.fiscal_year}")


@login_required
def records(request: HttpRequest, pk: int, fy: int, period: str) -> HttpResponse:
    """The records a computed figure counts, those the person may open listed."""
    row = get_indicator_for_user(request.user, pk)
    source = sources.SOURCES.get(row.source)
    if source is None or period not in PERIODS[row.frequency] or not FIRST_YEAR <= fy <= LAST_YEAR:
        raise Http404
    counted = source.records(row, fy, period)
    shown = source.records_for(request.user, row, fy, period)
    table = [[_attribute(r, path) for _label, path in source.columns] for r in shown[:500]]
    count, listed = counted.count(), shown.count()
    context = {
        "indicator": row,
        "fy": fy,
        "period": period,
        "source": source,
        "headers": [label for label, _path in source.columns],
        "table": table,
        # The figure is the indicator's, counted over every record; the count is of those
        # listed, so that a reader learns no more of the others than that there are some.
        "count": listed,
        "hidden": listed < count,
        "figure": source.figure(counted),
    }
    return render(request, "monitoring/records.html", context)


def _attribute(row: Any, path: str) -> Any:
    """A record's attribute, or a related row's by a dotted path ("round.name")."""
    value = row
    for name in path.split("."):
        value = getattr(value, name, None)
    return value


# --- periods, IPTT, dashboard, status ---------------------------------------------------------


@login_required
def periods(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme_for_user(request.user, code)
    if not access.can(request.user, "monitoring.lock", code):
        raise Http404
    fy, years = _year_choice(request, programme)
    if request.method == "POST":
        form = forms.LockForm(request.POST)
        if form.is_valid():
            try:
                services.lock_period(
                    actor=request.user,
                    province=programme.province,
                    fiscal_year=fy,
                    period=form.cleaned_data["period"],
                )
            except ValidationError as error:
                refusal_as_messages(request, error)
            else:
                messages.success(request, _("Period locked."))
        else:
            errors_as_messages(request, form)
        return redirect(f"{request.path}?fy={fy}")
    locks = locks_visible_to(request.user).filter(province_id=code, fiscal_year=fy)
    return render(
        request,
        "monitoring/periods.html",
        {
            "programme": programme,
            "fy": fy,
            "years": years,
            "locks": locks,
            "form": forms.LockForm(),
        },
    )


@login_required
@require_POST
def period_unlock(request: HttpRequest, code: str, lock_id: int) -> HttpResponse:
    lock = get_lock_for_user(request.user, lock_id, write=True)
    if lock.province_id != code:
        raise Http404
    services.unlock_period(actor=request.user, lock=lock)
    return redirect(f"{reverse('monitoring:periods', args=[code])}?fy={lock.fiscal_year}")


@login_required
def iptt(request: HttpRequest, code: str) -> HttpResponse:
    """Target against actual for the province, a network or an organisation (drill-down)."""
    programme = get_programme_for_user(request.user, code)
    fy, years = _year_choice(request, programme)
    unit = _unit(request, code)
    rows = indicators_visible_to(request.user).filter(
        province_id=code, network=unit.network, organisation=unit.organisation
    )
    children = _children(request, code, unit.network, unit.organisation)
    context = {
        "programme": programme,
        "fy": fy,
        "years": years,
        "tables": queries.iptt(rows, fy),
        "unit": unit.organisation or unit.network or programme.province,
        "children": children,
        "band": int(queries.band() * 100),
    }
    return render(request, "monitoring/iptt.html", context)


def _children(
    request: HttpRequest, code: str, network: Any, organisation: Any
) -> list[tuple[str, str]]:
    """Where the IPTT drills down to: networks of the province, members of a network."""
    if organisation is not None:
        return []
    with_indicators = indicators_visible_to(request.user).filter(province_id=code)
    if network is None:
        ids = with_indicators.filter(network__isnull=False).values("network_id")
        return [
            (f"?network={n.pk}", n.name)
            for n in networks_visible_to(request.user).filter(pk__in=ids)
        ]
    members = with_indicators.filter(organisation__in=network.members.all())
    return [
        (f"?organisation={o.pk}", o.name)
        for o in network.members.filter(pk__in=members.values("organisation_id"))
    ]


@login_required
def plan_iptt(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    rows = indicators_visible_to(request.user).filter(
        province_id=plan.province_id,
        network=plan.network,
        organisation=plan.organisation,
    )
    context = {
        "programme": get_programme_for_user(request.user, plan.province_id),
        "fy": plan.fiscal_year,
        "tables": queries.iptt(rows, plan.fiscal_year),
        "unit": plan.unit_name,
        "plan": plan,
        "children": [],
        "band": int(queries.band() * 100),
    }
    return render(request, "monitoring/iptt.html", context)


@login_required
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    programme = access.get_programme_for_reader(request.user, code)
    fy, years = _year_choice(request, programme)
    board = queries.dashboard(code, fy)
    context = {
        "programme": programme,
        "fy": fy,
        "years": years,
        "board": board,
        "chart_data": _chart_data(board),
    }
    return render(request, "monitoring/dashboard.html", context)


def _chart_data(board: dict[str, Any]) -> dict[str, Any]:
    return {
        "months": FISCAL_MONTHS,
        "reports": [m["reports"] for m in board["months"]],
        "participants": [m["participants"] for m in board["months"]],
        "budget_labels": [str(b["name"]) for b in board["budget"]],
        "planned": [float(b["planned"]) for b in board["budget"]],
        "spent": [float(b["spent"]) for b in board["budget"]],
        "labels": {
            "reports": _("Activity reports"),
            "participants": _("Participants"),
            "planned": _("Planned budget"),
            "spent": _("Spent"),
        },
    }


@login_required
def status_board(request: HttpRequest, code: str) -> HttpResponse:
    programme = access.get_programme_for_reader(request.user, code)
    fy, years = _year_choice(request, programme)
    today = timezone.localdate()
    board = queries.owed_units(code, fy, today)
    # The totals count every unit; the table shows a page of them, read whole.
    page = Paginator(board.units, UNITS_PER_STATUS_PAGE).get_page(request.GET.get("page"))
    context = {
        "programme": programme,
        "fy": fy,
        "years": years,
        "page": page,
        "owed": queries.owed_details(board, list(page.object_list)),
        "today": today,
        "values_owed": board.values_owed,
        "values_waiting": board.values_waiting,
        "values_unreported": board.values_owed + board.values_waiting,
        "reports_owed": board.reports_owed,
    }
    return render(request, "monitoring/status.html", context)


@login_required
def year_report(request: HttpRequest, code: str) -> HttpResponse:
    """Start the year's report in the background and follow its progress; opened by a link
    (GET), go to the dashboard, where the report of the year is started."""
    programme = access.get_programme_for_reader(request.user, code)
    fy = _fy(request, queries.year_choices(programme)[1])
    if request.method != "POST":
        return redirect(f"{reverse('monitoring:dashboard', args=[code])}?fy={fy}#year-report")
    job = services.start_year_report(
        actor=request.user, province=programme.province, fiscal_year=fy
    )
    return redirect("jobs:job", job_id=job.pk)


# --- activity reports and visits ----------------------------------------------------------------


@login_required
def report_create(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = _reportable(request, activity_id)
    form = forms.ActivityReportForm(
        request.POST or None,
        request.FILES or None,
        province_id=activity.province_id,
        dimensions=list(_participant_dimensions()),
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.create_activity_report(
                actor=request.user, activity=activity, data=form.to_input()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Report saved."))
            return redirect("monitoring:report", pk=report.pk)
    context = {
        "form": form,
        "title": _("Activity report"),
        "unit": activity.title,
        "multipart": True,
    }
    return render(request, "monitoring/form.html", context)


def _reportable(request: HttpRequest, activity_id: int) -> Activity:
    try:
        return activities_reportable_by(request.user).get(pk=int(activity_id))
    except (ValueError, Activity.DoesNotExist):
        raise Http404 from None


def _participant_dimensions() -> Any:
    return Dimension.objects.filter(code__in=["sex", "age-group"])


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_report_for_user(request.user, pk)
    context = {
        "report": row,
        "counts": _named_counts(row),
        "evidence": row.evidence.all(),
        "can_delete": access.can(request.user, "monitoring.report", row.activity),
    }
    return render(request, "monitoring/report.html", context)


def _named_counts(report: ActivityReport) -> list[tuple[str, str, int]]:
    """The participants by category, each category by its name rather than its code."""
    counts = []
    names: dict[Any, dict[str, str]] = {}
    for count in report.counts.select_related("dimension"):
        if count.dimension_id not in names:
            names[count.dimension_id] = dict(
                forms.category_choices(count.dimension, report.province_id)
            )
        label = names[count.dimension_id].get(count.category, count.category)
        counts.append((count.dimension.name, label, count.count))
    return counts


@login_required
@require_POST
def report_delete(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_report_for_user(request.user, pk, write=True)
    plan_id = row.activity.plan_id
    services.delete_activity_report(actor=request.user, report=row)
    messages.success(request, _("Deleted."))
    return redirect("plans:plan", plan_id=plan_id)


@login_required
def visits(request: HttpRequest, code: str) -> HttpResponse:
    programme = access.get_programme_for_reader(request.user, code)
    rows = (
        visits_visible_to(request.user).filter(province_id=code).prefetch_related("organisations")
    )
    can_write = access.can(request.user, "monitoring.record_visit", code)
    return render(
        request,
        "monitoring/visits.html",
        {"programme": programme, "visits": rows, "can_write": can_write},
    )


@login_required
def visit_edit(
    request: HttpRequest, code: str | None = None, pk: int | None = None
) -> HttpResponse:
    if pk:
        visit = get_visit_for_user(request.user, pk, write=True)
        province = visit.province
        save = partial(services.update_visit, visit=visit)
    else:
        province = get_programme_for_user(request.user, code or "").province
        if not access.can(request.user, "monitoring.record_visit", province.pk):
            raise Http404
        visit = MonitoringVisit(province=province)
        save = partial(services.create_visit, province=province)
    form = forms.VisitForm(request.POST or None, instance=visit, province_id=province.pk)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, data=form.to_input())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("monitoring:visits", code=province.pk)
    return render(
        request,
        "monitoring/form.html",
        {"form": form, "title": _("Monitoring visit"), "unit": str(province)},
    )
