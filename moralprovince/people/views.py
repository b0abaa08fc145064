from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moralprovince.core.forms import add_service_error, refusal_as_messages
from moralprovince.lib.thaidate import arabic_digits
from moralprovince.people import access, forms, queries, services, signin
from moralprovince.people.certificates import certificates_of
from moralprovince.people.models import Batch, Course, Person, Trainer, TrainingSession
from moralprovince.people.services import Scores

TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def _course(request: HttpRequest, pk: int, action: str | None = None) -> Course:
    return access.get_for_user(access.courses_visible_to(request.user), pk, request.user, action)


def _batch(request: HttpRequest, pk: int, action: str | None = None) -> Batch:
    return access.get_for_user(access.batches_visible_to(request.user), pk, request.user, action)


def _form_page(request: HttpRequest, form: Any, title: str, unit: str = "") -> HttpResponse:
    return render(
        request,
        "people/form.html",
        {"form": form, "title": title, "unit": unit, "multipart": form.is_multipart()},
    )


def _saved(request: HttpRequest, form: Any, save: Any) -> Any:
    """Run a service with a valid form's input; its refusals go back onto the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        row = save(form.to_input())
    except ValidationError as error:
        add_service_error(form, error)
        return None
    messages.success(request, _("Saved."))
    return row


# --- courses ----------------------------------------------------------------------------------


@login_required
def courses(request: HttpRequest, code: str) -> HttpResponse:
    programme = access.get_programme(request.user, code)
    rows = access.courses_visible_to(request.user).filter(province_id=code)
    context = {
        "programme": programme,
        "courses": rows.prefetch_related("batches"),
        "can_write": access.can(request.user, "people.training.write", code),
    }
    return render(request, "people/courses.html", context)


@login_required
def course_edit(
    request: HttpRequest, code: str | None = None, pk: int | None = None
) -> HttpResponse:
    if pk is not None:
        course = _course(request, pk, "people.training.write")
    else:
        programme = access.get_programme(request.user, code or "", "people.training.write")
        course = Course(province=programme.province)
    form = forms.CourseForm(request.POST or None, instance=course, province_id=course.province_id)
    saved = _saved(
        request,
        form,
        lambda data: services.save_course(
            actor=request.user, data=data, course=course if pk else None, province=course.province
        ),
    )
    if saved:
        return redirect("people:course", pk=saved.pk)
    return _form_page(request, form, _("Course"), str(course.province))


@login_required
def course(request: HttpRequest, pk: int) -> HttpResponse:
    row = _course(request, pk)
    context = {
        "course": row,
        "batches": row.batches.select_related("venue__district"),
        "can_write": access.can(request.user, "people.training.write", row),
    }
    return render(request, "people/course.html", context)


# --- batches ----------------------------------------------------------------------------------


@login_required
def batch_edit(
    request: HttpRequest, pk: int | None = None, course_id: int | None = None
) -> HttpResponse:
    if pk is not None:
        batch = _batch(request, pk, "people.training.write")
        parent = batch.course
    else:
        parent = _course(request, course_id or 0, "people.training.write")
        batch = Batch(course=parent, province_id=parent.province_id)
    form = forms.BatchForm(request.POST or None, instance=batch, province_id=parent.province_id)
    saved = _saved(
        request,
        form,
        lambda data: services.save_batch(
            actor=request.user, data=data, batch=batch if pk else None, course=parent
        ),
    )
    if saved:
        return redirect("people:batch", pk=saved.pk)
    return _form_page(request, form, _("Batch"), str(parent))


@login_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    row = _batch(request, pk)
    writes = access.can(request.user, "people.training.write", row)
    context = {
        "batch": row,
        "course": row.course,
        "sessions": row.sessions.select_related("trainer"),
        "rows": queries.batch_rows(row),
        "can_write": writes,
        "join_url": request.build_absolute_uri(reverse("people:join", args=[row.enrol_token]))
        if writes
        else "",
    }
    return render(request, "people/batch.html", context)


@login_required
def session_edit(
    request: HttpRequest, batch_id: int | None = None, pk: int | None = None
) -> HttpResponse:
    if pk is not None:
        rows = access.sessions_visible_to(request.user)
        session = access.get_for_user(rows, pk, request.user)
        parent = _batch(request, session.batch_id, "people.training.write")
    else:
        parent = _batch(request, batch_id or 0, "people.training.write")
        session = TrainingSession(batch=parent)
    form = forms.SessionForm(request.POST or None, instance=session, province_id=parent.province_id)
    saved = _saved(
        request,
        form,
        lambda data: services.save_session(
            actor=request.user, data=data, session=session if pk else None, batch=parent
        ),
    )
    if saved:
        return redirect("people:batch", pk=parent.pk)
    return _form_page(request, form, _("Session"), str(parent))


@login_required
def enrol(request: HttpRequest, batch_id: int) -> HttpResponse:
    parent = _batch(request, batch_id, "people.training.write")
    initial = {"purpose": services.purpose_of(parent)}
    form = forms.EnrolForm(request.POST or None, initial=initial, province_id=parent.province_id)
    saved = _saved(
        request,
        form,
        lambda data: services.enrol_person(
            actor=request.user,
            batch=parent,
            data=data,
            purpose=form.cleaned_data["purpose"],
            consent=form.cleaned_data["consent"],
        ),
    )
    if saved:
        return redirect("people:batch", pk=parent.pk)
    return _form_page(request, form, _("Enrol a person"), str(parent))


@login_required
@require_POST
def results(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Save the batch's attendance grid and test scores, posted from its page."""
    parent = _batch(request, batch_id, "people.training.write")
    try:
        attended = _attended(request.POST.getlist("attended"))
        scores = {
            e.pk: _scores(request, e.pk, e.person.name_th)
            for e in parent.enrolments.select_related("person")
        }
        changed = services.record_results(
            actor=request.user, batch=parent, attended=attended, scores=scores
        )
    except ValidationError as error:
        refusal_as_messages(request, error)
    else:
        messages.success(request, _("Saved: %(count)s changes.") % {"count": changed})
    return redirect("people:batch", pk=parent.pk)


