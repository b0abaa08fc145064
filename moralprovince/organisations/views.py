from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from moralprovince.core.actions import links_for
from moralprovince.core.forms import errors_as_messages, run_service
from moralprovince.geo.models import Province
from moralprovince.lib.lookup import get_or_404
from moralprovince.lib.paging import rows_page
from moralprovince.organisations import access, forms, services
from moralprovince.organisations.access import (
    get_network_for_user,
    get_organisation_for_user,
    get_programme_for_user,
    networks_editable_by,
    networks_visible_to,
    organisations_open_to_join,
    organisations_visible_to,
)
from moralprovince.organisations.models import ProgrammeYear
from moralprovince.organisations.queries import filter_directory


@login_required
def programme(request: HttpRequest, code: str) -> HttpResponse:
    prog = get_programme_for_user(request.user, code)
    networks = (
        networks_visible_to(request.user)
        .filter(province_id=code)
        .annotate(member_count=Count("memberships"))
    )
    context = {
        "programme": prog,
        "years": prog.years.all(),
        "networks": networks,
        "organisation_count": organisations_visible_to(request.user)
        .filter(province_id=code)
        .count(),
        "can_admin": access.can(request.user, "organisations.programme.update", prog),
        "links": links_for("programme", request.user, code),
        "year_form": forms.ProgrammeYearForm(),
    }
    return render(request, "organisations/programme.html", context)


@login_required
def programme_edit(request: HttpRequest, code: str) -> HttpResponse:
    prog = get_programme_for_user(request.user, code, write=True)
    form = forms.ProgrammeForm(request.POST or None, instance=prog, province=prog.province)
    if request.method == "POST" and run_service(
        form,
        lambda d: services.update_programme(
            actor=request.user, programme=prog, data=services.ProgrammeInput.from_row(prog, **d)
        ),
    ):
        messages.success(request, _("Saved."))
        return redirect("organisations:programme", code=code)
    return render(request, "organisations/programme_form.html", {"form": form, "programme": prog})


@login_required
@require_POST
def programme_year_add(request: HttpRequest, code: str) -> HttpResponse:
    prog = get_programme_for_user(request.user, code, write=True)
    form = forms.ProgrammeYearForm(request.POST)
    saved = run_service(
        form, lambda d: services.create_programme_year(actor=request.user, programme=prog, **d)
    )
    if saved:
        messages.success(request, _("Fiscal year added."))
    else:
        errors_as_messages(request, form)
    return redirect("organisations:programme", code=code)


@login_required
@require_POST
def programme_year_remove(request: HttpRequest, code: str, year_id: int) -> HttpResponse:
    prog = get_programme_for_user(request.user, code, write=True)
    year = get_object_or_404(ProgrammeYear, pk=year_id, programme=prog)
    services.delete_programme_year(actor=request.user, year=year)
    messages.success(request, _("Fiscal year removed."))
    return redirect("organisations:programme", code=code)


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "organisations.programme.create"):
        raise Http404
    form = forms.NewProgrammeForm(request.POST or None)
    if request.method == "POST":
        prog = run_service(
            form,
            lambda d: services.create_programme(
                actor=request.user,
                province=d["province"],
                data=services.ProgrammeInput.from_data(d),
            ),
        )
        if prog:
            return redirect("organisations:programme", code=prog.province_id)
    return render(request, "organisations/programme_create.html", {"form": form})


@login_required
def network(request: HttpRequest, network_id: int) -> HttpResponse:
    net = get_network_for_user(request.user, network_id)
    can_edit = access.can(request.user, "organisations.network.update", net)
    members = organisations_visible_to(request.user).filter(memberships__network=net)
    context = {
        "network": net,
        "members": members,
        "can_edit": can_edit,
        "member_form": forms.MemberForm(network=net, actor=request.user) if can_edit else None,
        # Coordinators are offered only organisations in no other network (see the rule).
        "only_free_members": can_edit
        and not access.can(request.user, "organisations.network.create", net.province_id),
    }
    return render(request, "organisations/network.html", context)


@login_required
def network_create(request: HttpRequest, code: str) -> HttpResponse:
    prog = get_programme_for_user(request.user, code, write=True)
    form = forms.NetworkForm(request.POST or None, province=prog.province)
    if request.method == "POST":
        net = run_service(
            form,
            lambda d: services.create_network(
                actor=request.user, province=prog.province, data=services.NetworkInput.from_data(d)
            ),
        )
        if net:
            return redirect("organisations:network", network_id=net.pk)
    return render(request, "organisations/network_form.html", {"form": form, "programme": prog})


@login_required
def network_edit(request: HttpRequest, network_id: int) -> HttpResponse:
    net = get_network_for_user(request.user, network_id, write=True)
    form = forms.NetworkForm(request.POST or None, instance=net, province=net.province)
    if request.method == "POST" and run_service(
        form,
        lambda d: services.update_network(
            actor=request.user, network=net, data=services.NetworkInput.from_row(net, **d)
        ),
    ):
        messages.success(request, _("Saved."))
        return redirect("organisations:network", network_id=net.pk)
    return render(request, "organisations/network_form.html", {"form": form, "network": net})


