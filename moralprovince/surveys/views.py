from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moralprovince.core.forms import errors_as_messages, refusal_as_messages, run_service
from moralprovince.jobs.models import Job
from moralprovince.surveys import access, exports, queries, results, services
from moralprovince.surveys.files import FileRefused
from moralprovince.surveys.forms import (
    ImportActionForm,
    RoundForm,
    ScoringForm,
    SharedDeviceForm,
    UploadForm,
    WorkbookForm,
)
from moralprovince.surveys.models import BURST_MINUTES, ResponseImport, SurveyRound
from moralprovince.surveys.qr import qr_svg
from moralprovince.surveys.xlsform import WorkbookRefused, read_workbook, write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/index.html", queries.index_context(request.user))


# --- instruments ------------------------------------------------------------------------------


@login_required
def instrument(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_instrument(request.user, pk)
    context = queries.instrument_context(item, request.GET.get("v"))
    context.update(
        manage=access.can(request.user, "surveys.instrument.manage"),
        scoring_form=ScoringForm(initial={"rule": context["version"].scoring_rule}),
        workbook_form=WorkbookForm(),
    )
    return render(request, "surveys/instrument.html", context)


@login_required
def instrument_workbook(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = access.get_version(request.user, pk, number)
    content = write_workbook(queries.version_data(version), version.number)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{version.instrument.code}-v{number}.xlsx"'
    )
    return response


@login_required
@require_POST
def instrument_upload(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "surveys.instrument.manage")
    form = WorkbookForm(request.POST, request.FILES)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect("surveys:index")
    try:
        data = read_workbook(form.cleaned_data["file"].read())
        version = services.create_version(data, actor=request.user)
    except WorkbookRefused as error:
        messages.error(request, str(error))
        return redirect("surveys:index")
    except ValidationError as error:
        refusal_as_messages(request, error)
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
    access.require(request.user, "surveys.instrument.manage")
    version = access.get_version(request.user, pk, number)
    form = ScoringForm(request.POST)
    new = run_service(
        form,
        lambda data: services.update_scoring(
            version, actor=request.user, change=services.ScoringChange(**data)
        ),
    )
    if new is None:
        errors_as_messages(request, form)
        return redirect("surveys:instrument", pk)
    messages.success(
        request, _("The scoring was changed in a new version, %(number)s.") % {"number": new.number}
    )
    return redirect(f"{reverse('surveys:instrument', args=[pk])}?v={new.number}")


# --- rounds -----------------------------------------------------------------------------------


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    provinces = queries.runnable_provinces(request.user)
    if not provinces.exists():
        raise Http404
    form = RoundForm(request.POST or None, provinces=provinces)
    if request.method == "POST":
        created = run_service(form, lambda data: _create_round(request, data))
        if created is not None:
            messages.success(
                request,
                _("The round was created with %(count)s schools.")
                % {"count": f"{created.round_schools.count():,}"},
            )
            return redirect("surveys:round", created.pk)
    return render(request, "surveys/round_form.html", {"form": form})


def _create_round(request: HttpRequest, data: dict[str, Any]) -> SurveyRound:
    round_data = services.RoundData(**data)
    schools = queries.province_schools(round_data.province)
    return services.create_round(actor=request.user, data=round_data, schools=schools)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = access.get_round(request.user, pk)
    run = access.can(request.user, "surveys.round.run", survey_round)
    show_qr = bool(request.GET.get("qr"))
    links = []
    for member in queries.round_schools(survey_round):
        url = request.build_absolute_uri(reverse("surveys:answer", args=[member.token]))
        links.append((member, url, qr_svg(url) if show_qr else ""))
    return render(
        request,
        "surveys/round.html",
        {
            "round": survey_round,
            "run": run,
            "can_delete": access.can(request.user, "surveys.round.delete", survey_round),
            "links": links,
            "show_qr": show_qr,
            "imports": queries.recent_imports(survey_round) if run else [],
            "csv": exports.csv_summary(survey_round) if run else None,
            "minimum": results.minimum_group(),
            "upload_form": UploadForm(schools=queries.school_choices(survey_round)),
            **queries.round_context(survey_round, run),
        },
    )


@login_required
@require_POST
def round_delete(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = access.get_round(request.user, pk, run=True)
    if not access.can(request.user, "surveys.round.delete", survey_round):
        raise Http404
    name = survey_round.name
    try:
        services.delete_round(actor=request.user, survey_round=survey_round)
    except ValidationError as error:
        refusal_as_messages(request, error)
        return redirect("surveys:round", pk)
    messages.success(request, _("The round “%(name)s” was deleted.") % {"name": name})
    return redirect("surveys:index")


@login_required
@require_POST
def school_devices(request: HttpRequest, pk: int, school_id: int) -> HttpResponse:
    """Switch "several pupils share this device" for a school's link."""
    member = access.get_school_place(request.user, pk, school_id)
    if not access.can(request.user, "surveys.school.devices", member):
        raise Http404
    form = SharedDeviceForm(request.POST)
    if form.is_valid():
        services.set_shared_device(
            actor=request.user, member=member, shared=form.cleaned_data["shared"]
        )
        messages.success(request, _("Saved."))
    else:
        errors_as_messages(request, form)
    if form.is_valid() and form.cleaned_data["back"] == "round":
        return redirect(f"{reverse('surveys:round', args=[pk])}#links")
    return redirect("surveys:school-results", pk, school_id)


# --- imports ----------------------------------------------------------------------------------


@login_required
@require_POST
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = access.get_round(request.user, pk, run=True)
    form = UploadForm(request.POST, request.FILES, schools=queries.school_choices(survey_round))
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect("surveys:round", pk)
    upload = form.cleaned_data["file"]
    try:
        record = services.create_import(
            actor=request.user,
            survey_round=survey_round,
            upload=upload,
            name=upload.name,
            school=form.cleaned_data["school"],
        )
    except FileRefused as error:
        messages.error(request, _("%(file)s: %(error)s") % {"file": upload.name, "error": error})
        return redirect("surveys:round", pk)
    # The import's page names the columns left out (`dropped_columns`).
    return redirect("surveys:import", record.pk)


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_import(request.user, pk)
    if request.method == "POST" and record.status != ResponseImport.Status.IMPORTED:
        if not record.file:
            messages.error(
                request,
                _(
                    "The file is no longer kept (it was imported, refused or left too long); upload it again."
                ),
            )
            return redirect("surveys:import", record.pk)
        if request.POST.get("action") == "mapping":
            return _import_mapping(request, record)
        return _import_action(request, record)
    return render(request, "surveys/import.html", queries.import_context(record))


def _import_mapping(request: HttpRequest, record: ResponseImport) -> HttpResponse:
    allowed = queries.import_targets(record)
    # The page lists the columns that may be shown, in order; any other column is unmatched.
    mapping = {
        c: v if (v := request.POST.get(f"col-{i}", "")) in allowed else ""
        for i, c in enumerate(queries.shown_columns(record))
    }
    services.update_import_mapping(actor=request.user, record=record, mapping=mapping)
    return redirect("surveys:import", record.pk)


def _import_action(request: HttpRequest, record: ResponseImport) -> HttpResponse:
    form = ImportActionForm(request.POST)
    job = run_service(form, lambda data: _start(request, record, data))
    if job is None:
        errors_as_messages(request, form)
        return redirect("surveys:import", record.pk)
    return redirect("jobs:job", job.pk)


def _start(request: HttpRequest, record: ResponseImport, data: dict[str, Any]) -> Job:
    if data["action"] == "check":
        return services.start_import_check(actor=request.user, record=record)
    return services.start_import(
        actor=request.user,
        record=record,
        only_valid=data["action"] == "import-valid",
        after_close=data["after_close"],
    )


# --- results ----------------------------------------------------------------------------------


@login_required
def round_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = access.get_round(request.user, pk)
    context = queries.results_context(survey_round, request.GET.get("page"))
    return render(request, "surveys/results.html", context)


@login_required
def school_results(request: HttpRequest, pk: int, school_id: int) -> HttpResponse:
    member = access.get_school_place(request.user, pk, school_id)
    context = queries.school_context(member.round, member)
    context.update(
        own=access.can(request.user, "surveys.school.own", member),
        see_round=access.can(request.user, "surveys.round.view", member.round),
    )
    if access.can(request.user, "surveys.school.link", member):
        url = request.build_absolute_uri(reverse("surveys:answer", args=[member.token]))
        context.update(link=url, qr=qr_svg(url, scale=4))
    if access.can(request.user, "surveys.school.devices", member):
        context.update(
            devices=True,
            bursts=queries.bursts(member.round, member),
            burst_threshold=queries.burst_threshold(),
            burst_minutes=BURST_MINUTES,
        )
    return render(request, "surveys/school_results.html", context)


@login_required
def results_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = access.get_round(request.user, pk)
    context = queries.results_context(survey_round, per_page=5000)
    return exports.pdf_response(request, "surveys/results_pdf.html", context, f"survey-{pk}.pdf")


@login_required
def school_pdf(request: HttpRequest, pk: int, school_id: int) -> HttpResponse:
    member = access.get_school_place(request.user, pk, school_id)
    context = queries.school_context(member.round, member)
    return exports.pdf_response(
        request, "surveys/school_pdf.html", context, f"survey-{pk}-school-{school_id}.pdf"
    )


@login_required
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = access.get_round(request.user, pk)
    content = exports.results_workbook(queries.results_context(survey_round, per_page=100000))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="survey-{pk}-results.xlsx"'
    return response


@login_required
def responses_csv(request: HttpRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    survey_round = access.get_round(request.user, pk, run=True)
    content = exports.anonymised_csv(survey_round)
    if content is None:
        # Never an empty file without a word: the round's page says why there is none.
        messages.warning(request, exports.no_rows_text())
        return redirect("surveys:round", pk)
    response = StreamingHttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{pk}-responses.csv"'
    return response


@login_required
def national(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "surveys.province.compare"):
        raise Http404
    context = queries.national_context(request.GET.get("version"), request.GET.get("year"))
    return render(request, "surveys/national.html", context)
