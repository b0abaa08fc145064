from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moralprovince.core.forms import add_service_error
from moralprovince.framework import access, forms, services
from moralprovince.framework.models import MasterPlan, Strategy, Virtue
from moralprovince.lib.fiscal import current_fiscal_year

KINDS: dict[str, tuple[Any, Any, type[services.FrameworkInput], Any]] = {
    "virtue": (Virtue, forms.VirtueForm, services.VirtueInput, gettext_lazy("core virtue")),
    "masterplan": (
        MasterPlan,
        forms.MasterPlanForm,
        services.MasterPlanInput,
        gettext_lazy("master plan"),
    ),
    "strategy": (Strategy, forms.StrategyForm, services.StrategyInput, gettext_lazy("strategy")),
}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    year = current_fiscal_year()
    context = {
        "virtues": Virtue.objects.all(),
        "current_virtues": Virtue.objects.valid_in(year),
        "current_year": year,
        "plans": MasterPlan.objects.prefetch_related("strategies"),
        "can_edit": access.can(request.user, "framework.edit"),
    }
    return render(request, "framework/index.html", context)


@login_required
def edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    """Add or change a framework item; national admins only."""
    if kind not in KINDS or not access.can(request.user, "framework.edit"):
        raise Http404
    model, form_class, input_class, label = KINDS[kind]
    item = get_object_or_404(model, pk=pk) if pk else model()
    form = form_class(request.POST or None, instance=item)
    write = services.update_framework_item if pk else services.create_framework_item
    if request.method == "POST" and form.is_valid():
        try:
            data = input_class.from_data(form.cleaned_data)
            write(actor=request.user, item=item, data=data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("framework:index")
    return render(request, "framework/form.html", {"form": form, "label": label, "item": item})
