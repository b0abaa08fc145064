from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moralprovince.core.forms import errors_as_messages
from moralprovince.geo.models import District, Province
from moralprovince.jobs.services import enqueue
from moralprovince.organisations.models import Organisation
from moralprovince.surveys import exports, results, services
from moralprovince.surveys.access import (
    can_manage_instruments,
    get_import,
    get_round,
    provinces_runnable_by,
    rounds_runnable_by,
    rounds_visible_to,
)
from moralprovince.surveys.columns import mapping_problems, target_choices, target_label
from moralprovince.surveys.files import FileRefused
from moralprovince.surveys.forms import RoundForm, ScoringForm, UploadForm, WorkbookForm
from moralprovince.surveys.ingest import prepare
from moralprovince.surveys.models import (
    Instrument,
    InstrumentVersion,
    ResponseImport,
    Sex,
    SurveyRound,
)
from moralprovince.surveys.problems import label as problem_label
from moralprovince.surveys.problems import text as problem_text
from moralprovince.surveys.qr import qr_svg
from moralprovince.surveys.spec import spec_for
from moralprovince.surveys.xlsform import WorkbookRefused, read_workbook, write_workbook


@login_required
def index(request: HttpRequest) -> HttpResponse:
    rounds = rounds_visible_to(request.user).annotate(schools_count=Count("round_schools"))
    return render(
        request,
        "surveys/index.html",
        {
            "rounds": rounds,
            "instruments": Instrument.objects.all(),
            "can_start": provinces_runnable_by(request.user) != set(),
            "national": can_manage_instruments(request.user),
        },
    )


# --- instruments ------------------------------------------------------------------------------


@login_required
def instrument(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Instrument, pk=pk)
    versions = list(item.versions.order_by("-number"))
    chosen = next((v for v in versions if str(v.number) == request.GET.get("v")), versions[0])
    return render(
        request,
        "surveys/instrument.html",
        {
            "instrument": item,
            "versions": versions,
            "version": chosen,
            "domains": chosen.domains.prefetch_related("items"),
            "manage": can_manage_instruments(request.user),
            "scoring_form": ScoringForm(initial={"rule": chosen.scoring_rule}),
            "workbook_form": WorkbookForm(),
        },
    )


@login_required
def instrument_workbook(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_object_or_404(InstrumentVersion, instrument_id=pk, number=number)
    content = write_workbook(services.data_of(version), version.number)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{version.instrument.code}-v{number}.xlsx"'
    )
    return response


@login_required
@require_POST
def instrument_upload(request: HttpRequest) -> HttpResponse:
    if not can_manage_instruments(request.user):
        raise PermissionDenied
    form = WorkbookForm(request.POST, request.FILES)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect("surveys:index")
    try:
        version = services.create_version(
            read_workbook(form.cleaned_data["file"].read()), actor=request.user
        )
    except WorkbookRefused as error:
        messages.error(request, str(error))
        return redirect("surveys:index")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("surveys:index")
    messages.success(
        request, _("Version %(number)s of the instrument was saved.") % {"number": version.number}
    )
    return redirect(
        f"{reverse('surveys:instrument', args=[version.instrument_id])}?v={version.number}"
    )


