"""Pages of meetings, the follow-up board, partners and MOUs: access helper, form, service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moralprovince.core.forms import add_service_error, errors_as_messages, refusal_as_messages
from moralprovince.knowledge.access import visible_to
from moralprovince.knowledge.models import ResearchProject
from moralprovince.lib.lookup import get_or_404
from moralprovince.lib.pdf import render_pdf
from moralprovince.partnerships import forms, queries, services, signin
from moralprovince.partnerships.access import (
    can,
    get_action_for_user,
    get_meeting_for_user,
    get_mou_for_user,
    get_partner_for_user,
    get_programme,
    meetings_visible_to,
    mous_visible_to,
    networks_for_meetings,
    partners_visible_to,
)
from moralprovince.partnerships.models import ActionItem, Decision, Meeting, Mou, Participant
from moralprovince.people.access import courses_visible_to
from moralprovince.people.models import Partner

# --- meetings --------------------------------------------------------------------------------


@login_required
def meetings(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme(request.user, code, "partnerships.meetings.view")
    rows = meetings_visible_to(request.user).filter(province_id=code)
    return render(
        request,
        "partnerships/meetings.html",
        {"programme": programme, "meetings": rows, "is_admin": _is_admin(request, code)},
    )


def _is_admin(request: HttpRequest, code: str) -> bool:
    return can(request.user, "partnerships.contacts.view", code)


@login_required
def meeting_edit(
    request: HttpRequest, code: str | None = None, pk: int | None = None
) -> HttpResponse:
    if pk is not None:
        meeting = get_meeting_for_user(request.user, pk, write=True)
        province = meeting.province
    else:
        province = get_programme(request.user, code or "", "partnerships.meeting.create").province
        meeting = Meeting(province=province)
    form = forms.MeetingForm(
        request.POST or None,
        instance=meeting,
        province_id=province.pk,
        networks=networks_for_meetings(request.user, province.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if pk is None:
                meeting = services.create_meeting(
                    actor=request.user, province=province, data=form.to_input()
                )
            else:
                meeting = services.update_meeting(
                    actor=request.user, meeting=meeting, data=form.to_input()
                )
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied:
            form.add_error(
                "body", _("A network's coordinator records the meetings of their own network.")
            )
        else:
            messages.success(request, _("Saved."))
            return redirect("partnerships:meeting", pk=meeting.pk)
    return render(
        request, "partnerships/form.html", {"form": form, "title": _("Meeting"), "unit": province}
    )


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_meeting_for_user(request.user, pk)
    context = queries.meeting_page(row, request.user, timezone.localdate())
    if context["can_write"]:
        context |= {
            "agenda_form": forms.AgendaForm(),
            "decision_form": forms.DecisionForm(),
            "participant_form": forms.ParticipantForm(province_id=row.province_id),
        }
    return render(request, "partnerships/meeting.html", context)


ADD_FORMS = {"agenda", "participant", "decision"}


@login_required
@require_POST
def meeting_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Add an agenda item, a participant or a decision from the meeting's page."""
    if kind not in ADD_FORMS:
        raise Http404
    row = get_meeting_for_user(request.user, pk, write=True)
    form: Any
    write: Callable[[dict[str, Any]], object]
    if kind == "agenda":
        form = forms.AgendaForm(request.POST)
        write = lambda d: services.add_agenda_item(  # noqa: E731
            actor=request.user, meeting=row, title=d["title"], notes=d["notes"]
        )
    elif kind == "decision":
        form = forms.DecisionForm(request.POST)
        write = lambda d: services.add_decision(actor=request.user, meeting=row, text=d["text"])  # noqa: E731
    else:
        form = forms.ParticipantForm(request.POST, province_id=row.province_id)
        write = lambda d: services.add_participant(  # noqa: E731
            actor=request.user, meeting=row, data=form.to_input()
        )
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except ValidationError as error:
            refusal_as_messages(request, error)
        else:
            messages.success(request, _("Saved."))
    else:
        errors_as_messages(request, form)
    return redirect("partnerships:meeting", pk=row.pk)


