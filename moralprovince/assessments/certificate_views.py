"""Certificates for a round's approved results: one background job, one PDF to download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moralprovince.accounts.access import NotAllowed
from moralprovince.assessments.access import get_round
from moralprovince.assessments.certificates import KIND, certifiable
from moralprovince.certificates.services import start_batch


@login_required
@require_POST
def round_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = get_round(request.user, pk, manage=True)
    ids = list(certifiable(rnd.assessments.all()).values_list("pk", flat=True))
    if not ids:
        messages.error(
            request,
            _("No approved result of this round has reached a level yet: nothing to certify."),
        )
        return redirect("assessments:board", rnd.pk)
    try:
        job = start_batch(
            actor=request.user, kind=KIND, province_id=rnd.province_id, object_ids=ids
        )
    except NotAllowed:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:board", rnd.pk)
    return redirect("jobs:job", job.pk)
