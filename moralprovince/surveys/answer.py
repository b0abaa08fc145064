"""The web form a student answers on a phone: one page for grade, sex and age, then one
page per power, with progress shown. No name or id is asked. The answers stay in the
session until the last page; the form's random id is its submission key, so a double tap
or a resent last page stores it once. "Back" keeps what was chosen on the page it leaves,
and every page shows what was chosen on it before.

Every page refuses a round that is not open. A browser that has sent its answers is told
so and cannot start again, unless the school says that several pupils share the device;
and a school's link takes only so many forms in a few minutes (`services.link_limit`): the
pupil who meets the limit keeps the answers and sends them again a little later.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from moralprovince.core.forms import refusal_as_messages
from moralprovince.surveys import access, services
from moralprovince.surveys.forms import DomainForm, StartForm
from moralprovince.surveys.models import RoundSchool
from moralprovince.surveys.spec import spec_for


def _state_key(token: str) -> str:
    return f"survey-{token}"


def _done_key(token: str) -> str:
    return f"{_state_key(token)}-done"


def _refusal(request: HttpRequest, member: RoundSchool) -> str:
    """Why this browser may not answer through the link now ("" if it may)."""
    if not access.can(request.user, "surveys.round.answer", member):
        return services.closed_text(member.round)
    if request.session.get(_done_key(member.token)) and not member.shared_device:
        return _("You have already answered this survey on this device. Thank you!")
    return ""


@never_cache
def start(request: HttpRequest, token: str) -> HttpResponse:
    member = access.get_round_school(token)
    refusal = _refusal(request, member)
    context: dict[str, Any] = {
        "member": member,
        "round": member.round,
        "is_open": not refusal,
        "refusal": refusal,
    }
    if refusal:
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
    if _refusal(request, member) or state is None:
        if state is None and request.session.get(_done_key(token)):
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
        return _finish(request, member, state, number)
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


def _finish(
    request: HttpRequest, member: RoundSchool, state: dict[str, Any], number: int
) -> HttpResponse:
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
        refusal_as_messages(request, error)
        if getattr(error, "code", None) == "busy":
            # The answers stay in the session: the last page shows them, ready to send again.
            return redirect("surveys:answer-step", member.token, number)
        # Closed (the start page says so), or answers lost from the session (or changed in
        # it): start again from the first page.
        return redirect("surveys:answer", member.token)
    del request.session[_state_key(member.token)]
    request.session[_done_key(member.token)] = True
    return redirect("surveys:answer-done", member.token)


def done(request: HttpRequest, token: str) -> HttpResponse:
    member = access.get_round_school(token)
    # On a shared device the next pupil starts a new form of their own from here.
    next_pupil = member.shared_device and access.can(request.user, "surveys.round.answer", member)
    return render(request, "surveys/answer_done.html", {"member": member, "next": next_pupil})
