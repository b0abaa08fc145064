from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from moralprovince.certificates import forms, services
from moralprovince.certificates.access import (
    certificates_visible_to,
    get_certificate_for_user,
    get_province_code,
    may_revoke,
)
from moralprovince.certificates.models import Certificate, Signatory, normalise_code
from moralprovince.certificates.pdf import render_certificates_pdf
from moralprovince.certificates.sources import SOURCES
from moralprovince.core.forms import add_service_error
from moralprovince.geo.models import Province

PAGE_SIZE = 50


# --- the public verification pages -------------------------------------------------------------


def verify(request: HttpRequest) -> HttpResponse:
    """Type a certificate's code to see whether it stands."""
    form = forms.VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return render(request, "certificates/verify_form.html", {"form": form})


def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    """What the certificate says and whether it still stands; nothing else about its holder."""
    normal = normalise_code(code)
    certificate = (
        Certificate.objects.select_related("province").filter(code=normal).first()
        if normal
        else None
    )
    if certificate is None:
        form = forms.VerifyForm(initial={"code": code[:40]})
        return render(
            request,
            "certificates/verify_unknown.html",
            {"form": form, "code": code[:40]},
            status=404,
        )
    if normal != code:
        return redirect("certificates:verify", code=normal)
    return render(request, "certificates/verify.html", {"certificate": certificate})


# --- the province's staff ------------------------------------------------------------------------


def certificate_list(request: HttpRequest, code: str) -> HttpResponse:
    get_province_code(request.user, code, "certificates.read")
    form = forms.FilterForm(request.GET or None)
    visible = certificates_visible_to(request.user).filter(province_id=code)
    rows = _filtered(visible.defer("signatories", "revoked_reason"), form)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "province": Province.objects.get(pk=code),
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "kind_labels": {kind: source.label for kind, source in SOURCES.items()},
        "revocable": {c.pk for c in page if c.is_standing and may_revoke(request.user, c)},
    }
    return render(request, "certificates/list.html", context)


def _filtered(rows: QuerySet[Certificate], form: forms.FilterForm) -> QuerySet[Certificate]:
    if not form.is_bound or not form.is_valid():
        return rows
    data = form.cleaned_data
    if data["kind"]:
        rows = rows.filter(kind=data["kind"])
    if data["fiscal_year"]:
        rows = rows.filter(fiscal_year=data["fiscal_year"])
    if data["state"] == "standing":
        rows = rows.filter(revoked_at__isnull=True)
    elif data["state"] == "revoked":
        rows = rows.filter(revoked_at__isnull=False)
    return rows


def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_certificate_for_user(request.user, pk)
    response = HttpResponse(render_certificates_pdf([certificate]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = get_certificate_for_user(request.user, pk)
    if not may_revoke(request.user, certificate):
        raise Http404
    form = forms.RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_certificate(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The certificate was revoked."))
            return redirect("certificates:list", code=certificate.province_id)
    return render(request, "certificates/revoke.html", {"certificate": certificate, "form": form})


def signatories(request: HttpRequest, code: str) -> HttpResponse:
    get_province_code(request.user, code, "certificates.signatories.manage")
    initial = [
        {"name": s.name, "position": s.position} for s in Signatory.objects.filter(province_id=code)
    ]
    formset = forms.SignatoryFormSet(request.POST or None, initial=initial)
    error: list[str] = []
    if request.method == "POST" and formset.is_valid():
        rows = _rows(formset.cleaned_data)
        try:
            services.set_signatories(actor=request.user, province_id=code, rows=rows)
        except ValidationError as refused:
            error = refused.messages
        else:
            messages.success(request, _("The signatories were saved."))
            return redirect("certificates:signatories", code=code)
    context = {"province": Province.objects.get(pk=code), "formset": formset, "errors": error}
    return render(request, "certificates/signatories.html", context)


def _rows(cleaned: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The rows filled in; a row left wholly blank is no signatory."""
    rows = [(row.get("name", "").strip(), row.get("position", "").strip()) for row in cleaned]
    return [row for row in rows if any(row)]
