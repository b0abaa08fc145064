"""Pages that move assessments in and out of Excel: criteria workbooks, paper results and a
round's results."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moralprovince.assessments import access, bulk, criteria_workbook
from moralprovince.assessments.models import Round

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class WorkbookForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Workbook (.xlsx)"))


class ResultsForm(forms.Form):
    unit_type = forms.ChoiceField(label=gettext_lazy("Unit type"))
    status = forms.ChoiceField(
        label=gettext_lazy("Store the results as"),
        choices=[(s.value, s.label) for s in bulk.TARGETS],
        help_text=gettext_lazy(
            "Submitted: the evaluators still verify them. Verified: the scores were checked on "
            "paper, and the committee approves them next."
        ),
    )
    file = forms.FileField(label=gettext_lazy("Filled-in template (.xlsx)"))

    def __init__(self, *args: object, rnd: Round, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit_type"].choices = bulk_types(rnd)  # type: ignore[attr-defined]


def bulk_types(rnd: Round) -> list[tuple[str, str]]:
    have = set(rnd.criteria.values_list("unit_type", flat=True))
    return [(t.value, str(t.label)) for t in bulk.BULK_TYPES if t.value in have]


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- criteria -----------------------------------------------------------------------------------


@login_required
def criteria_workbook_download(request: HttpRequest, pk: int) -> HttpResponse:
    version = access.get_version(request.user, pk)
    content = criteria_workbook.write_workbook(version)
    name = f"criteria-{version.unit_type}-{version.fiscal_year}-v{version.number}.xlsx"
    return _xlsx(content, name)


@login_required
def criteria_import(request: HttpRequest) -> HttpResponse:
    """Check an uploaded criteria workbook; store it as a new draft version if all is right."""
    if not access.can(request.user, "assessments.criteria.manage"):
        raise Http404
    form = WorkbookForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = criteria_workbook.read_workbook(form.cleaned_data["file"])
        if result.ok:
            version = criteria_workbook.import_version(actor=request.user, data=result)
            messages.success(
                request,
                _("The workbook was stored as version %(number)s, a draft.")
                % {"number": version.number},
            )
            return redirect("assessments:criteria-detail", version.pk)
    context = {"form": form, "result": result}
    return render(request, "assessments/criteria_import.html", context)


# --- a round's results --------------------------------------------------------------------------


@login_required
def results_template(request: HttpRequest, pk: int, unit_type: str) -> HttpResponse:
    rnd = access.get_round(request.user, pk, manage=True)
    if unit_type not in dict(bulk_types(rnd)):
        raise Http404
    content = bulk.write_template(rnd, unit_type)
    return _xlsx(content, f"results-{rnd.fiscal_year}-{unit_type}-{rnd.pk}.xlsx")


@login_required
def results_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Check a filled-in template; store its rows only when every row is right."""
    rnd = access.get_round(request.user, pk, manage=True)
    form = ResultsForm(request.POST or None, request.FILES or None, rnd=rnd)
    result = None
    if request.method == "POST" and form.is_valid():
        unit_type, status = form.cleaned_data["unit_type"], form.cleaned_data["status"]
        result = bulk.read_results(
            form.cleaned_data["file"], rnd=rnd, unit_type=unit_type, target=status
        )
        if result.ok:
            changed = bulk.apply_results(
                actor=request.user, rnd=rnd, unit_type=unit_type, target=status, result=result
            )
            _say_what_was_imported(request, changed, len(result.rows) - changed)
            return redirect("assessments:board", rnd.pk)
    context = {"round": rnd, "form": form, "result": result, "types": bulk_types(rnd)}
    return render(request, "assessments/results_import.html", context)


def _say_what_was_imported(request: HttpRequest, changed: int, unchanged: int) -> None:
    if not changed:
        messages.info(
            request, _("The workbook is the same as the stored results: nothing was changed.")
        )
        return
    messages.success(request, _("Stored the results of %(n)s unit(s).") % {"n": changed})
    if unchanged:
        messages.info(
            request,
            _("%(n)s unit(s) in the workbook were unchanged and left as they were.")
            % {"n": unchanged},
        )


@login_required
def results_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's results the person may see, as a workbook."""
    rnd = access.get_round(request.user, pk)
    content = bulk.write_results(rnd, access.assessments_visible_to(request.user))
    return _xlsx(content, f"results-{rnd.fiscal_year}-{rnd.pk}.xlsx")
