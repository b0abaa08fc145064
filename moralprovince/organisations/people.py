"""People and their roles in one province, managed by its admins."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moralprovince.accounts import services
from moralprovince.accounts.models import Invitation, Role, User
from moralprovince.core.forms import add_service_error
from moralprovince.organisations.access import get_programme_for_user
from moralprovince.organisations.forms import RoleForm


@login_required
def people(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme_for_user(request.user, code, write=True)
    form = RoleForm(request.POST or None, province_id=code)
    if request.method == "POST" and form.is_valid():
        try:
            result = _give_role(request, programme.province, form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, services.outcome_message(result))
            return redirect("organisations:people", code=code)
    roles = (
        Role.objects.filter(province_id=code)
        .select_related("user", "network", "organisation", "province")
        .order_by("user__username", "kind")
    )
    context = {"programme": programme, "roles": roles, "form": form}
    return render(request, "organisations/people.html", context)


@transaction.atomic
def _give_role(request: HttpRequest, province: object, data: dict) -> Role | Invitation:  # type: ignore[type-arg]
    user = User.objects.filter(username__iexact=data["username"]).first()
    if user is None:
        user = services.create_person(
            actor=request.user,
            username=data["username"],
            display_name=data["display_name"],
            email=data["email"],
            password=data["password"] or None,
        )
    return services.grant_or_invite(
        actor=request.user,
        user=user,
        kind=data["kind"],
        province=province,
        network=data["network"],
        organisation=data["organisation"],
    )


@login_required
@require_POST
def role_revoke(request: HttpRequest, code: str, role_id: int) -> HttpResponse:
    get_programme_for_user(request.user, code, write=True)
    role = get_object_or_404(Role, pk=role_id, province_id=code)
    services.revoke_role(actor=request.user, role=role)
    messages.success(request, _("Role taken away."))
    return redirect("organisations:people", code=code)
