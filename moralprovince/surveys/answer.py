"""The web form a student answers on a phone: one page for grade, sex and age, then one
page per power, with progress shown. No name or id is asked. The answers stay in the
session until the last page; the form's random id is its submission key, so a double tap
or a resent last page stores it once."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from moralprovince.surveys.forms import StartForm
from moralprovince.surveys.ingest import store_web_response
from moralprovince.surveys.models import RoundSchool


def _state_key(token: str) -> str:
    return f"survey-{token}"


def _member(token: str) -> RoundSchool:
    return get_object_or_404(
        RoundSchool.objects.select_related("round__version", "organisation"), token=token
    )


def _open(member: RoundSchool) -> bool:
    today = dt.date.today()
    return member.round.opens_on <= today <= member.round.closes_on


def domain_form(version: Any, domain: Any, data: Any = None) -> forms.Form:
    choices = [
        (c.value, c.label_th if c.label_th else str(c.value))
        for c in version.choices.order_by("value")
    ]
    form = forms.Form(data)
    for item in domain.items.order_by("order"):
        form.fields[item.code] = forms.TypedChoiceField(
            label=item.text_th,
            choices=choices,
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": _("Please choose an answer.")},
        )
    return form


@never_cache
def start(request: HttpRequest, token: str) -> HttpResponse:
    member = _member(token)
    context: dict[str, Any] = {"member": member, "round": member.round, "is_open": _open(member)}
    if not context["is_open"]:
        return render(request, "surveys/answer_start.html", context)
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session[_state_key(token)] = {
            "nonce": uuid.uuid4().hex,
            "profile": form.cleaned_data,
            "answers": {},
        }
        return redirect("surveys:answer-step", token, 1)
    context.update(form=form, steps=member.round.version.domains.count() + 1)
    return render(request, "surveys/answer_start.html", context)


@never_cache
def step(request: HttpRequest, token: str, number: int) -> HttpResponse:
    member = _member(token)
    state = request.session.get(_state_key(token))
    if state is None or not _open(member):
        if request.session.get(f"{_state_key(token)}-done"):
            return redirect("surveys:answer-done", token)
        return redirect("surveys:answer", token)
    version = member.round.version
    domains = list(version.domains.order_by("order"))
    if not 1 <= number <= len(domains):
        return redirect("surveys:answer", token)
    domain = domains[number - 1]
    form = domain_form(version, domain, request.POST or None)
    if request.method == "POST" and form.is_valid():
        state["answers"].update(form.cleaned_data)
        request.session[_state_key(token)] = state
        if number < len(domains):
            return redirect("surveys:answer-step", token, number + 1)
        return _finish(request, member, state)
    return render(
        request,
        "surveys/answer_step.html",
        {
            "member": member,
            "domain": domain,
            "form": form,
            "number": number,
            "steps": len(domains),
            "percent": int(number * 100 / (len(domains) + 1)),
        },
    )


def _finish(request: HttpRequest, member: RoundSchool, state: dict[str, Any]) -> HttpResponse:
    codes = list(member.round.version.items.order_by("order").values_list("code", flat=True))
    missing = [c for c in codes if c not in state["answers"]]
    if missing:
        return redirect("surveys:answer", member.token)
    answers = [int(state["answers"][c]) for c in codes]
    store_web_response(
        member.round, member.organisation_id, state["nonce"], state["profile"], answers
    )
    del request.session[_state_key(member.token)]
    request.session[f"{_state_key(member.token)}-done"] = True
    return redirect("surveys:answer-done", member.token)


def done(request: HttpRequest, token: str) -> HttpResponse:
    member = _member(token)
    return render(request, "surveys/answer_done.html", {"member": member})