@login_required
@require_POST
def instrument_scoring(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    if not can_manage_instruments(request.user):
        raise PermissionDenied
    version = get_object_or_404(InstrumentVersion, instrument_id=pk, number=number)
    form = ScoringForm(request.POST)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect("surveys:instrument", pk)
    bands = services.data_of(version).bands
    new = services.change_scoring(
        version,
        rule=form.cleaned_data["rule"],
        bands=bands,
        note=form.cleaned_data["note"],
        actor=request.user,
    )
    messages.success(
        request, _("The scoring was changed in a new version, %(number)s.") % {"number": new.number}
    )
    return redirect(f"{reverse('surveys:instrument', args=[pk])}?v={new.number}")


# --- rounds -----------------------------------------------------------------------------------


def _runnable_provinces(user: Any) -> Any:
    allowed = provinces_runnable_by(user)
    provinces = Province.objects.filter(programme__isnull=False)
    return provinces if allowed is None else provinces.filter(pk__in=allowed)


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    provinces = _runnable_provinces(request.user)
    if not provinces.exists():
        raise Http404
    form = RoundForm(request.POST or None, provinces=provinces)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        schools = list(Organisation.objects.filter(province=data["province"], kind__code="school"))
        try:
            created = services.create_round(actor=request.user, schools=schools, **data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The round was created with %(count)s schools.") % {"count": len(schools)},
            )
            return redirect("surveys:round", created.pk)
    return render(request, "surveys/round_form.html", {"form": form})


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_round(request.user, pk)
    run = rounds_runnable_by(request.user).filter(pk=pk).exists()
    schools = survey_round.round_schools.select_related("organisation").order_by(
        "organisation__name_th"
    )
    links = [
        (rs, request.build_absolute_uri(reverse("surveys:answer", args=[rs.token])))
        for rs in schools
    ]
    return render(
        request,
        "surveys/round.html",
        {
            "round": survey_round,
            "run": run,
            "links": [(rs, url, qr_svg(url) if request.GET.get("qr") else "") for rs, url in links],
            "show_qr": bool(request.GET.get("qr")),
            "imports": survey_round.imports.all()[:20] if run else [],
            "upload_form": UploadForm(
                schools=Organisation.objects.filter(pk__in=schools.values("organisation_id"))
            ),
        },
    )


# --- imports ----------------------------------------------------------------------------------


@login_required
@require_POST
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_round(request.user, pk, run=True)
    schools = Organisation.objects.filter(
        pk__in=survey_round.round_schools.values("organisation_id")
    )
    form = UploadForm(request.POST, request.FILES, schools=schools)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect("surveys:round", pk)
    upload = form.cleaned_data["file"]
    try:
        record = prepare(
            survey_round=survey_round,
            upload=upload,
            name=upload.name,
            actor=request.user,
            school=form.cleaned_data["school"],
        )
    except FileRefused as error:
        messages.error(request, _("%(file)s: %(error)s") % {"file": upload.name, "error": error})
        return redirect("surveys:round", pk)
    return redirect("surveys:import", record.pk)


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_import(request.user, pk)
    spec = spec_for(record.round.version)
    if request.method == "POST" and record.status != ResponseImport.Status.IMPORTED:
        return _import_action(request, record, spec)
    problems = mapping_problems(record.mapping, spec, record.school_id is not None)
    return render(
        request,
        "surveys/import.html",
        {
            "record": record,
            "round": record.round,
            "columns": [
                (c, record.mapping.get(c, ""), target_label(record.mapping.get(c, "")))
                for c in record.columns
            ],
            "choices": target_choices(spec),
            "mapping_problems": problems,
            "preview": _preview(record),
            "problems": [{**p, "text": problem_text(p)} for p in record.problems[:200]],
            "counts": [
                (problem_label(code), count) for code, count in record.problem_counts.items()
            ],
            "invalid_rows": record.rows - record.valid_rows,
        },
    )


def _preview(record: ResponseImport) -> list[list[str]]:
    import tempfile
    from pathlib import Path

    from moralprovince.surveys.files import ROW, open_table

    try:
        with tempfile.TemporaryDirectory() as workdir:
            table = open_table(Path(record.file.path), Path(workdir))
            first = next(table.batches(size=10), None)
            if first is None:
                return []
            return [
                [str(v if v is not None else "") for v in row]
                for row in first.select(ROW, *table.columns).head(10).rows()
            ]
    except FileRefused:
        return []


def _import_action(request: HttpRequest, record: ResponseImport, spec: Any) -> HttpResponse:
    action = request.POST.get("action")
    if action == "mapping":
        allowed = {value for value, _label in target_choices(spec)}
        mapping = {
            c: v if (v := request.POST.get(f"col-{i}", "")) in allowed else ""
            for i, c in enumerate(record.columns)
        }
        services.set_import_mapping(actor=request.user, record=record, mapping=mapping)
        return redirect("surveys:import", record.pk)
    if mapping_problems(record.mapping, spec, record.school_id is not None):
        messages.error(request, _("Match the columns first."))
        return redirect("surveys:import", record.pk)
    back = reverse("surveys:import", args=[record.pk])
    if action == "check":
        job = enqueue(
            actor=request.user,
            kind="surveys.check",
            province=record.round.province,
            params={"import_id": record.pk, "back": back},
        )
    elif action in ("import", "import-valid"):
        if action == "import-valid" and not request.POST.get("confirm"):
            messages.error(
                request, _("Tick the box to confirm that the rows with problems are left out.")
            )
            return redirect("surveys:import", record.pk)
        job = enqueue(
            actor=request.user,
            kind="surveys.import",
            province=record.round.province,
            params={"import_id": record.pk, "only_valid": action == "import-valid", "back": back},
        )
    else:
        raise Http404
    return redirect("jobs:job", job.pk)


# --- results ----------------------------------------------------------------------------------


@login_required
def round_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_round(request.user, pk)
    context = results_context(survey_round, request.GET.get("page"))
    return render(request, "surveys/results.html", context)


def results_context(
    survey_round: SurveyRound, page: Any = None, per_page: int = 50
) -> dict[str, Any]:
    spec = spec_for(survey_round.version)
    ids = [survey_round.pk]
    province = results.figures(spec, ids, "province", [survey_round.province_id])
    overall = results.suppress(list(province.values()))
    by_sex = results.suppress(list(results.figures(spec, ids, "province", group="sex").values()))
    by_grade = results.suppress(
        sorted(
            results.figures(spec, ids, "province", group="grade").values(), key=lambda f: f.key[1]
        )
    )
    districts = results.figures(spec, ids, "district")
    district_names = dict(District.objects.filter(pk__in=districts).values_list("code", "name_th"))
    for figure in districts.values():
        figure.label = district_names.get(figure.key, figure.key)
    schools = survey_round.round_schools.select_related("organisation").order_by(
        "organisation__name_th"
    )
    paged = Paginator(schools, per_page).get_page(page)
    school_figures = results.figures(spec, ids, "school", [str(rs.organisation_id) for rs in paged])
    school_rows = []
    for rs in paged:
        figure = school_figures.get(str(rs.organisation_id)) or results.Figure(
            key=str(rs.organisation_id)
        )
        figure.label = rs.organisation.name
        school_rows.append(figure)
    results.suppress(school_rows)
    label_groups(by_sex, by_grade)
    for figure in overall:
        figure.label = survey_round.province.name_th
    names = domain_names(survey_round.version)
    trend_rows = []
    for other, figure in trend(survey_round):
        figure.label = f"{other.name} ({other.fiscal_year})"
        trend_rows.append(figure)
    return {
        "round": survey_round,
        "spec": spec,
        "domain_names": names,
        "colspan": len(names) + len(spec.bands) + 1,
        "overall": overall[0] if overall else None,
        "overall_rows": overall,
        "chart_data": chart_data(names, overall[0] if overall else None),
        "chart_svg": chart_svg(names, overall[0] if overall else None),
        "trend_rows": trend_rows,
        "by_sex": by_sex,
        "by_grade": by_grade,
        "districts": results.suppress(sorted(districts.values(), key=lambda f: f.label)),
        "schools": school_rows,
        "page": paged,
        "minimum": results.minimum_group(),
    }


def label_groups(by_sex: list[results.Figure], by_grade: list[results.Figure]) -> None:
    """Name the sex and grade groups (their keys are (unit, sex) and (unit, grade))."""
    for figure in by_sex:
        figure.label = str(Sex(figure.key[1]).label)
    for figure in by_grade:
        figure.label = exports.grade_label(figure.key[1])


def chart_data(names: list[str], figure: results.Figure | None) -> dict[str, Any]:
    if figure is None or figure.suppressed:
        return {"labels": [], "values": []}
    return {
        "labels": names,
        "values": [round(s.percent, 1) for s in figure.scores],
        "label": _("Percent of the maximum"),
    }


def chart_svg(names: list[str], figure: results.Figure | None) -> str:
    from moralprovince.lib.charts import bar_chart

    data = chart_data(names, figure)
    if not data["values"]:
        return ""
    return bar_chart(data["labels"], [(data["label"], data["values"])])


def domain_names(version: InstrumentVersion) -> list[str]:
    return [_("Total"), *[d.name for d in version.domains.order_by("order")]]


def trend(survey_round: SurveyRound) -> list[tuple[SurveyRound, results.Figure]]:
    """The province's rounds of the same instrument, oldest first, each with its total."""
    rounds = SurveyRound.objects.filter(
        province=survey_round.province, version__instrument_id=survey_round.version.instrument_id
    ).order_by("fiscal_year", "opens_on")
    out = []
    for other in rounds:
        spec = spec_for(other.version)
        figure = results.figures(spec, [other.pk], "province", [other.province_id]).get(
            other.province_id
        )
        if figure:
            out.append((other, results.suppress([figure])[0]))
    return out


@login_required
def school_results(request: HttpRequest, pk: int, school_id: int) -> HttpResponse:
    survey_round = get_round(request.user, pk)
    context = school_context(survey_round, school_id)
    return render(request, "surveys/school_results.html", context)


def school_context(survey_round: SurveyRound, school_id: int) -> dict[str, Any]:
    member = (
        survey_round.round_schools.filter(organisation_id=school_id)
        .select_related("organisation")
        .first()
    )
    if member is None:
        raise Http404
    spec = spec_for(survey_round.version)
    unit = [str(school_id)]
    overall = results.suppress(
        list(results.figures(spec, [survey_round.pk], "school", unit).values())
    )
    by_sex = results.suppress(
        list(results.figures(spec, [survey_round.pk], "school", unit, "sex").values())
    )
    by_grade = results.suppress(
        sorted(
            results.figures(spec, [survey_round.pk], "school", unit, "grade").values(),
            key=lambda f: f.key[1],
        )
    )
    for figure in overall:
        figure.label = member.organisation.name
    label_groups(by_sex, by_grade)
    names = domain_names(survey_round.version)
    return {
        "round": survey_round,
        "school": member.organisation,
        "spec": spec,
        "domain_names": names,
        "colspan": len(names) + len(spec.bands) + 1,
        "overall_rows": overall,
        "by_sex": by_sex,
        "by_grade": by_grade,
        "minimum": results.minimum_group(),
    }


@login_required
def results_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_round(request.user, pk)
    return exports.pdf_response(
        request,
        "surveys/results_pdf.html",
        results_context(survey_round, per_page=5000),
        f"survey-{pk}.pdf",
    )


@login_required
def school_pdf(request: HttpRequest, pk: int, school_id: int) -> HttpResponse:
    survey_round = get_round(request.user, pk)
    context = school_context(survey_round, school_id)
    return exports.pdf_response(
        request, "surveys/school_pdf.html", context, f"survey-{pk}-school-{school_id}.pdf"
    )


@login_required
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_round(request.user, pk)
    content = exports.results_workbook(results_context(survey_round, per_page=100000))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{pk}-results.xlsx"'
    return response


@login_required
def responses_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    survey_round = get_round(request.user, pk, run=True)
    response = StreamingHttpResponse(
        exports.anonymised_csv(survey_round), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{pk}-responses.csv"'
    return response


@login_required
def national(request: HttpRequest) -> HttpResponse:
    if not can_manage_instruments(request.user):
        raise Http404
    versions = (
        InstrumentVersion.objects.filter(rounds__isnull=False)
        .distinct()
        .select_related("instrument")
    )
    years = sorted(set(SurveyRound.objects.values_list("fiscal_year", flat=True)), reverse=True)
    version = versions.filter(pk=request.GET.get("version") or 0).first() or versions.first()
    year = int(request.GET.get("year") or (years[0] if years else dt.date.today().year + 543))
    rows: list[results.Figure] = []
    total = None
    names = domain_names(version) if version else []
    if version:
        spec = spec_for(version)
        ids = list(
            SurveyRound.objects.filter(version=version, fiscal_year=year).values_list(
                "pk", flat=True
            )
        )
        by_province = results.figures(spec, ids, "province")
        province_names = dict(Province.objects.values_list("code", "name_th"))
        for figure in by_province.values():
            figure.label = province_names.get(figure.key, figure.key)
        rows = results.suppress(sorted(by_province.values(), key=lambda f: f.label))
        total = national_total(spec, ids)
        if total:
            total.label = _("Thailand")
    return render(
        request,
        "surveys/national.html",
        {
            "versions": versions,
            "version": version,
            "years": years,
            "year": year,
            "rows": rows,
            "total_rows": [total] if total else [],
            "domain_names": names,
            "colspan": len(names) + (len(spec.bands) if version else 0) + 1,
            "spec": spec if version else None,
            "minimum": results.minimum_group(),
        },
    )


def national_total(spec: Any, round_ids: list[int]) -> results.Figure | None:
    figure = results.overall(spec, round_ids)
    return results.suppress([figure])[0] if figure else None