def _attended(values: list[str]) -> set[tuple[int, int]]:
    pairs = set()
    for value in values:
        session, _sep, enrolment = value.partition("-")
        if not (session.isdigit() and enrolment.isdigit()) or len(value) > 40:
            raise ValidationError({"attended": _("The attendance sent is not readable.")})
        pairs.add((int(session), int(enrolment)))
    return pairs


def _scores(request: HttpRequest, enrolment_id: int, who: str) -> Scores:
    values = []
    for name, label in (("pre", _("Pre-test score")), ("post", _("Post-test score"))):
        text = arabic_digits(request.POST.get(f"{name}-{enrolment_id}", "")).strip()
        try:
            values.append(Decimal(text) if text else None)
        except InvalidOperation:
            raise ValidationError(
                {name: f"{who}: {label}: " + _("This is not a number.")}
            ) from None
    for value in values:
        if value is not None and (not value.is_finite() or abs(value) >= 10_000):
            raise ValidationError({"score": f"{who}: " + _("This is not a number.")})
    return Scores(values[0], values[1])


@login_required
def import_sheet(request: HttpRequest, batch_id: int) -> HttpResponse:
    parent = _batch(request, batch_id, "people.training.write")
    form = forms.ImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"purpose": services.purpose_of(parent)},
    )
    result = None
    if request.method == "POST" and form.is_valid():
        result = signin.import_sheet(
            actor=request.user,
            batch=parent,
            upload=form.cleaned_data["file"],
            purpose=form.cleaned_data["purpose"],
        )
        if result.ok:
            messages.success(
                request,
                _(
                    "Imported: %(people)s people added, %(enrolled)s enrolled, %(attendance)s "
                    "attendances and %(scores)s scores recorded."
                )
                % {
                    "people": result.people_added,
                    "enrolled": result.enrolled,
                    "attendance": result.attendance_added,
                    "scores": result.scores_changed,
                },
            )
    return render(request, "people/import.html", {"batch": parent, "form": form, "result": result})


