"""The web form a student answers on a phone: one page for grade, sex and age, then one
page per power, with progress shown. No name or id is asked. The answers stay in the
session until the last page; the form's random id is its submission key, so a double tap
or a resent last page stores it once. "Back" keeps what was chosen on the page it leaves,
and every page shows what was chosen on it before."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from moralprovince.core.forms import refusal_as_messages
from moralprovince.surveys import access, services
from moralprovince.surveys.forms import DomainForm, StartForm
from moralprovince.surveys.models import RoundSchool
from moralprovince.surveys.spec import spec_for


def _state_key(token: str) -> str:
    return f"survey-{token}"


@never_cache
def start(request: HttpRequest, token: str) -> HttpResponse:
    member = access.get_round_school(token)
    is_open = access.can(request.user, "surveys.round.answer", member)
    context: dict[str, Any] = {"member": member, "round": member.round, "is_open": is_open}
    if not is_open:
        return render(request, "surveys/answer_start.html", context)
    state = request.session.get(_state_key(token))
    form = StartForm(request.POST or None, initial=state["profile"] if state else None)
    if request.method == "POST" and form.is_valid():
        # Back on this page from the first power: the answers given so far stay.
        state = state or {"nonce": uuid.uuid4().hex, "answers": {}}
        state["profile"] = form.cleaned_data
        request.session[_state_key(token)] = state
        return redirect("surveys:answer-step", token, 1)
    context.update(
        form=form, steps=member.round.version.domains.count() + 1, resumed=state is not None
    )
    return render(request, "surveys/answer_start.html", context)


@never_cache
def step(request: HttpRequest, token: str, number: int) -> HttpResponse:
    member = access.get_round_school(token)
    state = request.session.get(_state_key(token))
    if state is None or not access.can(request.user, "surveys.round.answer", member):
        if request.session.get(f"{_state_key(token)}-done"):
            return redirect("surveys:answer-done", token)
        return redirect("surveys:answer", token)
    version = member.round.version
    domains = list(version.domains.order_by("order"))
    if not 1 <= number <= len(domains):
        return redirect("surveys:answer", token)
    domain = domains[number - 1]
    chosen = {code: str(value) for code, value in state["answers"].items()}
    form = DomainForm(spec_for(version), version, domain, request.POST or None, initial=chosen)
    if request.method == "POST" and request.POST.get("move") == "back":
        form.is_valid()  # what was chosen on this page is kept, answered or not
        state["answers"].update({c: v for c, v in form.cleaned_data.items() if c in form.fields})
        request.session[_state_key(token)] = state
        if number == 1:
            return redirect("surveys:answer", token)
        return redirect("surveys:answer-step", token, number - 1)
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
    profile = state["profile"]
    answers = services.WebAnswers(
        nonce=state["nonce"],
        grade=profile["grade"],
        sex=profile["sex"],
        age=profile.get("age"),
        answers=state["answers"],
    )
    try:
        services.submit_web_response(actor=request.user, member=member, answers=answers)
    except ValidationError as error:
        # Answers lost from the session (or changed in it): start again from the first page.
        refusal_as_messages(request, error)
        return redirect("surveys:answer", member.token)
    del request.session[_state_key(member.token)]
    request.session[f"{_state_key(member.token)}-done"] = True
    return redirect("surveys:answer-done", member.token)


def done(request: HttpRequest, token: str) -> HttpResponse:
    member = access.get_round_school(token)
    return render(request, "surveys/answer_done.html", {"member": member})
