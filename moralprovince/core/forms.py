"""Running a service from a form, and showing its refusals to the person."""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _


def add_service_error(form: BaseForm, error: ValidationError) -> None:
    """Put each message next to its field, or at the top when the form has no such field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields else None
        if field == NON_FIELD_ERRORS:
            target = None
        form.add_error(target, ValidationError(errors))


def run_service(form: BaseForm, write: Any) -> Any:
    """Run a service with a valid form's data; put its refusals back on the form.

    Validating a model form writes the new values onto its instance; services therefore read
    the audit log's "before" from the stored row (`lib.lookup.stored`), not from the instance.
    """
    if not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as error:
        add_service_error(form, error)
        return None


def errors_as_messages(request: HttpRequest, form: BaseForm) -> None:
    """For forms posted from another page: each error as a message naming its field."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def refusal_as_messages(request: HttpRequest, error: ValidationError) -> None:
    """For actions without a form (submit, approve, lock…): each refusal as a message."""
    for message in error.messages:
        messages.error(request, message)


def run_step(request: HttpRequest, steps: Mapping[str, Callable[[], object]], name: str) -> None:
    """Take one named step (submit, approve, return…) and say how it went.

    An unknown step, or one the person may not take, is a 404: someone who may see the row but
    not take this step learns no more than an outsider.
    """
    if name not in steps:
        raise Http404
    try:
        steps[name]()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        refusal_as_messages(request, error)
    else:
        messages.success(request, _("Done."))