@login_required
def completers(request: HttpRequest, batch_id: int) -> HttpResponse:
    parent = _batch(request, batch_id)
    certificates = certificates_of(parent)
    rows = [(e, certificates.get(e.pk)) for e in queries.completers(parent)]
    context = {
        "batch": parent,
        "completers": rows,
        "can_certify": access.can(request.user, "people.training.write", parent),
    }
    return render(request, "people/completers.html", context)


# --- self-enrolment ---------------------------------------------------------------------------


def join(request: HttpRequest, token: str) -> HttpResponse:
    """Self-enrolment through the batch's link: whoever holds the link may enrol, while the
    organisers keep it open."""
    # A token is URL-safe base64 text: anything else (a NUL byte, a long run) names no batch.
    if not TOKEN.fullmatch(token):
        raise Http404
    parent = Batch.objects.select_related("course").filter(enrol_token=token).first()
    if parent is None:
        raise Http404
    form = forms.JoinForm(request.POST or None)
    if parent.enrol_open and request.method == "POST" and form.is_valid():
        try:
            services.enrol_through_link(
                actor=request.user,
                batch=parent,
                data=form.to_input(),
                consent=request.POST.get("consent") == "on",
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return render(request, "people/join_done.html", {"batch": parent})
    context = {
        "batch": parent,
        "form": form,
        "purpose": services.purpose_of(parent),
        "consented": request.POST.get("consent") == "on",
    }
    return render(request, "people/join.html", context)


# --- people and their data --------------------------------------------------------------------


def _person(request: HttpRequest, pk: int, action: str | None = None) -> Person:
    return access.get_for_user(access.people_visible_to(request.user), pk, request.user, action)


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    row = _person(request, pk)
    context = {
        "person": row,
        "enrolments": queries.with_hours(row.enrolments.select_related("batch__course")),
        "sessions_led": queries.sessions_led(row),
        "trainer": Trainer.objects.filter(person=row).first(),
        "can_see_contacts": access.can(request.user, "people.contacts", row),
        "can_manage_data": access.can(request.user, "people.personal_data", row),
    }
    return render(request, "people/person.html", context)


@login_required
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    row = _person(request, pk, "people.personal_data")
    data = services.export_person(actor=request.user, someone=row)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="person-{row.pk}.json"'
    return response


@login_required
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    row = _person(request, pk, "people.personal_data")
    if request.method == "POST":
        if request.POST.get("confirm") != "erase":
            messages.error(request, _("Tick the box to confirm the erasure."))
        else:
            services.erase_person(actor=request.user, someone=row)
            messages.success(request, _("The person's data is erased; the figures are kept."))
            return redirect("people:person", pk=row.pk)
    return render(request, "people/erase.html", {"person": row})


# --- the trainers' register -------------------------------------------------------------------


TRAINERS_PER_PAGE = 50


@login_required
def trainers(request: HttpRequest, code: str) -> HttpResponse:
    programme = access.get_programme(request.user, code)
    form = forms.TrainerSearchForm(request.GET or None, province_id=code)
    rows = access.trainers_visible_to(request.user).filter(province_id=code)
    if form.is_valid():
        data = form.cleaned_data
        rows = queries.filter_trainers(
            rows, q=data["q"], topic=data["topic"], district=data["district"]
        )
    context = {
        "programme": programme,
        "form": form,
        "page": Paginator(
            rows.select_related("person__organisation")
            .prefetch_related("districts")
            .order_by("person__sort_key", "pk"),
            TRAINERS_PER_PAGE,
        ).get_page(request.GET.get("page")),
        "can_add": access.can(request.user, "people.trainer.write", code),
    }
    return render(request, "people/trainers.html", context)


@login_required
def trainer_create(request: HttpRequest, code: str) -> HttpResponse:
    programme = access.get_programme(request.user, code, "people.trainer.write")
    person_form = forms.PersonForm(request.POST or None, province_id=code, prefix="person")
    trainer_form = forms.TrainerForm(request.POST or None, province_id=code, prefix="trainer")
    if request.method == "POST" and person_form.is_valid() and trainer_form.is_valid():
        try:
            trainer = services.add_trainer(
                actor=request.user,
                province=programme.province,
                data=person_form.to_input(),
                trainer_data=trainer_form.to_input(),
            )
        except ValidationError as error:
            add_service_error(person_form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("people:trainer", pk=trainer.pk)
    context = {"forms": [person_form, trainer_form], "title": _("Add a trainer")}
    return render(request, "people/trainer_form.html", context)


def _trainer(request: HttpRequest, pk: int, action: str | None = None) -> Trainer:
    return access.get_for_user(access.trainers_visible_to(request.user), pk, request.user, action)


@login_required
def trainer(request: HttpRequest, pk: int) -> HttpResponse:
    row = _trainer(request, pk)
    links = [
        link
        for link in queries.activities_of(row)
        if access.reads_activity(request.user, link.activity)
    ]
    context = {
        "trainer": row,
        "person": row.person,
        "sessions_led": queries.sessions_led(row.person),
        "activities": links,
        "can_see_contacts": access.can(request.user, "people.contacts", row),
        "can_edit": access.can(request.user, "people.trainer.write", row),
    }
    return render(request, "people/trainer.html", context)


@login_required
def trainer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    row = _trainer(request, pk, "people.trainer.write")
    form = forms.TrainerForm(request.POST or None, instance=row, province_id=row.province_id)
    saved = _saved(
        request,
        form,
        lambda data: services.update_trainer(actor=request.user, trainer=row, data=data),
    )
    if saved:
        return redirect("people:trainer", pk=row.pk)
    return _form_page(request, form, _("Trainer"), str(row))


# --- trainers of a key activity ---------------------------------------------------------------


@login_required
def activity_trainers(request: HttpRequest, activity_id: int) -> HttpResponse:
    """A key activity's trainers; whoever writes its plan picks them from the register."""
    activity = access.get_activity(request.user, activity_id)
    writes = access.picks_for_activity(request.user, activity)
    if request.method == "POST":
        if not writes:
            raise Http404
        _pick(request, activity)
        return redirect("people:activity-trainers", activity_id=activity.pk)
    form = forms.TrainerSearchForm(request.GET or None, province_id=activity.province_id)
    picked = Trainer.objects.filter(activity_links__activity=activity).select_related("person")
    candidates = Trainer.objects.none()
    if writes:
        candidates = access.trainers_visible_to(request.user).filter(
            province_id=activity.province_id
        )
        if form.is_valid():
            data = form.cleaned_data
            candidates = queries.filter_trainers(
                candidates, q=data["q"], topic=data["topic"], district=data["district"]
            )
        candidates = candidates.exclude(pk__in=picked.values("pk"))[:50]
    context = {
        "activity": activity,
        "picked": picked,
        "candidates": candidates,
        "form": form,
        "can_pick": writes,
    }
    return render(request, "people/activity_trainers.html", context)


def _pick(request: HttpRequest, activity: Any) -> None:
    rows = access.trainers_visible_to(request.user).filter(province_id=activity.province_id)
    row = access.get_for_user(rows, request.POST.get("trainer"), request.user)
    try:
        services.pick_trainer(
            actor=request.user,
            activity=activity,
            trainer=row,
            picked=request.POST.get("action") != "remove",
        )
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Saved."))