@login_required
@require_POST
def network_member_add(request: HttpRequest, network_id: int) -> HttpResponse:
    net = get_network_for_user(request.user, network_id, write=True)
    form = forms.MemberForm(request.POST, network=net, actor=request.user)
    if run_service(
        form,
        lambda d: services.add_member(
            actor=request.user, network=net, organisation=d["organisation"]
        ),
    ):
        messages.success(request, _("Member added."))
    else:
        errors_as_messages(request, form)
    return redirect("organisations:network", network_id=net.pk)


@login_required
@require_POST
def network_member_remove(
    request: HttpRequest, network_id: int, organisation_id: int
) -> HttpResponse:
    net = get_network_for_user(request.user, network_id, write=True)
    org = get_organisation_for_user(request.user, organisation_id)
    services.remove_member(actor=request.user, network=net, organisation=org)
    messages.success(request, _("Member removed."))
    return redirect("organisations:network", network_id=net.pk)


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    provinces = Province.objects.filter(
        pk__in=organisations_visible_to(request.user).values("province_id").distinct()
    )
    form = forms.DirectoryFilterForm(
        request.GET, provinces=provinces, networks=networks_visible_to(request.user)
    )
    # A stale link may carry an unknown filter value: drop that filter, keep the others.
    form.is_valid()
    filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    results = filter_directory(organisations_visible_to(request.user), **filters)
    page = rows_page(results, 25, request.GET.get("page"))
    template = (
        "organisations/_directory_results.html"
        if request.headers.get("HX-Request")
        else "organisations/directory.html"
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


LOOKUP_SIZE = 30


@login_required
@require_GET
def lookup(request: HttpRequest, code: str) -> HttpResponse:
    """The options of an organisation type-ahead (`widgets.OrganisationLookup`): the
    province's organisations the person sees whose names hold every typed word, in Thai
    order; with `network`, those the person may add to that network."""
    get_programme_for_user(request.user, code)
    rows = organisations_visible_to(request.user).filter(province_id=code)
    network_id = request.GET.get("network", "")
    if network_id.isdigit():
        network = get_or_404(networks_visible_to(request.user).filter(province_id=code), network_id)
        rows = organisations_open_to_join(request.user, network)
    words = request.GET.get("lookup_q", "")
    found = list(filter_directory(rows, q=words)[:LOOKUP_SIZE]) if words.strip() else []
    return render(request, "organisations/_lookup_options.html", {"found": found})


@login_required
def organisation(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = get_organisation_for_user(request.user, organisation_id)
    context = {
        "organisation": org,
        "networks": networks_visible_to(request.user).filter(memberships__organisation=org),
        "can_edit": access.can(request.user, "organisations.organisation.update", org),
    }
    return render(request, "organisations/organisation.html", context)


@login_required
def organisation_create(request: HttpRequest, code: str) -> HttpResponse:
    prog = get_programme_for_user(request.user, code)
    if not access.can(request.user, "organisations.organisation.add_in", code):
        raise Http404
    network_choices = networks_editable_by(request.user).filter(province_id=code)
    network = _chosen_network(request, network_choices)
    if network is None and not access.can(
        request.user, "organisations.organisation.create", access.NewOrganisation(code)
    ):
        # A coordinator adds organisations to one of their networks: which one?
        if len(network_choices) != 1:
            context = {"programme": prog, "networks": network_choices}
            return render(request, "organisations/organisation_network.html", context)
        network = network_choices[0]
    if not access.can(
        request.user, "organisations.organisation.create", access.NewOrganisation(code, network)
    ):
        raise Http404
    form = forms.OrganisationForm(request.POST or None, province=prog.province)
    if request.method == "POST":
        org = run_service(
            form,
            lambda d: services.create_organisation(
                actor=request.user,
                province=prog.province,
                data=services.OrganisationInput.from_data(d),
                network=network,
            ),
        )
        if org:
            messages.success(request, _("Organisation added."))
            return redirect("organisations:organisation", organisation_id=org.pk)
    context = {"form": form, "programme": prog, "network": network}
    return render(request, "organisations/organisation_form.html", context)


def _chosen_network(request: HttpRequest, choices: Any) -> Any:
    """The network a new organisation joins (coordinators must name one of theirs)."""
    raw = request.GET.get("network") or request.POST.get("network")
    if not raw:
        return None
    try:
        return choices.get(pk=int(raw))
    except (ValueError, choices.model.DoesNotExist):
        raise Http404 from None


@login_required
def organisation_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = get_organisation_for_user(request.user, organisation_id, write=True)
    form = forms.OrganisationForm(request.POST or None, instance=org, province=org.province)
    if request.method == "POST" and run_service(
        form,
        lambda d: services.update_organisation(
            actor=request.user, organisation=org, data=services.OrganisationInput.from_row(org, **d)
        ),
    ):
        messages.success(request, _("Saved."))
        return redirect("organisations:organisation", organisation_id=org.pk)
    return render(
        request, "organisations/organisation_form.html", {"form": form, "organisation": org}
    )
