"""The one review workflow: draft → submitted → approved, or returned with a comment.

Plans, indicator values, assessments and anything else that is reviewed keep a `status`
field with these choices and move it only through `move()`, so every reviewed thing has the
same states, the same steps and the same refusal when a step is not possible.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    APPROVED = "approved", gettext_lazy("Approved")
    RETURNED = "returned", gettext_lazy("Returned")


# A returned item goes back to its authors, who edit it as they edit a draft.
EDITABLE = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)


class Step(Enum):
    """A step of the review, with the states it starts from and the state it leads to."""

    SUBMIT = (EDITABLE, ReviewStatus.SUBMITTED)
    APPROVE = ((ReviewStatus.SUBMITTED,), ReviewStatus.APPROVED)
    # An approved item may be sent back too, when a mistake is found after approval.
    RETURN = ((ReviewStatus.SUBMITTED, ReviewStatus.APPROVED), ReviewStatus.RETURNED)
    # An approved item is opened again to be revised (plans), or to correct it (values).
    REOPEN = ((ReviewStatus.APPROVED,), ReviewStatus.DRAFT)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(self.value[0])

    @property
    def target(self) -> str:
        return str(self.value[1])


def is_editable(status: str) -> bool:
    return status in EDITABLE


def move(row: Any, step: Step) -> str:
    """Move `row` by one step and return the status it had; the caller saves and logs it.

    Must run inside a transaction: the row is locked so that two reviewers cannot move the
    same item at once, and the status is read again under the lock.
    """
    current: str = (
        type(row)
        ._default_manager.select_for_update(of=("self",))
        .values_list(  # type: ignore[attr-defined]
            "status", flat=True
        )
        .get(pk=row.pk)
    )
    if current not in step.sources:
        raise ValidationError(
            _("This %(thing)s is %(status)s, so this step is not possible.")
            % {"thing": row._meta.verbose_name, "status": ReviewStatus(current).label}
        )
    row.status = step.target
    return current


def status_label(status: Any) -> str:
    return str(ReviewStatus(status).label)