@login_required
@require_POST
def carry_forward(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_meeting_for_user(request.user, pk, write=True)
    items = services.carry_forward(actor=request.user, meeting=row)
    messages.success(
        request, _("%(n)s open action(s) carried forward to the agenda.") % {"n": len(items)}
    )
    return redirect("partnerships:meeting", pk=row.pk)


@login_required
def attendance_import(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_meeting_for_user(request.user, pk, write=True)
    form = forms.AttendanceForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = signin.import_attendance(
                actor=request.user, meeting=row, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            problems = list(error.messages)
        else:
            messages.success(
                request,
                _(
                    "Sign-in sheet read: %(added)s new person(s), %(matched)s already known, "
                    "%(new)s newly marked as attending, %(same)s unchanged."
                )
                % {
                    "added": result.added_people,
                    "matched": result.matched_people,
                    "new": result.new_attendance,
                    "same": result.unchanged,
                },
            )
            return redirect("partnerships:meeting", pk=row.pk)
    return render(
        request,
        "partnerships/attendance.html",
        {"meeting": row, "form": form, "problems": problems},
    )


@login_required
def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_meeting_for_user(request.user, pk)
    context = queries.meeting_page(row, request.user, timezone.localdate())
    with translation.override("th"):
        html = render_to_string("partnerships/minutes_pdf.html", context)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="minutes-{row.pk}.pdf"'
    return response


def news_meeting(request: HttpRequest, post_id: int) -> HttpResponse:
    """The meeting a news post reports, for those who may see it."""
    rows = meetings_visible_to(request.user).filter(news_post_id=post_id)
    found = rows.order_by("pk").first()
    if found is None:
        raise Http404
    return redirect("partnerships:meeting", pk=found.pk)


# --- actions ---------------------------------------------------------------------------------


@login_required
def action_create(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_or_404(
        Decision.objects.filter(meeting__in=meetings_visible_to(request.user)), decision_id
    )
    meeting = get_meeting_for_user(request.user, decision.meeting_id, write=True)
    form = forms.ActionForm(
        request.POST or None, instance=ActionItem(), province_id=meeting.province_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.create_action(actor=request.user, decision=decision, data=form.to_input())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("partnerships:meeting", pk=meeting.pk)
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "title": _("Action from a decision"), "unit": decision},
    )


@login_required
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an action's status; posted from a later meeting, closing it records that one."""
    action = get_action_for_user(request.user, pk)
    at_meeting = None
    if request.POST.get("meeting"):
        at_meeting = get_meeting_for_user(request.user, request.POST["meeting"], write=True)
    form = forms.ActionUpdateForm(
        request.POST or None, initial={"status": action.status, "notes": action.notes}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(
                actor=request.user,
                action=action,
                status=form.cleaned_data["status"],
                notes=form.cleaned_data["notes"],
                at_meeting=at_meeting,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("partnerships:meeting", pk=(at_meeting or action.decision.meeting).pk)
    return render(
        request, "partnerships/form.html", {"form": form, "title": _("Action"), "unit": action}
    )


@login_required
def board(request: HttpRequest, code: str) -> HttpResponse:
    """Every open action of the province's meetings the person sees, overdue ones first."""
    programme = get_programme(request.user, code, "partnerships.meetings.view")
    form = forms.BoardFilterForm(request.GET or None, province_id=code)
    today = timezone.localdate()
    rows = queries.open_actions(request.user, code, today)
    if form.is_valid():
        rows = queries.filter_board(rows, form.cleaned_data)
    return render(
        request,
        "partnerships/board.html",
        {"programme": programme, "actions": rows, "form": form, "today": today},
    )


# --- partners and MOUs -----------------------------------------------------------------------


@login_required
def partners(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme(request.user, code, "partnerships.partner.manage")
    rows = partners_visible_to(request.user).filter(province_id=code).order_by("sort_key", "pk")
    return render(request, "partnerships/partners.html", {"programme": programme, "partners": rows})


@login_required
def partner(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_partner_for_user(request.user, pk)
    research = (
        visible_to(request.user, ResearchProject)
        .filter(province_id=row.province_id)
        .filter(Q(lead__name_th=row.name_th) | Q(partners__name_th=row.name_th))
        .distinct()
    )
    context = {
        "partner": row,
        "mous": Mou.objects.filter(parties__partner=row).order_by("-starts_on"),
        "meetings": Meeting.objects.filter(
            pk__in=Participant.objects.filter(partner=row).values("meeting_id")
        ),
        "research": research,
        "courses": courses_visible_to(request.user).filter(organiser=row).order_by("title"),
    }
    return render(request, "partnerships/partner.html", context)


@login_required
def partner_edit(
    request: HttpRequest, code: str | None = None, pk: int | None = None
) -> HttpResponse:
    row = get_partner_for_user(request.user, pk) if pk is not None else None
    province = (
        row.province
        if row
        else get_programme(request.user, code or "", "partnerships.partner.manage").province
    )
    form = forms.PartnerForm(request.POST or None, instance=row or Partner(province=province))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_partner(
                actor=request.user, province=province, data=form.to_input(), partner=row
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("partnerships:partner", pk=saved.pk)
    return render(
        request, "partnerships/form.html", {"form": form, "title": _("Partner"), "unit": province}
    )


@login_required
def mous(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme(request.user, code, "partnerships.mou.manage")
    rows = (
        mous_visible_to(request.user).filter(province_id=code).prefetch_related("parties__partner")
    )
    return render(
        request,
        "partnerships/mous.html",
        {"programme": programme, "mous": rows, "today": timezone.localdate()},
    )


@login_required
def mou(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_mou_for_user(request.user, pk)
    context = {
        "mou": row,
        "parties": row.parties.select_related("partner"),
        "party_form": forms.PartyForm(province_id=row.province_id),
        "today": timezone.localdate(),
    }
    return render(request, "partnerships/mou.html", context)


@login_required
def mou_edit(request: HttpRequest, code: str | None = None, pk: int | None = None) -> HttpResponse:
    row = get_mou_for_user(request.user, pk) if pk is not None else None
    province = (
        row.province
        if row
        else get_programme(request.user, code or "", "partnerships.mou.manage").province
    )
    form = forms.MouForm(
        request.POST or None, request.FILES or None, instance=row or Mou(province=province)
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_mou(
                actor=request.user,
                province=province,
                data=form.to_input(),
                mou=row,
                document=request.FILES.get("document"),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("partnerships:mou", pk=saved.pk)
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "title": _("Memorandum of understanding"), "unit": province},
    )


@login_required
@require_POST
def party_add(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_mou_for_user(request.user, pk)
    form = forms.PartyForm(request.POST, province_id=row.province_id)
    if form.is_valid():
        try:
            services.add_party(actor=request.user, mou=row, data=form.to_input())
        except ValidationError as error:
            refusal_as_messages(request, error)
        else:
            messages.success(request, _("Saved."))
    else:
        errors_as_messages(request, form)
    return redirect("partnerships:mou", pk=row.pk)
