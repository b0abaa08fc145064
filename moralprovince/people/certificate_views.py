"""Certificates for those who completed a batch: one background job, one PDF to download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moralprovince.accounts.access import NotAllowed
from moralprovince.certificates.services import start_batch
from moralprovince.people import access
from moralprovince.people.certificates import KIND, completer_ids


@login_required
@require_POST
def batch_certificates(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access.get_for_user(
        access.batches_visible_to(request.user), batch_id, request.user, "people.training.write"
    )
    ids = completer_ids(batch)
    if not ids:
        messages.error(request, _("No one has completed the batch yet: nothing to certify."))
        return redirect("people:completers", batch.pk)
    try:
        job = start_batch(
            actor=request.user, kind=KIND, province_id=batch.province_id, object_ids=ids
        )
    except NotAllowed:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("people:completers", batch.pk)
    return redirect("jobs:job", job.pk)
