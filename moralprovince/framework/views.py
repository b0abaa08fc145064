from __future__ import annotations

from copy import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moralprovince.accounts.scope import scope_for
from moralprovince.core.forms import add_service_error
from moralprovince.framework import forms
from moralprovince.framework.models import MasterPlan, Strategy, Virtue
from moralprovince.framework.services import save_framework_item
from moralprovince.lib.fiscal import current_fiscal_year

KINDS = {
    "virtue": (Virtue, forms.VirtueForm, gettext_lazy("core virtue")),
    "masterplan": (MasterPlan, forms.MasterPlanForm, gettext_lazy("master plan")),
    "strategy": (Strategy, forms.StrategyForm, gettext_lazy("strategy")),
}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    year = current_fiscal_year()
    context = {
        "virtues": Virtue.objects.all(),
        "current_virtues": Virtue.objects.valid_in(year),
        "current_year": year,
        "plans": MasterPlan.objects.prefetch_related("strategies"),
        "can_edit": scope_for(request.user).national,
    }
    return render(request, "framework/index.html", context)


@login_required
def edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    """Add or change a framework item; national admins only."""
    if kind not in KINDS or not scope_for(request.user).national:
        raise Http404
    model, form_class, label = KINDS[kind]
    item = get_object_or_404(model, pk=pk) if pk else model()
    form = form_class(request.POST or None, instance=copy(item))
    if request.method == "POST" and form.is_valid():
        try:
            save_framework_item(actor=request.user, item=item, data=form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("framework:index")
    return render(request, "framework/form.html", {"form": form, "label": label, "item": item})
